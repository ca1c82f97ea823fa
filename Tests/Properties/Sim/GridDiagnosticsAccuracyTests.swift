import Foundation
import PropertyBased
import Testing
import Analytic
import Sim
import TestSupport

/// Two normal densities, ρ = N(μ, σ²) (the "current" density) and ρd = N(μd, σd²) (the target),
/// on a box wide enough that every tail beyond it is below 1e-18 of the integrals compared.
struct GridDiagnosticsCase: CustomStringConvertible, Sendable {
    let mean: Double, sd: Double, targetMean: Double, targetSD: Double
    var description: String { "ρ = N(\(mean), \(sd)²), ρd = N(\(targetMean), \(targetSD)²)" }

    /// Box [−20, 20]. The widest integrand is ρ²/ρd (χ²), a Gaussian of standard deviation
    /// σ/√(2 − σ²/σd²) ≤ 1.2·1.2/√(2 − 1.44) < 2 (generator: σd ≤ 1.2, σ/σd ≤ 1.2), centred within
    /// |μ| + 2|μ − μd|/(2 − σ²/σd²) < 5 of 0: the box holds it to 7.5 of its standard deviations
    /// (tail < 1e-13 relative, and far less for the other integrands whose decay is faster).
    static let box = (lower: -20.0, upper: 20.0)

    static func generator() -> Generator<GridDiagnosticsCase, some SendableSequenceType> {
        zip(Gen.double(in: -1...1), Gen.double(in: 0.75...1.2), Gen.double(in: -1...1), Gen.double(in: 0.8...1.2))
            .map { mu, ratio, muD, sdD in
                GridDiagnosticsCase(mean: mu, sd: ratio * sdD, targetMean: muD, targetSD: sdD)
            }
    }
}

/// The grid diagnostics that `simulate` prints (``Diagnostics``: χ², KL, JS, H², TV from cell
/// averages) against Analytic's closed forms and quadrature, at a derived discretisation error.
///
/// **Derived.** Each smooth diagnostic is `D_h = h Σ φ(ρ̄ᵢ, ρ̄dᵢ)` with `φ(p, q) = q g(p/q)`, the
/// perspective of a convex g, which is jointly convex and 1-homogeneous. Cell averages are
/// averages, so Jensen gives `D_h ≤ ∫_box φ(ρ, ρd) ≤ D` on every grid (exactly). Expanding φ
/// around the cell averages, the linear term averages to 0 and the quadratic one leaves, per
/// cell, `(h²/24) Hφ[(ρ', ρd')] = (h²/24) ρd g''(u) (u')²` (the Hessian of a perspective in
/// direction (p', q') is `g''(u)(p' − u q')²/q`); the cubic term is odd in (x − xᵢ) and
/// averages to O(h⁴). So
///
/// `D − D_h = (h²/24) I_g + O(h⁴)`, `I_g = ∫ ρd g''(u) |u'|²`, `u' = u·(ln ρ − ln ρd)'`,
///
/// with `ρd g'' (u')² = 2ρ²/ρd·Δ²` (χ², g'' = 2), `ρ Δ²` (KL), `√(ρρd) Δ²/4` (H²: g = ½(√u − 1)²,
/// g'' = u^{−3/2}/4), `ρρdΔ²/(2(ρ + ρd))` (JS, g'' = 1/(2u(1+u))), Δ = (ln ρ − ln ρd)' the difference of scores.
/// A wrong constant factor c in a diagnostic makes `D − D_h = (1 − c)D + O(h²)`: with
/// h = 0.01 the ratio `(D − D_h)/((h²/24)I_g)` then moves by |1 − c|·D/(4e-6·I_g), far outside
/// the band checked here even for |1 − c| = 1e-4.
@Suite("Grid diagnostics agree with closed forms at their derived discretisation error", .stepBudget)
struct GridDiagnosticsAccuracyTests {
    enum Smooth: String, CaseIterable { case chi2, kl, hellinger2, js }

