import CGSL
import Foundation

/// The Laplace density `exp(−|x − μ|/b) / (2b)`, location μ, scale b > 0.
///
/// CDF and survival come from GSL's `gsl_cdf_laplace_P/Q`, each accurate in its own
/// tail; the quantile from `_Pinv/_Qinv` on the side where the probability is small.
/// The density has a kink at μ, so μ is its breakpoint; the score `−sign(x − μ)/b` jumps
/// there (it is given the value 0 at x = μ exactly, the average of its one-sided limits).
public struct Laplace: LocationScaleDensity, Equatable {
    public let location: Double
    public let scale: Double

    public init(location: Double, scale: Double) throws {
        try Self.prepare(location: location, scale: scale, "laplace(\(location),\(scale))")
        self.location = location
        self.scale = scale
    }

    public var spec: String { "laplace(\(specNumber(location)),\(specNumber(scale)))" }
    /// Variance 2b².
    public var variance: Double { 2 * scale * scale }

    public func logPDF(_ x: Double) -> Double { -abs(x - location) / scale - log(2 * scale) }
    public func logPDF(anchor: Double, offset: Double) -> Double {
        -abs((anchor - location) + offset) / scale - log(2 * scale)
    }
    public func score(_ x: Double) -> Double {
        x > location ? -1 / scale : (x < location ? 1 / scale : 0)
    }
    public func cdf(_ x: Double) -> Double { gsl_cdf_laplace_P(x - location, scale) }
    public func survival(_ x: Double) -> Double { gsl_cdf_laplace_Q(x - location, scale) }
    public func quantile(_ p: Double) throws -> Double {
        try quantile(p, lowerTail: { gsl_cdf_laplace_Pinv($0, scale) }, upperTail: { gsl_cdf_laplace_Qinv($0, scale) })
    }
    public func sample(_ rng: RandomSource) -> Double { location + rng.laplace(scale: scale) }
}
