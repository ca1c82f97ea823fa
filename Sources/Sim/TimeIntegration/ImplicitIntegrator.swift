import Foundation

/// Implicit Euler and variable-step BDF2 with Newton's method (`NewtonIteration`) and
/// tridiagonal solves (Analytic's `TridiagonalWorkspace`: two-sided Thomas elimination, matching GSL's
/// `gsl_linalg_solve_tridiag` to round-off at about half its cost), for any ``TridiagonalSystem``.
///
/// BDF2 with step ratio ω = Δtₙ/Δtₙ₋₁:
/// `(1+2ω)/(1+ω) yₙ₊₁ − (1+ω) yₙ + ω²/(1+ω) yₙ₋₁ = Δtₙ F(tₙ₊₁, yₙ₊₁)`; the first step is
/// implicit Euler. Local error (adaptive control) by Milne's device: the implicit solution
/// y_C and an explicit polynomial predictor y_P through the last points have errors
/// `e_C = c_C y⁽ᵖ⁺¹⁾`, `e_P = −c_P y⁽ᵖ⁺¹⁾` to leading order, so `e_C ≈ c_C/(c_C + c_P)(y_C − y_P)`:
/// - implicit Euler, linear predictor through yₙ₋₁, yₙ: `c_C = h²/2`, `c_P = h(h+k)/2`;
/// - BDF2, quadratic predictor through yₙ₋₂, yₙ₋₁, yₙ: `c_C = h³(1+ω)²/(6ω(1+2ω))`,
///   `c_P = h(h+k)(h+k+k₂)/6` (h, k, k₂ the last three steps). Where a history point is
///   missing, the derivative F(t₀, y₀) at the start replaces it (a confluent node: k or k₂ = 0).
///
/// Newton stops when the residual norm is below `newtonFraction·tolerance` (adaptive) or
/// `fixedNewtonTolerance` (fixed step), or at the round-off floor reported by the system.
public struct ImplicitIntegrator<System: TridiagonalSystem>: StepIntegrator {
    public private(set) var system: System
    public let stepping: TimeStepping
    public private(set) var time: Double
    public private(set) var state: [Double]
    /// The Newton residual vector G(y) at the last accepted solution; empty when the step
    /// was accepted on ``TridiagonalSystem/newtonUpdateBound(_:delta:step:lower:diagonal:upper:)``
    /// (``verifiesResidual`` off).
    public private(set) var lastResidual: [Double]
    /// Whether Newton's convergence is always checked on an evaluated residual G(y) (one more
    /// evaluation of F per step; the residual vector is kept in ``lastResidual`` for tests).
    /// When false and the system gives a bound on ‖G‖ after the Newton update
    /// (``TridiagonalSystem/newtonUpdateBound(_:delta:step:lower:diagonal:upper:)``), an
    /// update whose bound is within Newton's tolerance is accepted without that evaluation:
    /// every accepted step still has ‖G‖ ≤ tolerance, the record's `residual` is then the bound.
    public var verifiesResidual = true
    /// The a₀ coefficient of the last accepted step (1 for implicit Euler): `G = a₀y + c − ΔtF(y)`.
    public private(set) var lastLeadingCoefficient: Double = 1

    /// Newton tolerance as a fraction of the adaptive tolerance: Newton's error is then
    /// two orders below the local error being controlled.
    public static var newtonFraction: Double { 1e-2 }
    /// Newton tolerance for a fixed step: 1e-13 in the system's L¹-type norm, near the
    /// round-off of O(1) masses; the round-off floor reported by the system takes over when
    /// it is larger.
    public static var fixedNewtonTolerance: Double { 1e-13 }
    public static var maxNewtonIterations: Int { 12 }
    public var initialStep: Double

    // History: yₙ₋₁, yₙ₋₂ and the steps that led to yₙ and yₙ₋₁.
    private var previous: [Double] = []
    private var previous2: [Double] = []
    private var lastStep = 0.0
    private var lastStep2 = 0.0
    private var history = 0
    private var startDerivative: [Double]? = nil
    private var proposal: Double
    /// Whether the last successful attempt was accepted on the Newton update bound.
    private var acceptedOnBound = false

    private var guardRunner: StepGuardRunner
    private var meter = BudgetMeter()
    /// The current step is retried at order 1 (implicit Euler) after a structure rejection.
    private var forceFirstOrder = false

