import Testing
import PropertyBased
import TestSupport
import Sim
import Verification

/// D3 (derived): the finite-volume scheme conserves mass and keeps ρ ≥ 0.
/// Shrinking is off in this suite: each case runs a solver, and shrinking a failure would
/// re-run it hundreds of times; the failing input and seed are printed either way.
@Suite("Flow conservation (D3)", .stepBudget)
struct FlowConservationTests {
    /// Mass change per step = h Σ(ρⁿ⁺¹ − ρⁿ) = h Σ rᵢ/a₀ + Δt h Σ Fᵢ, and Σ Fᵢ telescopes to 0
    /// up to the round-off of summing N fluxes: |Δmass| ≤ ‖r‖₁/a₀ + 4Nε(mass + Δt h Σ|Fᵢ|).
    /// Positivity: the Newton matrix a₀I − Δt∂F is an M-matrix with column sums a₀, so
    /// ‖ρ − ρ*‖₁ ≤ ‖r‖₁/a₀ (to first order) about the exact implicit-Euler solution ρ* ≥ 0
    /// (discrete maximum principle): h ρᵢ ≥ −‖r‖₁/a₀.
    @Test("Implicit Euler: mass conserved to the Newton residual and ρ ≥ 0, at every step, any Δt", .shrinking(false))
    func implicitEuler() async {
        await checkEveryImplicitEulerStep(cases: 25, steps: 20) { s in
            let h = s.problem.grid.spacing, before = s.before, after = s.after, res = s.residual
            let mass0 = StepBounds.l1(before, h)
            let flux = h * after.indices.reduce(0.0) { $0 + abs(after[$1] - before[$1] - res[$1]) }
            let tol = StepBounds.l1(res, h) + 4 * Double(s.problem.grid.cells) * Double.ulpOfOne * (mass0 + flux)
            #expect(abs(h * after.reduce(0, +) - h * before.reduce(0, +)) <= tol, "step \(s.number), Δt \(s.record.step)")
            #expect(h * (after.min() ?? 0) >= -StepBounds.l1(res, h), "step \(s.number): min ρ \(after.min() ?? 0)")
        }
    }

    @Test("BDF2 (adaptive): mass conserved to the Newton residual at every step", .shrinking(false))
    func bdf2() async {
        await checkEveryCase(15, of: RandomFlowProblems.cases()) { c in
            let p = try c.problem()
            var s = try FlowStepper(problem: p, initial: try c.initialAverages(p), stepping: .bdf2(.adaptive(tolerance: 1e-7)))
            s.recordsEnergy = false
            let h = p.grid.spacing
            var total = 0.0
            let m0 = h * s.density.reduce(0, +)
            while s.time < 5 {
                let before = s.density
                _ = try s.step(notBeyond: 5)
                // BDF2 with ratio ω: a₀ρⁿ⁺¹ − (1+ω)ρⁿ + ω²/(1+ω)ρⁿ⁻¹ − ΔtF = r and Σ Fᵢ = 0, so the
                // mass increments δₙ obey δₙ₊₁ = ω²/(1+2ω) δₙ + (1+ω)/(1+2ω) Σh rᵢ; with ω ≤ 2 the
                // factor is ≤ 0.8, so the total drift is ≤ Σ|δ| ≤ 5 Σ(‖r‖₁ + round-off), the
                // round-off of each step's sums being ≤ 8Nε·h Σ(|ρⁿ⁺¹| + |ρⁿ|).
                total += StepBounds.massDriftPerStep(before: before, after: s.density, residual: s.lastResidual, spacing: h)
                #expect(abs(h * s.density.reduce(0, +) - m0) <= 5 * total, "t = \(s.time)")
            }
        }
    }
}
