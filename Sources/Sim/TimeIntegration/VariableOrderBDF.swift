import Foundation

/// Variable-order, variable-step backward differentiation (orders 1–5, NDF or BDF
/// coefficients: ``BackwardDifferenceFormula``) in the quasi-constant-step form of
/// Shampine & Reichelt: the solution history is a table of backward differences
/// `∇⁰yₙ … ∇^{k+2}yₙ` at the current spacing h; a change of step rescales the table
/// (``BackwardDifferenceFormula/stepChangeMatrix(order:ratio:)``), a change of order only
/// changes how many of its rows are used.
///
/// A step: predictor `y⁽⁰⁾ = Σ_{j≤k} ∇ʲyₙ`, then Newton (`NewtonIteration`, fresh Jacobian
/// at every iterate) on `G(y) = y + (ψ − y⁽⁰⁾) − (h/αₖ)F(tₙ₊₁, y)`; the local error is
/// `errₖ = C_k‖y − y⁽⁰⁾‖` (C_k the error constant) in the system's norm (L¹ for cell
/// averages). A step with `errₖ > tol` is retried with `h·max(0.2, 0.9(tol/errₖ)^{1/(k+1)})`.
/// After k+1 accepted steps of the same size, the errors the neighbouring orders would have
/// made, `C_{k−1}‖∇ᵏyₙ₊₁‖` and `C_{k+1}‖∇^{k+2}yₙ₊₁‖`, are compared: the order whose
/// step factor `0.9(tol/err)^{1/(order+1)}` is largest is taken, with the step growing at
/// most 10× at once. Waiting k+1 steps makes ∇^{k+1} and ∇^{k+2}, on which those
/// estimates rest, differences of steps of one size.
///
/// Defaults and why: the safety factor 0.9 and the limits 0.2 and 10 on a step change are
/// the usual ones of variable-order BDF codes (a rejected step costs a Newton solve, so the
/// controller aims a little below the tolerance); Newton stops at
/// ``ImplicitIntegrator/newtonFraction`` × tol, two orders below the local error being
/// controlled, exactly as the fixed-order integrator.
///
/// Linear invariants: for the zero-flux finite-volume system 1ᵀF = 0, and every row
/// ∇ʲ (j ≥ 1) of the table has zero total mass; so 1ᵀ(y⁽⁰⁾) = 1ᵀyₙ, 1ᵀψ = 0 and the Newton
/// updates `δ` with `(I − cJ)δ = G` carry the mass of G only, which is the residual's:
/// mass is conserved up to the Newton residual and round-off, as for implicit Euler.
/// Orders ≥ 2 are not positivity preserving nor monotone (orders ≥ 3 undershoot in tail
/// cells; a χ² run raised TV by 2.4e-8 between outputs), and NDF1 (κ₁ ≠ 0) is a two-step
/// formula. So every adaptive step passes the structure guard (``StructureGuard``: positivity,
/// maximum principle, every ``MonitoredFunctional`` non-increasing, mass, each up to stated
/// round-off): a candidate that breaks one is retried one order lower with the same step;
/// at order 1 with the BDF1 coefficients, i.e. implicit Euler, which keeps them all for any
/// step; an implicit-Euler candidate that still breaks one is polished by Newton to its
/// round-off floor, then its step is quartered. The fixed-step mode (order studies) is not
/// guarded. Every step attempt is charged to a ``StepBudget``.
public struct VariableOrderBDF<System: TridiagonalSystem>: StepIntegrator {
    public private(set) var system: System
    public let formula: BackwardDifferenceFormula
    /// The highest order the controller may use (the fixed order for a fixed step).
    public let maxOrder: Int
    public let control: StepControl
    public private(set) var time: Double
    public private(set) var state: [Double]
    /// The order of the next step.
    public private(set) var order: Int
    /// The spacing h of the difference table: the size of the next step.
    public private(set) var stepSize: Double
    public private(set) var lastResidual: [Double] = []
    public var verifiesResidual = true
    /// Always 1: G is written with unit coefficient on yₙ₊₁.
    public var lastLeadingCoefficient: Double { 1 }