    // Work arrays.
    private var newton: NewtonIteration
    private var rhs: [Double], delta: [Double], predictor: [Double], trial: [Double], constant: [Double]

    public init(system: System, initial: [Double], time: Double = 0, stepping: TimeStepping,
                initialStep: Double? = nil) throws {
        guard initial.count == system.dimension else {
            throw InvalidArgument("integrator: initial state has \(initial.count) values, system has \(system.dimension)")
        }
        switch stepping.control {
        case .fixed(let dt):
            guard dt > 0, dt.isFinite else { throw InvalidArgument("time step must be > 0, got \(dt)") }
        case .adaptive(let tol):
            try TimeStepping.validate(tolerance: tol)
        }
        self.system = system
        self.stepping = stepping
        self.time = time
        self.state = initial
        let n = system.dimension
        rhs = [Double](repeating: 0, count: n)
        delta = rhs; predictor = rhs; trial = rhs; constant = rhs
        previous = rhs; previous2 = rhs
        newton = NewtonIteration(dimension: n)
        lastResidual = rhs
        if case .adaptive = stepping.control { guardRunner = StepGuardRunner(system, enabled: true) }
        else { guardRunner = StepGuardRunner(system, enabled: false) }
        switch stepping.control {
        case .fixed(let dt): self.initialStep = dt
        case .adaptive(let tol):
            // A first step whose explicit-Euler local error h²|y''|/2 is about tol for
            // |y''| ~ 1e4 (diffusion on fine grids); the controller corrects it at once.
            self.initialStep = initialStep ?? min(1e-3, sqrt(2 * tol / 1e4))
        }
        proposal = self.initialStep
    }

