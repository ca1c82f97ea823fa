import Foundation
import PropertyBased
import Testing
import Analytic
import Sim
import TestSupport

/// The bandwidth rules (``BandwidthRule``) against their definitions, and the Gaussian KDE
/// (``KernelDensity1D``) with the rule's bandwidth against its exact expectation.
@Suite("KDE bandwidth rules and the KDE's h² bias", .stepBudget)
struct BandwidthRuleTests {
    static func silverman(sd: Double, iqr: Double, n: Int) -> Double { 0.9 * min(sd, iqr / 1.34) * pow(Double(n), -0.2) }
    static func scott(sd: Double, n: Int) -> Double { 1.06 * sd * pow(Double(n), -0.2) }

    /// Samples of known spread, in closed form. N equally spaced points a + jd (j = 0…N−1) have
    /// sample standard deviation d√(N(N+1)/12) and (type-7 quantiles, linear in the index)
    /// IQR = (N−1)d/2; for N ≥ 10 the standard deviation is the smaller spread. Adding two far
    /// outliers ±R (R = 10⁴Nd) leaves the type-7 quartiles at a + ((N+1)/4 − 1)d and
    /// a + (3(N+1)/4 − 1)d, IQR = (N+1)d/2, while the standard deviation becomes ~R√(2/N): the
    /// IQR branch. Relative tolerance 1e-10: the points a + jd are rounded by ε|a + jd| ≤ 6ε·max(1, Nd)
    /// each, i.e. relative to the spacing d up to 6ε·5/0.001 ≈ 7e-12 (|a| ≤ 5, d ≥ 0.001), and the sums
    /// of ≤ 5000 terms add Nε ≈ 1e-12 — a rule off by any factor ≠ 1 beyond 1e-10 fails.
    @Test("Silverman and Scott on samples of known spread (both branches of Silverman's min), 1D and 2D",
          .shrinking(false))
    func knownSpread() async {
        let input = zip(Gen.int(in: 10...5000), Gen.double(in: -5...5), Gen.double(in: 0.001...10))
        await propertyCheck(count: 100, input: input) { n, a, d in
            failOnThrow("N = \(n), a = \(a), d = \(d)") {
                let even = (0..<n).map { a + Double($0) * d }
                let sd = d * (Double(n) * Double(n + 1) / 12).squareRoot()
                let tol = 1e-10
                let hs = try BandwidthRule.silverman.bandwidth(even)
                let hc = try BandwidthRule.scott.bandwidth(even)
                let es = Self.silverman(sd: sd, iqr: Double(n - 1) * d / 2, n: n)
                let ec = Self.scott(sd: sd, n: n)
                #expect(abs(hs / es - 1) <= tol, "Silverman on \(n) equally spaced points (spacing \(d)): h = \(hs), rule gives \(es)")
                #expect(abs(hc / ec - 1) <= tol, "Scott on \(n) equally spaced points (spacing \(d)): h = \(hc), rule gives \(ec)")
                let r = 1e4 * Double(n) * d
                let withOutliers = [a - r] + even + [a + r]
                let m = n + 2
                let es2 = 0.9 * (Double(n + 1) * d / 2) / 1.34 * pow(Double(m), -0.2)
                let hs2 = try BandwidthRule.silverman.bandwidth(withOutliers)
                #expect(abs(hs2 / es2 - 1) <= 1e-10, "Silverman with two outliers (IQR branch), N = \(m): h = \(hs2), rule gives \(es2)")
                // 2D normal-reference rule h_j = σ̂_j N^(−1/6), per axis.
                let pts = even.enumerated().map { SIMD2($0.element, a - 3 * Double($0.offset) * d) }
                let h2 = try BandwidthRule.silverman.bandwidth(pts)
                let e2 = SIMD2(sd, 3 * sd) * pow(Double(n), -1.0 / 6)
                #expect(abs(h2.x / e2.x - 1) <= tol && abs(h2.y / e2.y - 1) <= tol, "2D rule on \(n) points: h = \(h2), rule gives \(e2)")
                let h2s = try BandwidthRule.scott.bandwidth(pts)
                #expect(abs(h2s.x / e2.x - 1) <= tol && abs(h2s.y / e2.y - 1) <= tol, "2D Scott on \(n) points: h = \(h2s), rule gives \(e2)")
            }
        }
    }

