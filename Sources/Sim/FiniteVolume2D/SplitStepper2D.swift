import Foundation
import Analytic

/// The structure-preserving 2D solver: Strang dimensional splitting
/// `S(Δt) = X(Δt/2) ∘ Y(Δt) ∘ X(Δt/2)` of ``FlowProblem2D`` into implicit-Euler sub-steps along
/// every grid row (X) and column (Y), each solved by the 1D tridiagonal Newton iteration
/// (`LineSystem`).
///
/// Structure: each exact sub-step is an implicit-Euler step of a 1D finite-volume flow, so it
/// conserves mass, keeps ρ ≥ 0, keeps uᵢⱼ within the line's [min u, max u] (discrete maximum
/// principle), is an L¹ contraction, and decreases `Σ ρd g(u)` for every convex g — for any
/// Δt (docs/MATH.md §4). The composition inherits all of it. A computed sub-step differs from
/// the exact one by at most its Newton residual in L¹ (‖M⁻¹‖₁ ≤ 1 for the M-matrix with unit
/// column sums), and the L¹ contraction of the following sub-steps does not amplify it: the
/// accumulated ``StepRecord2D/residual`` bounds every deviation a test may see.
///
/// Time accuracy: implicit-Euler sub-steps make the scheme first order in time (Strang's
/// symmetry gives second order only with second-order sub-steps, which would lose the
/// unconditional maximum principle). The step is adaptive by step doubling: one step of Δt
/// against two of Δt/2; their L¹ difference (area-weighted) estimates the local error of the
/// accepted two-half-step result, and Δt grows by at most 2×, shrinks by at most 5×, with the
/// first-order rule `Δt·0.9·√(tol/err)`. Near stationarity the difference vanishes and Δt
/// grows geometrically, so runs to t = 100 and beyond are cheap.
public struct SplitStepper2D {
    public let problem: FlowProblem2D
    /// Local error tolerance per step in L¹ (`hx·hy Σ|·|`).
    public let tolerance: Double
    public private(set) var time: Double
    public private(set) var density: [Double]
    /// The next step size to try.
    public private(set) var stepSize: Double
    /// Whether every sub-step's input, output and Newton residual are kept in the step
    /// record (for property tests; memory grows with the grid).
    public var recordsSubsteps = false
    private var rowNewton: NewtonIteration
    private var columnNewton: NewtonIteration
    private var rows: [LineSystem]
    private var columns: [LineSystem]
    private var meter: BudgetMeter

    /// Largest sup u₀ accepted for the χ² flow. Its diffusivity Ψ'(u) = 2u makes cells with
    /// large u relax at a rate ~u/h²; the split step's error then stays above any tolerance
    /// until Δt resolves that rate (measured: sup u₀ ≈ 1e14–1e18 on grids of ~18 × 15 cells
    /// stalled the step size below 1e-14, where the solver gives up). 1e8 keeps the fastest
    /// rate below ~1e12 for cells down to h = 0.01, above the step floor (and u² far from
    /// overflow). By the maximum principle u never exceeds sup u₀.
    public static let maximumChiSquaredRatio = 1e8

    /// Default tolerance 1e-6 in L¹: as the 1D solver's default local tolerance.
    public static let defaultTolerance = 1e-6

