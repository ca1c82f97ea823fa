import Foundation
import Testing
import TestSupport
import Analytic
import Sim
import Verification

/// `ganflow check`'s 2D runner on trajectories of ganflow's own 2D solver and on defective
/// variants of them: every check must be able to fail.
@Suite("Check runner in two dimensions", .stepBudget)
struct Check2DRunnerTests {
    static let box = (ax: -4.0, bx: 4.0, ay: -3.0, by: 3.0)
    static let times = [0.0, 0.25, 0.5, 1, 2]

    /// JS flow toward the ring ring(4,1.5,0.6) from a shifted correlated normal, on a
    /// 14 × 12 grid of the box; the target untruncated as a user would give it (the runner
    /// truncates it to the box, as simulate does).
    static func trajectory() throws -> (target: any PlaneDensity, file: GridTrajectory2D) {
        let target = try Ring2D(components: 4, radius: 1.5, sigma: 0.6)
        let b = box
        let grid = try Grid2D(ax: b.ax, bx: b.bx, ay: b.ay, by: b.by, nx: 14, ny: 12)
        let p = try FlowProblem2D(target: try Truncated2D(target, ax: b.ax, bx: b.bx, ay: b.ay, by: b.by), grid: grid, flow: .js)
        let start = try Truncated2D(try Normal2D(mx: 0.5, my: -0.3, sx: 0.8, sy: 0.6, r: 0.3), ax: b.ax, bx: b.bx, ay: b.ay, by: b.by)
        let traj = try FiniteVolumeSolver2D(problem: p).solve(initial: start, times: times)
        try traj.verify()
        let file = GridTrajectory2D(times: times, xCenters: (0..<14).map { grid.x.center($0) },
                                    yCenters: (0..<12).map { grid.y.center($0) }, rho: traj.snapshots.map(\.density))
        return (target, file)
    }

    static func failed(_ r: TrajectoryCheckResult) -> Set<String> { Set(r.checks.filter { !$0.holds }.map(\.name)) }

    @Test("ganflow's own 2D trajectory, written and read back, passes every check (maximum principle and re-solve included)")
    func ownTrajectoryPasses() throws {
        let (target, g) = try Self.trajectory()
        guard case .grid2D(let back) = try TrajectoryCSV.parse(TrajectoryCSV.format(g)) else { Issue.record("not 2D"); return }
        let r = try CheckRunner2D.run(.grid2D(back), target: target, box: nil, flow: .js)
        #expect(r.passed, "\(r.checks)")
        let names = Set(r.checks.map(\.name))
        #expect(names.contains("maximum principle (D3)") && names.contains("independent re-solve"), "\(names)")
        // The file (tolerance 1e-6 per step) against the re-solve (1e-9): its time error,
        // far below the 1e-2 default.
        #expect(r.snapshots.compactMap(\.resolveL1).max()! < 1e-3)
    }

    @Test("Claimed twice as fast: only the re-solve fails")
    func wrongTimeScale() throws {
        let (target, g) = try Self.trajectory()
        let fast = GridTrajectory2D(times: g.times.map { 2 * $0 }, xCenters: g.xCenters, yCenters: g.yCenters, rho: g.rho)
        let r = try CheckRunner2D.run(.grid2D(fast), target: target, box: nil, flow: .js)
        #expect(Self.failed(r) == ["independent re-solve"], "\(r.checks)")
    }

    @Test("Mass moved into one cell beyond the initial sup u: the maximum principle fails; a negative cell fails positivity")
    func defects() throws {
        let (target, g) = try Self.trajectory()
        var rho = g.rho
        // Move 5% of the mass of the last snapshot into its first cell (mass kept).
        let last = rho.count - 1, total = rho[last].reduce(0, +)
        rho[last] = rho[last].map { $0 * 0.95 }
        rho[last][0] += 0.05 * total
        let r = try CheckRunner2D.run(.grid2D(GridTrajectory2D(times: g.times, xCenters: g.xCenters, yCenters: g.yCenters, rho: rho)),
                                      target: target, box: nil, flow: .js)
        #expect(Self.failed(r).contains("maximum principle (D3)"), "\(r.checks)")
        #expect(!Self.failed(r).contains("mass conservation (D3)"), "\(r.checks)")
        var neg = g.rho
        neg[2][5] = -1e-3
        let q = try CheckRunner2D.run(.grid2D(GridTrajectory2D(times: g.times, xCenters: g.xCenters, yCenters: g.yCenters, rho: neg)),
                                      target: target, box: nil, flow: .js)
        #expect(Self.failed(q).contains("positivity (D3)"), "\(q.checks)")
    }

    @Test("A 1D file with a 2D target, a 2D file with a 1D target, and a box that disagrees with the grid are errors")
    func mismatches() throws {
        let (target, g) = try Self.trajectory()
        let oneD = TrajectoryFile.grid(GridTrajectory(times: [0, 1], centers: [0.5, 1.5], rho: [[1, 1], [1, 1]]))
        #expect(throws: InvalidArgument.self) { try CheckRunner2D.run(oneD, target: target, box: nil, flow: .js) }
        #expect(throws: InvalidArgument.self) {
            try CheckRunner.run(.grid2D(g), target: try Normal(mean: 0, standardDeviation: 1), domain: nil, flow: .js)
        }
        #expect(throws: InvalidArgument.self) {
            try CheckRunner2D.run(.grid2D(g), target: target, box: (-4, 4, -3, 3.5), flow: .js)
        }
    }

    @Test("Points of a stationary density, estimated by the 2D KDE, keep mass and JS within their bootstrap slack; the trend does not pass on noise")
    func pointsPass() throws {
        // Points of N(−1, 1) ⊗ N(0.5, 1) (no flow: every functional is constant up to
        // sampling noise, which the bootstrap slack covers), deterministic seeds.
        let rng = RandomSource(seed: 11)
        let dx = try Normal(mean: -1, standardDeviation: 1), dy = try Normal(mean: 0.5, standardDeviation: 1)
        let points: [[SIMD2<Double>]] = (0..<3).map { _ in
            zip(dx.sample(count: 600, rng: rng), dy.sample(count: 600, rng: rng)).map { SIMD2($0, $1) }
                .filter { abs($0.x) < 4 && abs($0.y) < 3 }
        }
        let target = try Normal2D(mx: 0, my: 0, sx: 1.2, sy: 1, r: 0.2)
        let b = Self.box
        let grid = try Grid2D(ax: b.ax, bx: b.bx, ay: b.ay, by: b.by, nx: 24, ny: 20)
        let p = try FlowProblem2D(target: try Truncated2D(target, ax: b.ax, bx: b.bx, ay: b.ay, by: b.by), grid: grid, flow: .js)
        let snaps = try points.map { try KDECellAverages2D.estimate($0, in: grid) }
        for s in snaps { #expect(abs(grid.area * s.reduce(0, +) - 1) <= 1e-12) }
        let spread = try CheckRunner2D.bootstrapSpread(points, problem: p, resamples: 20, seed: 3)
        let r = try TrajectoryCheck.run(times: [0, 1, 2], snapshots: snaps,
                                        grid: CheckGrid(cellMeasure: grid.area, targetAverages: p.targetAverages, flow: .js),
                                        bootstrap: spread, densityKind: "KDE estimate", reference: nil)
        #expect(r.checks.first { $0.name.hasPrefix("mass") }!.holds, "\(r.checks)")
        #expect(r.checks.first { $0.name.hasPrefix("JS") }!.holds, "\(r.checks)")
        #expect(!r.checks.first { $0.name.hasPrefix("trend") }!.holds, "\(r.checks)")
    }
}