    /// **Derived.** The expectation of a Gaussian KDE of N(μ, s²) with bandwidth h is the
    /// convolution N(μ, s² + h²) — its bias `φ_{√(s²+h²)} − φ_s = (h²/2)ρ'' + O(h⁴)` is the h²
    /// theory in closed form. Quantile samples `xⱼ = μ + sΦ⁻¹((j − ½)/N)` make the KDE the
    /// midpoint rule, in p = F(y), for that convolution: `ρ̂(x) = (1/N)Σ g(pⱼ)`,
    /// `g(p) = K_h(x − Q(p))`. Its error is at most `(1/(8N²))∫₀¹|g''(p)|dp` (Peano kernel of the
    /// midpoint rule, ≤ w²/8 per cell of width w = 1/N), and with y = Q(p)
    /// `∫|g''|dp = ∫ |G'' + G'(y − μ)/s²| / ρ(y) dy`, G(y) = K_h(x − y): finite for h < s, and
    /// computed here by quadrature (tolerance 1e-6 relative, doubled for safety). With the
    /// rule's h ≈ 0.2s at N = 1000, this bound is ~1e-5 of ρ̂ while the bias is ~2 % of it:
    /// a bandwidth off by a factor c moves ρ̂ by ≈ (c² − 1)·2 %, and a wrong KDE normalisation
    /// by its factor.
    @Test("KDE of quantile samples with the rule's bandwidth = the exact smoothed density N(μ, s² + h²) within the midpoint bound",
          .shrinking(false), arguments: [BandwidthRule.silverman, .scott])
    func kdeBias(rule: BandwidthRule) async {
        let input = zip(Gen.int(in: 500...2000), Gen.double(in: -3...3), Gen.double(in: 0.2...5), Gen.double(in: -1.5...1.5))
        await propertyCheck(count: 20, input: input) { n, mu, s, offset in
            failOnThrow("\(rule), N = \(n), μ = \(mu), s = \(s), x = μ + \(offset)s") {
                let std = try Normal(mean: 0, standardDeviation: 1)
                let x = try (1...n).map { mu + s * (try std.quantile((Double($0) - 0.5) / Double(n))) }
                // The rule's definition on these points, computed here (two-pass mean and sd).
                let mean = x.reduce(0, +) / Double(n)
                let sd = (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot()
                let lo = (Double(n - 1) * 0.25), hi = (Double(n - 1) * 0.75)
                func q(_ pos: Double) -> Double {
                    let i = Int(pos.rounded(.down)), f = pos - Double(i)
                    return x[i] * (1 - f) + x[min(i + 1, n - 1)] * f
                }
                let h = rule == .scott ? Self.scott(sd: sd, n: n) : Self.silverman(sd: sd, iqr: q(hi) - q(lo), n: n)
                let kde = try KernelDensity1D(points: x, bandwidth: try rule.bandwidth(x))
                let at = mu + offset * s
                let v = s * s + h * h
                let expected = exp(-0.5 * (at - mu) * (at - mu) / v) / (2 * Double.pi * v).squareRoot()
                // ∫|g''|dp in y, from logs: G/ρ = (s/h)·exp(−(x−y)²/(2h²) + (y−μ)²/(2s²)).
                let peano = try Quadrature.integrate({ y in
                    let r = at - y, c = y - mu
                    let ratio = s / h * exp(-0.5 * r * r / (h * h) + 0.5 * c * c / (s * s))
                    return ratio * abs(r * r / (h * h * h * h) - 1 / (h * h) + r * c / (h * h * s * s))
                }, breakpoints: [at - h, at, at + h, mu - s, mu, mu + s], tolerance: QuadratureTolerance(absolute: 1e-300, relative: 1e-6))
                let bound = 2 * peano.value / (8 * Double(n) * Double(n)) + 64 * Double(n) * Double.ulpOfOne * expected
                let got = kde.evaluate(at).density
                #expect(abs(got - expected) <= bound,
                        "KDE(\(at)) = \(got), exact smoothed density N(μ, s² + h²) = \(expected) with the rule's h = \(h) (KDE used \(kde.bandwidth)); midpoint bound \(bound); unsmoothed ρ = \(exp(-0.5 * offset * offset) / (s * (2 * Double.pi).squareRoot()))")
            }
        }
    }
}
