import CGSL

/// A density restricted to [a, b] and renormalised: `p(x)/Z` on [a, b], `Z = P(a < X ≤ b)`.
///
/// `Z` comes from the base density's cancellation-free ``Density/mass(from:to:)``, so a
/// truncation to a far tail keeps its digits. Interval masses inside are base masses
/// divided by `Z`; the quantile is found by Brent's method on [a, b].
public struct Truncated: Density {
    public let base: any Density
    public let lower: Double
    public let upper: Double
    /// The base density's mass on [lower, upper].
    public let normaliser: Double
    /// The base density's median, cached for the CDF/survival switch.
    private let cdfLower: Double
    private let survivalUpper: Double
    private let medianValue: Double

    /// Smallest normaliser accepted. Below it the truncated density is a ratio of two
    /// numbers that have lost most of their digits, so ganflow refuses it.
    public static let minimumMass = 1e-280

    public init(_ base: any Density, lower: Double, upper: Double) throws {
        try requireFinite(lower, upper, what: "truncated(\(base.spec),\(lower),\(upper))")
        guard lower < upper else {
            throw InvalidArgument("truncated(\(base.spec),\(lower),\(upper)): needs lower < upper")
        }
        let z = base.mass(from: lower, to: upper)
        guard z.isFinite, z > Truncated.minimumMass else {
            throw InvalidArgument("truncated(\(base.spec),\(lower),\(upper)): the base density has no mass on [\(lower), \(upper)] (mass \(z))")
        }
        self.base = base
        self.lower = max(lower, base.support.lowerBound)
        self.upper = min(upper, base.support.upperBound)
        self.normaliser = z
        self.cdfLower = base.cdf(self.lower)
        self.survivalUpper = base.survival(self.upper)
        // Median of the truncation: base quantile by bisection on masses.
        var lo = self.lower, hi = self.upper
        for _ in 0..<200 where hi - lo > 1e-15 * max(1, abs(lo) + abs(hi)) {
            let mid = 0.5 * (lo + hi)
            if base.mass(from: self.lower, to: mid) < 0.5 * z { lo = mid } else { hi = mid }
        }
        self.medianValue = 0.5 * (lo + hi)
    }

    public var spec: String { "truncated(\(base.spec),\(specNumber(lower)),\(specNumber(upper)))" }
    public var support: ClosedRange<Double> { lower ... upper }
    public var breakpoints: [Double] {
        Array(Set(base.breakpoints.filter { $0 > lower && $0 < upper } + [lower, upper])).sorted()
    }
    public var median: Double { medianValue }

    private func inside(_ x: Double) -> Bool { x >= lower && x <= upper }
    public func pdf(_ x: Double) -> Double { inside(x) ? base.pdf(x) / normaliser : 0 }
    public func logPDF(_ x: Double) -> Double { inside(x) ? base.logPDF(x) - log(normaliser) : -.infinity }
    public func score(_ x: Double) -> Double { inside(x) ? base.score(x) : 0 }
    public func cdf(_ x: Double) -> Double {
        x <= lower ? 0 : (x >= upper ? 1 : min(1, base.mass(from: lower, to: x) / normaliser))
    }
    public func survival(_ x: Double) -> Double {
        x <= lower ? 1 : (x >= upper ? 0 : min(1, base.mass(from: x, to: upper) / normaliser))
    }
    public func mass(from a: Double, to b: Double) -> Double {
        let l = max(a, lower), r = min(b, upper)
        return r > l ? base.mass(from: l, to: r) / normaliser : 0
    }
    public func quantile(_ p: Double) throws -> Double {
        try requireProbability(p)
        if p == 0 { return lower }
        if p == 1 { return upper }
        return try numericQuantile(p, bracket: lower, upper)
    }
    /// Rejection from the base when the kept mass is at least 5 %, inverse CDF otherwise.
    public func sample(_ rng: RandomSource) -> Double {
        if normaliser >= 0.05 {
            while true {
                let x = base.sample(rng)
                if inside(x) { return x }
            }
        }
        return (try? quantile(rng.uniformPositive())) ?? medianValue
    }
}
