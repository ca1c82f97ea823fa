import Testing
import PropertyBased
import Foundation
import Analytic
import TestSupport
import Sim
import Verification

/// The finite-volume system with the flux sign flipped (anti-diffusion): a planted defect
/// that the solver must turn into an error within its budget, not a run of minutes.
/// `monitored` forwards the structure monitoring of the correct system (as a defect inside
/// the scheme would leave it); without it only the step budget stands between the defect
/// and a long run.
struct NegatedFluxSystem: TridiagonalSystem {
    let inner: FiniteVolumeSystem
    var dimension: Int { inner.dimension }
    func evaluate(_ t: Double, _ y: [Double], rhs: inout [Double]) -> Double {
        let floor = inner.evaluate(t, y, rhs: &rhs)
        for i in rhs.indices { rhs[i] = -rhs[i] }
        return floor
    }
    func jacobian(_ t: Double, _ y: [Double], lower: inout [Double], diagonal: inout [Double], upper: inout [Double]) {
        inner.jacobian(t, y, lower: &lower, diagonal: &diagonal, upper: &upper)
        for i in diagonal.indices { diagonal[i] = -diagonal[i] }
        for i in lower.indices { lower[i] = -lower[i]; upper[i] = -upper[i] }
    }
    func isAdmissible(_ y: [Double]) -> Bool { inner.isAdmissible(y) }
    func norm(_ v: [Double]) -> Double { inner.norm(v) }
    func project(_ y: inout [Double]) { inner.project(&y) }
}

struct MonitoredNegatedFluxSystem: TridiagonalSystem, StructureMonitoring {
    let negated: NegatedFluxSystem
    var dimension: Int { negated.dimension }
    func evaluate(_ t: Double, _ y: [Double], rhs: inout [Double]) -> Double { negated.evaluate(t, y, rhs: &rhs) }
    func jacobian(_ t: Double, _ y: [Double], lower: inout [Double], diagonal: inout [Double], upper: inout [Double]) {
        negated.jacobian(t, y, lower: &lower, diagonal: &diagonal, upper: &upper)
    }
    func isAdmissible(_ y: [Double]) -> Bool { negated.isAdmissible(y) }
    func norm(_ v: [Double]) -> Double { negated.norm(v) }
    func project(_ y: inout [Double]) { negated.project(&y) }
    var guardsStructure: Bool { true }
    func monitoredState(_ y: [Double]) -> MonitoredState { negated.inner.monitoredState(y) }
    func principleExcess(_ y: [Double], range lo: Double, _ hi: Double) -> Double {
        negated.inner.principleExcess(y, range: lo, hi)
    }
    func isStationary(_ y: [Double]) -> Bool { negated.inner.isStationary(y) }
}

/// Fail fast (derived from the standard: a broken scheme fails a test within seconds).
/// Each planted defect below must end in an error, never in a long run or a silent result;
/// the suite's step budget (``StepBudget/tests``) bounds every run, and the tests that expect
/// a budget error use a budget of a few seconds.
@Suite("Fail fast: planted defects end in errors within the step budget", .stepBudget)
struct FailFastTests {
    /// 10⁴ attempts: the unguarded runs crawl (with 5·10⁴ attempts each integrator had reached
    /// only t = 0.08–0.22 of its way to 10), so they exhaust any such budget; a larger one
    /// only makes the test slower.
    static let smallBudget = StepBudget(maxAttempts: 10_000, maxWallSeconds: 2)

    static func s1() throws -> (FiniteVolumeSystem, [Double]) {
        let (p, r0) = try Scenarios.s1(cells: 200)
        return (FiniteVolumeSystem(problem: p), try p.initialAverages(of: r0))
    }

    /// Runs `integrator` on `system` from `rho0` to t = 10 under ``smallBudget``; the error
    /// that stopped it (nil when it reached t = 10).
    static func errorOfRun<S: TridiagonalSystem>(_ integrator: DefaultIntegrator, on system: S, from rho0: [Double]) -> (any Error)? {
        StepBudget.$current.withValue(smallBudget) { () -> (any Error)? in
            do {
                var it = try integrator.stepping.integrator(for: system, initial: rho0)
                _ = try it.advance(to: 10)
                return nil
            } catch { return error }
        }
    }

