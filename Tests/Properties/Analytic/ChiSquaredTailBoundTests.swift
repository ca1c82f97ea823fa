import Testing
import PropertyBased
import TestSupport
import Analytic
import Foundation

/// The window bound ln(1 + χ²) ≥ ln h + 2 ln p(x + h) − ln q(x) on the monotone parts of
/// the tails (derived; ``ChiSquaredTailBound``): it must never exceed the truth, and it
/// must be strong enough to name an overflow where the truth is far beyond the doubles.
@Suite("χ² window bound in the tails (derived)")
struct ChiSquaredTailBoundTests {
    /// ln(1 + χ²(P‖Q)) of two normals with 2σ_q² > σ_p² by the closed form
    /// ln(σ_q²/(σ_p√k)) + Δ²/k, k = 2σ_q² − σ_p² (no expm1: the log form stays finite).
    static func logOnePlusChiSquared(_ p: Normal, _ q: Normal) -> Double {
        let k = 2 * q.variance - p.variance, d = p.mean - q.mean
        return log(q.variance / (p.standardDeviation * k.squareRoot())) + d * d / k
    }

    @Test("Never above ln(1 + χ²) of two normals (closed form), means up to 60 apart", .shrinking(false))
    func belowNormalClosedForm() async {
        // σ_p ≤ 1.4σ_q keeps 2σ_q² > σ_p² (χ² finite); |Δ| up to 60 with σ down to 0.2
        // reaches ln(1 + χ²) ~ 1e5, far past the overflow line.
        let gen = zip(Gen.double(in: -30...30), Gen.double(in: 0.2...3), Gen.double(in: -30...30),
                      Gen.double(in: 0.05...1.4))
        await checkEveryCase(60, of: gen, label: { "normal(\($0.0),\($0.1 * $0.3)) ‖ normal(\($0.2),\($0.1))" }) { c in
            let q = try Normal(mean: c.2, standardDeviation: c.1)
            let p = try Normal(mean: c.0, standardDeviation: c.1 * c.3)
            let exact = Self.logOnePlusChiSquared(p, q)
            let w = try #require(ChiSquaredTailBound.largestWindow(p: p, q: q))
            // The closed form's rounding: a few ulps of its terms, each ≤ |exact| + |ln k|.
            #expect(w.logBound <= exact + 64 * Double.ulpOfOne * (1 + abs(exact)), "window \(w) vs exact \(exact)")
            if let b = ChiSquaredTailBound(p: p, q: q) {
                #expect(exact > log(Double.greatestFiniteMagnitude), "proved an overflow of \(exact)")
                #expect(b.logOnePlusChiSquared == w.logBound)
            }
        }
    }

    /// For σ_p = σ_q = σ the peak of ln(p²/q) lies Δ beyond the start, where the window is
    /// ≈ 0.022Δ long and ln p² − ln q falls at ≈ 4Δ/σ² across it: the bound loses
    /// ≈ 0.09·Δ²/σ² of the exact Δ²/σ², plus O(ln(Δ/σ)) from the window's length.
    @Test("Strong enough: equal scales Δ = 30σ … 3000σ apart are refused with a bound within 10 % + 10 of the truth")
    func strongEnough() throws {
        for (delta, sigma) in [(30.0, 1.0), (300.0, 2.5), (3000.0, 0.5), (45.0, 1.5)] {
            let p = try Normal(mean: delta * sigma, standardDeviation: sigma), q = try Normal(mean: 0, standardDeviation: sigma)
            let exact = Self.logOnePlusChiSquared(p, q)
            let b = try #require(ChiSquaredTailBound(p: p, q: q), "Δ = \(delta)σ: exact \(exact) not refused")
            #expect(b.logOnePlusChiSquared <= exact && b.logOnePlusChiSquared >= 0.9 * exact - 10, "Δ = \(delta)σ: \(b) vs \(exact)")
            let out = Divergences.evaluate([.chi2], p: p, q: q)[0]
            guard case .failure(let f) = out else { Issue.record("χ² of Δ = \(delta)σ printed \(out)"); continue }
            #expect(f == b.failure)
        }
    }

    @Test("Unbounded random densities: non-increasing beyond the monotone start, and the bound below ln(1 + χ²) by quadrature", .shrinking(false))
    func randomPairs() async {
        let families = ["normal", "laplace", "logistic", "student"]
        await checkEveryCase(20, of: RandomDensities.anyPair(families: families)) { pair in
            let p = try pair.p.withoutTruncation.density(), q = try pair.q.withoutTruncation.density()
            for d in [p, q] {
                for end in TailEnd.allCases {
                    let t = try #require(d.monotoneTail(end), "\(d.spec): no monotone \(end) tail")
                    let s: Double = end == .right ? 1 : -1
                    var previous = d.logPDF(t.start)
                    for j in 1...200 {
                        let l = d.logPDF(anchor: t.start, offset: s * t.unit * (exp2(Double(j) / 8) - 1))
                        // Rounding of two log-pdf values of size |l|.
                        #expect(l <= previous + 8 * Double.ulpOfOne * (1 + abs(l) + abs(previous)), "\(d.spec) rises at \(end) step \(j)")
                        previous = l
                    }
                }
            }
            guard case .success(let chi2) = Divergences.evaluate([.chi2], p: p, q: q)[0], chi2.isFinite else { return }
            let w = try #require(ChiSquaredTailBound.largestWindow(p: p, q: q))
            #expect(w.logBound <= log1p(chi2.value + chi2.error), "window \(w) vs χ² \(chi2)")
        }
    }

    /// Two Student-t laws of large ν with σ_p > √2σ_q: p²/q grows like a Gaussian out to
    /// |x| ~ σ√ν before the power tails make χ² finite. Before the bound, the original frame
    /// refused with GSL's round-off error on the left tail and the frame −2⁴⁰x + b with an
    /// overflow of the integrand; now both name the overflow with the same bound.
    @Test("Near-Gaussian Student-t pair: both affine frames refuse χ² with the same window bound")
    func studentPairInTwoFrames() throws {
        let s = 0x1p40, shift = 314265326658322 * 0x1p34
        let frames: [(Double, Double)] = [(1, 0), (-s, shift)]
        var bounds: [Double] = []
        for (a, b) in frames {
            let p = try StudentT(degreesOfFreedom: 3274052775518.7383, location: a * -2.28125 + b, scale: abs(a) * 2.59375)
            let q = try StudentT(degreesOfFreedom: 3608501.9159672493, location: a * 0.953125 + b, scale: abs(a) * 1.265625)
            let out = Divergences.evaluate([.chi2], p: p, q: q)[0]
            let bound = try #require(ChiSquaredTailBound(p: p, q: q))
            guard case .failure(let f) = out else { Issue.record("frame \(a)x + \(b): \(out)"); continue }
            #expect(f == bound.failure)
            bounds.append(bound.logOnePlusChiSquared)
        }
        // The grid lies at the same scale units in both frames: the bounds differ by rounding.
        #expect(abs(bounds[0] - bounds[1]) <= 1e-9 * bounds[0], "\(bounds)")
    }
}
