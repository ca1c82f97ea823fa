import Testing
import PropertyBased
import TestSupport
import Sim
import Verification

/// D3 (derived), discrete form: for implicit Euler, at the cell where uⁿ⁺¹ is largest every
/// Ψ difference to its neighbours is ≤ 0, so ρdᵢ(uᵢⁿ⁺¹ − uᵢⁿ) ≤ 0 there: max u never grows,
/// and min u never falls, for any Δt. Implicit Euler only (BDF2 is not monotone).
/// Shrinking is off in this suite: each case runs a solver, and shrinking a failure would
/// re-run it hundreds of times; the failing input and seed are printed either way.
@Suite("Maximum principle (D3)", .stepBudget)
struct MaximumPrincipleTests {
    /// Tolerance per cell: the accepted iterate differs from the exact implicit-Euler
    /// solution by ‖r‖₁ in h-weighted ℓ¹ (M-matrix with column sums 1), hence by at most
    /// ‖r‖₁/h in ρᵢ and ‖r‖₁/(h ρdᵢ) in uᵢ; plus 4ε relative round-off of uᵢ = ρᵢ/ρdᵢ.
    @Test("Implicit Euler: min and max of u stay within their previous range at every step", .shrinking(false))
    func maximumPrinciple() async {
        await checkEveryImplicitEulerStep(cases: 25, steps: 20) { s in
            let h = s.problem.grid.spacing, inv = s.problem.inverseTargetAverages
            let u = s.before.indices.map { s.before[$0] * inv[$0] }
            let hi = u.max()!, lo = u.min()!
            let newton = StepBounds.l1(s.residual, h) / h
            let next = s.after.indices.map { s.after[$0] * inv[$0] }
            for i in next.indices {
                let tol = newton * inv[i] + 4 * Double.ulpOfOne * max(abs(next[i]), hi)
                #expect(next[i] <= hi + tol, "step \(s.number), cell \(i): u \(next[i]) > previous max \(hi)")
                #expect(next[i] >= lo - tol, "step \(s.number), cell \(i): u \(next[i]) < previous min \(lo)")
            }
        }
    }
}
