import Foundation

/// χ² between two beta densities in closed form, used to decide an overflow before any
/// quadrature.
///
/// For P = beta(a, b) and Q = beta(c, d) on [0, 1], p²/q is a beta kernel with exponents
/// 2a − c − 1 and 2b − d − 1, so when 2a > c and 2b > d
///
///     ln(1 + χ²(P‖Q)) = ln B(2a − c, 2b − d) + ln B(c, d) − 2 ln B(a, b)
///
/// (a standard identity for beta integrals; otherwise ∫p²/q diverges at an end, which
/// ``EndpointFiniteness`` decides first). The form does not depend on which end is called 0,
/// so it gives the same verdict in a frame and in its reflection x ↦ 1 − x, where the
/// quadrature's first failure may differ: for beta(297283.1, 1046610443.9) against
/// beta(558041.5, 2044234244.7) (ln(1 + χ²) = 13079.95 in 40-digit arithmetic) one frame met
/// a peak 2.8e-4 wide before any node had shown the overflow and CQUAD ran out of
/// evaluations on [0, 1e-8], while the reflected frame reported the overflow.
public enum BetaChiSquared {
    /// Margin above ln of the largest double that the closed form, less its error, must
    /// clear before an overflow is declared (as for ``ChiSquaredTailBound/margin``): near the
    /// border the quadrature decides.
    public static let margin = 1.0

    /// ln(1 + χ²(P‖Q)) with its error bound, or nil when ∫p²/q diverges (2a ≤ c or 2b ≤ d).
    ///
    /// Error: GSL's estimates of the three ln B values, each doubled (they were measured up
    /// to 2× optimistic for shapes near 3e8, 5e-7 off against an estimate of 2.5e-7), plus
    /// 8 ulps of each term for the sum.
    public static func logOnePlus(_ p: Beta, _ q: Beta) throws -> (value: Double, error: Double)? {
        let x = 2 * p.a - q.a, y = 2 * p.b - q.b
        guard x > 0, y > 0 else { return nil }
        let t = [(1.0, try SpecialFunctions.logBeta(x, y)), (1.0, try SpecialFunctions.logBeta(q.a, q.b)),
                 (-2.0, try SpecialFunctions.logBeta(p.a, p.b))]
        let value = t.reduce(0.0) { $0 + $1.0 * $1.1.value }
        let error = t.reduce(0.0) { $0 + abs($1.0) * (2 * $1.1.error + 8 * Double.ulpOfOne * abs($1.1.value)) }
        return (value, error)
    }

    /// The overflow refusal when both densities are betas and the closed form, less its
    /// error and ``margin``, lies above ln of the largest double; nil otherwise.
    static func overflow(p: any Density, q: any Density) -> DivergenceFailure? {
        guard let p = p as? Beta, let q = q as? Beta,
              let l = try? logOnePlus(p, q),
              l.value - l.error > log(Double.greatestFiniteMagnitude) + margin else { return nil }
        return DivergenceFailure(kind: .chi2, reason: "overflow: ln(1 + χ²) = lnB(2a − c, 2b − d) + lnB(c, d) − 2 lnB(a, b) = \(l.value) ± \(l.error) for beta–beta, so χ² ≈ 2^\(String(format: "%.0f", l.value / M_LN2)) lies beyond the largest double (finite but too large to represent)")
    }
}
