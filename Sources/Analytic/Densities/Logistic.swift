import CGSL
import Foundation

/// The logistic density `e^{−z} / (s (1 + e^{−z})²)`, `z = (x − μ)/s`, scale s > 0.
///
/// The log-density is evaluated in the symmetric form `−|z| − 2 log1p(e^{−|z|}) − ln s`,
/// which neither overflows nor cancels in either tail. The score is `−tanh(z/2)/s`.
/// CDF/survival/quantile through GSL's `gsl_cdf_logistic_*`.
public struct Logistic: LocationScaleDensity, Equatable {
    public let location: Double
    public let scale: Double

    public init(location: Double, scale: Double) throws {
        try Self.prepare(location: location, scale: scale, "logistic(\(location),\(scale))")
        self.location = location
        self.scale = scale
    }

    public var spec: String { "logistic(\(specNumber(location)),\(specNumber(scale)))" }
    /// Variance π²s²/3.
    public var variance: Double { Double.pi * Double.pi * scale * scale / 3 }

    public func logPDF(_ x: Double) -> Double {
        let a = abs((x - location) / scale)
        return -a - 2 * log1p(exp(-a)) - log(scale)
    }
    public func logPDF(anchor: Double, offset: Double) -> Double {
        let a = abs(((anchor - location) + offset) / scale)
        return -a - 2 * log1p(exp(-a)) - log(scale)
    }
    public func score(_ x: Double) -> Double { -tanh(0.5 * (x - location) / scale) / scale }
    public func cdf(_ x: Double) -> Double { gsl_cdf_logistic_P(x - location, scale) }
    public func survival(_ x: Double) -> Double { gsl_cdf_logistic_Q(x - location, scale) }
    public func quantile(_ p: Double) throws -> Double {
        try quantile(p, lowerTail: { gsl_cdf_logistic_Pinv($0, scale) }, upperTail: { gsl_cdf_logistic_Qinv($0, scale) })
    }
    public func sample(_ rng: RandomSource) -> Double { location + rng.logistic(scale: scale) }
}
