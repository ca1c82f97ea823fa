/// The solution at one requested time.
public struct Snapshot: Sendable {
    public var time: Double
    /// Cell averages ρᵢ.
    public var density: [Double]
    public var diagnostics: Diagnostics
    /// ρ at the requested probe points (linear interpolation between cell centres).
    public var probes: [Double]

    public init(time: Double, density: [Double], diagnostics: Diagnostics, probes: [Double] = []) {
        self.time = time
        self.density = density
        self.diagnostics = diagnostics
        self.probes = probes
    }
}

/// A finite-volume solve: the grid, the snapshots at the requested times, and every
/// accepted step.
public struct Trajectory: Sendable {
    public var grid: Grid1D
    public var probePoints: [Double]
    public var snapshots: [Snapshot]
    public var steps: [StepRecord]

    public init(grid: Grid1D, probePoints: [Double] = [], snapshots: [Snapshot], steps: [StepRecord]) {
        self.grid = grid
        self.probePoints = probePoints
        self.snapshots = snapshots
        self.steps = steps
    }

    /// Total Newton iterations (linear solves) over all steps.
    public var newtonIterations: Int { steps.reduce(0) { $0 + $1.newtonIterations } }
    public var rejectedAttempts: Int { steps.reduce(0) { $0 + $1.rejectedAttempts } }
    /// Attempts rejected by the structure guard, by property (see ``StepRecord/structureRejections``).
    public var structureRejections: [String: Int] {
        steps.reduce(into: [:]) { acc, r in for (k, v) in r.structureRejections { acc[k, default: 0] += v } }
    }
}