    /// `ρd g''(u) (u')²` at x, from log-densities (no overflow of ρ²/ρd in the tails).
    static func curvatureIntegrand(_ kind: Smooth, _ c: GridDiagnosticsCase, _ x: Double) -> Double {
        let lp = -0.5 * pow((x - c.mean) / c.sd, 2) - log(c.sd) - 0.5 * log(2 * Double.pi)
        let lq = -0.5 * pow((x - c.targetMean) / c.targetSD, 2) - log(c.targetSD) - 0.5 * log(2 * Double.pi)
        let delta = -(x - c.mean) / (c.sd * c.sd) + (x - c.targetMean) / (c.targetSD * c.targetSD)
        let d2 = delta * delta
        switch kind {
        case .chi2: return 2 * exp(2 * lp - lq) * d2
        case .kl: return exp(lp) * d2
        case .hellinger2: return 0.25 * exp(0.5 * (lp + lq)) * d2
        case .js:
            // g'' = 1/(2u(1+u)): ρd g'' u²Δ² = ρΔ²/(2(1 + u)), u = e^{lp − lq}.
            return exp(lp) / (2 * (1 + exp(lp - lq))) * d2
        }
    }

    /// The exact divergence on the line: closed forms for χ², KL, H² (independent of any
    /// quadrature); Analytic's adaptive quadrature for JS (its error estimate is returned and
    /// added to the band).
    static func reference(_ kind: Smooth, _ c: GridDiagnosticsCase) throws -> (value: Double, error: Double) {
        let p = try Normal(mean: c.mean, standardDeviation: c.sd)
        let q = try Normal(mean: c.targetMean, standardDeviation: c.targetSD)
        switch kind {
        case .chi2: return (GaussianClosedForms.chi2(p, q), 0)
        case .kl: return (GaussianClosedForms.kl(p, q), 0)
        case .hellinger2: return (GaussianClosedForms.hellinger2(p, q), 0)
        case .js:
            // JS(ρd, ρ) is symmetric in its arguments.
            let r = try Divergences.compute(.js, p: p, q: q)
            return (r.value, r.error)
        }
    }

    static func diagnostic(_ kind: Smooth, _ d: Diagnostics) -> Double {
        switch kind {
        case .chi2: return d.chi2
        case .kl: return d.kl
        case .hellinger2: return d.hellinger2
        case .js: return d.js
        }
    }

    static func diagnostics(_ c: GridDiagnosticsCase, cells: Int) throws -> Diagnostics {
        let target = try Normal(mean: c.targetMean, standardDeviation: c.targetSD)
        let rho = try Normal(mean: c.mean, standardDeviation: c.sd)
        let problem = try FlowProblem(target: target, lower: GridDiagnosticsCase.box.lower,
                                      upper: GridDiagnosticsCase.box.upper, cells: cells)
        return Diagnostics(density: try problem.initialAverages(of: rho), problem: problem)
    }

