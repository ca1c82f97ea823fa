import Foundation
import Analytic

/// The structure-preserving 2D solver: Strang dimensional splitting
/// `S(Δt) = X(Δt/2) ∘ Y(Δt) ∘ X(Δt/2)` of ``FlowProblem2D`` into 1D sub-steps along every grid
/// row (X) and column (Y), each solved by the 1D tridiagonal Newton iteration (`LineSystem`).
///
/// Sub-steps (``SubstepMethod2D``): TR-BDF2 by default, second order, so the Strang step is
/// second order in time; implicit Euler as the fallback and on request.
///
/// Structure: each exact implicit-Euler sub-step conserves mass, keeps ρ ≥ 0, keeps uᵢⱼ
/// within the line's [min u, max u] (discrete maximum principle), is an L¹ contraction, and
/// decreases `Σ ρd g(u)` for every convex g — for any Δt (docs/MATH.md §4); the composition
/// inherits all of it. A computed implicit-Euler sub-step differs from the exact one by at
/// most its Newton residual in L¹ (‖M⁻¹‖₁ ≤ 1 for the M-matrix with unit column sums), and
/// the L¹ contraction of the following sub-steps does not amplify it: the accumulated
/// ``StepRecord2D/residual`` bounds every deviation a test may see. A TR-BDF2 step has no
/// such guarantee; it is accepted only when ``StructureGuard2D`` finds positivity, the
/// maximum principle against the run's initial u-range, the mass, and every monitored convex
/// functional's decrease kept by the computed state itself. When it does not, the same step
/// is taken with implicit-Euler sub-steps (recorded in ``StepRecord2D/fallback``).
///
/// Step control by step doubling: one Strang step of Δt against two of Δt/2; their L¹
/// difference (area-weighted) is the error estimate of the two-half-step result
/// (conservative: for an order-p method the two halves' own error is about 1/(2ᵖ − 1) of
/// it). With TR-BDF2 the state accepted is, by default, their Richardson combination
/// (``LocalExtrapolation``: third order, guarded like every TR-BDF2 candidate; once Δt
/// resolves the solution the estimate overstates its error), else the two-half-step result.
/// Δt grows by at most 5× after a TR-BDF2 step and 2× after an implicit-Euler one, shrinks by
/// at most 5×, with the rule `Δt·0.9·(tol/err)^{1/(p+1)}` (5×: from the initial 1e-4 the
/// ring benchmark reaches the step its tolerance allows in 4 steps instead of 9, 83 accepted
/// steps instead of 87 to t = 10, the same JS(10) error).
/// Near stationarity the difference vanishes and Δt grows geometrically, so runs to t = 100
/// and beyond are cheap.
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
    /// The sub-step method tried first (TR-BDF2: second order, guarded; implicit Euler: first
    /// order, structure by construction).
    public var substepMethod: SubstepMethod2D = .trBDF2
    /// Whether adaptive TR-BDF2 steps accept Richardson's combination of the doubled step
    /// (``LocalExtrapolation``: third order at no extra cost, guarded like every TR-BDF2
    /// candidate). On by default; off, the accepted state is S(τ/2)² (second order).
    public var localExtrapolation = true
    /// How the lines of each sweep are spread over the cores (the numbers do not depend on it).
    public var lineParallelism: LineParallelism = .automatic
    /// Which code solves the lines (the numbers do not depend on it).
    public var lineKernel: LineKernel2D = .bundled
    /// TR-BDF2 attempts refused by ``StructureGuard2D`` so far (each retaken with implicit Euler).
    public private(set) var fallbacks = 0
    /// [inf u₀, sup u₀] of the initial state: the maximum principle's range.
    public let initialRange: ClosedRange<Double>
    /// The guard's figures of the current state, when known.
    private var reference: MonitoredState?
    private let rows: DirectionalSweep
    private let columns: DirectionalSweep
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
        let uMin = zip(initial, problem.inverseTargetAverages).reduce(Double.infinity) { min($0, $1.0 * $1.1) }
        initialRange = min(uMin, supU)...supU
        self.problem = problem
        self.tolerance = tolerance
        self.time = time
        self.density = initial
        self.stepSize = initialStep
        let g = problem.grid, nx = g.nx, ny = g.ny
        let inv = problem.inverseTargetAverages
        rows = DirectionalSweep(systems: (0..<ny).map { j in
            LineSystem(weights: Array(problem.xWeights[(j * (nx - 1))..<((j + 1) * (nx - 1))]),
                       inverseTargets: Array(inv[(j * nx)..<((j + 1) * nx)]), spacing: g.x.spacing, kind: problem.flow)
        }, alongX: true, nx: nx, ny: ny, otherSpacing: g.y.spacing)
        columns = DirectionalSweep(systems: (0..<nx).map { i in
            LineSystem(weights: Array(problem.yWeights[(i * (ny - 1))..<((i + 1) * (ny - 1))]),
                       inverseTargets: (0..<ny).map { inv[$0 * nx + i] }, spacing: g.y.spacing, kind: problem.flow)
        }, alongX: false, nx: nx, ny: ny, otherSpacing: g.x.spacing)
        meter = BudgetMeter()
    }

    public init(problem: FlowProblem2D, initial: any PlaneDensity, tolerance: Double = SplitStepper2D.defaultTolerance) throws {
        try self.init(problem: problem, initial: try problem.initialAverages(of: initial), tolerance: tolerance)
    }

    /// One sub-step of length τ along every row (`alongX`) or column (``DirectionalSweep``).
    /// Returns its mass allowance (hx·hy units) or nil when Newton failed on a line.
    private func substep(_ rho: inout [Double], _ tau: Double, alongX: Bool, method: SubstepMethod2D,
                         record: inout [Substep2D]?) -> Double? {
        let before = record == nil ? [] : rho
        let sweep = alongX ? rows : columns
        guard let r = sweep.run(&rho, tau: tau, method: method, time: time, keepsResidual: record != nil,
                                parallelism: lineParallelism, kernel: lineKernel) else { return nil }
        record?.append(Substep2D(before: before, after: rho, residual: r.residual, alongX: alongX, method: method))
        return r.allowance
    }

    /// The Strang step X(τ/2) Y(τ) X(τ/2); nil when a sub-step failed.
    private mutating func strang(_ rho: [Double], _ tau: Double, method: SubstepMethod2D,
                                 record: inout [Substep2D]?) -> ([Double], Double)? {
        var r = rho
        guard let a = substep(&r, tau / 2, alongX: true, method: method, record: &record),
              let b = substep(&r, tau, alongX: false, method: method, record: &record),
              let c = substep(&r, tau / 2, alongX: true, method: method, record: &record) else { return nil }
        return (r, a + b + c)
    }

    /// Step doubling with one method: the two half steps' result S(τ/2)² and its summed
    /// allowance, the full step S(τ) and its allowance, and their L¹ difference (the error
    /// estimate); nil when Newton failed somewhere.
    private mutating func doubled(_ tau: Double, method: SubstepMethod2D, kept: inout [Substep2D]?)
        -> (state: [Double], allowance: Double, full: [Double], fullAllowance: Double, error: Double)? {
        var none: [Substep2D]? = nil
        guard let full = strang(density, tau, method: method, record: &none),
              let first = strang(density, tau / 2, method: method, record: &kept),
              let second = strang(first.0, tau / 2, method: method, record: &kept) else { return nil }
        var err = 0.0
        for k in full.0.indices { err += abs(full.0[k] - second.0[k]) }
        return (second.0, first.1 + second.1, full.0, full.1, problem.grid.area * err)
    }

    /// The TR-BDF2 candidate of a doubled step that the guard accepts: Richardson's
    /// combination (``LocalExtrapolation``, when ``localExtrapolation`` is on), else
    /// S(τ/2)²; the guard's reason when it refuses both.
    private mutating func guarded(_ d: (state: [Double], allowance: Double, full: [Double], fullAllowance: Double, error: Double))
        -> Result<(state: [Double], allowance: Double, extrapolated: Bool, next: MonitoredState), StructureViolation> {
        if localExtrapolation {
            let r = LocalExtrapolation.combine(half: d.state, halfAllowance: d.allowance, full: d.full,
                                               fullAllowance: d.fullAllowance, area: problem.grid.area)
            let (v, next) = guardVerdict(r.state, allowance: r.allowance)
            if v == nil { return .success((r.state, r.allowance, true, next)) }
        }
        let (v, next) = guardVerdict(d.state, allowance: d.allowance)
        if let v { return .failure(v) }
        return .success((d.state, d.allowance, false, next))
    }

    /// The guard's verdict on a TR-BDF2 candidate from the current state.
    private mutating func guardVerdict(_ candidate: [Double], allowance: Double) -> (StructureViolation?, MonitoredState) {
        let a = reference ?? StructureGuard2D.state(density, problem: problem)
        reference = a
        let b = StructureGuard2D.state(candidate, problem: problem)
        return (StructureGuard2D.violation(from: a, to: b, candidate: candidate, problem: problem,
                                           range: initialRange, massAllowance: allowance), b)
    }

    private mutating func accept(_ state: [Double], tau: Double, limit: Double?, reference next: MonitoredState?) {
        time = limit.map { tau == $0 - time ? $0 : time + tau } ?? time + tau
        density = state
        reference = next
    }

    /// One accepted step, not beyond `limit`.
    public mutating func step(notBeyond limit: Double) throws -> StepRecord2D {
        guard limit > time else {
            throw InvalidArgument("2D solver: asked to step to \(limit) from t = \(time)")
        }
        while true {
            try meter.charge(at: time)
            let tau = min(stepSize, limit - time)
            guard tau > 1e-14 * max(1, time) else {
                throw FlowError.stepFailed(time: time, step: tau, reason: "the 2D step size underflowed")
            }
            var fallback: StructureViolation? = nil
            if substepMethod == .trBDF2 {
                var kept: [Substep2D]? = recordsSubsteps ? [] : nil
                guard let d = doubled(tau, method: .trBDF2, kept: &kept) else { stepSize = tau / 4; continue }
                let factor = d.error > 0 ? 0.9 * cbrt(tolerance / d.error) : 2
                guard d.error <= tolerance else { stepSize = tau * min(1, max(0.2, factor)); continue }
                switch guarded(d) {
                case .success(let c):
                    let previous = time
                    accept(c.state, tau: tau, limit: limit, reference: c.next)
                    if tau == stepSize || factor < 1 { stepSize = tau * min(5, max(0.2, factor)) }
                    return StepRecord2D(time: time, step: time - previous, errorEstimate: d.error, residual: c.allowance,
                                        substeps: kept ?? [], method: .trBDF2, fallback: nil, extrapolated: c.extrapolated)
                case .failure(let v):
                    fallback = v
                    fallbacks += 1
                }
            }
            var kept: [Substep2D]? = recordsSubsteps ? [] : nil
            guard let d = doubled(tau, method: .implicitEuler, kept: &kept) else { stepSize = tau / 4; continue }
            let factor = d.error > 0 ? 0.9 * (tolerance / d.error).squareRoot() : 2
            guard d.error <= tolerance else { stepSize = tau * min(1, max(0.2, factor)); continue }
            let previous = time
            accept(d.state, tau: tau, limit: limit, reference: nil)
            // A step cut short by `limit` says nothing about the next one's size.
            if tau == stepSize || factor < 1 { stepSize = tau * min(2, max(0.2, factor)) }
            return StepRecord2D(time: time, step: time - previous, errorEstimate: d.error, residual: d.allowance,
                                substeps: kept ?? [], method: .implicitEuler, fallback: fallback, extrapolated: false)
        }
    }

    /// One Strang step of exactly `tau`, without error control (for convergence studies and
    /// equal-step comparisons). With `.trBDF2` (the default) the step is second order and is
    /// accepted only when ``StructureGuard2D`` holds; otherwise it is retaken with
    /// implicit-Euler sub-steps (``StepRecord2D/fallback`` says why). With `.implicitEuler`
    /// every step keeps every structural property by construction (fixed steps Δt and Δt/2
    /// then combine by Richardson extrapolation, `2ρ(Δt/2) − ρ(Δt)`, to second order in time).
    /// Throws when a line's Newton iteration fails.
    public mutating func fixedStep(_ tau: Double, method: SubstepMethod2D = .trBDF2) throws -> StepRecord2D {
        guard tau > 0, tau.isFinite else { throw InvalidArgument("2D solver: a fixed step must be finite and > 0, got \(tau)") }
        try meter.charge(at: time)
        var fallback: StructureViolation? = nil
        if method == .trBDF2 {
            var kept: [Substep2D]? = recordsSubsteps ? [] : nil
            guard let result = strang(density, tau, method: .trBDF2, record: &kept) else {
                throw FlowError.stepFailed(time: time, step: tau, reason: "Newton's iteration failed on a grid line (TR-BDF2 sub-step)")
            }
            let (v, next) = guardVerdict(result.0, allowance: result.1)
            if v == nil {
                accept(result.0, tau: tau, limit: nil, reference: next)
                return StepRecord2D(time: time, step: tau, errorEstimate: .nan, residual: result.1, substeps: kept ?? [],
                                    method: .trBDF2, fallback: nil, extrapolated: false)
            }
            fallback = v
            fallbacks += 1
        }
        var kept: [Substep2D]? = recordsSubsteps ? [] : nil
        guard let result = strang(density, tau, method: .implicitEuler, record: &kept) else {
            throw FlowError.stepFailed(time: time, step: tau, reason: "Newton's iteration failed on a grid line")
        }
        accept(result.0, tau: tau, limit: nil, reference: nil)
        return StepRecord2D(time: time, step: tau, errorEstimate: .nan, residual: result.1, substeps: kept ?? [],
                            method: .implicitEuler, fallback: fallback, extrapolated: false)
    }

    /// One step of exactly `tau` made as ``step(notBeyond:)`` makes it, without error control:
    /// Richardson's combination of one Strang TR-BDF2 step of τ and two of τ/2
    /// (``LocalExtrapolation``, third order), refused by the guard → S(τ/2)² → implicit Euler
    /// (``StepRecord2D/fallback`` says why). For convergence studies of the adaptive path.
    public mutating func extrapolatedFixedStep(_ tau: Double) throws -> StepRecord2D {
        guard tau > 0, tau.isFinite else { throw InvalidArgument("2D solver: a fixed step must be finite and > 0, got \(tau)") }
        try meter.charge(at: time)
        var kept: [Substep2D]? = recordsSubsteps ? [] : nil
        guard let d = doubled(tau, method: .trBDF2, kept: &kept) else {
            throw FlowError.stepFailed(time: time, step: tau, reason: "Newton's iteration failed on a grid line (TR-BDF2 sub-step)")
        }
        switch guarded(d) {
        case .success(let c):
            accept(c.state, tau: tau, limit: nil, reference: c.next)
            return StepRecord2D(time: time, step: tau, errorEstimate: d.error, residual: c.allowance, substeps: kept ?? [],
                                method: .trBDF2, fallback: nil, extrapolated: c.extrapolated)
        case .failure(let v):
            fallbacks += 1
            var ie: [Substep2D]? = recordsSubsteps ? [] : nil
            guard let result = strang(density, tau, method: .implicitEuler, record: &ie) else {
                throw FlowError.stepFailed(time: time, step: tau, reason: "Newton's iteration failed on a grid line")
            }
            accept(result.0, tau: tau, limit: nil, reference: nil)
            return StepRecord2D(time: time, step: tau, errorEstimate: d.error, residual: result.1, substeps: ie ?? [],
                                method: .implicitEuler, fallback: v, extrapolated: false)
        }
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
    /// The step-doubling L¹ error estimate (NaN for a fixed step).
    public let errorEstimate: Double
    /// Implicit Euler: Σ over the sub-steps of the accepted path of their L¹ Newton residuals
    /// (hx·hy Σ|G|), so the computed state is within this L¹ distance of the exact
    /// composition. TR-BDF2: the bound on the step's mass change from its residuals and the
    /// rounding of its stage constants — for an extrapolated state the combination's
    /// (``LocalExtrapolation``) — (the rest of its structure is checked on the state itself by
    /// ``StructureGuard2D``).
    public let residual: Double
    /// The accepted path's sub-steps (when ``SplitStepper2D/recordsSubsteps`` is on).
    public let substeps: [Substep2D]
    /// The sub-step method of the accepted step.
    public let method: SubstepMethod2D
    /// Why a TR-BDF2 attempt at this step size was refused in favour of implicit Euler (nil: none was).
    public let fallback: StructureViolation?
    /// Whether the accepted state is Richardson's combination of the doubled step
    /// (``LocalExtrapolation``) rather than S(τ/2)² or a single Strang step.
    public let extrapolated: Bool
}

/// One sub-step of the 2D splitting: state before and after, and its last Newton residual
/// per cell (row-major): for implicit Euler `G = ρ' − ρ − τF_dir(ρ')`; for TR-BDF2 the BDF2
/// stage's.
public struct Substep2D: Sendable {
    public let before: [Double]
    public let after: [Double]
    public let residual: [Double]
    public let alongX: Bool
    public let method: SubstepMethod2D
}
