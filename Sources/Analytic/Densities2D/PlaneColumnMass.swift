import Foundation

/// The mass of a density on one vertical line segment, ∫_a^b p(x, y) dy at a fixed x: the
/// x-marginal's density at x times the conditional law's mass of [a, b], in closed form for
/// every 2D spec. It is what lets the total variation be integrated column by column without
/// a kink in the inner integrand (``PlaneTotalVariation``): between two crossings of p = q the
/// column integral of p − q is a difference of two such masses.
///
/// | density | ∫_a^b p(x, y) dy |
/// |---|---|
/// | normal2 | φ_x(x) · P(Y ∈ [a, b] given x), Y given x normal with mean my + r·sy/sx·(x − mx), sd sy√(1 − r²) |
/// | product | p_x(x) · P_y([a, b]) |
/// | ring | (1/k) Σⱼ φ(x; cⱼₓ, σ) · P(N(cⱼᵧ, σ²) ∈ [a, b]) |
/// | mixture | Σ wₖ · (its components' column masses) |
/// | truncated | the base's on [a, b] ∩ [ay, by] over the normaliser, 0 for x outside [ax, bx] |
///
/// **Error.** The 1D interval masses carry ``IntervalMasses``' bound; a density value
/// e^{ℓ} computed from its logarithm ℓ is taken as accurate to 16ε(1 + |ℓ|) relative (each
/// term of ℓ rounds to a few ulps of its size); products and sums add their round-off.
extension PlaneDensity {
    /// ∫_a^b p(x, y) dy with an absolute error bound (a ≤ b; either may be infinite).
    public func columnMass(atX x: Double, from a: Double, to b: Double) throws -> RectangleMass {
        guard a < b, x.isFinite else { return RectangleMass(value: 0, error: 0) }
        switch self {
        case let n as Normal2D:
            let s = n.standardDeviations, r = n.correlation
            let marginal = try Normal(mean: n.mean.x, standardDeviation: s.x)
            let conditional = try Normal(mean: n.mean.y + r * s.y / s.x * (x - n.mean.x),
                                         standardDeviation: s.y * (1 - r * r).squareRoot())
            return Self.column(marginal, at: x, times: conditional, from: a, to: b)
        case let p as Product2D:
            return Self.column(p.x, at: x, times: p.y, from: a, to: b)
        case let ring as Ring2D:
            var v = 0.0, e = 0.0
            for f in ring.factors {
                let m = Self.column(f.x, at: x, times: f.y, from: a, to: b)
                v += m.value
                e += m.error
            }
            let k = Double(ring.components)
            return RectangleMass(value: v / k, error: e / k + (k + 1) * Double.ulpOfOne * v / k)
        case let m as Mixture2D:
            var v = 0.0, e = 0.0
            for (w, c) in zip(m.weights, m.components) where w > 0 {
                let cm = try c.columnMass(atX: x, from: a, to: b)
                v += w * cm.value
                e += w * cm.error
            }
            return RectangleMass(value: v, error: e + Double(m.components.count + 1) * Double.ulpOfOne * v)
        case let t as Truncated2D:
            guard t.x.contains(x) else { return RectangleMass(value: 0, error: 0) }
            let lo = max(a, t.y.lowerBound), hi = min(b, t.y.upperBound)
            guard lo < hi else { return RectangleMass(value: 0, error: 0) }
            let base = try t.base.columnMass(atX: x, from: lo, to: hi)
            let z = t.normaliser.value, v = base.value / z
            return RectangleMass(value: v, error: base.error / z + v * t.normaliser.error / z + 2 * Double.ulpOfOne * v)
        default:
            throw PlaneIntegrationNodes.Unsupported(spec: spec)
        }
    }

    /// p_x(x) · P_y([a, b]) for independent coordinates, with its error.
    static func column(_ px: any Density, at x: Double, times py: any Density, from a: Double, to b: Double) -> RectangleMass {
        let l = px.logPDF(x)
        guard l > -.infinity else { return RectangleMass(value: 0, error: 0) }
        let w = exp(l)
        // A face at or beyond an end of the support is taken as infinite (the half-line's
        // mass): at a pole of the density there its rounding term would be ∞.
        // An interval outside the support has no mass (its end may be a pole).
        let support = py.support
        guard b > support.lowerBound, a < support.upperBound else { return RectangleMass(value: 0, error: 0) }
        let lo = a <= support.lowerBound ? -Double.infinity : a, hi = b >= support.upperBound ? Double.infinity : b
        let m = IntervalMasses.along(py, faces: [lo, hi])
        let v = w * m.values[0]
        return RectangleMass(value: v, error: w * m.errors[0] + (16 * (1 + abs(l)) + 2) * Double.ulpOfOne * v)
    }
}
