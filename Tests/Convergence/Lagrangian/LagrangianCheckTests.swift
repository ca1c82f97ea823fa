import Foundation
import Testing
import Sim
import Verification
import TestSupport

/// `ganflow check` on what the Lagrangian solver writes: the S1 scenario (target N(0,1),
/// start N(−3, 0.5²), domain [−8, 8]) for the JS, KL and χ² flows, the snapshots formatted
/// as the `t,x,rho` CSV of `ganflow simulate --csv` (17 digits), parsed back and checked by
/// ``CheckRunner`` at its default tolerances: mass, positivity, JS and the convex family
/// non-increasing, trend, and the L¹ distance to check's own finite-volume re-solve.
@Suite("Lagrangian CSVs pass ganflow check", .stepBudget)
struct LagrangianCheckTests {
    static let times = [0, 0.25, 0.5, 1, 2, 5]

    func checked(flow: FlowDivergence, stepping: TimeStepping) throws -> TrajectoryCheckResult {
        let target = try Normal(mean: 0, standardDeviation: 1)
        let problem = try FlowProblem(target: try Truncated(target, lower: -8, upper: 8), lower: -8, upper: 8,
                                      cells: 400, flow: flow)
        let solver = try LagrangianSolver(problem: problem, particles: 400, stepping: stepping,
                                          budget: LagrangianBudget(maxSteps: 20_000, maxSeconds: 30))
        let traj = try solver.solve(initial: try Normal(mean: -3, standardDeviation: 0.5), times: Self.times)
        let grid = GridTrajectory(times: Self.times, centers: problem.grid.centers, rho: traj.snapshots.map(\.density))
        let file = try TrajectoryCSV.parse(TrajectoryCSV.format(grid))
        return try CheckRunner.run(file, target: target, domain: (-8, 8), flow: flow)
    }

    /// Measured re-solve L¹ (400 particles): js 9.9e-4, kl 5.0e-4, chi2 2.1e-4 (0.026 before the
    /// front rule of ``LagrangianParticles``); chi2 takes 2411 steps (≈ 4 s), js and kl < 300.
    @Test("S1 with the default stepping: every check holds for js, kl and chi2",
          arguments: [FlowDivergence.js, .kl, .chi2])
    func defaultStepping(flow: FlowDivergence) throws {
        let r = try checked(flow: flow, stepping: LagrangianSolver.defaultStepping)
        for c in r.checks { print("\(flow): \(c)") }
        #expect(r.passed, "\(r.checks.filter { !$0.holds })")
    }
}
