import Foundation

/// Where to split an integral whose integrand is built from densities: every leaf density,
/// at every nesting level, contributes its own *scale points*, so no mass is missed at any
/// ratio of scales a double can express.
///
/// | leaf | points |
/// |---|---|
/// | normal(μ, σ) | μ + kσ, \|k\| ∈ {0, ¼, ½, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 40} (beyond 38σ the density is below the smallest double) |
/// | laplace, logistic (μ, s) | μ + ks, \|k\| ∈ {0, ½, 1, 2, 4, …, 512, 745} (e^{−745} underflows) |
/// | student(ν, μ, σ) | the normal's points, and μ ± σ·10^j out to where the tail mass (∝ 10^{−jν}) is below 1e-30 or x reaches 1e307 |
/// | beta(a, b) | 0, 1, mean, mode, mode ± k·sd (k up to 512) clipped to (0, 1) |
/// | uniform(a, b) | a, b and the quarter points |
/// | truncated | its base's points inside the bounds, and the bounds |
/// | mixture | the union over components of positive weight (computed once, at construction) |
///
/// No quantile is evaluated (GSL's inverse CDFs can hang for extreme shapes), nothing is
/// merged except identical doubles: a piece a few ulps long costs one rule application and
/// is integrated in its own offset variable (``AnchoredQuadrature``), so it loses nothing.
/// Between the point sets of two far-apart leaves lies a single piece on which both are
/// negligible or smooth at the larger scale.
public enum IntegrationNodes {
    static let normalMultiples: [Double] = [0, 0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32, 40]
    static let exponentialMultiples: [Double] = [0, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 745]
    static let betaMultiples: [Double] = [0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512]

    /// Sorted finite split points (identical doubles merged) for integrands built from `densities`.
    public static func nodes(for densities: [any Density]) -> [Double] {
        var all = [Double]()
        for d in densities { all += points(of: d) }
        return sortedUnique(all)
    }

    static func sortedUnique(_ xs: [Double]) -> [Double] {
        xs.filter(\.isFinite).sorted().reduce(into: [Double]()) { acc, x in
            if acc.last != x { acc.append(x) }
        }
    }

    /// The scale points of one density (unsorted, may repeat).
    static func points(of d: any Density) -> [Double] {
        switch d {
        case let m as Mixture: return m.integrationPoints
        case let t as Truncated:
            return points(of: t.base).filter { $0 > t.lower && $0 < t.upper } + [t.lower, t.upper]
        case let n as Normal: return around(n.mean, n.standardDeviation, normalMultiples)
        case let l as Laplace: return around(l.location, l.scale, exponentialMultiples)
        case let l as Logistic: return around(l.location, l.scale, exponentialMultiples)
        case let t as StudentT:
            var pts = around(t.location, t.scale, normalMultiples)
            let decades = min(320, Int((30 / t.degreesOfFreedom).rounded(.up)) + 1)
            var r = 100 * t.scale
            for _ in 0..<decades {
                let hi = t.location + r, lo = t.location - r
                guard abs(hi) < 1e307, abs(lo) < 1e307 else { break }
                pts += [lo, hi]
                r *= 10
            }
            return pts
        case let b as Beta: return betaPoints(b.a, b.b)
        case let u as Uniform:
            let w = u.width
            return [u.lower, u.lower + 0.25 * w, u.lower + 0.5 * w, u.upper - 0.25 * w, u.upper]
        default:
            var pts = d.breakpoints
            for p in [1e-10, 1e-4, 0.02, 0.16, 0.5, 0.84, 0.98, 1 - 1e-4, 1 - 1e-10] {
                if let x = try? d.quantile(p), x.isFinite { pts.append(x) }
            }
            return pts
        }
    }

    /// The points of a beta(a, b) shape (a, b > 0): 0, 1, the mean, the mode and mode ± k·sd.
    static func betaPoints(_ a: Double, _ b: Double) -> [Double] {
        let s = a + b, sd = (a / s * (b / s) / (s + 1)).squareRoot()
        let m = a > 1 && b > 1 ? (a - 1) / (s - 2) : (a <= b ? 0 : 1)
        var pts: [Double] = [0, 1, a / s, m]
        for k in betaMultiples { pts.append(m + k * sd); pts.append(m - k * sd) }
        return pts.filter { $0 >= 0 && $0 <= 1 }
    }

    /// Scale points of χ²'s integrand p²/q where it is itself a known shape: for two betas,
    /// p²/q ∝ x^{2a−a'−1}(1−x)^{2b−b'−1}, a beta(2a − a', 2b − b') shape; for two normals,
    /// p²/q ∝ N(μ*, σ*²) with 1/σ*² = 2/σ² − 1/σ'², μ* = σ*²(2μ/σ² − μ'/σ'²). Its scale can be
    /// far from both densities' (χ²(beta(0.989,7.5e5)‖beta(0.892,1.5e6)): p²/q decays on
    /// 3.4e-5, fifty times p's sd, past p's outermost point, and 2.5e-9 of it was missed).
    ///
    /// Mixtures and truncations contribute every pair of their leaves (a truncation's base,
    /// clipped to the support by the plan): on a mixture, p²/q is largest where one P
    /// component and the Q component that dominates q there meet, so each pair's shape is
    /// a candidate (χ²(mixture(0.56·N(−2.27,0.70), 0.44·U(−2.69,−0.69)) ‖ N(2.77,0.52)) peaks
    /// at x ≈ −67.6, 94 of P's sd from its mean, at e^677). Up to 400 leaf pairs; beyond,
    /// the densities' own points only.
    static func chiSquaredPoints(_ p: any Density, _ q: any Density) -> [Double] {
        let lp = leaves(p), lq = leaves(q)
        guard lp.count * lq.count <= 400 else { return [] }
        return lp.flatMap { a in lq.flatMap { b in leafChiSquaredPoints(a, b) } }
    }

    /// Mixture components (at every depth) and truncations' bases, down to plain families.
    static func leaves(_ d: any Density) -> [any Density] {
        switch d {
        case let m as Mixture: return m.components.flatMap { leaves($0) }
        case let t as Truncated: return leaves(t.base)
        default: return [d]
        }
    }

    private static func leafChiSquaredPoints(_ p: any Density, _ q: any Density) -> [Double] {
        switch (p, q) {
        case let (bp as Beta, bq as Beta):
            let a = 2 * bp.a - bq.a, b = 2 * bp.b - bq.b
            return a > 0 && b > 0 ? betaPoints(a, b) : []
        case let (np as Normal, nq as Normal):
            let vp = np.variance, vq = nq.variance
            let precision = 2 / vp - 1 / vq
            guard precision > 0, precision.isFinite else { return [] }
            let v = 1 / precision, mu = v * (2 * np.mean / vp - nq.mean / vq)
            return mu.isFinite && v.isFinite ? around(mu, v.squareRoot(), normalMultiples) : []
        default:
            return []
        }
    }

    static func around(_ c: Double, _ s: Double, _ ks: [Double]) -> [Double] {
        var out = [c]
        for k in ks where k > 0 { out.append(c + k * s); out.append(c - k * s) }
        return out
    }
}
