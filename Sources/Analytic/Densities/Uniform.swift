import CGSL

/// The uniform density on [a, b]: `1/(b − a)` inside, 0 outside.
/// Poincaré constant (D6): `(b − a)²/π²`.
public struct Uniform: Density, Equatable {
    public let lower: Double
    public let upper: Double

    public init(lower: Double, upper: Double) throws {
        try requireFinite(lower, upper, what: "uniform(\(lower),\(upper))")
        try AcceptedRanges.checkInterval(lower, upper, "uniform(\(lower),\(upper))")
        self.lower = lower
        self.upper = upper
    }

    public var width: Double { upper - lower }
    public var spec: String { "uniform(\(specNumber(lower)),\(specNumber(upper)))" }
    public var support: ClosedRange<Double> { lower ... upper }
    public var breakpoints: [Double] { [lower, upper] }
    public var median: Double { 0.5 * (lower + upper) }

    public func pdf(_ x: Double) -> Double { (x >= lower && x <= upper) ? 1 / width : 0 }
    public func logPDF(_ x: Double) -> Double { (x >= lower && x <= upper) ? -log(width) : -.infinity }
    public func logPDF(anchor: Double, offset: Double) -> Double {
        ((anchor - lower) + offset >= 0 && (anchor - upper) + offset <= 0) ? -log(width) : -.infinity
    }
    public func score(_ x: Double) -> Double { 0 }
    public func cdf(_ x: Double) -> Double { x <= lower ? 0 : (x >= upper ? 1 : (x - lower) / width) }
    public func survival(_ x: Double) -> Double { x <= lower ? 1 : (x >= upper ? 0 : (upper - x) / width) }
    public func quantile(_ p: Double) throws -> Double {
        try requireProbability(p)
        return p <= 0.5 ? lower + p * width : upper - (1 - p) * width
    }
    public func sample(_ rng: RandomSource) -> Double { lower + width * rng.uniform() }
}
