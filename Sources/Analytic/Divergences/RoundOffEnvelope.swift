import Foundation

/// A pointwise bound on the round-off of a divergence integrand, integrated beside it
/// (to 1 % relative) and multiplied by 8ε·1.02 to give the round-off term of the error.
///
/// Derivation: ln p is formed with absolute error ≲ ε(1 + |ln p|) (a handful of operations
/// on terms no larger than |ln p|), so p = e^{ln p} carries relative error
/// δp/p ≲ ε(1 + |ln p|), likewise q. The integrand g(p, q) then errs by
/// |∂g/∂p|·δp + |∂g/∂q|·δq plus a few ulps of |g| from its own operations:
///
/// | kind | \|∂g/∂p\|·p, \|∂g/∂q\|·q bounded by |
/// |---|---|
/// | JS | p(1 + max(0, ln q − ln p)), q(1 + max(0, ln p − ln q)) |
/// | TV, H² | p, q |
/// | KL | p(1 + \|ln p − ln q\|), p |
/// | χ² | 2\|p/q − 1\|·p, (p²/q + q) |
///
/// The envelope is the sum of those weighted by (1 + |ln p|), (1 + |ln q|), plus 4|g|;
/// a factor 8ε covers the per-operation constants. Terms where a density is 0 vanish
/// (p·|ln p| → 0), so a density negligible at x (ln p = −1e22 far from a narrow
/// bump) contributes nothing — unlike a bound with |ln p| alone.
///
/// χ²'s envelope takes the integrand's ``PowerOfTwoScale`` (every term is linear in p²/q, p
/// or q, so it scales alike).
enum RoundOffEnvelope {
    static func value(_ kind: DivergenceKind, _ lp: Double, _ lq: Double,
                      scale: PowerOfTwoScale = .unit) -> Double {
        let p = lp.isFinite ? exp(lp) : 0, q = lq.isFinite ? exp(lq) : 0
        let wp = p > 0 ? p * (1 + abs(lp)) : 0, wq = q > 0 ? q * (1 + abs(lq)) : 0
        let d = lp.isFinite && lq.isFinite ? abs(lp - lq) : 0
        let g: Double
        switch kind {
        case .js:
            g = DivergenceIntegrands.js(lp, lq)
            // ∂g/∂p = ½ ln(2p/(p+q)): large only where p ≪ q, where it multiplies p.
            let up = lp.isFinite && lq.isFinite ? max(0, lq - lp) : 0
            let uq = lp.isFinite && lq.isFinite ? max(0, lp - lq) : 0
            return wp * (1 + up) + wq * (1 + uq) + 4 * abs(g)
        case .tv:
            g = DivergenceIntegrands.tv(lp, lq)
            return wp + wq + 4 * abs(g)
        case .hellinger2:
            g = DivergenceIntegrands.hellinger2(lp, lq)
            return wp + wq + 4 * abs(g)
        case .kl:
            g = p > 0 && q > 0 ? DivergenceIntegrands.kl(lp, lq) : 0
            return wp * (1 + d) + (p > 0 ? p * (1 + abs(lq)) : 0) + 4 * abs(g)
        case .chi2:
            guard lq.isFinite else { return 0 }
            let qs = scale.exp(lq)
            if !lp.isFinite { return qs * (1 + abs(lq)) + 4 * qs }
            g = DivergenceIntegrands.chi2(lp, lq, scale: scale)
            let ratio = lp - lq
            let square = scale.exp(2 * lp - lq)
            // 2|p/q − 1|·p(1 + |ln p|) and (p²/q + q)(1 + |ln q|), in log space.
            let t1 = 2 * (1 + abs(lp)) * (ratio > 0 ? square : -expm1(ratio) * scale.exp(lp))
            let t2 = (square + qs) * (1 + abs(lq))
            return t1 + t2 + 4 * abs(g)
        }
    }
}