    public static var maxStepIncrease: Double { 10 }
    public static var maxStepDecrease: Double { 0.2 }
    public static var safety: Double { 0.9 }

    private let n: Int
    /// Rows j = 0 … maxOrder+2 of ∇ʲyₙ, row j at offset j·n.
    private var differences: [Double]
    private var equalSteps = 0
    private var newton: NewtonIteration
    private var predictor: [Double], constant: [Double], trial: [Double], correction: [Double]
    private var scratch: [Double]
    private var guardRunner: StepGuardRunner
    private var meter = BudgetMeter()
    /// Order-1 steps use the BDF1 coefficients (implicit Euler) after a structure rejection,
    /// until the order rises again.
    private var backwardEuler = false
    /// The formula of the step about to be taken.
    private var stepFormula: BackwardDifferenceFormula { order == 1 && backwardEuler ? .bdf : formula }

    /// Adaptive order and step from an initial value: order 1, first step `initialStep`
    /// (default as ``ImplicitIntegrator``: `min(1e-3, √(2 tol/1e4))`, an explicit-Euler local
    /// error of about tol for |y''| ~ 1e4; the controller corrects it within a few steps).
    public init(system: System, initial: [Double], time: Double = 0, tolerance: Double, maxOrder: Int = 5,
                formula: BackwardDifferenceFormula = .ndf, initialStep: Double? = nil) throws {
        try TimeStepping.validate(tolerance: tolerance)
        let h = initialStep ?? min(1e-3, sqrt(2 * tolerance / 1e4))
        guard h > 0, h.isFinite else { throw InvalidArgument("initial step must be > 0, got \(h)") }
        try self.init(system: system, history: [initial], time: time, step: h, maxOrder: maxOrder,
                      formula: formula, control: .adaptive(tolerance: tolerance))
        var f = [Double](repeating: 0, count: n)
        _ = system.evaluate(time, initial, rhs: &f)
        for i in 0..<n { differences[n + i] = h * f[i] }   // ∇¹ ≈ h y'(t₀): order 1 predicts explicit Euler
    }

    /// Fixed step and fixed order k = `history.count − 1` (1…5) from starting values
    /// `history[j] = y(t − j·step)`, j = 0…k (e.g. from an accurate reference solution):
    /// the classical constant-step k-step formula, for measuring orders of accuracy.
    public init(system: System, history: [[Double]], time: Double, step: Double,
                formula: BackwardDifferenceFormula = .ndf) throws {
        guard step > 0, step.isFinite else { throw InvalidArgument("time step must be > 0, got \(step)") }
        try self.init(system: system, history: history, time: time, step: step, maxOrder: history.count - 1,
                      formula: formula, control: .fixed(step))
    }

    private init(system: System, history: [[Double]], time: Double, step: Double, maxOrder: Int,
                 formula: BackwardDifferenceFormula, control: StepControl) throws {
        guard (1...BackwardDifferenceFormula.maxOrder).contains(maxOrder) else {
            throw InvalidArgument("variable-order BDF: order must be 1…\(BackwardDifferenceFormula.maxOrder), got \(maxOrder)")
        }
        let n = system.dimension
        for (j, y) in history.enumerated() where y.count != n {
            throw InvalidArgument("variable-order BDF: starting value \(j) has \(y.count) values, system has \(n)")
        }
        guard time.isFinite else { throw InvalidArgument("start time must be finite, got \(time)") }
        self.system = system
        self.formula = formula
        self.maxOrder = maxOrder
        self.control = control
        self.time = time
        self.n = n
        state = history[0]
        order = max(1, history.count - 1)
        stepSize = step
        differences = [Double](repeating: 0, count: (maxOrder + 3) * n)
        // ∇ʲyₙ by repeated differencing of yₙ, yₙ₋₁, … (rows beyond the data stay 0).
        var level = history
        for j in 0..<history.count {
            for i in 0..<n { differences[j * n + i] = level[0][i] }
            level = (0..<(level.count - 1)).map { m in (0..<n).map { level[m][$0] - level[m + 1][$0] } }
        }
        newton = NewtonIteration(dimension: n)
        predictor = [Double](repeating: 0, count: n)
        constant = predictor; trial = predictor; correction = predictor
        scratch = [Double](repeating: 0, count: BackwardDifferenceFormula.maxOrder)
        if case .adaptive = control { guardRunner = StepGuardRunner(system, enabled: true) }
        else { guardRunner = StepGuardRunner(system, enabled: false) }
    }

