import Foundation

/// A lower bound on χ² from one window of a tail, used to refuse an overflow before any
/// quadrature is tried.
///
/// **Derived** (not from the paper). Beyond a point x₀ where both densities are
/// non-increasing toward the tail (``Density/monotoneTail(_:)``), on any window
/// [x, x + h] of that tail p ≥ p(x + h) and q ≤ q(x), so
///
///     1 + χ²(P‖Q) = ∫ p²/q ≥ h · p(x + h)² / q(x),
///
/// and ln(1 + χ²) ≥ ln h + 2 ln p(x + h) − ln q(x). The windows are the cells of a
/// geometric grid x₀ + u·(2^{j/32} − 1), j = 1 … 2048 (u the smaller of the two tails'
/// length units): the window at distance t is ≈ 0.022 t long, so against a
/// Gaussian-like growth ln(p²/q) ≈ c·t² the bound loses ≈ 0.044 t·|(ln p)′| + 0.022 t·|(ln q)′|,
/// a fixed fraction of c·t² when σ_p is clearly above √2·σ_q.
///
/// When this bound exceeds ln of the largest double, χ² cannot be represented, whatever a
/// quadrature would do. It matters when the tail that makes χ² finite takes over only far
/// out: for two Student-t laws of large ν with σ_p > √2·σ_q, p²/q grows like a Gaussian out
/// to |x| ~ σ√ν before the power tails decide. Seen for student(3.3e12, −2.28, 2.59) against
/// student(3.6e6, 0.95, 1.27): without the bound one frame refused with GSL's round-off
/// error on the left tail and an affinely mapped frame with an overflow of the integrand.
public struct ChiSquaredTailBound: Sendable, Equatable {
    /// A proven lower bound on ln(1 + χ²).
    public var logOnePlusChiSquared: Double
    /// The window's start, where the bound was found.
    public var at: Double

    /// Grid cells per doubling of the distance into the tail.
    static let cellsPerOctave = 32
    /// Doublings covered (out to 2^64 length units from x₀).
    static let octaves = 64

    /// Margin above ln of the largest double that a window bound must clear: the rounding of
    /// the densities' log normalisers is not in the window's 8-ulp term (for a Student-t of
    /// ν ~ 1e12 the difference of two log-gamma values near 1e13 carries ~1e-3 of rounding).
    public static let margin = 1.0

    /// The largest window bound over both tails when it proves χ² beyond the largest
    /// double (by ``margin``), nil otherwise (also when a tail is bounded or its monotone
    /// part is unknown).
    public init?(p: any Density, q: any Density) {
        guard let b = Self.largestWindow(p: p, q: q),
              b.logBound > log(Double.greatestFiniteMagnitude) + Self.margin else { return nil }
        logOnePlusChiSquared = b.logBound
        at = b.at
    }

    /// The largest of the window bounds on ln(1 + χ²) over both tails, less the rounding of
    /// its logarithms, and the start of its window; nil when neither tail has a monotone
    /// part in both densities.
    public static func largestWindow(p: any Density, q: any Density) -> (logBound: Double, at: Double)? {
        var best: (logBound: Double, at: Double)? = nil
        for end in TailEnd.allCases {
            guard let tp = p.monotoneTail(end), let tq = q.monotoneTail(end) else { continue }
            let sign: Double = end == .right ? 1 : -1
            // The later of the two starts along the tail direction.
            let start = sign * max(sign * tp.start, sign * tq.start)
            let unit = min(tp.unit, tq.unit)
            var previous = 0.0
            var lqPrevious = q.logPDF(anchor: start, offset: 0)
            for j in 1...(cellsPerOctave * octaves) {
                let t = unit * (exp2(Double(j) / Double(cellsPerOctave)) - 1)
                guard t.isFinite, (start + sign * t).isFinite else { break }
                let lp = p.logPDF(anchor: start, offset: sign * t)
                let lq = q.logPDF(anchor: start, offset: sign * t)
                let lh = log(t - previous)
                // The logs' own rounding (a few ulps of each term) is taken off the bound.
                let rounding = 8 * Double.ulpOfOne * (abs(lh) + 2 * abs(lp) + abs(lqPrevious))
                let bound = lh + 2 * lp - lqPrevious - rounding
                if bound.isFinite, bound > best?.logBound ?? -.infinity { best = (bound, start + sign * previous) }
                previous = t
                lqPrevious = lq
            }
        }
        return best
    }

    /// The failure that reports the overflow with its bound.
    public var failure: DivergenceFailure {
        DivergenceFailure(kind: .chi2, reason: "overflow: χ² ≥ e^\(logOnePlusChiSquared) − 1, beyond the largest double (the window of the tail at x = \(at), where both densities decrease, alone carries that much of ∫p²/q; derived)")
    }
}

extension Density {
    /// A point beyond which, toward `end`, the density never increases, and a length unit
    /// of its tail there; nil when the tail at `end` is bounded or not known to be monotone.
    ///
    /// The package's location–scale families (normal, Laplace, logistic, Student-t) are
    /// symmetric and unimodal about μ: (μ, s); other conformers of ``LocationScaleDensity``
    /// promise symmetry only, so they get nil. A mixture is
    /// non-increasing beyond every component's start (a sum of non-increasing terms; a
    /// component of bounded support counts from its support's end, beyond which it is 0),
    /// with the smallest unit among its unbounded components.
    public func monotoneTail(_ end: TailEnd) -> (start: Double, unit: Double)? {
        switch self {
        case let d as Normal: return (d.location, d.scale)
        case let d as Laplace: return (d.location, d.scale)
        case let d as Logistic: return (d.location, d.scale)
        case let d as StudentT: return (d.location, d.scale)
        case let d as Mixture:
            var start: Double? = nil, unit = Double.infinity
            for (w, c) in zip(d.weights, d.components) where w > 0 {
                let edge = end == .right ? c.support.upperBound : c.support.lowerBound
                let s: Double
                if edge.isFinite {
                    s = edge
                } else {
                    guard let t = c.monotoneTail(end) else { return nil }
                    s = t.start
                    unit = min(unit, t.unit)
                }
                start = start.map { end == .right ? max($0, s) : min($0, s) } ?? s
            }
            guard let s = start, unit.isFinite else { return nil }
            return (s, unit)
        default:
            return nil
        }
    }
}
