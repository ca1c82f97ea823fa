import Testing
import PropertyBased
import TestSupport
import Sim
import Verification

/// D4 (derived), discrete form: implicit Euler with a monotone Ψ is an L¹ contraction
/// (T-contraction of a monotone implicit scheme): two solutions stepped with the same Δt
/// satisfy ‖ρⁿ⁺¹ − σⁿ⁺¹‖₁ ≤ ‖ρⁿ − σⁿ‖₁, for any Δt — the discrete mechanism behind
/// uniqueness (P5). Implicit Euler only.
/// Shrinking is off in this suite: each case runs a solver, and shrinking a failure would
/// re-run it hundreds of times; the failing input and seed are printed either way.
@Suite("L1 contraction (D4)", .stepBudget)
struct L1ContractionTests {
    /// Tolerance: each iterate is within ‖r‖₁ of its exact implicit-Euler solution
    /// (M-matrix with column sums 1), so the distance can exceed the contraction by
    /// ‖r_ρ‖₁ + ‖r_σ‖₁, plus the round-off of the two ℓ¹ sums (2Nε times their size).
    @Test("Implicit Euler: ‖ρ − σ‖₁ non-increasing for two random initial densities, same Δt", .shrinking(false))
    func contraction() async {
        await checkEveryCase(25, of: RandomFlowProblems.cases()) { c in
            var (p, a) = try c.implicitEulerStepper()
            var (_, b) = try c.implicitEulerStepper(from: try c.otherAverages(p))
            let h = p.grid.spacing
            var distance = StepBounds.l1(zip(a.density, b.density).map { $0 - $1 }, h)
            // D4 needs the two solutions on the same time grid. A fixed step is cut
            // (Newton fallback) when Newton fails for one start only; then both are rolled
            // back (FlowStepper is a value) and step to the earlier of the two times — again
            // until they agree, since the shorter step can fail for the other start in turn
            // (a soak failure: 146 → 256 cut to 174 for one start). Each retry's end is
            // strictly earlier, and every cut counts against the step budget.
            var steps = 0
            for k in 1...20 {
                let goal = Double(k) * c.step
                while a.time < goal {
                    let (a0, b0) = (a, b)
                    var ra = try a.step(notBeyond: goal)
                    var rb = try b.step(notBeyond: goal)
                    while ra.time != rb.time {
                        (a, b) = (a0, b0)
                        let common = min(ra.time, rb.time)
                        ra = try a.step(notBeyond: common)
                        rb = try b.step(notBeyond: common)
                    }
                    #expect(ra.step == rb.step && ra.time == rb.time, "steps differ: \(ra.step) vs \(rb.step)")
                    steps += 1
                    let next = StepBounds.l1(zip(a.density, b.density).map { $0 - $1 }, h)
                    let size = StepBounds.l1(a.density, h) + StepBounds.l1(b.density, h)
                    let tol = StepBounds.l1(a.lastResidual, h) + StepBounds.l1(b.lastResidual, h)
                        + 2 * Double(p.grid.cells) * Double.ulpOfOne * size
                    #expect(next <= distance + tol, "step \(steps) (t = \(a.time)): ‖ρ − σ‖₁ \(distance) → \(next), allowed rise \(tol)")
                    distance = next
                }
            }
        }
    }
}
