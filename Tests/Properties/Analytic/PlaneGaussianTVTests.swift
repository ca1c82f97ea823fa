import Foundation
import Testing
import PropertyBased
import TestSupport
import Analytic

/// TV of two bivariate normals with different covariances (``PlaneDivergences`` through its
/// Gaussian rule; derived for ganflow, not from the paper): against 30-digit references of
/// an independent route, against closed forms it does not use (concentric laws, rotated
/// laws that differ along one axis, laws of one covariance given as products), and under a
/// common affine map of both laws. Every comparison allows the printed error plus the
/// rounding of the comparison's own reference, stated at each check.
@Suite("2D TV of two Gaussians: references, closed forms it does not use, affine invariance")
struct PlaneGaussianTVTests {
    static let eps = Double.ulpOfOne

    static func tv(_ p: any PlaneDensity, _ q: any PlaneDensity) throws -> DivergenceResult {
        try PlaneDivergences.evaluate([.tv], p: p, q: q)[0].get()
    }

    static func uniform(_ rng: inout SplitMix64, _ a: Double, _ b: Double) -> Double {
        a + (b - a) * Double(rng.next() >> 11) * 0x1p-53
    }

    /// A normal2 law with means in [−3, 3], standard deviations log-uniform in [0.2, 5] and
    /// correlation in [−0.95, 0.95] (1 − r² ≥ 0.0975, so the rule's round-off term stays
    /// below 1e-13).
    static func law(_ rng: inout SplitMix64) throws -> Normal2D {
        func u(_ a: Double, _ b: Double) -> Double { uniform(&rng, a, b) }
        return try Normal2D(mx: u(-3, 3), my: u(-3, 3), sx: exp(u(log(0.2), log(5))),
                            sy: exp(u(log(0.2), log(5))), r: u(-0.95, 0.95))
    }

    /// N(Aμ + t, AΣAᵀ) as a normal2 law, A = [[a11, a12], [a21, a22]]; nil when its
    /// correlation leaves [−0.99, 0.99] (the cases draw again: the bound of the generator).
    static func mapped(_ n: Normal2D, _ a: (Double, Double, Double, Double), _ t: SIMD2<Double>) throws -> Normal2D? {
        let s = n.standardDeviations, r = n.correlation
        let xx = s.x * s.x, xy = r * s.x * s.y, yy = s.y * s.y
        let m = n.mean
        let cxx = a.0 * a.0 * xx + 2 * a.0 * a.1 * xy + a.1 * a.1 * yy
        let cxy = a.0 * a.2 * xx + (a.0 * a.3 + a.1 * a.2) * xy + a.1 * a.3 * yy
        let cyy = a.2 * a.2 * xx + 2 * a.2 * a.3 * xy + a.3 * a.3 * yy
        let sx = cxx.squareRoot(), sy = cyy.squareRoot()
        guard abs(cxy / (sx * sy)) <= 0.99 else { return nil }
        return try Normal2D(mx: a.0 * m.x + a.1 * m.y + t.x, my: a.2 * m.x + a.3 * m.y + t.y,
                            sx: sx, sy: sy, r: cxy / (sx * sy))
    }

    /// References from `Tests/Fixtures/plane_gaussian_tv.py` (mpmath: conditioning on x in
    /// the original coordinates, inner masses between exact roots, tanh-sinh outer rule at
    /// 40 and 60 digits, which agree to 1e-41). Each printed value must lie within its
    /// printed error plus the reference's rounding to a double (ε·TV).
    @Test("Three pairs with different covariances (ellipse, saddle and crossing boundaries) within their errors of 30-digit references")
    func references() throws {
        let cases: [(Normal2D, Normal2D, Double)] = [
            (try Normal2D(mx: 0, my: 0, sx: 1, sy: 1, r: 0), try Normal2D(mx: 1, my: 0.5, sx: 1.2, sy: 0.8, r: 0.3),
             0.412564889860674285578783932809),
            (try Normal2D(mx: 0.3, my: -0.2, sx: 2, sy: 0.5, r: 0.9), try Normal2D(mx: -0.5, my: 0.4, sx: 0.7, sy: 1.5, r: -0.6),
             0.805395262266791849082219721087),
            (try Normal2D(mx: 0, my: 0, sx: 1, sy: 1, r: 0), try Normal2D(mx: 0, my: 0, sx: 3, sy: 0.2, r: 0),
             0.700000979781477785410451923443),
        ]
        for (p, q, reference) in cases {
            let r = try Self.tv(p, q)
            #expect(abs(r.value - reference) <= r.error + Self.eps * reference, "\(p) vs \(q): \(r.value) ± \(r.error), reference \(reference)")
            // The error is an estimate, not a blanket: far below the 1e-10 a user would notice.
            #expect(r.error < 1e-12, "\(p) vs \(q): error \(r.error)")
        }
    }