    public init(problem: FlowProblem2D, initial: [Double], tolerance: Double = SplitStepper2D.defaultTolerance,
                initialStep: Double = 1e-4, time: Double = 0) throws {
        try problem.validate(initial)
        guard tolerance > 0, tolerance.isFinite else {
            throw InvalidArgument("2D solver: tolerance must be finite and > 0, got \(tolerance)")
        }
        guard initialStep > 0, initialStep.isFinite else {
            throw InvalidArgument("2D solver: initial step must be finite and > 0, got \(initialStep)")
        }
        let supU = zip(initial, problem.inverseTargetAverages).reduce(0.0) { max($0, $1.0 * $1.1) }
        guard supU.isFinite else {
            throw InvalidArgument("2D solver: u₀ = ρ₀/ρd is not finite in some cell (the target's cell average underflows where the initial density has mass); shrink the domain")
        }
        if problem.flow == .chi2, supU > Self.maximumChiSquaredRatio {
            throw InvalidArgument("2D solver: the chi2 flow needs sup u₀ = sup ρ₀/ρd ≤ 1e8 (its diffusivity 2u would make the step size underflow), got \(supU); shrink the domain or start closer to the target")
        }
        self.problem = problem
        self.tolerance = tolerance
        self.time = time
        self.density = initial
        self.stepSize = initialStep
        let g = problem.grid, nx = g.nx, ny = g.ny
        let inv = problem.inverseTargetAverages
        rows = (0..<ny).map { j in
            LineSystem(weights: Array(problem.xWeights[(j * (nx - 1))..<((j + 1) * (nx - 1))]),
                       inverseTargets: Array(inv[(j * nx)..<((j + 1) * nx)]), spacing: g.x.spacing, kind: problem.flow)
        }
        columns = (0..<nx).map { i in
            LineSystem(weights: Array(problem.yWeights[(i * (ny - 1))..<((i + 1) * (ny - 1))]),
                       inverseTargets: (0..<ny).map { inv[$0 * nx + i] }, spacing: g.y.spacing, kind: problem.flow)
        }
        rowNewton = NewtonIteration(dimension: nx)
        columnNewton = NewtonIteration(dimension: ny)
        meter = BudgetMeter()
    }

    public init(problem: FlowProblem2D, initial: any PlaneDensity, tolerance: Double = SplitStepper2D.defaultTolerance) throws {
        try self.init(problem: problem, initial: try problem.initialAverages(of: initial), tolerance: tolerance)
    }

    /// Newton iterations per line before a sub-step is declared failed (then Δt shrinks).
    static let maxNewtonIterations = 30

    /// One implicit-Euler sub-step of length τ along every row (`alongX`) or column.
    /// Returns the summed L¹ Newton residual (hx·hy Σ|G|) or nil when Newton failed on a line.
    private mutating func substep(_ rho: inout [Double], _ tau: Double, alongX: Bool,
                                  record: inout [Substep2D]?) -> Double? {
        let g = problem.grid, nx = g.nx, ny = g.ny
        let before = record == nil ? [] : rho
        var fullResidual = record == nil ? [] : [Double](repeating: 0, count: g.count)
        var total = 0.0
        let lines = alongX ? ny : nx, length = alongX ? nx : ny
        let other = alongX ? g.y.spacing : g.x.spacing
        var old = [Double](repeating: 0, count: length), y = old
        for l in 0..<lines {
            for k in 0..<length { old[k] = alongX ? rho[l * nx + k] : rho[k * nx + l] }
            y = old
            var constant = old
            for k in 0..<length { constant[k] = -old[k] }
            let sys = alongX ? rows[l] : columns[l]
            // Newton to the round-off floor, or 1e-15 of the line's L¹ mass: far below any
            // time tolerance, and the residual itself is carried into the step record.
            let lineMass = sys.norm(old)
            let tol = max(1e-15 * lineMass, 1e-300)
            let outcome: NewtonIteration.Outcome?
            if alongX {
                outcome = rowNewton.solve(sys, time: time, a0: 1, constant: constant, step: tau, iterate: &y,
                                          tolerance: tol, maxIterations: Self.maxNewtonIterations, verifiesResidual: true)
            } else {
                outcome = columnNewton.solve(sys, time: time, a0: 1, constant: constant, step: tau, iterate: &y,
                                             tolerance: tol, maxIterations: Self.maxNewtonIterations, verifiesResidual: true)
            }
            guard let o = outcome else { return nil }
            total += other * o.residualNorm
            if record != nil {
                let r = alongX ? rowNewton.residual : columnNewton.residual
                for k in 0..<length { fullResidual[alongX ? l * nx + k : k * nx + l] = r[k] }
            }
            for k in 0..<length { rho[alongX ? l * nx + k : k * nx + l] = y[k] }
        }
        record?.append(Substep2D(before: before, after: rho, residual: fullResidual, alongX: alongX))
        return total
    }