    /// For h = 0.01 and 0.005 (4000 and 8000 cells on [−20, 20]): `D_h ≤ D` (Jensen, up to the
    /// round-off of the two sums, 1e-12 here) and `(D − D_h)/((h²/24) I_g) = 1 + O(h²)`.
    /// Band: the O(h⁴) remainder relative to the h² term is `O(h²/ℓ²)` with ℓ ≥ 0.6 the smallest
    /// length scale of the integrands (σ ≥ 0.6; the score difference is linear), i.e. a few
    /// 1e-4 at h = 0.01 with an O(1)–O(10) constant (the fourth-derivative terms carry factors
    /// up to 4!/… of (x/ℓ)⁴ moments): 2e-2 leaves room for a constant of 50; the references'
    /// errors (closed forms: a few ε; JS: its quadrature estimate, ≤ 1e-10 relative) and the
    /// sums' round-off (N·ε·D ≤ 2e-12) are added, relative to `(h²/24)I_g ≥ 1e-7` here.
    @Test("χ², KL, H², JS from cell averages: D − D_h = (h²/24)∫ρd g''(u)|u'|² + O(h⁴), and D_h ≤ D",
          .shrinking(false))
    func smoothDiagnostics() async {
        await propertyCheck(count: 12, input: GridDiagnosticsCase.generator()) { c in
            failOnThrow("\(c)") {
                // Centres and ± one standard deviation: Quadrature.integrate scales its two
                // tails by the outermost gaps, and with the centres alone (two means 1.9e-4
                // apart) QAGIL failed with a round-off error on a tail of length scale ~1.
                let breakpoints = [c.mean - c.sd, c.mean, c.mean + c.sd,
                                   c.targetMean - c.targetSD, c.targetMean, c.targetMean + c.targetSD]
                var worst = 0.0
                defer { print("grid diagnostics \(c): largest |(D − D_h)/((h²/24)I_g) − 1| = \(worst)") }
                for cells in [4000, 8000] {
                    let d = try Self.diagnostics(c, cells: cells)
                    let h = (GridDiagnosticsCase.box.upper - GridDiagnosticsCase.box.lower) / Double(cells)
                    for kind in Smooth.allCases {
                        let exact = try Self.reference(kind, c)
                        let i = try Quadrature.integrate({ Self.curvatureIntegrand(kind, c, $0) },
                                                         breakpoints: breakpoints,
                                                         tolerance: QuadratureTolerance(absolute: 1e-14, relative: 1e-9))
                        let predicted = h * h / 24 * i.value
                        let grid = Self.diagnostic(kind, d)
                        let slack = exact.error + i.error * h * h / 24 + 64 * Double(cells) * Double.ulpOfOne * max(exact.value, 1e-3)
                        #expect(grid <= exact.value + slack,
                                "\(kind) at \(cells) cells: grid value \(grid) exceeds the exact \(exact.value) (Jensen: D_h ≤ D)")
                        let ratio = (exact.value - grid) / predicted
                        worst = max(worst, abs(ratio - 1))
                        #expect(abs(ratio - 1) <= 2e-2 + slack / predicted,
                                "\(kind) at \(cells) cells: (D − D_h)/((h²/24)I_g) = \(ratio), not 1 ± 2e-2: grid \(grid), exact \(exact.value), predicted gap \(predicted) — a wrong factor in the grid diagnostic?")
                    }
                }
            }
        }
    }

    /// TV is not smooth (|·| at the crossings of ρ and ρd), so its error is bounded, not
    /// expanded (derived): with g = ρ − ρd and exact cell averages, a cell where g keeps its
    /// sign contributes exactly (|∫g| = ∫|g|); a cell holding a root x₀ of g loses
    /// `∫|g| − |∫g| = 2 min(∫g⁺, ∫g⁻) ≤ 2·L(h/2)²/2`, L = sup|g'|, because on either side of x₀
    /// `|g| ≤ L|x − x₀|`. Two normals cross at most twice (ln ρ − ln ρd is quadratic), and
    /// `sup|φ_σ'| = φ(1)/σ²` with φ(1) = e^{−½}/√(2π), so
    /// `0 ≤ TV − TV_h ≤ 2 · ½ · L h²/4 = L h²/4`, `L = φ(1)(1/σ² + 1/σd²)`, plus the tails outside
    /// the box (< 1e-40 here) and the reference's quadrature error and the sum's round-off.
    @Test("TV from cell averages: 0 ≤ TV − TV_h ≤ L h²/4 (at most two crossings, L = sup|ρ' − ρd'|)",
          .shrinking(false))
    func totalVariation() async {
        await propertyCheck(count: 20, input: GridDiagnosticsCase.generator()) { c in
            failOnThrow("\(c)") {
                let p = try Normal(mean: c.mean, standardDeviation: c.sd)
                let q = try Normal(mean: c.targetMean, standardDeviation: c.targetSD)
                let exact = try Divergences.compute(.tv, p: p, q: q)
                let lipschitz = exp(-0.5) / (2 * Double.pi).squareRoot() * (1 / p.variance + 1 / q.variance)
                for cells in [400, 1600] {
                    let h = (GridDiagnosticsCase.box.upper - GridDiagnosticsCase.box.lower) / Double(cells)
                    let tv = try Self.diagnostics(c, cells: cells).tv
                    let slack = exact.error + 64 * Double(cells) * Double.ulpOfOne
                    #expect(tv <= exact.value + slack, "\(cells) cells: TV_h = \(tv) > TV = \(exact.value)")
                    #expect(exact.value - tv <= lipschitz * h * h / 4 + slack,
                            "\(cells) cells: TV − TV_h = \(exact.value - tv) > L h²/4 = \(lipschitz * h * h / 4) (TV_h \(tv), TV \(exact.value)) — a wrong factor in the grid TV?")
                }
            }
        }
    }
}
