import CGSL

/// A probability density on the real line (or on an interval of it).
///
/// Conformers supply closed forms where they exist; the extension supplies the interval
/// mass without cancellation and bulk sampling. Every density also has a text ``spec``
/// that ``DensitySpec`` parses back into an equal density.
public protocol Density: Sendable, CustomStringConvertible {
    /// The text form, e.g. `normal(0,1)`; parsing it gives this density back.
    var spec: String { get }
    /// The closure of the set where the density can be positive; ends may be ±∞.
    var support: ClosedRange<Double> { get }
    /// Points where an integrand built from this density should be split: modes,
    /// component means, finite support ends, kinks. Always finite numbers.
    var breakpoints: [Double] { get }
    /// The median, the point left of which CDF differences are accurate and right of
    /// which survival-function differences are (see ``mass(from:to:)``).
    var median: Double { get }

    func pdf(_ x: Double) -> Double
    /// ln pdf(x), accurate far in the tails where `pdf` underflows; −∞ off the support.
    func logPDF(_ x: Double) -> Double
    /// ln pdf at the real number `anchor + offset`, taken exactly rather than rounded to a
    /// double: location families form `((anchor − μ) + offset)/σ`, where `anchor − μ` is
    /// exact for an anchor near μ (Sterbenz). Quadrature pieces are integrated in the
    /// offset from their left node, so a density 1e15 scale lengths from 0, or one whose
    /// bulk sits 1e-10 below x = 1, is sampled at the points the rule asks for, not at
    /// their nearest doubles.
    func logPDF(anchor: Double, offset: Double) -> Double
    /// The score d/dx ln pdf(x) (inside the support).
    func score(_ x: Double) -> Double
    /// P(X ≤ x).
    func cdf(_ x: Double) -> Double
    /// P(X > x), computed directly (not as 1 − cdf) so it keeps its digits in the right tail.
    func survival(_ x: Double) -> Double
    /// The x with cdf(x) = p, for p in [0, 1]; throws for p outside [0, 1] or NaN.
    func quantile(_ p: Double) throws -> Double
    /// One draw, using `rng` only.
    func sample(_ rng: RandomSource) -> Double
}

extension Density {
    public var description: String { spec }

    public func logPDF(anchor: Double, offset: Double) -> Double { logPDF(anchor + offset) }

    /// P(a < X ≤ b), computed without cancellation in either tail: from the CDF when the
    /// interval lies left of the median, from the survival function when it lies right of
    /// it, and as 1 − F(a) − S(b) when it straddles the median (both terms ≤ ½, so no
    /// digits are lost). `F(b) − F(a)` alone returns 0 for cells near x = 8 under
    /// N(2, 0.6²); this does not.
    public func mass(from a: Double, to b: Double) -> Double {
        if b <= a { return 0 }
        let m = median
        if b <= m { return max(0, cdf(b) - cdf(a)) }
        if a >= m { return max(0, survival(a) - survival(b)) }
        return max(0, 1 - cdf(a) - survival(b))
    }

    /// `count` independent draws.
    public func sample(count: Int, rng: RandomSource) -> [Double] {
        (0..<max(0, count)).map { _ in sample(rng) }
    }

    /// Checks p ∈ [0, 1] for ``quantile(_:)`` implementations.
    func requireProbability(_ p: Double) throws {
        guard p >= 0, p <= 1 else {
            throw InvalidArgument("quantile of \(spec): probability must be in [0, 1], got \(p)")
        }
    }

    /// Quantile by Brent's method on the CDF (left half) or the survival function (right
    /// half), bracketed by `lo` and `hi`; used where no closed-form inverse exists.
    func numericQuantile(_ p: Double, bracket lo: Double, _ hi: Double) throws -> Double {
        try requireProbability(p)
        if p == 0 { return support.lowerBound }
        if p == 1 { return support.upperBound }
        if p <= 0.5 {
            return try findRoot({ self.cdf($0) - p }, bracket: lo, hi, absolute: 1e-13, relative: 1e-13)
        }
        let q = 1 - p
        return try findRoot({ q - self.survival($0) }, bracket: lo, hi, absolute: 1e-13, relative: 1e-13)
    }
}

/// Formats a parameter for a spec so that parsing it gives the same Double back.
func specNumber(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}

/// ln(√(2π)).
let logSqrtTwoPi = 0.918_938_533_204_672_741_78

extension Density {
    /// Whether a beta density occurs in this density (itself, a mixture component or a
    /// truncation's base, at any depth).
    public var containsBeta: Bool {
        switch self {
        case is Beta: return true
        case let m as Mixture: return m.components.contains { $0.containsBeta }
        case let t as Truncated: return t.base.containsBeta
        default: return false
        }
    }
}
