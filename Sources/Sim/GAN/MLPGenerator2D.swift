import Foundation
import Analytic

/// A one-hidden-layer network on the plane, `G(z) = c + V tanh(W z + b)`, W: H × 2,
/// b ∈ R^H, V: 2 × H, c ∈ R², with hand-written parameter gradients (tₖ = tanh(wₖ·z + bₖ)):
/// `∂G/∂wₖ = Vₖ (1 − tₖ²) zᵀ`, `∂G/∂bₖ = Vₖ(1 − tₖ²)`, `∂G_r/∂V_{rk} = tₖ`, `∂G/∂c = I`.
/// θ is stored as (W row by row: 2H, b: H, V row by row: 2H, c: 2), 5H + 2 in all. Not linear
/// in θ and its pushforward has no closed-form density (D* needs a density estimate).
public struct MLPGenerator2D: PlaneGenerator, Equatable {
    public let hidden: Int
    public private(set) var parameters: [Double]

    public init(hidden: Int, parameters: [Double]) throws {
        guard hidden >= 1 else { throw InvalidArgument("an MLP needs at least 1 hidden unit, got \(hidden)") }
        guard parameters.count == 5 * hidden + 2 else {
            throw InvalidArgument("a 2D MLP with \(hidden) hidden units needs \(5 * hidden + 2) parameters, got \(parameters.count)")
        }
        self.hidden = hidden
        self.parameters = parameters
    }

    /// Random start: W, b ~ N(0, 1), V ~ N(0, 1/H), c = `center` (so G(z) is O(1) around it).
    public static func random(hidden: Int, center: SIMD2<Double> = .zero, rng: RandomSource) throws -> MLPGenerator2D {
        var p = [Double]()
        for _ in 0..<(3 * hidden) { p.append(rng.standardNormal()) }
        for _ in 0..<(2 * hidden) { p.append(rng.standardNormal() / Double(hidden).squareRoot()) }
        p += [center.x, center.y]
        return try MLPGenerator2D(hidden: hidden, parameters: p)
    }

    public func with(parameters p: [Double]) throws -> MLPGenerator2D { try MLPGenerator2D(hidden: hidden, parameters: p) }

    @inline(__always) private func unit(_ k: Int, _ z: SIMD2<Double>) -> Double {
        tanh(parameters[2 * k] * z.x + parameters[2 * k + 1] * z.y + parameters[2 * hidden + k])
    }

    public func output(_ z: SIMD2<Double>) -> SIMD2<Double> {
        let h = hidden, v = 3 * h
        var g = SIMD2(parameters[5 * h], parameters[5 * h + 1])
        for k in 0..<h {
            let t = unit(k, z)
            g += t * SIMD2(parameters[v + k], parameters[v + h + k])
        }
        return g
    }

    public func jacobian(_ z: SIMD2<Double>) -> (x: [Double], y: [Double]) {
        let h = hidden, v = 3 * h
        var jx = [Double](repeating: 0, count: 5 * h + 2), jy = jx
        for k in 0..<h {
            let t = unit(k, z), d = 1 - t * t
            let vx = parameters[v + k], vy = parameters[v + h + k]
            jx[2 * k] = vx * d * z.x; jx[2 * k + 1] = vx * d * z.y; jx[2 * h + k] = vx * d
            jy[2 * k] = vy * d * z.x; jy[2 * k + 1] = vy * d * z.y; jy[2 * h + k] = vy * d
            jx[v + k] = t
            jy[v + h + k] = t
        }
        jx[5 * h] = 1
        jy[5 * h + 1] = 1
        return (jx, jy)
    }

    public var isLinearInParameters: Bool { false }
    public func pushforwardDensity() throws -> (any Density2D)? { nil }
    public var description: String { "mlp2(hidden: \(hidden), \(parameters.count) parameters)" }
}
