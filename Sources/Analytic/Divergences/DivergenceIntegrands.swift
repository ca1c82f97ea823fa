import Foundation

/// The integrands of the divergences in terms of `lp = ln p(x)`, `lq = ln q(x)`.
///
/// Written with log-density differences so that far tails, where both pdfs underflow to
/// 0, give 0 (or the correct tiny number), never 0/0 = NaN; `−∞` log-densities (outside a
/// support) are handled explicitly.
enum DivergenceIntegrands {
    /// softplus(d) = ln(1 + e^d) without overflow.
    @inline(__always)
    static func softplus(_ d: Double) -> Double {
        d > 0 ? d + log1p(exp(-d)) : log1p(exp(d))
    }

    /// ½ p ln(2p/(p+q)) + ½ q ln(2q/(p+q)) = ½ p (ln 2 − softplus(lq − lp)) + ½ q (ln 2 − softplus(lp − lq)).
    @inline(__always)
    static func js(_ lp: Double, _ lq: Double) -> Double {
        if lp == -.infinity { return lq == -.infinity ? 0 : 0.5 * exp(lq) * M_LN2 }
        if lq == -.infinity { return 0.5 * exp(lp) * M_LN2 }
        // With hi = max(lp, lq), d = |lp − lq|, e = e^{−d}, l = log1p(e): the larger
        // density's term is (ln 2 − l), the smaller's (ln 2 − d − l), the smaller density
        // is e^{hi}·e. Three transcendental calls instead of six.
        let hi = max(lp, lq), d = abs(lp - lq)
        let e = exp(-d), l = log1p(e)
        let big = exp(hi)
        return 0.5 * big * ((M_LN2 - l) + e * (M_LN2 - d - l))
    }

    /// p (lp − lq); the caller handles lq = −∞ < lp (an infinite divergence).
    @inline(__always)
    static func kl(_ lp: Double, _ lq: Double) -> Double {
        lp == -.infinity ? 0 : exp(lp) * (lp - lq)
    }

    /// (p − q)²/q = q (e^{lp−lq} − 1)²; the caller handles lq = −∞ < lp.
    /// For d = lp − lq > 0 it is formed as exp(2lp − lq + 2 ln(1 − e^{−d})), which stays
    /// finite (or underflows to 0) where q underflows and e^d overflows (0·∞ = NaN otherwise).
    /// With a `scale`, the value times 2^−k (``PowerOfTwoScale``).
    @inline(__always)
    static func chi2(_ lp: Double, _ lq: Double, scale: PowerOfTwoScale = .unit) -> Double {
        if lq == -.infinity { return 0 }
        if lp == -.infinity { return scale.exp(lq) }
        let d = lp - lq
        if d > 0 { return scale.exp(lp + d + 2 * log(-expm1(-d))) }
        let r = expm1(d)
        return scale.exp(lq) * r * r
    }

    /// The largest value of ln((p − q)²/q) ≤ ln max(p²/q, q) over the given log-density
    /// pairs (−∞ when none is finite): where χ²'s integrand is largest among those points.
    static func chi2LogBound(_ pairs: [(Double, Double)]) -> Double {
        var best = -Double.infinity
        for (lp, lq) in pairs where lq.isFinite {
            best = max(best, lq, lp.isFinite ? 2 * lp - lq : -.infinity)
        }
        return best
    }

    /// ½ |p − q|.
    @inline(__always)
    static func tv(_ lp: Double, _ lq: Double) -> Double {
        0.5 * abs(exp(lp) - exp(lq))
    }

    /// ½ (√p − √q)².
    @inline(__always)
    static func hellinger2(_ lp: Double, _ lq: Double) -> Double {
        let s = exp(0.5 * lp) - exp(0.5 * lq)
        return 0.5 * s * s
    }
}
