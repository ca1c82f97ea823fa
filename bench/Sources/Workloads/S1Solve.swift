import Analytic
import Sim

/// The solve of bench/solver: scenario S1 (domain [−8, 8], target normal(0,1), initial
/// normal(−3, 0.5), both truncated to the domain, JS flow) on 2000 cells to t = 50 by the
/// finite-volume solver, beside the SciPy method-of-lines peer (bench/solver/peer.py).
///
/// The set-up (grid, target averages, initial averages) is done once in `init`, so that
/// `run` times the time integration only, as the peer's own clock does.
public struct S1Solve: Sendable {
    /// Cells of the S1 grid in the benchmark.
    public static let cells = 2000
    /// The end time.
    public static let endTime = 50.0

    public let problem: FlowProblem
    public let initialAverages: [Double]

    public init() throws {
        let (problem, initial) = try Scenarios.s1(cells: Self.cells)
        self.problem = problem
        self.initialAverages = try problem.initialAverages(of: initial)
    }

    /// What one solve produced.
    public struct Outcome: Sendable {
        /// JS(ρd, ρ(50)) of the discrete solution.
        public var js: Double
        public var steps: Int
        public var newtonIterations: Int
        public var rejectedAttempts: Int
    }

    /// Solves to t = 50 with `stepping` (default: the solver's own, variable-order NDF at
    /// local tolerance 1e-6).
    public func run(stepping: TimeStepping = FiniteVolumeSolver.defaultStepping) throws -> Outcome {
        let solver = FiniteVolumeSolver(problem: problem, stepping: stepping)
        let trajectory = try solver.solve(initialAverages: initialAverages, times: [Self.endTime])
        guard let last = trajectory.snapshots.last else {
            throw BenchError("the solver returned no snapshot at t = \(Self.endTime)")
        }
        return Outcome(js: last.diagnostics.js, steps: trajectory.steps.count,
                       newtonIterations: trajectory.newtonIterations, rejectedAttempts: trajectory.rejectedAttempts)
    }
}
