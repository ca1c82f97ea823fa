import Testing
import Foundation
import Analytic
import TestSupport
import Sim
import Verification

/// D2 and D3 (derived) at every accepted step of every default solver run: for the
/// two-point-flux scheme implicit Euler keeps positivity, the maximum principle, the mass
/// and every convex functional non-increasing for any step, and the integrators' structure
/// guard retries any higher-order step that does not. Checked by the test's own evaluation
/// (``StepStructureCheck``: the functionals of `ganflow check`, each comparison allowing only
/// the round-off of the figures compared), on the scenarios where the defaults once broke them.
@Suite("Structure kept at every accepted step by default (D2, D3)", .stepBudget)
struct StructureByDefaultTests {
    struct Case: Sendable, CustomStringConvertible {
        let scenario: HostileFlowScenario
        let flow: FlowDivergence
        let integrator: DefaultIntegrator
        var description: String { "\(scenario.name), \(flow), \(integrator.rawValue)" }
    }

    static let cases: [Case] = HostileFlowScenario.all.flatMap { s in
        FlowDivergence.allCases.flatMap { f in DefaultIntegrator.allCases.map { Case(scenario: s, flow: f, integrator: $0) } }
    }

    /// Every flow × integrator at the defaults of `ganflow simulate`, every accepted step;
    /// then `ganflow check`'s own test (``TrajectoryCheck`` at its default tolerances, on the
    /// snapshots at the scenario's output times, as `simulate --csv` writes them with 17
    /// digits) and the library's D3 self-check. The mass allowance per step is Newton's
    /// tolerance (h Σ G is the change of mass for the one-step formulas and the variable-order
    /// table), plus the previous change for BDF2. Horizon: the whole scenario for the
    /// variable-order integrators (10²–10³ steps); BDF2 and implicit Euler at tolerance 1e-8
    /// need 10³–10⁵ steps to t = 10 or 50 (S1 with χ²: 62690 implicit-Euler steps to t = 1; with
    /// this check at every step, minutes), so they are followed over [0, 0.01], the steepest
    /// phase (15 to 27 364 steps a case; the bimodal χ² implicit-Euler case takes 17 796
    /// steps there and 27 075 over [0, 0.05]; the matrix 2.8 s instead of 4.9) — the guard is
    /// the same code, and the variable-order runs cover the windows where the defaults broke
    /// positivity and TV.
    @Test("Every accepted step keeps positivity, the maximum principle, the mass and every monitored functional; check passes",
          arguments: cases)
    func everyStep(c: Case) throws {
        let (p, rho0) = try c.scenario.problem(flow: c.flow)
        let variableOrder: Bool = { if case .variableOrder = c.integrator.stepping { return true } else { return false } }()
        let times = variableOrder ? c.scenario.times : [0, 0.01]
        var stepper = try FlowStepper(problem: p, initial: rho0, stepping: c.integrator.stepping)
        stepper.recordsEnergy = false
        var check = StepStructureCheck(problem: p, initial: rho0)
        var steps = 0, guarded = [String: Int](), records = [StepRecord](), snapshots = [[Double]]()
        let isBDF2: Bool = { if case .bdf2 = c.integrator.stepping { return true } else { return false } }()
        for t in times {
            while stepper.time < t {
                let r = try stepper.step(notBeyond: t)
                steps += 1
                records.append(r)
                for (k, v) in r.structureRejections { guarded[k, default: 0] += v }
                let bad = check.violations(after: stepper.density, massAllowance: c.integrator.newtonTolerance,
                                           carriesMass: isBDF2,
                                           implicitEuler: r.order == 1 && !r.stationary ? (r.residual, r.step) : nil)
                #expect(bad.isEmpty, "\(c): step \(steps) to t = \(r.time) (Δt \(r.step), order \(r.order)): \(bad)")
                if !bad.isEmpty { return }
            }
            snapshots.append(stepper.density)
        }
        print("\(c): \(steps) steps to t = \(times.last!), structure-guard rejections \(guarded)")
        let sp = try SchemeProblem(target: p.target, lower: c.scenario.lower, upper: c.scenario.upper,
                                   cells: c.scenario.cells, flow: c.flow)
        let result = try TrajectoryCheck.run(times: times, snapshots: snapshots, problem: sp, reference: nil)
        for item in result.checks where !item.holds { Issue.record("\(c): check: \(item)") }
        let trajectory = Trajectory(grid: p.grid, snapshots: zip(times, snapshots).map {
            Snapshot(time: $0, density: $1, diagnostics: Diagnostics(density: $1, problem: p))
        }, steps: records)
        try TrajectorySelfCheck.verify(trajectory, problem: p)
    }
}
