import Foundation

/// The noise prior ρ_Z = N(0, 1) of Algorithm 1 and how its minibatches are drawn.
public enum NoiseMode: String, Sendable, CaseIterable, CustomStringConvertible {
    /// m independent N(0, 1) draws per minibatch (steps 2 and 5 of the paper's Algorithm 1).
    case random
    /// The deterministic nodes `zᵢ = Φ⁻¹((i − ½)/m)`, i = 1…m, at every step, so that
    /// Algorithm 1 is a deterministic map of θ and has exact fixed points (D10, D11).
    case quantiles

    public var description: String { rawValue }

    /// One minibatch of size m.
    public func batch(_ m: Int, rng: RandomSource) -> [Double] {
        switch self {
        case .random: return (0..<m).map { _ in rng.standardNormal() }
        case .quantiles: return NoiseMode.quantileNodes(m)
        }
    }

    /// `zᵢ = Φ⁻¹((i − ½)/m)`, i = 1…m (GSL's `gsl_cdf_ugaussian_Pinv` through `Normal`).
    public static func quantileNodes(_ m: Int) -> [Double] {
        let std = try! Normal(mean: 0, standardDeviation: 1)
        return (1...max(1, m)).map { try! std.quantile((Double($0) - 0.5) / Double(m)) }
    }
}
