import CGSL
import Foundation

/// The beta density on [0, 1]: `x^{a−1} (1 − x)^{b−1} / B(a, b)`, a, b > 0.
///
/// CDF/survival through GSL's `gsl_cdf_beta_P/Q`; the quantile by bisection on them
/// (never GSL's inverse, which does not return for large shapes).
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

    public init(_ a: Double, _ b: Double) throws {
        let what = "beta(\(a),\(b))"
        try requireFinite(a, b, what: what)
        guard AcceptedRanges.betaShape.contains(a), AcceptedRanges.betaShape.contains(b) else {
            throw InvalidArgument("\(what): both shape parameters must be in [0.1, 1e10]")
        }
        GSL.ensureReady()
        self.a = a
        self.b = b
        logBetaAB = try SpecialFunctions.logBeta(a, b).value
        peak = a >= 30 && b >= 30 ? BetaPeakForm(a, b) : nil
        let cdf = self.cdf
        medianValue = Self.bisectBits(0, 1) { cdf($0) >= 0.5 }
    }

    /// For a, b ≥ 30 the log-density relative to the mode (see ``BetaPeakForm``): the
    /// plain form (a−1) ln x + (b−1) ln(1−x) − ln B cancels terms of size a·ln 2 down to
    /// O(ln a), losing 1e-10 at a ≈ 6e4 and everything at 1e10.
    let peak: BetaPeakForm?

    /// The median: the first double where ``cdf(_:)`` reaches ½, by bisection (bounded work;
    /// GSL's inverse beta CDF loops forever for huge shapes (beta(1e308, 5)), so the
    /// constructor never calls it). Only the CDF/survival switch of
    /// ``Density/mass(from:to:)`` uses the median, and any point near it keeps that switch
    /// cancellation-free.
    private var medianValue: Double = 0.5

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
    public func cdf(_ x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let v = gsl_cdf_beta_P(x, a, b)
        return v.isFinite ? v : integratedMass(from: 0, to: x)
    }
    public func survival(_ x: Double) -> Double {
        if x <= 0 { return 1 }
        if x >= 1 { return 0 }
        let v = gsl_cdf_beta_Q(x, a, b)
        return v.isFinite ? v : integratedMass(from: x, to: 1)
    }

    /// ∫ p over [lo, hi] by quadrature of the (peak-form) density, split at the beta's own
    /// nodes, relative tolerance 1e-13. The fallback of ``cdf(_:)`` and ``survival(_:)``:
    /// GSL's incomplete beta returns NaN near the centre when both shapes are ≳ 1e6
    /// (measured over ±8 sd: 7 of 1601 points at a = b = 1e6, 131 at a = b = 1e10).
    /// NaN if the quadrature fails.
    func integratedMass(from lo: Double, to hi: Double) -> Double {
        var singular = [Double: Int]()
        if a < 1, lo == 0 { singular[0] = AnchoredQuadrature.substitutionPower(a - 1) }
        if b < 1, hi == 1 { singular[1] = AnchoredQuadrature.substitutionPower(b - 1) }
        let pieces = AnchoredQuadrature.pieces(from: lo, to: hi, nodes: IntegrationNodes.nodes(for: [self]),
                                               singular: singular)
        let r = try? AnchoredQuadrature.integrate({ exp(self.logPDF(anchor: $0, offset: $1)) }, over: pieces,
                                                  tolerance: QuadratureTolerance(absolute: 0, relative: 1e-13))
        return r?.value ?? .nan
    }
    /// By bisection on the bit patterns of [0, median] (CDF) or [median, 1] (survival):
    /// at most 64 halvings, each exact to the double, so the result is the double where the
    /// CDF crosses p, in either tail. GSL's inverse beta CDF is not used: it loops forever
    /// for large shapes (measured: `gsl_cdf_beta_Pinv(0.3, 1e7, 1e7)` does not return).
    public func quantile(_ p: Double) throws -> Double {
        try requireProbability(p)
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        if p <= 0.5 { return Self.bisectBits(0, median) { self.cdf($0) >= p } }
        let q = 1 - p
        return Self.bisectBits(median, 1) { self.survival($0) <= q }
    }

    /// The smallest double x in [lo, hi] (0 ≤ lo ≤ hi) with `reached(x)`, for a predicate
    /// that is monotone in x and true at hi; non-negative doubles are ordered like their
    /// bit patterns, so each halving of the pattern interval halves the candidates.
    static func bisectBits(_ lo: Double, _ hi: Double, _ reached: (Double) -> Bool) -> Double {
        var l = lo.bitPattern, h = hi.bitPattern
        if reached(lo) { return lo }
        while h - l > 1 {
            let m = l + (h - l) / 2
            if reached(Double(bitPattern: m)) { h = m } else { l = m }
        }
        return Double(bitPattern: h)
    }
    public func sample(_ rng: RandomSource) -> Double { rng.beta(a, b) }
}