    private var tolerance: Double? {
        if case .adaptive(let tol) = control { return tol } else { return nil }
    }

    /// Takes one accepted step, not beyond `limit`, and returns its record.
    public mutating func step(notBeyond limit: Double) throws -> StepRecord {
        let remaining = limit - time
        guard remaining > 0 else { throw InvalidArgument("integrator: step limit \(limit) is not after t = \(time)") }
        var rejected = 0
        var structure = [String: Int]()
        var lastViolation: StructureViolation? = nil
        // At the discrete equilibrium to within Newton's tolerance (L¹): project onto it and
        // carry it to the limit (``EquilibriumCertificate``).
        if guardRunner.settlesAtEquilibrium(system, state: &state, tolerance: tolerance.map { ImplicitIntegrator<System>.newtonFraction * $0 }) {
            return carryStationary(to: limit, rejected: 0, structure: [:])
        }
        while true {
            try meter.charge(at: time)
            // Land on the limit: take it when within 1 + 1e-12 of a step, halve the
            // remainder when it is less than two steps (no tiny last step).
            if stepSize >= remaining * (1 - 1e-12) { rescale(by: remaining / stepSize, landingOn: remaining) }
            else if tolerance != nil, stepSize > 0.5 * remaining { rescale(by: 0.5 * remaining / stepSize) }
            let h = stepSize
            if StepUnderflow.occurs(step: h, remaining: remaining, time: time) {
                // Steps below the resolution of t: a state that is a discrete equilibrium
                // to rounding is carried to the limit (as after a rejected implicit-Euler
                // step), anything else is a failure.
                if StationaryState.holds(system, time: time, state: state, scratch: &correction) {
                    return carryStationary(to: limit, rejected: rejected, structure: structure)
                }
                throw StepUnderflow.failure(time: time, step: h, rejected: rejected, lastViolation: lastViolation)
            }
            let tNew = h == remaining ? limit : time + h
            predict()
            system.project(&trial)
            let newtonTolerance = tolerance.map { ImplicitIntegrator<System>.newtonFraction * $0 }
                ?? ImplicitIntegrator<System>.fixedNewtonTolerance
            let alpha = stepFormula.alpha(order)
            guard var outcome = newton.solve(system, time: tNew, a0: 1, constant: constant, step: h / alpha,
                                             iterate: &trial, tolerance: newtonTolerance,
                                             maxIterations: ImplicitIntegrator<System>.maxNewtonIterations,
                                             verifiesResidual: verifiesResidual) else {
                // A constant-step formula whose step was cut would no longer be the one asked
                // for: in the fixed mode a Newton failure is an error.
                guard tolerance != nil else {
                    throw FlowError.stepFailed(time: time, step: h, reason: "Newton did not converge at the fixed step")
                }
                rejected += 1
                rescale(by: 0.25)
                continue
            }
            for i in 0..<n { correction[i] = trial[i] - predictor[i] }
            let err = stepFormula.errorConstant(order) * system.norm(correction)
            if let tol = tolerance, err > tol {
                rejected += 1
                rescale(by: max(Self.maxStepDecrease, Self.safety * pow(tol / err, 1 / Double(order + 1))))
                continue
            }
            if guardRunner.isActive {
                // Mass: h Σ G = m(y) − m(yₙ) (the table's rows ∇ʲ, j ≥ 1, have zero mass), so an
                // accepted residual bounds the mass change.
                // Implicit Euler (BDF1: G = y − yₙ − hF): the residual's effect on the functionals is allowed.
                let isEuler = order == 1 && backwardEuler
                let ie = isEuler ? (residual: outcome.acceptedOnBound ? nil : newton.residual,
                                    norm: outcome.residualNorm, roundOff: newton.lastRoundOff) : nil
                var v = guardRunner.violation(current: state, candidate: trial, massAllowance: newtonTolerance,
                                              implicitEuler: ie)
                if v != nil, order == 1, backwardEuler, outcome.iterations < ImplicitIntegrator<System>.maxNewtonIterations {
                    // Implicit Euler keeps the structure up to its Newton residual: polish.
                    if let polished = newton.solve(system, time: tNew, a0: 1, constant: constant, step: h / alpha,
                                                   iterate: &trial, tolerance: 0,
                                                   maxIterations: ImplicitIntegrator<System>.maxNewtonIterations,
                                                   verifiesResidual: true) {
                        outcome = NewtonIteration.Outcome(iterations: outcome.iterations + polished.iterations,
                                                          residualNorm: polished.residualNorm, acceptedOnBound: false)
                        v = guardRunner.violation(current: state, candidate: trial, massAllowance: newtonTolerance,
                                                  implicitEuler: (newton.residual, outcome.residualNorm, newton.lastRoundOff))
                        for i in 0..<n { correction[i] = trial[i] - predictor[i] }
                    }
                }
                if let violation = v {
                    lastViolation = violation
                    rejected += 1
                    structure[violation.property, default: 0] += 1
                    if order > 1 {
                        order -= 1
                        equalSteps = 0
                    } else if !backwardEuler {
                        backwardEuler = true
                    } else if StationaryState.holds(system, time: time, state: state, scratch: &correction) {
                        return carryStationary(to: limit, rejected: rejected, structure: structure)
                    } else {
                        try guardRunner.firstOrderRejection(violation, time: time, step: h, farFromEquilibrium:
                            StepGuardRunner.farFromEquilibrium(system, time: time, state: state, scratch: &correction))
                        rescale(by: 0.25)
                    }
                    continue
                }
                guardRunner.accept()
            }
            // Accept.
            acceptCorrection()
            swap(&state, &trial)
            if outcome.acceptedOnBound {
                lastResidual = []
            } else {
                if lastResidual.count != newton.residual.count { lastResidual = newton.residual }
                swap(&lastResidual, &newton.residual)
            }
            time = tNew
            equalSteps += 1
            var record = StepRecord(time: tNew, step: h, newtonIterations: outcome.iterations,
                                    residual: outcome.residualNorm, errorEstimate: tolerance == nil ? nil : err,
                                    rejectedAttempts: rejected)
            record.order = order
            record.structureRejections = structure
            if let tol = tolerance, equalSteps >= order + 1 { adaptOrderAndStep(tolerance: tol, error: err) }
            if order > 1 { backwardEuler = false }
            return record
        }
    }

