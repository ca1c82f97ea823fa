import Foundation
import Analytic
import Sim

/// `ganflow check` as a library call: a parsed trajectory file, a target and a flow in,
/// the ``TrajectoryCheckResult`` out. Tests call this on the example files.
public enum CheckRunner {
    /// The re-solve's time stepping: adaptive BDF2 with local L¹ error per step
    /// `resolveL1 · 1e-6`, clamped to [1e-12, 1e-8] (1e-8 at the default 1e-2). The global
    /// error is about 10²× the local tolerance (1.0e-6 at 1e-8 in the manufactured-solution
    /// test of adaptive BDF2) and at most the sum of the local errors for the L¹-contracting
    /// flow (D4): below 1e-4 for runs of up to 10⁴ steps, a hundredth of the default
    /// `resolveL1`. A stricter `resolveL1` gets a proportionally stricter re-solve, down to
    /// 1e-12 per step.
    public static func resolveStepping(resolveL1: Double = CheckTolerances().resolveL1) -> TimeStepping {
        .bdf2(.adaptive(tolerance: min(1e-8, max(1e-12, resolveL1 * 1e-6))))
    }

    /// - Parameters:
    ///   - file: the parsed trajectory (grid or samples).
    ///   - target: ρd, the density the flow drives towards.
    ///   - domain: required for sample files; for grid files it must agree with the file's
    ///     grid (faces within 1e-6 h) when given.
    ///   - flow: the f-divergence whose flow produced the file.
    ///   - cells: the grid of the KDE estimate for sample files (ignored for grid files).
    ///   - tolerances: the slack of each check (``CheckTolerances``).
    public static func run(_ file: TrajectoryFile, target: any Density, domain: (Double, Double)?,
                           flow: FlowDivergence, cells: Int = 200,
                           tolerances: CheckTolerances = CheckTolerances()) throws -> TrajectoryCheckResult {
        switch file {
        case .grid(let g):
            if let (a, b) = domain {
                let h = g.spacing
                guard abs(a - g.lower) <= 1e-6 * h, abs(b - g.upper) <= 1e-6 * h else {
                    throw InvalidArgument("--domain \(a),\(b) does not match the file's grid, which covers [\(g.lower), \(g.upper)] with \(g.centers.count) cells")
                }
            }
            let problem = try SchemeProblem(target: target, lower: domain?.0 ?? g.lower, upper: domain?.1 ?? g.upper,
                                            cells: g.centers.count, flow: flow)
            return try TrajectoryCheck.run(times: g.times, snapshots: g.rho, problem: problem, tolerances: tolerances,
                                           reference: try reference(problem, resolveL1: tolerances.resolveL1))
        case .samples(let s):
            guard let (a, b) = domain else {
                throw InvalidArgument("a t,sample file needs --domain a,b (the interval of the KDE grid)")
            }
            let problem = try SchemeProblem(target: target, lower: a, upper: b, cells: cells, flow: flow)
            let snaps = try s.samples.map { try KDECellAverages.estimate($0, in: problem) }
            let spread = try TrajectoryCheck.bootstrapSpread(s.samples, problem: problem)
            return try TrajectoryCheck.run(times: s.times, snapshots: snaps, problem: problem, tolerances: tolerances,
                                           bootstrap: spread, densityKind: "KDE estimate",
                                           reference: try reference(problem, resolveL1: tolerances.resolveL1))
        case .grid2D, .samples2D:
            throw InvalidArgument("the file is two-dimensional (header t,x,y,rho or t,x,y) but the target is a 1D spec: both must have the same dimension")
        }
    }

    /// The finite-volume solver (BDF2, ``resolveStepping(resolveL1:)``) from the first snapshot.
    /// Negative values (which the positivity check reports) are clipped to 0 and the start is
    /// renormalised to the file's first mass, so the re-solve always has a valid start.
    public static func reference(_ p: SchemeProblem,
                                 resolveL1: Double = CheckTolerances().resolveL1) throws -> ReferenceSolve {
        let problem = p.flowProblem
        let solver = FiniteVolumeSolver(problem: problem, stepping: resolveStepping(resolveL1: resolveL1))
        return { initial, times in
            let mass = initial.reduce(0, +)
            var start = initial.map { max($0, 0) }
            let clipped = start.reduce(0, +)
            if clipped > 0 { start = start.map { $0 * mass / clipped } }
            for i in start.indices where !problem.active[i] { start[i] = 0 }
            let t0 = times[0]
            let traj = try solver.solve(initialAverages: start, times: times.dropFirst().map { $0 - t0 })
            return traj.snapshots.map(\.density)
        }
    }
}