    /// The Strang step X(τ/2) Y(τ) X(τ/2); nil when a sub-step failed.
    private mutating func strang(_ rho: [Double], _ tau: Double, record: inout [Substep2D]?) -> ([Double], Double)? {
        var r = rho
        guard let a = substep(&r, tau / 2, alongX: true, record: &record),
              let b = substep(&r, tau, alongX: false, record: &record),
              let c = substep(&r, tau / 2, alongX: true, record: &record) else { return nil }
        return (r, a + b + c)
    }

    /// One accepted step, not beyond `limit`.
    public mutating func step(notBeyond limit: Double) throws -> StepRecord2D {
        guard limit > time else {
            throw InvalidArgument("2D solver: asked to step to \(limit) from t = \(time)")
        }
        let area = problem.grid.area
        while true {
            try meter.charge(at: time)
            let tau = min(stepSize, limit - time)
            guard tau > 1e-14 * max(1, time) else {
                throw FlowError.stepFailed(time: time, step: tau, reason: "the 2D step size underflowed")
            }
            var none: [Substep2D]? = nil
            var kept: [Substep2D]? = recordsSubsteps ? [] : nil
            guard let fullStep = strang(density, tau, record: &none),
                  let firstHalf = strang(density, tau / 2, record: &kept),
                  let secondHalf = strang(firstHalf.0, tau / 2, record: &kept) else {
                stepSize = tau / 4
                continue
            }
            let full = fullStep.0, half2 = secondHalf.0, r1 = firstHalf.1, r2 = secondHalf.1
            var err = 0.0
            for k in full.indices { err += abs(full[k] - half2[k]) }
            err *= area
            let factor = err > 0 ? 0.9 * (tolerance / err).squareRoot() : 2
            if err <= tolerance {
                let previous = time
                time = tau == limit - time ? limit : time + tau
                density = half2
                // A step cut short by `limit` says nothing about the next one's size.
                if tau == stepSize || factor < 1 { stepSize = tau * min(2, max(0.2, factor)) }
                return StepRecord2D(time: time, step: time - previous, errorEstimate: err, residual: r1 + r2,
                                    substeps: kept ?? [])
            }
            stepSize = tau * min(1, max(0.2, factor))
        }
    }

    /// One Strang step of exactly `tau`, without error control (for convergence studies:
    /// fixed steps Δt and Δt/2 combine by Richardson extrapolation, `2ρ(Δt/2) − ρ(Δt)`, to a
    /// second-order-in-time result; each step alone keeps every structural property).
    /// Throws when a line's Newton iteration fails.
    public mutating func fixedStep(_ tau: Double) throws -> StepRecord2D {
        guard tau > 0, tau.isFinite else { throw InvalidArgument("2D solver: a fixed step must be finite and > 0, got \(tau)") }
        try meter.charge(at: time)
        var kept: [Substep2D]? = recordsSubsteps ? [] : nil
        guard let result = strang(density, tau, record: &kept) else {
            throw FlowError.stepFailed(time: time, step: tau, reason: "Newton's iteration failed on a grid line")
        }
        time += tau
        density = result.0
        return StepRecord2D(time: time, step: tau, errorEstimate: .nan, residual: result.1, substeps: kept ?? [])
    }

    /// Steps until exactly `t`.
    public mutating func advance(to t: Double) throws -> [StepRecord2D] {
        var out = [StepRecord2D]()
        while time < t { out.append(try step(notBeyond: t)) }
        return out
    }
}

/// One accepted step of ``SplitStepper2D``.
public struct StepRecord2D: Sendable {
    public let time: Double
    public let step: Double
    /// The step-doubling L¹ error estimate.
    public let errorEstimate: Double
    /// Σ over the six sub-steps of the accepted path of their L¹ Newton residuals
    /// (hx·hy Σ|G|): the computed state is within this L¹ distance of the exact composition.
    public let residual: Double
    /// The six sub-steps (when ``SplitStepper2D/recordsSubsteps`` is on).
    public let substeps: [Substep2D]
}

/// One implicit-Euler sub-step of the 2D splitting: state before and after, and its Newton
/// residual `G = ρ' − ρ − τF_dir(ρ')` per cell (row-major).
public struct Substep2D: Sendable {
    public let before: [Double]
    public let after: [Double]
    public let residual: [Double]
    public let alongX: Bool
}
