/// A generator `G_θ : R → R` of Algorithm 1 with its parameter Jacobian `J(z) = ∂G_θ(z)/∂θ`.
///
/// 1D noise and 1D samples: the statements D8–D11 are about the parameter space, which is
/// all that changes between generators.
public protocol ParametricGenerator: Sendable, CustomStringConvertible {
    /// θ, flattened.
    var parameters: [Double] { get }
    /// The same architecture with parameters θ.
    func with(parameters: [Double]) throws -> Self
    /// G_θ(z).
    func output(_ z: Double) -> Double
    /// ∂G_θ(z)/∂θ, one entry per parameter.
    func jacobian(_ z: Double) -> [Double]
    /// True when G_θ(z) = J(z)·θ (the MSE step then has an exact least-squares solution).
    var isLinearInParameters: Bool { get }
    /// The density of G_θ(Z), Z ~ N(0, 1), when it has a closed form (needed by the
    /// exact discriminator D* and by the quadrature JS); nil otherwise.
    func pushforwardDensity() throws -> (any Density)?
}

extension ParametricGenerator {
    public func outputs(_ z: [Double]) -> [Double] { z.map(output) }
}
