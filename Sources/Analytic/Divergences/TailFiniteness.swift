/// The rule deciding when KL(P‖Q) or χ²(P‖Q) is +∞ *before* any quadrature is run, so a
/// divergent integral is reported as infinite and never as a finite number.
///
/// **Support.** If P's support is not inside Q's (as intervals), P puts mass where
/// q = 0 and both are infinite. Gaps inside a support (a mixture of disjoint uniforms)
/// are caught during integration instead: a quadrature node where p > 0 and q = 0 marks
/// the divergence infinite (every support end is a breakpoint, so each integration piece
/// lies either inside or outside each support, and a piece of positive P-mass with
/// q = 0 is sampled at interior nodes).
///
/// **Tails** (derived; exact for the classes of ``TailDecay``, since there
/// `ln p = L_p(t) + O(1)` with bounded remainder). With t → ∞ into one tail:
///
/// - KL: the tail integrand is `p (ln p − ln q) = e^{L_p+O(1)} (L_p − L_q + O(1))`.
///   It diverges iff `∫ p |L_q| = ∞`, i.e. only for a power tail of P, `p ~ t^{−α}`,
///   against Q with `L_q = −λt` (needs α > 2) or `−a t²` (needs α > 3). So
///   KL(t_ν‖Laplace) = ∞ iff ν ≤ 1 and KL(t_ν‖normal) = ∞ iff ν ≤ 2.
/// - χ²: `∫ (p − q)²/q < ∞` iff `∫ p²/q = ∫ e^{2L_p − L_q + O(1)} < ∞`:
///   power/power: `2α_p − α_q > 1`; exponential/exponential: `2λ_p > λ_q`;
///   Gaussian/Gaussian: `2a_p > a_q`, or `2a_p = a_q` and `2b_p < b_q` (then the exponent
///   is linear and decreasing); a lighter class of P than Q (power < exponential <
///   Gaussian in heaviness) is finite, a heavier one infinite.
///   Example: χ²(N(0,2²)‖N(0,1)): a_p = 1/8, a_q = 1/2, 2a_p < a_q: infinite.
///
/// Ties are compared with a relative slack of ``tieTolerance``: parameters typed as
/// decimals (σ_q = σ_p/√2) reach an exact tie only up to rounding, and on the infinite
/// side of a near-tie the integrand decays so slowly that no quadrature could deliver its
/// value anyway. A tail of a class this rule cannot classify (``TailDecay/unknown``)
/// makes an unbounded divergence refuse to answer (an error), never guess.
public enum TailFiniteness {
    /// Relative slack for comparing tail parameters (see above).
    public static let tieTolerance = 1e-12

    /// nil when the divergence is finite in both tails, otherwise the reason it is not.
    /// Throws ``InvalidArgument`` for unclassified tails.
    public static func infiniteReason(_ kind: DivergenceKind, p: any Density, q: any Density) throws -> String? {
        guard !kind.isBounded else { return nil }
        let ps = p.support, qs = q.support
        if ps.lowerBound < qs.lowerBound || ps.upperBound > qs.upperBound {
            return "P has mass outside Q's support [\(qs.lowerBound), \(qs.upperBound)]"
        }
        for end in TailEnd.allCases {
            let tp = p.tailDecay(end), tq = q.tailDecay(end)
            if tp == .bounded { continue }
            if tp == .unknown || tq == .unknown {
                throw InvalidArgument("\(kind)(\(p.spec) ‖ \(q.spec)): cannot decide whether the \(end) tail converges (unclassified tail); truncate to a domain")
            }
            guard tp.parametersFinite, tq.parametersFinite else {
                // 1/(2σ²) overflows for σ below ~1e-154: the comparison would be made on
                // infinities and NaNs (χ²(N(1e-200,1e-200)‖N(0,1.5e-200)) came out ∞
                // while it is 0.60). Refused rather than guessed.
                throw InvalidArgument("\(kind): cannot decide whether the \(end) tail converges: its decay parameters overflow (\(tp), \(tq)); scales below ~1e-150 are not supported for KL and χ²")
            }
            let finite = kind == .kl ? klTailFinite(tp, tq) : chi2TailFinite(tp, tq)
            if !finite {
                return "the \(end) tail diverges: P has a \(tp), Q a \(tq)"
            }
        }
        return nil
    }

    /// Is `x > y` by more than the tie slack?
    static func clearlyGreater(_ x: Double, _ y: Double) -> Bool {
        x > y + tieTolerance * max(abs(x), abs(y))
    }

    static func klTailFinite(_ p: TailDecay, _ q: TailDecay) -> Bool {
        guard case .power(let alpha) = p else { return true }
        switch q {
        case .exponential: return clearlyGreater(alpha, 2)
        case .gaussian: return clearlyGreater(alpha, 3)
        default: return true
        }
    }

    static func chi2TailFinite(_ p: TailDecay, _ q: TailDecay) -> Bool {
        switch (p, q) {
        case let (.power(ap), .power(aq)): return clearlyGreater(2 * ap - aq, 1)
        case let (.exponential(lp), .exponential(lq)): return clearlyGreater(2 * lp, lq)
        case let (.gaussian(ap, bp), .gaussian(aq, bq)):
            if clearlyGreater(2 * ap, aq) { return true }
            if clearlyGreater(aq, 2 * ap) { return false }
            return clearlyGreater(bq, 2 * bp)
        default:
            // Different classes: finite iff P's tail is the lighter one.
            return q.heavier(than: p)
        }
    }
}
