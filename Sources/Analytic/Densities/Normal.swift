import CGSL
import Foundation

/// The normal density N(μ, σ²): `exp(−(x−μ)²/(2σ²)) / (σ√(2π))`.
///
/// CDF and survival function come from GSL's `gsl_cdf_gaussian_P/Q`, each accurate in
/// its own tail; the quantile from `gsl_cdf_gaussian_Pinv/Qinv` on the side of the median
/// where the probability is small. Poincaré constant: σ² (D6).
public struct Normal: LocationScaleDensity, Equatable {
    public let mean: Double
    public let standardDeviation: Double

    public init(mean: Double, standardDeviation: Double) throws {
        try Self.prepare(location: mean, scale: standardDeviation, scaleName: "standard deviation",
                         "normal(\(mean),\(standardDeviation))")
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.logNormaliser = -log(standardDeviation) - logSqrtTwoPi
    }

    /// −ln σ − ln √(2π), precomputed: the log-density is evaluated in quadrature inner loops.
    private let logNormaliser: Double

    public var variance: Double { standardDeviation * standardDeviation }
    public var spec: String { "normal(\(specNumber(mean)),\(specNumber(standardDeviation)))" }
    /// μ, for ``LocationScaleDensity``.
    public var location: Double { mean }
    /// σ, for ``LocationScaleDensity``.
    public var scale: Double { standardDeviation }

    public func logPDF(_ x: Double) -> Double {
        let z = (x - mean) / standardDeviation
        return -0.5 * z * z + logNormaliser
    }
    public func logPDF(anchor: Double, offset: Double) -> Double {
        let z = ((anchor - mean) + offset) / standardDeviation
        return -0.5 * z * z + logNormaliser
    }
    public func score(_ x: Double) -> Double { -(x - mean) / variance }
    public func cdf(_ x: Double) -> Double {
        let z = (x - mean) / standardDeviation
        return z < -Self.farTail ? Self.upperTail(-z) : gsl_cdf_gaussian_P(x - mean, standardDeviation)
    }
    public func survival(_ x: Double) -> Double {
        let z = (x - mean) / standardDeviation
        return z > Self.farTail ? Self.upperTail(z) : gsl_cdf_gaussian_Q(x - mean, standardDeviation)
    }

    /// Beyond 37 standard deviations Q(z) < 6e-300 approaches the smallest normal double
    /// (2.2e-308 at z ≈ 37.5), where GSL's `gsl_cdf_gaussian_Q` returns 0 while the value is
    /// still representable as a subnormal. There Q(z) = exp(ln erfc(z/√2) − ln 2) from GSL's
    /// `gsl_sf_log_erfc`, which has no underflow: interval masses Q(a) − Q(b) with b in that
    /// range then keep their relative accuracy (dropping Q(b) cost 2e-9 relative at
    /// a = 37, b = 37.5, measured).
    static let farTail = 37.0

    static func upperTail(_ z: Double) -> Double {
        exp(gsl_sf_log_erfc(z / 2.0.squareRoot()) - M_LN2)
    }
    public func quantile(_ p: Double) throws -> Double {
        try quantile(p, lowerTail: { gsl_cdf_gaussian_Pinv($0, standardDeviation) },
                     upperTail: { gsl_cdf_gaussian_Qinv($0, standardDeviation) })
    }
    public func sample(_ rng: RandomSource) -> Double { mean + standardDeviation * rng.standardNormal() }
}
