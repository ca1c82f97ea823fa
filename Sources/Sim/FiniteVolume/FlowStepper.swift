/// The step-level finite-volume solver: one accepted implicit step at a time, each with
/// its record (Δt, Newton iterations and residual, error estimate, the discrete energy, its
/// Newton-residual bound and the dissipation), so property tests can check every step.
public struct FlowStepper {
    public let problem: FlowProblem
    private var integrator: any StepIntegrator
    /// Whether each ``StepRecord`` gets the energy, its residual bound and the dissipation
    /// (three passes of logarithms over the grid: several times the cost of a Newton
    /// iteration, so solvers that only need output times switch it off).
    public var recordsEnergy = true
    /// Whether every step's Newton residual is evaluated (and kept in ``lastResidual``), or an
    /// update may be accepted on a guaranteed bound of it (one evaluation of F per step
    /// fewer; see ``ImplicitIntegrator/verifiesResidual``). On by default: the property tests
    /// derive their tolerances from ``lastResidual``.
    public var verifiesResidual: Bool {
        get { integrator.verifiesResidual }
        set { integrator.verifiesResidual = newValue }
    }

    /// Starts from cell averages (checked by ``FlowProblem/validate(_:)``).
    public init(problem: FlowProblem, initial: [Double], stepping: TimeStepping,
                time: Double = 0, initialStep: Double? = nil) throws {
        try problem.validate(initial)
        if problem.source == nil { try problem.checkInitialRatio(initial) }
        self.problem = problem
        self.stepping = stepping
        integrator = try stepping.integrator(for: FiniteVolumeSystem(problem: problem), initial: initial,
                                             time: time, initialStep: initialStep)
    }

    /// Starts from the exact cell averages of a density.
    public init(problem: FlowProblem, initial: any Density, stepping: TimeStepping,
                initialStep: Double? = nil) throws {
        try self.init(problem: problem, initial: try problem.initialAverages(of: initial),
                      stepping: stepping, initialStep: initialStep)
    }

    public var time: Double { integrator.time }
    /// The current cell averages ρᵢ.
    public var density: [Double] { integrator.state }
    public let stepping: TimeStepping
    public var diagnostics: Diagnostics { Diagnostics(density: density, problem: problem) }
    /// The Newton residual vector of the last accepted step (`G(ρ) = a₀ρ + c − ΔtF(ρ)`);
    /// empty when the step was accepted on the residual bound (``verifiesResidual`` off).
    public var lastResidual: [Double] { integrator.lastResidual }

    /// One accepted step not beyond `limit`, with energy, its residual bound and the dissipation.
    public mutating func step(notBeyond limit: Double) throws -> StepRecord {
        var r = try integrator.step(notBeyond: limit)
        guard recordsEnergy else { return r }
        let rho = integrator.state
        r.energy = Diagnostics.energy(rho, problem: problem)
        r.dissipation = Diagnostics.dissipation(rho, problem: problem)
        let inv = problem.inverseTargetAverages, res = integrator.lastResidual
        guard res.count == rho.count else { return r }   // no residual vector: bound stays NaN
        var bound = 0.0
        for i in rho.indices where problem.active[i] && res[i] != 0 {
            bound += abs(problem.flow.fPrime(max(0, rho[i] * inv[i])) * res[i])
        }
        r.energyResidualBound = problem.grid.spacing * bound / integrator.lastLeadingCoefficient
        return r
    }

    /// Steps until exactly `t`.
    public mutating func advance(to t: Double) throws -> [StepRecord] {
        var out = [StepRecord]()
        while time < t { out.append(try step(notBeyond: t)) }
        return out
    }
}

/// The finite-volume solver of `∂ₜρ = div(ρd∇Ψ(u))` (docs/MATH.md §3): ``FlowStepper`` driven
/// to a list of output times, with ``Diagnostics`` and probes at each.
public struct FiniteVolumeSolver: Sendable {
    public let problem: FlowProblem
    public let stepping: TimeStepping

    /// Variable-order NDF (orders 1–5) with local L¹ tolerance 1e-6 per step: on scenario S1
    /// the time error of JS(50) is 5e-8 relative (measured against a 1e-13 BDF2 run,
    /// bench/solver/README.md), 20× inside that benchmark's accuracy target (1e-6 relative),
    /// in about 130 steps (BDF2 needs about 1430 steps at local tolerance 1e-8 for 9e-7).
    public static let defaultStepping = TimeStepping.variableOrder(tolerance: 1e-6)

    /// Whether the step records carry energies and dissipation (see ``FlowStepper/recordsEnergy``).
    public var recordsStepEnergies: Bool
    /// Whether each step's Newton residual is evaluated rather than bounded (see
    /// ``FlowStepper/verifiesResidual``); off by default: the accepted solutions are the same,
    /// one evaluation of F per step cheaper.
    public var verifiesResidual: Bool

    public init(problem: FlowProblem, stepping: TimeStepping = FiniteVolumeSolver.defaultStepping,
                recordsStepEnergies: Bool = false, verifiesResidual: Bool = false) {
        self.problem = problem
        self.stepping = stepping
        self.recordsStepEnergies = recordsStepEnergies
        self.verifiesResidual = verifiesResidual
    }

    /// Solves from the exact cell averages of `initial`, reporting at each of `times`
    /// (non-decreasing, ≥ 0; t = 0 reports the initial data). `progress` gets the current time.
    public func solve(initial: any Density, times: [Double], probes: [Double] = [],
                      progress: ((Double) -> Void)? = nil) throws -> Trajectory {
        try solve(initialAverages: try problem.initialAverages(of: initial), times: times,
                  probes: probes, progress: progress)
    }

    public func solve(initialAverages: [Double], times: [Double], probes: [Double] = [],
                      progress: ((Double) -> Void)? = nil) throws -> Trajectory {
        for (a, b) in zip(times, times.dropFirst()) where b < a {
            throw InvalidArgument("output times must be non-decreasing, got \(a) before \(b)")
        }
        if let t = times.first(where: { !($0 >= 0 && $0.isFinite) }) {
            throw InvalidArgument("output times must be finite and ≥ 0, got \(t)")
        }
        var stepper = try FlowStepper(problem: problem, initial: initialAverages, stepping: stepping)
        stepper.recordsEnergy = recordsStepEnergies
        stepper.verifiesResidual = verifiesResidual
        var snapshots = [Snapshot](), steps = [StepRecord]()
        for t in times {
            while stepper.time < t {
                steps.append(try stepper.step(notBeyond: t))
                progress?(stepper.time)
            }
            let rho = stepper.density
            snapshots.append(Snapshot(time: t, density: rho,
                                      diagnostics: Diagnostics(density: rho, problem: problem),
                                      probes: probeValues(rho, grid: problem.grid, at: probes)))
        }
        return Trajectory(grid: problem.grid, probePoints: probes, snapshots: snapshots, steps: steps)
    }
}
