import Foundation

/// A one-hidden-layer network `G(z) = c + Σₖ vₖ tanh(wₖ z + bₖ)`, k = 1…H, with
/// hand-written parameter gradients:
/// `∂G/∂wₖ = vₖ(1 − tₖ²) z`, `∂G/∂bₖ = vₖ(1 − tₖ²)`, `∂G/∂vₖ = tₖ`, `∂G/∂c = 1`, `tₖ = tanh(wₖz + bₖ)`.
/// θ is stored as (w₁…w_H, b₁…b_H, v₁…v_H, c). Not linear in θ, and its pushforward has
/// no closed-form density.
public struct MLPGenerator: ParametricGenerator, Equatable {
    public let hidden: Int
    public private(set) var parameters: [Double]

    public init(hidden: Int, parameters: [Double]) throws {
        guard hidden >= 1 else { throw InvalidArgument("an MLP needs at least 1 hidden unit, got \(hidden)") }
        guard parameters.count == 3 * hidden + 1 else {
            throw InvalidArgument("MLP with \(hidden) hidden units needs \(3 * hidden + 1) parameters, got \(parameters.count)")
        }
        self.hidden = hidden
        self.parameters = parameters
    }

    /// Random start: wₖ, bₖ ~ N(0, 1), vₖ ~ N(0, 1/H), c = 0 (so G(z) is O(1)).
    public static func random(hidden: Int, rng: RandomSource) throws -> MLPGenerator {
        var p = [Double]()
        for _ in 0..<(2 * hidden) { p.append(rng.standardNormal()) }
        for _ in 0..<hidden { p.append(rng.standardNormal() / Double(hidden).squareRoot()) }
        p.append(0)
        return try MLPGenerator(hidden: hidden, parameters: p)
    }

    public func with(parameters p: [Double]) throws -> MLPGenerator { try MLPGenerator(hidden: hidden, parameters: p) }

    public func output(_ z: Double) -> Double {
        let h = hidden
        var g = parameters[3 * h]
        for k in 0..<h { g += parameters[2 * h + k] * tanh(parameters[k] * z + parameters[h + k]) }
        return g
    }

    public func jacobian(_ z: Double) -> [Double] {
        let h = hidden
        var j = [Double](repeating: 0, count: 3 * h + 1)
        for k in 0..<h {
            let t = tanh(parameters[k] * z + parameters[h + k])
            let s = parameters[2 * h + k] * (1 - t * t)
            j[k] = s * z
            j[h + k] = s
            j[2 * h + k] = t
        }
        j[3 * h] = 1
        return j
    }

    public var isLinearInParameters: Bool { false }
    public func pushforwardDensity() throws -> (any Density)? { nil }
    public var description: String { "mlp(hidden: \(hidden), θ: \(parameters))" }
}
