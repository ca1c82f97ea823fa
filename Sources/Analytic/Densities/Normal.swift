import CGSL
import Foundation

/// The normal density N(μ, σ²): `exp(−(x−μ)²/(2σ²)) / (σ√(2π))`.
///
/// CDF and survival function come from GSL's `gsl_cdf_gaussian_P/Q`, each accurate in
/// its own tail; the quantile from `gsl_cdf_gaussian_Pinv/Qinv` on the side of the median
/// where the probability is small. Poincaré constant: σ² (D6).
public struct Normal: Density, Equatable {
    public let mean: Double
    public let standardDeviation: Double

    public init(mean: Double, standardDeviation: Double) throws {
        try requireFinite(mean, standardDeviation, what: "normal(\(mean),\(standardDeviation))")
        guard standardDeviation > 0 else {
            throw InvalidArgument("normal(\(mean),\(standardDeviation)): the standard deviation must be > 0")
        }
        GSL.ensureReady()
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.logNormaliser = -log(standardDeviation) - logSqrtTwoPi
    }

    /// −ln σ − ln √(2π), precomputed: the log-density is evaluated in quadrature inner loops.
    private let logNormaliser: Double

    public var variance: Double { standardDeviation * standardDeviation }
    public var spec: String { "normal(\(specNumber(mean)),\(specNumber(standardDeviation)))" }
    public var support: ClosedRange<Double> { -Double.infinity ... Double.infinity }
    public var breakpoints: [Double] { [mean] }
    public var median: Double { mean }

    public func pdf(_ x: Double) -> Double { exp(logPDF(x)) }
    public func logPDF(_ x: Double) -> Double {
        let z = (x - mean) / standardDeviation
        return -0.5 * z * z + logNormaliser
    }
    public func score(_ x: Double) -> Double { -(x - mean) / variance }
    public func cdf(_ x: Double) -> Double { gsl_cdf_gaussian_P(x - mean, standardDeviation) }
    public func survival(_ x: Double) -> Double { gsl_cdf_gaussian_Q(x - mean, standardDeviation) }
    public func quantile(_ p: Double) throws -> Double {
        try requireProbability(p)
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        return p <= 0.5 ? mean + gsl_cdf_gaussian_Pinv(p, standardDeviation)
                        : mean + gsl_cdf_gaussian_Qinv(1 - p, standardDeviation)
    }
    public func sample(_ rng: RandomSource) -> Double { mean + standardDeviation * rng.standardNormal() }
}