    /// Takes one accepted step, not beyond `limit`, and returns its record.
    public mutating func step(notBeyond limit: Double) throws -> StepRecord {
        let remaining = limit - time
        guard remaining > 0 else { throw InvalidArgument("integrator: step limit \(limit) is not after t = \(time)") }
        var rejected = 0
        var structure = [String: Int]()
        var lastViolation: StructureViolation? = nil
        var h = proposal
        let adaptive: Double? = { if case .adaptive(let tol) = stepping.control { return tol } else { return nil } }()
        forceFirstOrder = false
        // At the discrete equilibrium to within Newton's tolerance (L¹): project onto it and
        // carry it to the limit (``EquilibriumCertificate``).
        if guardRunner.settlesAtEquilibrium(system, state: &state, tolerance: adaptive.map { Self.newtonFraction * $0 }) {
            return carryStationary(to: limit, rejected: 0, structure: [:])
        }
        while true {
            try meter.charge(at: time)
            // Land on the limit: take it when within 1 + 1e-9 of a step, halve the
            // remainder when it is less than two steps (no tiny last step).
            if h >= remaining * (1 - 1e-12) { h = remaining }
            else if adaptive != nil, h > 0.5 * remaining { h = 0.5 * remaining }
            if StepUnderflow.occurs(step: h, remaining: remaining, time: time) {
                // Steps below the resolution of t: a state that is a discrete equilibrium
                // to rounding is carried to the limit (as after a rejected implicit-Euler
                // step), anything else is a failure.
                if StationaryState.holds(system, time: time, state: state, scratch: &delta) {
                    return carryStationary(to: limit, rejected: rejected, structure: structure)
                }
                throw StepUnderflow.failure(time: time, step: h, rejected: rejected, lastViolation: lastViolation)
            }
            let tNew = h == remaining ? limit : time + h
            let outcome = try attempt(h: h, tNew: tNew)
            guard case (var iterations, var resNorm, let err)? = outcome else {
                rejected += 1
                if adaptive == nil, rejected > 6 {
                    throw FlowError.stepFailed(time: time, step: h, reason: "Newton did not converge (fixed step halved 6 times)")
                }
                h *= 0.25
                continue
            }
            if let tol = adaptive, let e = err, e > tol {
                rejected += 1
                h *= max(0.2, 0.9 * pow(tol / e, 1 / Double(currentOrder + 1)))
                continue
            }
            if guardRunner.isActive, let tol = adaptive {
                // Mass: h Σ G = a₀m(y) − (1+ω)m(yₙ) + ω²/(1+ω)m(yₙ₋₁), so the change of mass is at
                // most (‖G‖ + ω²/(1+ω)|m(yₙ) − m(yₙ₋₁)|)/a₀ ≤ ‖G‖ + |m(yₙ) − m(yₙ₋₁)| (ω ≤ 2).
                let newtonTolerance = Self.newtonFraction * tol
                let allowance = newtonTolerance + (currentOrder == 2 ? abs(guardRunner.lastMassChange) : 0)
                // Implicit Euler (a₀ = 1, c = −yₙ): the residual's effect on the functionals is allowed.
                let ie = currentOrder == 1 ? (residual: acceptedOnBound ? nil : newton.residual, norm: resNorm,
                                              roundOff: newton.lastRoundOff) : nil
                var v = guardRunner.violation(current: state, candidate: trial, massAllowance: allowance, implicitEuler: ie)
                if v != nil, currentOrder == 1, iterations < Self.maxNewtonIterations {
                    // Implicit Euler keeps the structure up to its Newton residual: polish.
                    if let polished = newton.solve(system, time: tNew, a0: 1, constant: constant, step: h,
                                                   iterate: &trial, tolerance: 0, maxIterations: Self.maxNewtonIterations,
                                                   verifiesResidual: true) {
                        acceptedOnBound = false
                        iterations += polished.iterations
                        resNorm = polished.residualNorm
                        v = guardRunner.violation(current: state, candidate: trial, massAllowance: allowance,
                                                  implicitEuler: (newton.residual, resNorm, newton.lastRoundOff))
                    }
                }
                if let violation = v {
                    lastViolation = violation
                    rejected += 1
                    structure[violation.property, default: 0] += 1
                    if currentOrder == 2 {
                        forceFirstOrder = true
                    } else if StationaryState.holds(system, time: time, state: state, scratch: &delta) {
                        return carryStationary(to: limit, rejected: rejected, structure: structure)
                    } else {
                        try guardRunner.firstOrderRejection(violation, time: time, step: h, farFromEquilibrium:
                            StepGuardRunner.farFromEquilibrium(system, time: time, state: state, scratch: &delta))
                        h *= 0.25
                    }
                    continue
                }
                guardRunner.accept()
            }
            let usedOrder = currentOrder
            forceFirstOrder = false
            // Accept.
            // Rotate the buffers (no copies): yₙ₋₂ ← yₙ₋₁ ← yₙ ← trial.
            swap(&previous2, &previous)
            swap(&previous, &state)
            swap(&state, &trial)
            if acceptedOnBound {
                lastResidual = []
            } else {
                if lastResidual.count != newton.residual.count { lastResidual = newton.residual }
                swap(&lastResidual, &newton.residual)
            }
            lastStep2 = lastStep
            lastStep = h
            time = tNew
            history += 1
            if let tol = adaptive {
                let factor = (err ?? 0) > 0 ? 0.9 * pow(tol / err!, 1 / Double(currentOrder + 1)) : 2
                proposal = h * min(2, max(0.2, factor))
            } else if case .fixed(let dt) = stepping.control {
                proposal = dt
            }
            var record = StepRecord(time: tNew, step: h, newtonIterations: iterations, residual: resNorm,
                                    errorEstimate: err, rejectedAttempts: rejected)
            record.order = usedOrder
            record.structureRejections = structure
            return record
        }
    }

    /// Carries a stationary state (``StationaryState``) unchanged to `limit` in one step; the
    /// history becomes that of a constant solution.
    private mutating func carryStationary(to limit: Double, rejected: Int, structure: [String: Int]) -> StepRecord {
        let h = limit - time
        copy(state, into: &previous)
        copy(state, into: &previous2)
        lastStep2 = h; lastStep = h
        history += 1
        startDerivative = nil
        time = limit
        lastResidual = [Double](repeating: 0, count: state.count)   // no equation solved: reported as 0
        lastLeadingCoefficient = 1
        forceFirstOrder = false
        proposal = h
        var record = StepRecord(time: limit, step: h, newtonIterations: 0, residual: 0, errorEstimate: 0,
                                rejectedAttempts: rejected)
        record.structureRejections = structure
        record.stationary = true
        return record
    }

    /// Order of the step about to be taken (BDF2 starts with one implicit Euler step).
    private var currentOrder: Int {
        if case .bdf2 = stepping, history >= 1, !forceFirstOrder { return 2 }
        return 1
    }

