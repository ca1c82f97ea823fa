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

/// The implicit time integrator (MATH.md §3).
///
/// - `implicitEuler`: first order; for the finite-volume scheme the discrete D2–D4
///   (every convex functional non-increasing, maximum principle, L¹ contraction) hold for
///   any step, and the discrete D6 product bound holds per step.
/// - `bdf2`: variable-step BDF2, second order; accurate and cheap, but the discrete
///   guarantees above are not proved for it (tests check only what holds).
public enum TimeStepping: Sendable, Equatable, CustomStringConvertible {
    case implicitEuler(StepControl)
    case bdf2(StepControl)

    public var control: StepControl {
        switch self {
        case .implicitEuler(let c), .bdf2(let c): return c
        }
    }
    public var order: Int {
        switch self {
        case .implicitEuler: return 1
        case .bdf2: return 2
        }
    }
    public var description: String {
        switch self {
        case .implicitEuler(let c): return "implicit Euler (\(c))"
        case .bdf2(let c): return "BDF2 (\(c))"
        }
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
    /// The discrete energy `h Σ ρdᵢ f(uᵢ)` after the step (finite-volume solver only).
    public var energy: Double = .nan
    /// `h Σ |f'(uᵢ)||rᵢ|`: by convexity, for implicit Euler,
    /// `E_{n+1} − E_n ≤ −Δt·D(ρ_{n+1}) + h Σ f'(uᵢ) rᵢ`, so the energy can rise by at most this
    /// (r the Newton residual). Finite-volume solver only.
    public var energyResidualBound: Double = .nan
    /// The discrete dissipation D(ρ_{n+1}) after the step (finite-volume solver only).
    public var dissipation: Double = .nan
}