    /// Carries a stationary state (``StationaryState``) unchanged to `limit` in one step:
    /// the table's differences become 0 (a constant solution), the order 1.
    private mutating func carryStationary(to limit: Double, rejected: Int, structure: [String: Int]) -> StepRecord {
        let h = limit - time
        for i in 0..<n { differences[i] = state[i] }
        for i in n..<differences.count { differences[i] = 0 }
        order = 1
        equalSteps = 0
        backwardEuler = true
        time = limit
        lastResidual = [Double](repeating: 0, count: state.count)   // no equation solved: reported as 0
        var record = StepRecord(time: limit, step: h, newtonIterations: 0, residual: 0, errorEstimate: 0,
                                rejectedAttempts: rejected)
        record.structureRejections = structure
        record.stationary = true
        return record
    }

    /// Predictor `y⁽⁰⁾ = Σ_{j≤k}∇ʲyₙ`, Newton's constant `ψ − y⁽⁰⁾` and the starting iterate y⁽⁰⁾.
    private mutating func predict() {
        let k = order, n = self.n
        let alpha = stepFormula.alpha(k)
        var weights = [Double](repeating: 0, count: k + 1)
        for j in 1...k { weights[j] = BackwardDifferenceFormula.gamma(j) / alpha }
        differences.withUnsafeBufferPointer { dp in
        predictor.withUnsafeMutableBufferPointer { pp in
        constant.withUnsafeMutableBufferPointer { cp in
        trial.withUnsafeMutableBufferPointer { tp in
            for i in 0..<n {
                var p = dp[i], psi = 0.0
                for j in 1...k {
                    let v = dp[j * n + i]
                    p += v
                    psi += weights[j] * v
                }
                pp[i] = p; cp[i] = psi - p; tp[i] = p
            }
        }}}}
    }

