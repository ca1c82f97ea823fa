import CGSL
import Foundation

/// The beta density on [0, 1]: `x^{a−1} (1 − x)^{b−1} / B(a, b)`, a, b > 0.
///
/// CDF/survival through GSL's `gsl_cdf_beta_P/Q`, quantile through `_Pinv/_Qinv` on the
/// small-probability side (Brent's method on the CDF if GSL's inverse fails).
///
/// **Singular score.** The score `(a − 1)/x − (b − 1)/(1 − x)` is unbounded at the ends of
/// the support unless a = 1 (left) or b = 1 (right); it is ±∞ at x = 0 or 1 exactly. For
/// a < 1 (b < 1) the density itself is infinite at 0 (1), integrable; quadrature over
/// [0, 1] relies on QAGS's extrapolation for the algebraic end-point singularity, which is
/// why 0 and 1 are breakpoints. Velocities built from this score (docs/MATH.md §1) are singular
/// at the walls too; use the beta density with a, b > 1 for flows, or truncate inside.
public struct Beta: Density, Equatable {
    public let a: Double
    public let b: Double
    /// ln B(a, b).
    private let logBetaAB: Double
    private let medianValue: Double

    public init(_ a: Double, _ b: Double) throws {
        let what = "beta(\(a),\(b))"
        try requireFinite(a, b, what: what)
        guard AcceptedRanges.betaShape.contains(a), AcceptedRanges.betaShape.contains(b) else {
            throw InvalidArgument("\(what): both shape parameters must be in [0.1, 1e10]")
        }
        guard min(a, b) >= 1 || max(a, b) <= AcceptedRanges.betaLargeShapeWithPole else {
            throw InvalidArgument("\(what): a shape below 1 (a pole at that end) with the other above 1000 is outside the accurate range")
        }
        GSL.ensureReady()
        self.a = a
        self.b = b
        logBetaAB = try SpecialFunctions.logBeta(a, b).value
        medianValue = Self.bisectedMedian(a, b)
        peak = a >= 30 && b >= 30 ? BetaPeakForm(a, b) : nil
    }

    /// For a, b ≥ 30 the log-density relative to the mode (see ``BetaPeakForm``): the
    /// plain form (a−1) ln x + (b−1) ln(1−x) − ln B cancels terms of size a·ln 2 down to
    /// O(ln a), losing 1e-10 at a ≈ 6e4 and everything at 1e10.
    let peak: BetaPeakForm?

    /// The median by bisection on GSL's CDF (64 halvings of [0, 1], bounded work): GSL's
    /// inverse beta CDF loops forever for huge shapes (beta(1e308, 5)), so the constructor
    /// never calls it. Only the CDF/survival switch of ``Density/mass(from:to:)`` uses the
    /// median, and any point near it keeps that switch cancellation-free.
    static func bisectedMedian(_ a: Double, _ b: Double) -> Double {
        var lo = 0.0, hi = 1.0
        for _ in 0..<64 {
            let mid = 0.5 * (lo + hi)
            if mid <= lo || mid >= hi { break }
            if gsl_cdf_beta_P(mid, a, b) < 0.5 { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    /// Standard deviation √(ab/((a+b)²(a+b+1))).
    public var standardDeviation: Double {
        let s = a + b
        return (a / s * (b / s) / (s + 1)).squareRoot()
    }
    /// The mode (a − 1)/(a + b − 2) for a, b > 1; the end the density piles up at otherwise.
    public var mode: Double {
        if a > 1 && b > 1 { return (a - 1) / (a + b - 2) }
        return a <= b ? 0 : 1
    }

    public var spec: String { "beta(\(specNumber(a)),\(specNumber(b)))" }
    public var support: ClosedRange<Double> { 0 ... 1 }
    /// The ends, and the mode (a − 1)/(a + b − 2) when a, b > 1.
    public var breakpoints: [Double] {
        a > 1 && b > 1 ? [0, (a - 1) / (a + b - 2), 1] : [0, 1]
    }
    public var median: Double { medianValue }

    public func pdf(_ x: Double) -> Double { exp(logPDF(x)) }
    public func logPDF(_ x: Double) -> Double {
        guard x >= 0, x <= 1 else { return -.infinity }
        if let f = peak { return f.logPDF(anchor: x, offset: 0) }
        // (a−1) ln x with the convention 0·ln 0 = 0 when a = 1 (same for b).
        let left = a == 1 ? 0 : (a - 1) * log(x)
        let right = b == 1 ? 0 : (b - 1) * log1p(-x)
        return left + right - logBetaAB
    }
    /// At `anchor + offset`, exactly: near 1 (anchor ≥ ½) the distance to 1 is
    /// y = (1 − anchor) − offset with 1 − anchor exact, and ln x = log1p(−y); near 0 the
    /// point itself is accurate. beta(1e10, 5) has its bulk 2e-10 wide just below 1, where
    /// (a − 1) ln x from a rounded x would be 1e-6 off.
    public func logPDF(anchor: Double, offset: Double) -> Double {
        if let f = peak { return f.logPDF(anchor: anchor, offset: offset) }
        let x: Double, y: Double
        if anchor >= 0.5 { y = (1 - anchor) - offset; x = 1 - y } else { x = anchor + offset; y = 1 - x }
        guard x >= 0, y >= 0 else { return -.infinity }
        let left = a == 1 ? 0 : (a - 1) * (anchor >= 0.5 ? log1p(-y) : log(x))
        let right = b == 1 ? 0 : (b - 1) * (anchor >= 0.5 ? log(y) : log1p(-x))
        return left + right - logBetaAB
    }
    public func score(_ x: Double) -> Double {
        guard x >= 0, x <= 1 else { return 0 }
        let left = a == 1 ? 0 : (a - 1) / x
        let right = b == 1 ? 0 : (b - 1) / (1 - x)
        return left - right
    }
    public func cdf(_ x: Double) -> Double { x <= 0 ? 0 : (x >= 1 ? 1 : gsl_cdf_beta_P(x, a, b)) }
    public func survival(_ x: Double) -> Double { x <= 0 ? 1 : (x >= 1 ? 0 : gsl_cdf_beta_Q(x, a, b)) }
    public func quantile(_ p: Double) throws -> Double {
        try requireProbability(p)
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        let x = p <= 0.5 ? gsl_cdf_beta_Pinv(p, a, b) : gsl_cdf_beta_Qinv(1 - p, a, b)
        if x.isFinite, x >= 0, x <= 1 { return x }
        return try numericQuantile(p, bracket: 0, 1)
    }
    public func sample(_ rng: RandomSource) -> Double { rng.beta(a, b) }
}
