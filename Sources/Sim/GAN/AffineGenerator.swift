/// The affine generator `G(z) = a + b z`, θ = (a, b), J(z) = (1, z); its samples are
/// N(a, b²). Linear in θ, so the MSE step is an exact least-squares problem and
/// `M = E[JᵀJ] = I` for Z ~ N(0, 1) (docs/MATH.md D10, D11).
public struct AffineGenerator: ParametricGenerator, Equatable {
    public var a: Double
    public var b: Double

    public init(a: Double, b: Double) { self.a = a; self.b = b }

    public var parameters: [Double] { [a, b] }
    public func with(parameters p: [Double]) throws -> AffineGenerator {
        guard p.count == 2 else { throw InvalidArgument("affine generator has 2 parameters, got \(p.count)") }
        return AffineGenerator(a: p[0], b: p[1])
    }
    public func output(_ z: Double) -> Double { a + b * z }
    public func jacobian(_ z: Double) -> [Double] { [1, z] }
    public var isLinearInParameters: Bool { true }
    /// N(a, |b|²); throws for b = 0 or non-finite parameters (no density).
    public func pushforwardDensity() throws -> (any Density)? {
        try Normal(mean: a, standardDeviation: abs(b))
    }
    public var description: String { "affine(a: \(a), b: \(b))" }
}