    /// The table after an accepted step with correction d = yₙ₊₁ − y⁽⁰⁾:
    /// `∇^{k+2} ← d − ∇^{k+1}`, `∇^{k+1} ← d`, then `∇ʲ ← ∇ʲ + ∇^{j+1}` for j = k…0, so that
    /// `∇⁰ = y⁽⁰⁾ + d = yₙ₊₁` (set to the Newton solution exactly).
    private mutating func acceptCorrection() {
        let k = order, n = self.n
        differences.withUnsafeMutableBufferPointer { dp in
        correction.withUnsafeBufferPointer { cp in
        trial.withUnsafeBufferPointer { tp in
            for i in 0..<n {
                let d = cp[i]
                dp[(k + 2) * n + i] = d - dp[(k + 1) * n + i]
                dp[(k + 1) * n + i] = d
                var j = k
                while j >= 1 { dp[j * n + i] += dp[(j + 1) * n + i]; j -= 1 }
                dp[i] = tp[i]
            }
        }}}
    }

    /// Chooses order k−1, k or k+1 by the step each would allow and rescales the table.
    private mutating func adaptOrderAndStep(tolerance tol: Double, error err: Double) {
        let k = order
        func factor(_ e: Double, _ q: Int) -> Double { e > 0 ? pow(tol / e, 1 / Double(q + 1)) : .infinity }
        var best = (delta: 0, factor: factor(err, k))
        let formula = self.formula
        if k > 1 {
            let e = (k - 1 == 1 && backwardEuler ? BackwardDifferenceFormula.bdf : formula).errorConstant(k - 1) * rowNorm(k)
            let f = factor(e, k - 1)
            if f > best.factor { best = (-1, f) }
        }
        if k < maxOrder {
            let e = formula.errorConstant(k + 1) * rowNorm(k + 2)
            let f = factor(e, k + 1)
            if f > best.factor { best = (1, f) }
        }
        order += best.delta
        rescale(by: min(Self.maxStepIncrease, Self.safety * best.factor))
    }

    /// The system norm of row j of the table.
    private mutating func rowNorm(_ j: Int) -> Double {
        for i in 0..<n { correction[i] = differences[j * n + i] }
        return system.norm(correction)
    }

    /// Changes the table's spacing from h to `ratio·h` (rows 1…k), resetting the count of
    /// equal steps; `landingOn`, when given, is the exact new step (`ratio·h` rounded could
    /// miss the output time by an ulp).
    private mutating func rescale(by ratio: Double, landingOn exact: Double? = nil) {
        guard ratio != 1 else { if let e = exact { stepSize = e }; return }
        stepSize = exact ?? stepSize * ratio
        equalSteps = 0
        let k = order, n = self.n
        let a = BackwardDifferenceFormula.stepChangeMatrix(order: k, ratio: ratio).flatMap { $0 }
        differences.withUnsafeMutableBufferPointer { dp in
        scratch.withUnsafeMutableBufferPointer { sp in
        a.withUnsafeBufferPointer { ap in
            for i in 0..<n {
                for j in 0..<k {
                    var s = 0.0
                    for m in 0..<k { s += ap[j * k + m] * dp[(m + 1) * n + i] }
                    sp[j] = s
                }
                for j in 0..<k { dp[(j + 1) * n + i] = sp[j] }
            }
        }}}
    }
}
