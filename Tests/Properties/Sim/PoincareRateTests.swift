import Testing
import PropertyBased
import TestSupport
import Sim
import Verification

/// D6 (derived), discrete form: with C_P^h from the generalised eigenproblem of the scheme's
/// weights and M = max u₀ (A2: the generator bounds u₀), implicit Euler satisfies
/// χ²ₙ₊₁ ≤ χ²ₙ / (1 + Δtₙ/(C_P^h(1+M))) at every step. Proof: convexity gives
/// χ²ₙ₊₁ − χ²ₙ ≤ −2Δt Σ h w ΔΨ Δu + h Σ 2(uᵢ − 1)rᵢ, Ψ' ≥ 1/(2(1+M)) on [0, M] (maximum
/// principle), and Σ ρd_f(Δu)²/h ≥ Var_h(u)/C_P^h = χ²ₙ₊₁/C_P^h when the masses are equal.
/// Implicit Euler only.
/// Shrinking is off in this suite: each case runs a solver, and shrinking a failure would
/// re-run it hundreds of times; the failing input and seed are printed either way.
@Suite("Discrete Poincaré rate (D6)", .stepBudget)
struct PoincareRateTests {
    /// Tolerance: the residual term h Σ|2(uᵢ − 1) rᵢ|; the mass defect (Σhρ − Σhρd)²·Δt/(C(1+M))
    /// (Var = χ² − defect²); the round-off of χ² ((8 + N)ε·h Σ ρd(u² + 1), twice). C is an upper
    /// bound on C_P^h from ``PoincareCertificate`` (an inertia count, accurate to a few ε
    /// relative however graded ρd is), not the dense eigen-solve, whose error ε·λ_max/λ₁
    /// relative (λ_max ≤ 4 max w / min ρdᵢ) is not small for the graded targets drawn here.
    @Test("Implicit Euler: χ² contracts by 1/(1 + Δt/(C_P^h(1+M))) at every step, random targets, bounded u₀", .shrinking(false))
    func productBound() async {
        await checkEveryBoundedRatioStart(20) { c, start in
            var chi = start.chi2, s = try start.stepper(.implicitEuler(.fixed(c.step)))
            for k in 1...20 {
                let (factor, tol) = start.poincareStep(try s.step(notBeyond: Double(k) * c.step), of: s)
                let next = s.diagnostics.chi2
                #expect(next * (1 + factor) <= chi + tol,
                        "step \(k): χ² \(chi) → \(next), bound \(chi / (1 + factor)), C_P^h \(start.poincare), M \(start.ratioBound)")
                chi = next
            }
        }
    }
}
