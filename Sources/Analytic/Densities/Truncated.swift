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

    /// ln of the base density's mass on [lower, upper]; finite even where the mass
    /// underflows (a truncation 50σ into a normal's tail).
    public let logNormaliser: Double
    /// Estimated relative error of the normaliser (`normaliser` and `logNormaliser`).
    public let normaliserRelativeError: Double

    /// Largest relative error accepted for the normaliser: beyond it the truncated
    /// density would carry an error no divergence could report honestly.
    public static let maximumNormaliserError = 1e-10

    public init(_ base: any Density, lower: Double, upper: Double) throws {
        let what = "truncated(\(base.spec.prefix(80)),\(lower),\(upper))"
        try requireFinite(lower, upper, what: what)
        try AcceptedRanges.checkInterval(lower, upper, what)
        let lo = max(lower, base.support.lowerBound), hi = min(upper, base.support.upperBound)
        guard lo < hi else {
            throw InvalidArgument("\(what): [\(lower), \(upper)] does not overlap the base's support [\(base.support.lowerBound), \(base.support.upperBound)]")
        }
        self.base = base
        self.lower = lo
        self.upper = hi
        // The CDF route F(b) − F(a) (or its survival/straddling forms) has round-off
        // ≲ 4ε·min(F(b), S(a)); it is kept when that is ≤ 400ε relative to the mass
        // (the mass ≥ 1% of the larger term). Deeper in a tail, where F(b) and F(a) agree
        // in most digits (truncated(student(3,1e15,1),-5,5): both ≈ 1e-46), the mass is
        // integrated in log space over the base's own integration nodes instead.
        let z = base.mass(from: lo, to: hi)
        let magnitude = min(base.cdf(hi), base.survival(lo))
        if z.isFinite, z > 0, z >= 0.01 * magnitude, z > 1e-300 {
            normaliser = z
            logNormaliser = log(z)
            normaliserRelativeError = 400 * Double.ulpOfOne
        } else {
            let (logZ, rel) = try AnchoredQuadrature.logMass(of: base, from: lo, to: hi)
            guard logZ.isFinite else {
                throw InvalidArgument("\(what): the base density has no mass on [\(lower), \(upper)]")
            }
            normaliser = exp(logZ)
            logNormaliser = logZ
            normaliserRelativeError = rel
        }
        guard normaliserRelativeError <= Truncated.maximumNormaliserError else {
            throw InvalidArgument("\(what): its normaliser is known only to \(normaliserRelativeError) relative (limit 1e-10)")
        }
        self.cdfLower = base.cdf(self.lower)
        self.survivalUpper = base.survival(self.upper)
        // Median of the truncation: base quantile by bisection on masses.
        var l = self.lower, h = self.upper
        let zz = normaliser
        for _ in 0..<100 where h - l > 1e-15 * max(1, abs(l) + abs(h)) {
            let mid = 0.5 * (l + h)
            if base.mass(from: self.lower, to: mid) < 0.5 * zz { l = mid } else { h = mid }
        }
        self.medianValue = 0.5 * (l + h)
    }

    public var spec: String { "truncated(\(base.spec),\(specNumber(lower)),\(specNumber(upper)))" }
    public var support: ClosedRange<Double> { lower ... upper }
    public var breakpoints: [Double] {
        Array(Set(base.breakpoints.filter { $0 > lower && $0 < upper } + [lower, upper])).sorted()
    }
    public var median: Double { medianValue }

    private func inside(_ x: Double) -> Bool { x >= lower && x <= upper }
    public func pdf(_ x: Double) -> Double { inside(x) ? exp(base.logPDF(x) - logNormaliser) : 0 }
    public func logPDF(_ x: Double) -> Double { inside(x) ? base.logPDF(x) - logNormaliser : -.infinity }
    public func logPDF(anchor: Double, offset: Double) -> Double {
        guard (anchor - lower) + offset >= 0, (anchor - upper) + offset <= 0 else { return -.infinity }
        return base.logPDF(anchor: anchor, offset: offset) - logNormaliser
    }
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
