import Foundation
import Analytic
import Sim

/// `ganflow check` on a 2D file (`t,x,y,rho` cell averages or `t,x,y` points): the same
/// checks as in 1D (``TrajectoryCheck``: mass, positivity, monotone JS and convex functionals,
/// trend, an independent re-solve) on the 2D grid, plus the maximum principle for grid files.
/// The target is truncated to the box and renormalised, as `ganflow simulate` does in 2D.
public enum CheckRunner2D {
    /// Local L¹ tolerance per step of the re-solve (`FiniteVolumeSolver2D`, second-order
    /// steps): a tenth of a percent of ``CheckTolerances/resolveL1``'s default per 1e4 steps,
    /// so its global error (≤ the sum of its local errors, the flow being an L¹ contraction)
    /// stays far below the re-solve tolerance on any run the check is asked about.
    public static let resolveTolerance = 1e-9

    public typealias Box = (ax: Double, bx: Double, ay: Double, by: Double)

    /// - Parameters:
    ///   - file: the 2D trajectory as read by ``TrajectoryFile``.
    ///   - target: the target density ρd (truncated to the box and renormalised here).
    ///   - box: required for point files; for grid files it must agree with the file's grid
    ///     (faces within 1e-6 of a cell) when given.
    ///   - flow: the flow whose structure is checked (and re-solved).
    ///   - cells: the KDE grid for point files (ignored for grid files).
    ///   - tolerances: the check's tolerances (``CheckTolerances``), as in 1D.
    public static func run(_ file: TrajectoryFile, target: any PlaneDensity, box: Box?, flow: FlowDivergence,
                           cells: (nx: Int, ny: Int) = (48, 48),
                           tolerances: CheckTolerances = CheckTolerances()) throws -> TrajectoryCheckResult {
        switch file {
        case .grid2D(let g):
            let b = g.box
            if let given = box {
                let pairs = [(given.ax, b.ax, g.hx), (given.bx, b.bx, g.hx), (given.ay, b.ay, g.hy), (given.by, b.by, g.hy)]
                for (u, v, h) in pairs where abs(u - v) > 1e-6 * h {
                    throw InvalidArgument("--domain \(given.ax),\(given.bx),\(given.ay),\(given.by) does not match the file's grid, which covers [\(b.ax), \(b.bx)] × [\(b.ay), \(b.by)] with \(g.xCenters.count) × \(g.yCenters.count) cells")
                }
            }
            let grid = try Grid2D(ax: b.ax, bx: b.bx, ay: b.ay, by: b.by, nx: g.xCenters.count, ny: g.yCenters.count)
            let problem = try problem(target: target, grid: grid, flow: flow)
            return try TrajectoryCheck.run(times: g.times, snapshots: g.rho, grid: checkGrid(problem), tolerances: tolerances,
                                           maximumPrinciple: true, reference: reference(problem))
        case .samples2D(let s):
            guard let b = box else {
                throw InvalidArgument("a t,x,y file needs --domain ax,bx,ay,by (the box of the KDE grid)")
            }
            let grid = try Grid2D(ax: b.ax, bx: b.bx, ay: b.ay, by: b.by, nx: cells.nx, ny: cells.ny)
            let problem = try problem(target: target, grid: grid, flow: flow)
            let snaps = try s.points.map { try KDECellAverages2D.estimate($0, in: grid) }
            let spread = try bootstrapSpread(s.points, problem: problem)
            return try TrajectoryCheck.run(times: s.times, snapshots: snaps, grid: checkGrid(problem), tolerances: tolerances,
                                           bootstrap: spread, densityKind: "KDE estimate", reference: reference(problem))
        case .grid, .samples:
            throw InvalidArgument("the file is one-dimensional (header t,x,rho or t,sample) but the target is a 2D spec: both must have the same dimension")
        }
    }

    static func problem(target: any PlaneDensity, grid: Grid2D, flow: FlowDivergence) throws -> FlowProblem2D {
        let g = grid
        return try FlowProblem2D(target: try Truncated2D(target, ax: g.x.lower, bx: g.x.upper, ay: g.y.lower, by: g.y.upper),
                                 grid: grid, flow: flow)
    }

    static func checkGrid(_ p: FlowProblem2D) -> CheckGrid {
        CheckGrid(cellMeasure: p.grid.area, targetAverages: p.targetAverages, targetAverageErrors: p.targetAverageErrors, flow: p.flow)
    }

    /// The 2D split solver (tolerance ``resolveTolerance``) from the first snapshot, its
    /// structure self-checked. Negative values (which the positivity check reports) are
    /// clipped to 0 and the start renormalised to the file's first mass.
    public static func reference(_ problem: FlowProblem2D) -> ReferenceSolve {
        let solver = FiniteVolumeSolver2D(problem: problem, tolerance: resolveTolerance)
        return { initial, times in
            let mass = initial.reduce(0, +)
            var start = initial.map { max($0, 0) }
            let clipped = start.reduce(0, +)
            if clipped > 0 { start = start.map { $0 * mass / clipped } }
            let t0 = times[0]
            let traj = try solver.solve(initialAverages: start, times: times.dropFirst().map { $0 - t0 })
            try traj.verify()
            return traj.snapshots.map(\.density)
        }
    }

    /// Bootstrap standard deviations of each functional per snapshot (`resamples` resamples
    /// with replacement, KDE'd with the original snapshot's bandwidths; seeded).
    public static func bootstrapSpread(_ points: [[SIMD2<Double>]], problem: FlowProblem2D, resamples: Int = 20,
                                       seed: UInt64 = 1) throws -> [[String: Double]] {
        let rng = RandomSource(seed: seed)
        return try points.map { xs in
            let b = try BandwidthRule.scott.bandwidth(xs)
            var values = [String: [Double]]()
            for _ in 0..<resamples {
                let r = (0..<xs.count).map { _ in xs[rng.index(below: xs.count)] }
                let rho = try KDECellAverages2D.estimate(r, in: problem.grid, bandwidth: b)
                for g in ConvexFunctional.family {
                    values[g.name, default: []].append(
                        GridFunctionals.functional(rho, target: problem.targetAverages, spacing: problem.grid.area, g))
                }
            }
            return values.mapValues { v in
                let m = v.reduce(0, +) / Double(v.count)
                return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
            }
        }
    }
}
