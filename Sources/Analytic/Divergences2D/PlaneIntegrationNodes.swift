import Foundation

/// Where to split the iterated integral ∫∫ g(x, y) dy dx of an integrand built from 2D
/// densities: split points along x, and along y *at a given x* (a correlated normal's mass
/// in y sits around its conditional mean, a ring component's only where its x-marginal
/// lives). The 2D counterpart of ``IntegrationNodes``: every leaf contributes the points of
/// its scale, so that no bump is missed by an adaptive rule whatever the ratio of scales.
///
/// | density | x points | y points at x |
/// |---|---|---|
/// | normal2 | the x-marginal's points μ ± kσ (k in `planeNormalMultiples`) | the conditional N(my + r·sy/sx·(x − mx), sy√(1 − r²))'s |
/// | product | the x factor's 1D points | the y factor's |
/// | ring | each component's normal points | those of the components whose x-marginal at x is within e⁻⁴⁰ of the largest |
/// | mixture | the union over components | the union over components |
/// | truncated | the base's points inside the bounds, and the bounds | likewise |
///
/// A ring component left out at x carries less than e⁻⁴⁰ ≈ 4e-18 of the ring's mass density
/// in x there, so the inner integral of an integrand bounded by p + q moves by less than that
/// relative amount if its bump is missed.
public enum PlaneIntegrationNodes {
    /// Why a density has no split points: a `PlaneDensity` conformer ganflow does not know.
    public struct Unsupported: Error, CustomStringConvertible {
        public var spec: String
        public var description: String {
            "no integration points for \(spec.prefix(80)) (a PlaneDensity type ganflow does not know)"
        }
    }

    /// Multiples of σ around a normal leaf (normal2, ring): fewer than the 1D rule's 15, since
    /// the cost of the iterated rule grows with the square of the pieces; the pieces still
    /// put one node every σ/2 near the mode and reach 40σ, beyond which the density
    /// underflows.
    public static let planeNormalMultiples: [Double] = [0, 0.5, 1, 2, 3, 4, 6, 8, 40]

    /// Ring components whose x-marginal is below e⁻⁴⁰ of the largest at x are skipped.
    static let negligibleLogRatio = 40.0

    /// Sorted split points along x for integrands built from `densities`.
    public static func xNodes(for densities: [any PlaneDensity],
                              multiples: [Double] = planeNormalMultiples) throws -> [Double] {
        var all = [Double]()
        for d in densities { all += try xPoints(of: d, multiples: multiples) }
        return IntegrationNodes.sortedUnique(all)
    }

    /// Sorted split points along y at abscissa `x`.
    public static func yNodes(for densities: [any PlaneDensity], atX x: Double) throws -> [Double] {
        var all = [Double]()
        for d in densities { all += try yPoints(of: d, atX: x) }
        return IntegrationNodes.sortedUnique(all)
    }

    static func xPoints(of d: any PlaneDensity, multiples: [Double] = planeNormalMultiples) throws -> [Double] {
        switch d {
        case let n as Normal2D:
            return IntegrationNodes.around(n.mean.x, n.standardDeviations.x, multiples)
        case let p as Product2D: return IntegrationNodes.points(of: p.x)
        case let r as Ring2D:
            return r.factors.flatMap { IntegrationNodes.around($0.x.mean, r.sigma, multiples) }
        case let m as Mixture2D: return try m.components.flatMap { try xPoints(of: $0, multiples: multiples) }
        case let t as Truncated2D:
            return try xPoints(of: t.base, multiples: multiples).filter { t.x.contains($0) } + [t.x.lowerBound, t.x.upperBound]
        default: throw Unsupported(spec: d.spec)
        }
    }

    static func yPoints(of d: any PlaneDensity, atX x: Double) throws -> [Double] {
        switch d {
        case let n as Normal2D:
            let r = n.correlation, s = n.standardDeviations
            let centre = n.mean.y + r * s.y / s.x * (x - n.mean.x)
            return IntegrationNodes.around(centre, s.y * (1 - r * r).squareRoot(), planeNormalMultiples)
        case let p as Product2D: return IntegrationNodes.points(of: p.y)
        case let r as Ring2D:
            let logs = r.factors.map { $0.x.logPDF(x) }
            let top = logs.max() ?? 0
            return zip(r.factors, logs).filter { $0.1 >= top - negligibleLogRatio || !top.isFinite }
                .flatMap { IntegrationNodes.around($0.0.y.mean, r.sigma, planeNormalMultiples) }
        case let m as Mixture2D: return try m.components.flatMap { try yPoints(of: $0, atX: x) }
        case let t as Truncated2D:
            return try yPoints(of: t.base, atX: x).filter { t.y.contains($0) } + [t.y.lowerBound, t.y.upperBound]
        default: throw Unsupported(spec: d.spec)
        }
    }
}

extension PlaneIntegrationNodes {
    /// The 1D factors whose end behaviour an integral along x (`alongX`) or y sees: the
    /// factors of products, inside mixtures and truncations (normal2 and rings have none:
    /// they are smooth everywhere).
    static func factors(of d: any PlaneDensity, alongX: Bool) -> [any Density] {
        switch d {
        case let p as Product2D: return [alongX ? p.x : p.y]
        case let m as Mixture2D: return m.components.flatMap { factors(of: $0, alongX: alongX) }
        case let t as Truncated2D: return factors(of: t.base, alongX: alongX)
        default: return []
        }
    }

    /// Substitution powers at the ends of the factors along one axis, as the 1D rule takes
    /// them (``AnchoredQuadrature/pieces(from:to:nodes:singular:)``): where a factor behaves
    /// like |x − x₀|^e with e < 0, the power of ``AnchoredQuadrature/substitutionPower(_:)``;
    /// where e ≥ 0 is not an integer (a beta end), 2 — the column integral of JS or H² then
    /// behaves like x^e·ln x, on which QAGS's extrapolation settled 10–100× beyond its
    /// estimate (JS of product(uniform(0,1), N) against product(beta(3.21, 2.59), N): 7.5e-12
    /// off against ± 7.9e-13). Throws where e + 1 is within
    /// ``AnchoredQuadrature/minimumExponentGap`` of non-integrable.
    static func substitutions(for densities: [any PlaneDensity], alongX: Bool) throws -> [Double: Int] {
        let line = densities.flatMap { factors(of: $0, alongX: alongX) }
        var out = [Double: Int]()
        for f in line {
            for (x0, k) in try DivergencePlan.singularPowers([f], exponent: { a, _ in a }, points: nil) {
                out[x0] = max(out[x0] ?? 1, k)
            }
        }
        for x0 in DivergencePlan.nonSmoothEnds(line) where out[x0] == nil { out[x0] = 2 }
        return out
    }
}