    /// With the structure guard, anti-diffusion raises every convex functional at once: each
    /// attempt is rejected until the step underflows — a `stepFailed` naming the guard.
    @Test("A wrong flux sign is rejected by the structure guard: every integrator fails with an error",
          arguments: DefaultIntegrator.allCases)
    func wrongSignGuarded(integrator: DefaultIntegrator) throws {
        let (sys, rho0) = try Self.s1()
        let error = Self.errorOfRun(integrator, on: MonitoredNegatedFluxSystem(negated: NegatedFluxSystem(inner: sys)), from: rho0)
        guard let e = error as? FlowError else { Issue.record("\(integrator): no FlowError: \(String(describing: error))"); return }
        print("\(integrator): \(e)")
        #expect("\(e)".contains("structure") || "\(e)".contains("budget"), "\(e)")
    }

    /// Without the guard the defect can only be stopped by Newton's failures, the step
    /// controller or the budget: it must still end in a `FlowError`, not run on.
    @Test("A wrong flux sign without the guard ends in an error within the budget",
          arguments: DefaultIntegrator.allCases)
    func wrongSignUnguarded(integrator: DefaultIntegrator) throws {
        let (sys, rho0) = try Self.s1()
        let error = Self.errorOfRun(integrator, on: NegatedFluxSystem(inner: sys), from: rho0)
        #expect(error is FlowError, "\(integrator): \(String(describing: error))")
        print("\(integrator) unguarded: \(String(describing: error))")
    }

    @Test("An exhausted step budget is an error naming the budget and where the run stopped")
    func budgetErrors() throws {
        let (p, r0) = try Scenarios.s1(cells: 200)
        for (budget, name) in [(StepBudget(maxAttempts: 10, maxWallSeconds: 60), "step attempts"),
                               (StepBudget(maxAttempts: 1_000_000, maxWallSeconds: 0), "wall-clock seconds")] {
            let error = StepBudget.$current.withValue(budget) { () -> (any Error)? in
                do { _ = try FiniteVolumeSolver(problem: p).solve(initial: r0, times: [0, 50]); return nil } catch { return error }
            }
            guard case .budgetExhausted(let b, _, let t, _)? = error as? FlowError else {
                Issue.record("expected budgetExhausted, got \(String(describing: error))"); continue
            }
            #expect(b == name)
            #expect(t >= 0 && t < 50)
            #expect("\(error!)".contains(name) && "\(error!)".contains("t = "))
        }
    }

    /// Newton's stopping rule, checked from outside: after every accepted implicit-Euler step
    /// the test evaluates `G = ρⁿ⁺¹ − ρⁿ − ΔtF(ρⁿ⁺¹)` itself. It must be within Newton's
    /// tolerance ``ImplicitIntegrator/fixedNewtonTolerance``, or within the 100× round-off
    /// floor at which Newton may stop on stagnation, `100·8(Δt·floor(F) + ε(‖ρⁿ⁺¹‖₁ + ‖ρⁿ‖₁))`
    /// (floor(F) the rounding of F that the system reports), plus the rounding of the test's
    /// own evaluation, `4(Δt·floor(F) + ε(‖ρⁿ⁺¹‖₁ + ‖ρⁿ‖₁))`. A Newton that accepted any
    /// iterate after its first update leaves residuals of 1e-6…1e-2 at these steps (Δt up
    /// to 1e4 from ρⁿ) and fails at once.
    @Test("Implicit Euler: the residual of every accepted step, evaluated by the test, is within Newton's bound",
          .shrinking(false))
    func newtonResidual() async {
        await checkEveryImplicitEulerStep(cases: 20, steps: 10) { s in
            let sys = FiniteVolumeSystem(problem: s.problem), r = s.record
            let h = s.problem.grid.spacing, after = s.after, before = s.before
            var f = [Double](repeating: 0, count: s.problem.grid.cells)
            let floor = sys.evaluate(r.time, after, rhs: &f)
            var g = 0.0
            for i in after.indices { g += abs(after[i] - before[i] - r.step * f[i]) }
            g *= h
            let sizes = StepBounds.l1(after, h) + StepBounds.l1(before, h)
            let roundOff = 8 * (r.step * floor + Double.ulpOfOne * sizes)
            let bound = max(ImplicitIntegrator<FiniteVolumeSystem>.fixedNewtonTolerance, 100 * roundOff)
                + roundOff / 2
            #expect(g <= bound, "step \(s.number), Δt \(r.step): ‖G‖ = \(g) > \(bound)")
        }
    }
}
