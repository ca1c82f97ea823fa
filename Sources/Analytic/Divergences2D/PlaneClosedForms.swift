import Foundation

extension PlaneDivergences {
    /// KL or χ² of a pair in closed form (two Gaussians, or two products), else a failure
    /// saying which pairs are covered.
    static func closedForm(_ kind: DivergenceKind, p: any PlaneDensity, q: any PlaneDensity) throws -> DivergenceResult {
        if let gp = PlaneGaussian(p), let gq = PlaneGaussian(q) {
            if kind == .kl {
                let r = PlaneGaussian.kl(gp, gq)
                return DivergenceResult(kind: kind, value: r.value, error: r.error, evaluations: 0)
            }
            switch PlaneGaussian.chi2(gp, gq) {
            case let .finite(value, error): return DivergenceResult(kind: kind, value: value, error: error, evaluations: 0)
            case .infinite:
                return .infinite(kind, reason: "2Σp⁻¹ − Σq⁻¹ is not positive definite: p²/q does not decay along some direction")
            case let .overflow(l):
                throw DivergenceFailure(kind: kind, reason: "finite but beyond a double: ln(1 + χ²) = \(l)")
            }
        }
        if let pp = p as? Product2D, let qp = q as? Product2D {
            return try productForm(kind, pp, qp)
        }
        throw DivergenceFailure(kind: kind, reason: "in 2D, \(kind.rawValue) is computed in closed form only, for two Gaussians (normal2, or product of two normals) or two products (over their factors); for other pairs (ring, mixture, truncated) there is no 2D finiteness test, so it is not computed")
    }

    /// TV of two Gaussians with one covariance: the half-space {δᵀΣ⁻¹(x − μ̄) > 0} separates
    /// them, so TV = P(Z < Δ/2) − P(Z < −Δ/2) = erf(Δ/(2√2)), Δ² = δᵀΣ⁻¹δ; round-off ≤ 64ε/(1 − r²)
    /// (Δ through a 2×2 inverse). Two products with one factor in common: the 1D TV of the
    /// other factors (p/q does not depend on the shared coordinate). Any other two Gaussians
    /// (normal2, or product of two normals): ``PlaneGaussianTV`` (derived), a closed-form
    /// inner mass and a Gauss–Legendre outer integral with its error. Pairs of normal2, rings
    /// and their mixtures: column by column (``PlaneTotalVariation``); others are refused.
    static func totalVariation(p: any PlaneDensity, q: any PlaneDensity) throws -> DivergenceResult {
        if let a = p as? Normal2D, let b = q as? Normal2D, a.standardDeviations == b.standardDeviations,
           a.correlation == b.correlation {
            let s = a.standardDeviations, r = a.correlation, d = b.mean - a.mean
            let zx = d.x / s.x, zy = d.y / s.y
            let delta = ((zx * zx - 2 * r * zx * zy + zy * zy) / (1 - r * r)).squareRoot()
            return DivergenceResult(kind: .tv, value: erf(delta / (2 * 2.0.squareRoot())),
                                    error: 64 * Double.ulpOfOne / (1 - r * r), evaluations: 0)
        }
        if let a = p as? Product2D, let b = q as? Product2D {
            let sharedY = a.y.spec == b.y.spec, sharedX = a.x.spec == b.x.spec
            if sharedY || sharedX {
                let (u, v, axis) = sharedY ? (a.x, b.x, "x") : (a.y, b.y, "y")
                switch Divergences.evaluate([.tv], p: u, q: v)[0] {
                case .success(let r): return r
                case .failure(let f): throw DivergenceFailure(kind: .tv, reason: "the \(axis) factors' tv failed: \(f.reason)")
                }
            }
        }
        if let gp = PlaneGaussian(p), let gq = PlaneGaussian(q) {
            if gp.mean == gq.mean, gp.xx == gq.xx, gp.xy == gq.xy, gp.yy == gq.yy {
                return DivergenceResult(kind: .tv, value: 0, error: 0, evaluations: 0)
            }
            let r = try PlaneGaussianTV.tv(gp, gq)
            return DivergenceResult(kind: .tv, value: r.value, error: r.error, evaluations: 0)
        }
        return try PlaneTotalVariation.tv(p: p, q: q)
    }

    /// KL(P‖Q) = KL(Pₓ‖Qₓ) + KL(P_y‖Q_y) and 1 + χ²(P‖Q) = (1 + χ²ₓ)(1 + χ²_y) for products
    /// (the log-ratio adds, the ratio multiplies). Errors: the factors' add for KL; for χ²
    /// (1 + b)e_a + (1 + a)e_b + e_a e_b plus the product's round-off.
    static func productForm(_ kind: DivergenceKind, _ p: Product2D, _ q: Product2D) throws -> DivergenceResult {
        var factors = [DivergenceResult]()
        for (axis, a, b) in [("x", p.x, q.x), ("y", p.y, q.y)] {
            switch Divergences.evaluate([kind], p: a, q: b)[0] {
            case .success(let r): factors.append(r)
            case .failure(let f):
                throw DivergenceFailure(kind: kind, reason: "the \(axis) factors' \(kind.rawValue) failed: \(f.reason)")
            }
        }
        let a = factors[0], b = factors[1]
        let evaluations = a.evaluations + b.evaluations
        if let infinite = factors.first(where: { !$0.isFinite }) {
            return .infinite(kind, reason: "a factor's \(kind.rawValue) is infinite: \(infinite.reason ?? "")", evaluations: evaluations)
        }
        if kind == .kl {
            return DivergenceResult(kind: kind, value: a.value + b.value, error: a.error + b.error + Double.ulpOfOne * (a.value + b.value),
                                    evaluations: evaluations)
        }
        let value = (1 + a.value) * (1 + b.value) - 1
        guard value.isFinite else {
            throw DivergenceFailure(kind: kind, reason: "finite but beyond a double: (1 + \(a.value))(1 + \(b.value)) − 1")
        }
        let error = (1 + b.value) * a.error + (1 + a.value) * b.error + a.error * b.error + 4 * Double.ulpOfOne * (1 + value)
        return DivergenceResult(kind: kind, value: value, error: error, evaluations: evaluations)
    }
}