    /// Q = N(μ, k²Σ) against P = N(μ, Σ): in P's whitened coordinates p > q on the disc
    /// |z|² < R² = 4 ln k · k²/(k² − 1), so TV = e^{−R²/(2k²)} − e^{−R²/2} (χ² with 2 degrees
    /// of freedom; k > 1, and TV is symmetric). The closed form's rounding: R² carries ≤ 16ε
    /// relative (k² − 1 ≥ 0.1 here), and |dTV/dR²| ≤ 1, so 16ε(1 + R²).
    @Test("Concentric laws with proportional covariances: TV equals the closed form of the disc", .shrinking(false))
    func concentric() async {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            var rng = SplitMix64(state: seed)
            let k = exp(Self.uniform(&rng, log(1.05), log(20)))
            let swap = rng.below(2) == 0
            failOnThrow("seed \(seed): k = \(k)") {
                let p = try Self.law(&rng)
                let s = p.standardDeviations
                let q = try Normal2D(mx: p.mean.x, my: p.mean.y, sx: k * s.x, sy: k * s.y, r: p.correlation)
                let r = swap ? try Self.tv(q, p) : try Self.tv(p, q)
                let k2 = k * k, r2 = 4 * log(k) * k2 / (k2 - 1)
                let exact = exp(-r2 / (2 * k2)) - exp(-r2 / 2)
                #expect(abs(r.value - exact) <= r.error + 16 * Self.eps * (1 + r2),
                        "seed \(seed): P = \(p), k = \(k): \(r.value) ± \(r.error), closed form \(exact)")
            }
        }
    }

    /// Two laws with diagonal covariances sharing the y variance, rotated by one angle θ:
    /// in the rotated frame they differ along one axis only, so TV is the 1D TV of
    /// N(m₁, s₁²) against N(m₂, s₂²) (1D quadrature, with its error). The rotation's rounding
    /// moves the 2D laws' parameters by a few ε relative: ≤ 64ε/(1 − r²) of TV.
    @Test("Rotated laws that differ along one axis: TV equals the 1D TV of that axis", .shrinking(false))
    func rotatedAgainstLine() async {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            var rng = SplitMix64(state: seed)
            func u(_ a: Double, _ b: Double) -> Double { Self.uniform(&rng, a, b) }
            // s₁/σ_y and s₂/σ_y within [1/6, 6]: a rotated law's correlation is at most
            // (36 − 1)/(36 + 1) < 0.95 in size (its largest, at θ = π/4, is (a − b)/(a + b)
            // for variances a, b).
            let shared = u(-2, 2), sy = exp(u(log(0.2), log(5))), theta = u(0, Double.pi)
            let m1 = u(-2, 2), m2 = u(-2, 2), s1 = sy * exp(u(-log(6), log(6))), s2 = sy * exp(u(-log(6), log(6)))
            failOnThrow("seed \(seed): x laws N(\(m1), \(s1)²), N(\(m2), \(s2)²); y law N(\(shared), \(sy)²); θ = \(theta)") {
                let c = cos(theta), s = sin(theta)
                let rotation = (c, -s, s, c)
                guard let p = try Self.mapped(try Normal2D(mx: m1, my: shared, sx: s1, sy: sy, r: 0), rotation, .zero),
                      let q = try Self.mapped(try Normal2D(mx: m2, my: shared, sx: s2, sy: sy, r: 0), rotation, .zero) else {
                    Issue.record("seed \(seed): a rotated law left the correlation bound the draw guarantees"); return
                }
                let plane = try Self.tv(p, q)
                let line = try Divergences.evaluate([.tv], p: try Normal(mean: m1, standardDeviation: s1),
                                                    q: try Normal(mean: m2, standardDeviation: s2))[0].get()
                let worst = min(1 - p.correlation * p.correlation, 1 - q.correlation * q.correlation)
                #expect(abs(plane.value - line.value) <= plane.error + line.error + 64 * Self.eps / worst,
                        "seed \(seed): 2D \(plane.value) ± \(plane.error), 1D \(line.value) ± \(line.error)")
            }
        }
    }

    /// Laws of one diagonal covariance written as products of normals (which the normal2
    /// closed form does not see): TV = erf(Δ/(2√2)), Δ the Mahalanobis distance; the
    /// closed form's rounding ≤ 8ε.
    @Test("Products of normals with one covariance: TV equals erf of the Mahalanobis distance", .shrinking(false))
    func productsOfOneCovariance() async {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            var rng = SplitMix64(state: seed)
            func u(_ a: Double, _ b: Double) -> Double { Self.uniform(&rng, a, b) }
            let sx = exp(u(log(0.2), log(5))), sy = exp(u(log(0.2), log(5)))
            let a = SIMD2(u(-3, 3), u(-3, 3)), b = SIMD2(u(-3, 3), u(-3, 3))
            failOnThrow("seed \(seed): σ = (\(sx), \(sy)), means \(a), \(b)") {
                let p = try DensitySpec2D.parse("product(normal(\(a.x),\(sx)),normal(\(a.y),\(sy)))")
                let q = try DensitySpec2D.parse("product(normal(\(b.x),\(sx)),normal(\(b.y),\(sy)))")
                let r = try Self.tv(p, q)
                let zx = (b.x - a.x) / sx, zy = (b.y - a.y) / sy
                let exact = erf((zx * zx + zy * zy).squareRoot() / (2 * 2.0.squareRoot()))
                #expect(abs(r.value - exact) <= r.error + 8 * Self.eps, "seed \(seed): \(r.value) ± \(r.error), erf form \(exact)")
            }
        }
    }

    /// TV(P, Q) = TV(Q, P) = TV(AP + t, AQ + t) for an invertible A (condition number ≤ 4):
    /// each route whitens a different law, so the values come from different quadratics.
    /// Allowance: both printed errors plus the mapping's rounding, 64ε/(1 − r²) per law.
    @Test("Symmetry and a common affine map leave TV unchanged within the printed errors", .shrinking(false))
    func symmetryAndAffineInvariance() async {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            var rng = SplitMix64(state: seed)
            failOnThrow("seed \(seed)") {
                let p = try Self.law(&rng), q = try Self.law(&rng)
                func u(_ a: Double, _ b: Double) -> Double { Self.uniform(&rng, a, b) }
                // A = R(θ) diag(s1, s2) R(φ): condition number s1/s2 ≤ 4. Drawn again until
                // both mapped laws keep |r| ≤ 0.99 (the generator's bound).
                var drawn: (a: (Double, Double, Double, Double), t: SIMD2<Double>, ap: Normal2D, aq: Normal2D)?
                for _ in 0..<1000 where drawn == nil {
                    let theta = u(0, 2 * Double.pi), phi = u(0, 2 * Double.pi), s1 = exp(u(log(0.5), log(2))), s2 = exp(u(log(0.5), log(2)))
                    let (c, s, cp, sp) = (cos(theta), sin(theta), cos(phi), sin(phi))
                    let a = (c * s1 * cp - s * s2 * sp, -c * s1 * sp - s * s2 * cp, s * s1 * cp + c * s2 * sp, -s * s1 * sp + c * s2 * cp)
                    let t = SIMD2(u(-5, 5), u(-5, 5))
                    if let ap = try Self.mapped(p, a, t), let aq = try Self.mapped(q, a, t) { drawn = (a, t, ap, aq) }
                }
                guard let (a, t, ap, aq) = drawn else { Issue.record("seed \(seed): no map in 1000 draws kept |r| ≤ 0.99"); return }
                let forward = try Self.tv(p, q), backward = try Self.tv(q, p), moved = try Self.tv(ap, aq)
                let worst = [p, q, ap, aq].map { 1 - $0.correlation * $0.correlation }.min()!
                #expect(abs(forward.value - backward.value) <= forward.error + backward.error,
                        "seed \(seed): P = \(p), Q = \(q): TV(P,Q) \(forward.value) ± \(forward.error), TV(Q,P) \(backward.value) ± \(backward.error)")
                #expect(abs(forward.value - moved.value) <= forward.error + moved.error + 128 * Self.eps / worst,
                        "seed \(seed): P = \(p), Q = \(q), A = \(a), t = \(t): \(forward.value) ± \(forward.error), mapped \(moved.value) ± \(moved.error)")
            }
        }
    }

    @Test("One law given twice gives 0: as normal2 within its closed form's rounding, as normal2 against the same product exactly; a ring pair goes by columns")
    func edges() throws {
        let p = try Normal2D(mx: 0.5, my: -1, sx: 2, sy: 0.3, r: 0.7)
        let same = try Self.tv(p, p)
        #expect(same.value == 0 && same.error <= 64 * Self.eps / (1 - 0.49), "\(same)")
        let diagonal = try Normal2D(mx: 0.5, my: -1, sx: 2, sy: 0.3, r: 0)
        let product = try DensitySpec2D.parse("product(normal(0.5,2),normal(-1,0.3))")
        let exact = try Self.tv(diagonal, product)
        #expect(exact.value == 0 && exact.error == 0, "\(exact)")
        // A ring pair is not Gaussian: it goes by columns (PlaneTotalVariationTests).
        let ring = try DensitySpec2D.parse("ring(3,1.5,0.5)")
        let columns = try Self.tv(ring, p)
        #expect(columns.value > 0 && columns.value < 1 && columns.error < 1e-9, "\(columns)")
    }
}
