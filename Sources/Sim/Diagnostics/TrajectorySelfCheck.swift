import Foundation

/// D3 (derived) on a computed finite-volume trajectory, run by `ganflow simulate` before it
/// prints: every snapshot conserves the first snapshot's mass, has no negative cell average,
/// and keeps u = ρ/ρd within the first snapshot's range, each up to a stated bound:
///
/// - mass: `|m(t) − m(t₀)| ≤ 5 Σₙ rₙ + 2(N + 8)ε(‖ρ(t₀)‖₁ + ‖ρ(t)‖₁)`, rₙ the accepted Newton
///   residual norms up to t: a step changes the mass by `h Σ Gᵢ ≤ ‖G‖` (one-step formulas and
///   the variable-order table, whose difference rows carry no mass), and BDF2 carries a change
///   on with factor ω²/(1+2ω) ≤ 0.8, so its total is at most 5 Σ rₙ;
/// - positivity: `ρᵢ ≥ −16ε max ρ` (``StructureGuard/floor(maximum:)``);
/// - maximum principle: `inf u₀ ρdᵢ(1 − 4ε) − τ ≤ ρᵢ ≤ sup u₀ ρdᵢ(1 + 4ε) + τ`, τ the positivity floor.
///
/// A manufactured source breaks all three; such problems are not checked.
public enum TrajectorySelfCheck {
    /// Throws ``FlowError/structureViolated(time:violation:)`` naming the first violated property.
    public static func verify(_ trajectory: Trajectory, problem: FlowProblem) throws {
        guard problem.source == nil, let first = trajectory.snapshots.first else { return }
        let system = FiniteVolumeSystem(problem: problem)
        let a = system.monitoredState(first.density)
        let n = problem.grid.cells
        var residuals = 0.0
        var stepIndex = 0
        for s in trajectory.snapshots {
            while stepIndex < trajectory.steps.count, trajectory.steps[stepIndex].time <= s.time {
                let r = trajectory.steps[stepIndex].residual
                residuals += r.isFinite ? r : .infinity
                stepIndex += 1
            }
            let b = system.monitoredState(s.density)
            let tau = StructureGuard.floor(maximum: b.maximum)
            if !(b.minimum >= -tau) {
                throw FlowError.structureViolated(time: s.time, violation: StructureViolation.negativeDensity(minimum: b.minimum, floor: tau).description)
            }
            let excess = system.principleExcess(s.density, range: a.uMinimum, a.uMaximum)
            if !(excess <= tau) {
                let v = StructureViolation.maximumPrinciple(excess: excess, floor: tau, range: min(a.uMinimum, a.uMaximum)...a.uMaximum)
                throw FlowError.structureViolated(time: s.time, violation: v.description)
            }
            let bound = 5 * residuals + 2 * Double(n + 8) * Double.ulpOfOne * (a.absoluteMass + b.absoluteMass)
            let dm = b.mass - a.mass
            if !(abs(dm) <= bound) {
                throw FlowError.structureViolated(time: s.time, violation: StructureViolation.massChange(change: dm, bound: bound).description)
            }
        }
    }
}
