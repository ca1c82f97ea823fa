import Testing
import PropertyBased
import TestSupport
import Analytic
import CGSL
import Foundation

/// Every quadrature ends: GSL's CQUAD has no iteration limit of its own (it refined χ²
/// between two concentrated betas for minutes, and hung a CI run), so ganflow caps its
/// evaluations in C, and every divergence draws its evaluations from one budget.
@Suite("Quadrature always ends: CQUAD's evaluation cap and the divergence evaluation budget")
struct QuadratureBudgetTests {
    /// sin(1/x) on [0.02, 1]: eight oscillations crowded against the left end, which CQUAD
    /// needs many evaluations to resolve to 1e-13.
    static func oscillating(_ x: Double) -> Double { sin(1 / x) }
    static let tight = QuadratureTolerance(absolute: 0, relative: 1e-13)

    @Test("The cap does not change a converging CQUAD run (same value, same count) and stops it one evaluation short")
    func cquadCap() throws {
        let free = try Quadrature.cquad(Self.oscillating, from: 0.02, to: 1, tolerance: Self.tight)
        #expect(free.evaluations > 100 && free.evaluations < 1_000_000, "\(free)")
        // A cap equal to the need: the run is unchanged, to the bit.
        let exact = try Quadrature.cquad(Self.oscillating, from: 0.02, to: 1, tolerance: Self.tight,
                                         evaluationLimit: free.evaluations)
        #expect(exact == free, "\(exact) vs \(free)")
        // One evaluation fewer: GSL_EMAXITER naming the cap, never a value.
        #expect {
            _ = try Quadrature.cquad(Self.oscillating, from: 0.02, to: 1, tolerance: Self.tight,
                                     evaluationLimit: free.evaluations - 1)
        } throws: { error in
            guard let e = error as? GSLError else { return false }
            return e.code == GSL_EMAXITER && e.context.contains("\(free.evaluations - 1) integrand evaluations")
        }
    }

    @Test("A spent budget throws Exhausted and evaluates the integrand no further; a sufficient one gives the value")
    func budgetAcrossPieces() throws {
        let pieces: [AnchoredQuadrature.Piece] = (0..<8).map { .finite(anchor: Double($0), width: 1) }
        nonisolated(unsafe) var calls = 0
        let g: AnchoredQuadrature.Integrand = { a, t in calls += 1; return exp(-(a + t)) }
        let small = EvaluationBudget(limit: 30)
        #expect(throws: EvaluationBudget.Exhausted(limit: 30)) {
            _ = try AnchoredQuadrature.integrate(g, over: pieces, tolerance: .standard, budget: small)
        }
        // The integrand itself is never evaluated past the limit (QAGS's rule runs on
        // the zeros the budget returns until it ends; the result is discarded).
        #expect(calls == 30 && small.used > 30, "calls \(calls), asked \(small.used)")
        let big = EvaluationBudget()
        let r = try AnchoredQuadrature.integrate(g, over: pieces, tolerance: .standard, budget: big)
        // ∫₀⁸ e^{−x} dx = 1 − e^{−8}; GSL's estimate plus the rounding of eight sums.
        let exact = -expm1(-8.0)
        #expect(abs(r.value - exact) <= r.error + 16 * Double.ulpOfOne, "\(r) vs \(exact)")
        #expect(big.used == r.evaluations && !big.isExhausted)
    }

    /// ln(1 + χ²(beta(a₁,b₁)‖beta(a₂,b₂))) in closed form, with its own error, or nil where
    /// χ² is infinite. Derived from the beta integral: with A = 2a₁ − a₂ > 0 and B = 2b₁ − b₂ > 0,
    /// ln(1 + χ²) = ln B(A, B) + ln B(a₂, b₂) − 2 ln B(a₁, b₁); otherwise ∫p²/q diverges at an
    /// end (docs/MATH.md §4.1). The error: GSL's estimates of the three ln B plus 8ε per term
    /// of a sum whose terms (up to ~1e11 here) cancel.
    static func closedForm(_ c: BetaPair) throws -> (value: Double, error: Double)? {
        let aa = 2 * c.a1 - c.a2, bb = 2 * c.b1 - c.b2
        guard aa > 0, bb > 0 else { return nil }
        let t = [try SpecialFunctions.logBeta(aa, bb), try SpecialFunctions.logBeta(c.a2, c.b2),
                 try SpecialFunctions.logBeta(c.a1, c.b1)]
        return (t[0].value + t[1].value - 2 * t[2].value,
                t[0].error + t[1].error + 2 * t[2].error
                    + 8 * Double.ulpOfOne * (abs(t[0].value) + abs(t[1].value) + 2 * abs(t[2].value)))
    }

    @Test("χ² of concentrated betas ends within the budget: a value on the closed form, an infinity where it is infinite, or an overflow the closed form confirms",
          .shrinking(false))
    func concentratedChiSquared() async {
        // Concentrated beta pairs: shapes log-uniform in [1e5, 1e10], the second within a
        // factor 10 of the first. Their χ² is mostly astronomically large.
        await checkEveryCase(12, of: DivergenceEdgeTests.betaPairs(5, 10)) { c in
            let out = Divergences.evaluate([.chi2], p: try Beta(c.a1, c.b1), q: try Beta(c.a2, c.b2))[0]
            let exact = try Self.closedForm(c)
            switch (out, exact) {
            case (.success(let r), nil):
                #expect(!r.isFinite, "\(c): χ² is infinite by the end-point rule, got \(r)")
            case (.success(let r), let e?):
                // |Δ ln(1 + χ²)| ≤ err/(1 + χ²) + the closed form's error (+ 2ε for log1p).
                #expect(r.isFinite && abs(log1p(r.value) - e.value) <= r.error / (1 + r.value) + e.error + 2 * Double.ulpOfOne * e.value,
                        "\(c): \(r) vs e^\(e.value) − 1")
            case (.failure(let f), nil):
                Issue.record("\(c): χ² is infinite by the end-point rule, but refused: \(f)")
            case (.failure(let f), let e?):
                // An overflow claim must be true: ln(1 + χ²) beyond ln of the largest double.
                #expect(f.reason.contains("overflow") && e.value + e.error > log(Double.greatestFiniteMagnitude),
                        "\(c): refused (\(f)) but ln(1 + χ²) = \(e.value) ± \(e.error)")
            }
        }
    }

    @Test("The pair that hung CI: χ²(beta(7713432246.916048, 348465.6868163259)‖beta(1e10, 111323.70891016668)) is an overflow in both orientations, and KL's bound on it holds")
    func pairThatHung() throws {
        let a1 = 7713432246.916048, b1 = 348465.6868163259, a2 = 1e10, b2 = 111323.70891016668
        for (p, q) in [(try Beta(a1, b1), try Beta(a2, b2)), (try Beta(b1, a1), try Beta(b2, a2))] {
            let out = Divergences.evaluate([.chi2, .kl], p: p, q: q)
            guard case .failure(let f) = out[0], case .success(let kl) = out[1] else {
                Issue.record("expected χ² refused and KL computed: \(out)"); continue
            }
            // The beta–beta closed form decides the overflow before any quadrature
            // (``BetaChiSquared``); KL's Jensen bound, the verdict for other pairs, must agree.
            #expect(f.reason.contains("overflow"), "\(f)")
            let bound = try #require(ChiSquaredBound(kl: kl))
            // ln(1 + χ²) = 353946.196… by the closed form (also 50-digit mpmath): the bound
            // 184502.2 lies below it, as Jensen's inequality says, by far more than either's error.
            let exact = try #require(try Self.closedForm(BetaPair(a1: p.a, b1: p.b, a2: q.a, b2: q.b)))
            #expect(bound.logOnePlusChiSquared <= exact.value - exact.error, "bound \(bound) vs \(exact)")
        }
    }
}
