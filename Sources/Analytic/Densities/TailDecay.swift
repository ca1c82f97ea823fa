import Foundation

/// Which end of the real line a tail is at.
public enum TailEnd: Sendable, CaseIterable {
    case left, right
}

/// How a density's log-pdf behaves at one end of the line, with `t = |x| → ∞` the
/// distance into that tail: `ln p(x) = L(t) + O(1)` (the O(1) term bounded).
///
/// | case | L(t) | families |
/// |---|---|---|
/// | `.bounded` | the support ends before ±∞ | uniform, beta, truncated |
/// | `.power(α)` | −α ln t | Student-t: α = ν + 1 |
/// | `.exponential(λ)` | −λ t | Laplace: λ = 1/b; logistic: λ = 1/s |
/// | `.gaussian(a, b)` | −a t² + b t | normal: a = 1/(2σ²), b = ±μ/σ² (sign of the end) |
/// | `.unknown` | not classified | conformers outside this package |
///
/// A mixture's tail is the heaviest of its components' (ln Σ wₖ e^{Lₖ+O(1)} = max Lₖ + O(1)).
/// These classes decide, rigorously, whether KL and χ² integrals converge in a tail
/// (``TailFiniteness``): "the O(1) term bounded" is exact for every family here (for the
/// logistic the remainder is −2 log1p(e^{−t/s}) + const, for Student-t
/// −(ν+1)/2 · ln(ν/t² + 1/σ²) + const).
public enum TailDecay: Sendable, Equatable, CustomStringConvertible {
    case bounded
    case power(Double)
    case exponential(Double)
    case gaussian(quadratic: Double, linear: Double)
    case unknown

    /// Heaviness order: larger means the density decays more slowly. Equal ranks with
    /// equal parameters are equal tails up to the O(1) term.
    func heavier(than other: TailDecay) -> Bool {
        switch (self, other) {
        case (.unknown, _): return true
        case (_, .unknown): return false
        case (.bounded, _): return false
        case (_, .bounded): return true
        case let (.power(a), .power(b)): return a < b
        case (.power, _): return true
        case (_, .power): return false
        case let (.exponential(a), .exponential(b)): return a < b
        case (.exponential, _): return true
        case (_, .exponential): return false
        case let (.gaussian(a1, b1), .gaussian(a2, b2)): return a1 < a2 || (a1 == a2 && b1 > b2)
        }
    }

    /// Whether every parameter is a finite number (1/(2σ²) overflows for tiny σ).
    public var parametersFinite: Bool {
        switch self {
        case .bounded, .unknown: return true
        case .power(let a): return a.isFinite
        case .exponential(let l): return l.isFinite
        case .gaussian(let a, let b): return a.isFinite && b.isFinite
        }
    }

    public var description: String {
        switch self {
        case .bounded: return "bounded support"
        case .power(let a): return "power tail |x|^-\(a)"
        case .exponential(let l): return "exponential tail e^(-\(l)|x|)"
        case .gaussian(let a, let b):
            // t the distance into the tail; the linear term with its own sign, omitted at 0.
            let linear = b == 0 ? "" : b > 0 ? " + \(b)t" : " - \(-b)t"
            return "Gaussian tail e^(-\(a)t²\(linear))"
        case .unknown: return "unclassified tail"
        }
    }
}

extension Density {
    /// The tail class at `end`; the default classifies only bounded supports.
    public func tailDecay(_ end: TailEnd) -> TailDecay {
        switch self {
        case let d as Normal:
            let a = 1 / (2 * d.variance)
            return .gaussian(quadratic: a, linear: (end == .right ? 1 : -1) * d.mean / d.variance)
        case let d as Laplace: return .exponential(1 / d.scale)
        case let d as Logistic: return .exponential(1 / d.scale)
        case let d as StudentT: return .power(d.degreesOfFreedom + 1)
        case let d as Mixture:
            var heaviest = TailDecay.bounded
            for (w, c) in zip(d.weights, d.components) where w > 0 {
                let t = c.tailDecay(end)
                if t.heavier(than: heaviest) { heaviest = t }
            }
            return heaviest
        default:
            let edge = end == .left ? support.lowerBound : support.upperBound
            return edge.isFinite ? .bounded : .unknown
        }
    }
}
