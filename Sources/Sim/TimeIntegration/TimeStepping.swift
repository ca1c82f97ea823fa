/// How the time step is chosen.
public enum StepControl: Sendable, Equatable, CustomStringConvertible {
    /// A constant step Δt (the last step before an output time is shortened to land on it).
    case fixed(Double)
    /// A variable step keeping the estimated local error of each step ≤ `tolerance`, in the
    /// system's error norm (the L¹ norm `h Σ|eᵢ|` for cell averages, the mean absolute
    /// displacement `(1/N) Σ|eᵢ|` for quantile particles). The estimate compares the
    /// implicit solution with an explicit polynomial predictor (Milne's device); the step
    /// ratio is clamped to [0.2, 2] so that variable-step BDF2 stays zero-stable
    /// (ratio < 1 + √2).
    case adaptive(tolerance: Double)

    public var description: String {
        switch self {
        case .fixed(let dt): return "fixed Δt = \(dt)"
        case .adaptive(let tol): return "adaptive, tolerance \(tol)"
        }
    }
}

/// The implicit time integrator (docs/MATH.md §3).
///
/// - `implicitEuler`: first order; for the finite-volume scheme the discrete D2–D4
///   (every convex functional non-increasing, maximum principle, L¹ contraction) hold for
///   any step, and the discrete D6 product bound holds per step.
/// - `bdf2`: variable-step BDF2, second order; accurate and cheap, but the discrete
///   guarantees above are not proved for it (tests check only what holds).
/// - `variableOrder`: ``VariableOrderBDF``, orders 1…`maxOrder` (NDF or BDF coefficients)
///   with adaptive step and order, local error per step ≤ `tolerance` in the system's norm;
///   the fastest at tight accuracy. Mass is conserved; positivity and the discrete
///   D2–D4 are not guaranteed.
public enum TimeStepping: Sendable, Equatable, CustomStringConvertible {
    case implicitEuler(StepControl)
    case bdf2(StepControl)
    case variableOrder(tolerance: Double, maxOrder: Int = BackwardDifferenceFormula.maxOrder,
                       formula: BackwardDifferenceFormula = .ndf)

    /// The local tolerances an adaptive integrator accepts (in the system's norm; for unit
    /// mass densities the L¹ error per step). Below 1e-13 Newton's tolerance (1e-2·tol)
    /// falls under the round-off of G for unit masses, 8ε(‖y‖ + ‖c‖) ≈ 4e-15 — the tolerance
    /// would promise what the arithmetic cannot verify; above 1e-2 one step may move one
    /// percent of the mass, and the error estimate, an asymptotic one, no longer bounds it.
    public static let toleranceRange: ClosedRange<Double> = 1e-13...1e-2

    /// Checks an adaptive tolerance against ``toleranceRange``.
    public static func validate(tolerance tol: Double) throws {
        guard toleranceRange.contains(tol) else {
            throw InvalidArgument("tolerance must be in [\(toleranceRange.lowerBound), \(toleranceRange.upperBound)], got \(tol)")
        }
    }

    public var control: StepControl {
        switch self {
        case .implicitEuler(let c), .bdf2(let c): return c
        case .variableOrder(let tol, _, _): return .adaptive(tolerance: tol)
        }
    }
    /// The (highest) order of the method.
    public var order: Int {
        switch self {
        case .implicitEuler: return 1
        case .bdf2: return 2
        case .variableOrder(_, let k, _): return k
        }
    }
    public var description: String {
        switch self {
        case .implicitEuler(let c): return "implicit Euler (\(c))"
        case .bdf2(let c): return "BDF2 (\(c))"
        case .variableOrder(let tol, let k, let f):
            return "variable-order \(f.rawValue.uppercased()) 1–\(k) (adaptive, tolerance \(tol))"
        }
    }

    /// The integrator of this stepping for a system, from an initial state.
    public func integrator<S: TridiagonalSystem>(for system: S, initial: [Double], time: Double = 0,
                                                 initialStep: Double? = nil) throws -> any StepIntegrator {
        switch self {
        case .implicitEuler, .bdf2:
            return try ImplicitIntegrator(system: system, initial: initial, time: time, stepping: self,
                                          initialStep: initialStep)
        case .variableOrder(let tol, let k, let f):
            return try VariableOrderBDF(system: system, initial: initial, time: time, tolerance: tol, maxOrder: k,
                                        formula: f, initialStep: initialStep)
        }
    }
}

/// What ``FlowStepper`` and the particle schemes need of an implicit integrator.
public protocol StepIntegrator {
    var time: Double { get }
    var state: [Double] { get }
    /// The Newton residual vector at the last accepted step (empty when it was accepted on
    /// the residual bound).
    var lastResidual: [Double] { get }
    /// a₀ of the last accepted step's `G = a₀y + c − ΔtF(y)`.
    var lastLeadingCoefficient: Double { get }
    /// Whether Newton's convergence is checked on an evaluated residual (see ``ImplicitIntegrator/verifiesResidual``).
    var verifiesResidual: Bool { get set }
    /// One accepted step not beyond `limit`.
    mutating func step(notBeyond limit: Double) throws -> StepRecord
}

extension StepIntegrator {
    /// Integrates to exactly `t`, returning the records of the accepted steps.
    public mutating func advance(to t: Double) throws -> [StepRecord] {
        var records = [StepRecord]()
        while time < t { records.append(try step(notBeyond: t)) }
        return records
    }
}

/// One accepted time step, for tests and progress reports.
public struct StepRecord: Sendable, Equatable {
    /// Time at the end of the step.
    public var time: Double
    /// The step Δt.
    public var step: Double
    /// Newton iterations used (linear solves).
    public var newtonIterations: Int
    /// Norm of the nonlinear residual at the accepted solution (system norm).
    public var residual: Double
    /// Estimated local error (nil for a fixed step).
    public var errorEstimate: Double?
    /// Attempts rejected before this one (error too large or Newton failure).
    public var rejectedAttempts: Int
    /// The order of the formula used for this step.
    public var order: Int = 1
    /// Attempts of this step rejected by the structure guard (``StructureGuard``), by
    /// property ("positivity", "maximum principle", "monotone functionals", "mass"); they are
    /// also counted in ``rejectedAttempts``.
    public var structureRejections: [String: Int] = [:]
    /// Whether the state was carried unchanged to the step's end as a discrete equilibrium
    /// (``StationaryState``): no implicit equation was solved.
    public var stationary = false
    /// The discrete energy `h Σ ρdᵢ f(uᵢ)` after the step (finite-volume solver only).
    public var energy: Double = .nan
    /// `h Σ |f'(uᵢ)||rᵢ|`: by convexity, for implicit Euler,
    /// `E_{n+1} − E_n ≤ −Δt·D(ρ_{n+1}) + h Σ f'(uᵢ) rᵢ`, so the energy can rise by at most this
    /// (r the Newton residual). Finite-volume solver only.
    public var energyResidualBound: Double = .nan
    /// The discrete dissipation D(ρ_{n+1}) after the step (finite-volume solver only).
    public var dissipation: Double = .nan
}