    /// One attempt of a step of size h. Nil when Newton fails; otherwise the Newton
    /// iterations, the final residual norm and the error estimate (adaptive only).
    private mutating func attempt(h: Double, tNew: Double) throws -> (Int, Double, Double?)? {
        let n = system.dimension
        let order = currentOrder
        // G(y) = a0·y + c − h F(tNew, y).
        var a0 = 1.0
        if order == 2 {
            let w = h / lastStep
            a0 = (1 + 2 * w) / (1 + w)
            let a1 = -(1 + w), a2 = w * w / (1 + w)
            for i in 0..<n { constant[i] = a1 * state[i] + a2 * previous[i] }
        } else {
            for i in 0..<n { constant[i] = -state[i] }
        }
        // Predictor and its error coefficient.
        var errorFactor = 0.0
        let needsStart = (order == 1 && history == 0) || (order == 2 && history == 1)
        if needsStart, startDerivative == nil {
            _ = system.evaluate(time, state, rhs: &rhs)
            startDerivative = rhs
        }
        if order == 1 {
            if history == 0 {
                let f0 = startDerivative!
                for i in 0..<n { predictor[i] = state[i] + h * f0[i] }
                errorFactor = 0.5
            } else {
                let k = lastStep
                for i in 0..<n { predictor[i] = state[i] + (h / k) * (state[i] - previous[i]) }
                errorFactor = h / (2 * h + k)
            }
        } else {
            let k = lastStep, w = h / k
            let cC = h * h * h * (1 + w) * (1 + w) / (w * (1 + 2 * w))
            if history == 1 {
                // Quadratic with P(t₀) = y₀, P'(t₀) = F(t₀, y₀), P(t₁) = y₁.
                let f0 = startDerivative!
                let s = h + k
                for i in 0..<n {
                    let c = (state[i] - previous[i] - f0[i] * k) / (k * k)
                    predictor[i] = previous[i] + f0[i] * s + c * s * s
                }
                errorFactor = cC / (cC + h * (h + k) * (h + k))
            } else {
                let k2 = lastStep2
                let l0 = h * (h + k) / (k2 * (k + k2))
                let l1 = -h * (h + k + k2) / (k * k2)
                let l2 = (h + k + k2) * (h + k) / ((k + k2) * k)
                for i in 0..<n { predictor[i] = l0 * previous2[i] + l1 * previous[i] + l2 * state[i] }
                errorFactor = cC / (cC + h * (h + k) * (h + k + k2))
            }
        }
        if history >= 1 { startDerivative = nil }
        // Newton starts from the predictor when the step is error-controlled (it is then
        // accurate), from yₙ for a fixed step (an explicit extrapolation over a large fixed
        // step can be far off); either is projected onto the system's domain.
        if case .fixed = stepping.control { copy(state, into: &trial) } else { copy(predictor, into: &trial) }
        system.project(&trial)
        let tolerance: Double
        switch stepping.control {
        case .fixed: tolerance = Self.fixedNewtonTolerance
        case .adaptive(let tol): tolerance = Self.newtonFraction * tol
        }
        guard let outcome = newton.solve(system, time: tNew, a0: a0, constant: constant, step: h, iterate: &trial,
                                         tolerance: tolerance, maxIterations: Self.maxNewtonIterations,
                                         verifiesResidual: verifiesResidual) else { return nil }
        acceptedOnBound = outcome.acceptedOnBound
        return finish(iterations: outcome.iterations, residualNorm: outcome.residualNorm, errorFactor: errorFactor, a0: a0)
    }

    /// The accepted attempt's record entries; the error estimate compares the Newton
    /// solution with the predictor.
    private mutating func finish(iterations: Int, residualNorm: Double, errorFactor: Double,
                                 a0: Double) -> (Int, Double, Double?) {
        let err: Double?
        if case .adaptive = stepping.control {
            for i in 0..<system.dimension { delta[i] = trial[i] - predictor[i] }
            err = errorFactor * system.norm(delta)
        } else { err = nil }
        lastLeadingCoefficient = a0
        return (iterations, residualNorm, err)
    }

    private func copy(_ source: [Double], into target: inout [Double]) {
        if target.count != source.count { target = source; return }
        for i in source.indices { target[i] = source[i] }
    }
}
