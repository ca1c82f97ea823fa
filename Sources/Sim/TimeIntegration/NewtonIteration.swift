/// Newton's method for one implicit step of a ``TridiagonalSystem``:
/// solve `G(y) = a₀y + c − h F(t, y) = 0` with the Newton matrix `M = a₀I − h ∂F/∂y`
/// re-evaluated at every iterate (the fused pass of
/// ``TridiagonalSystem/newtonSystem(_:_:a0:constant:step:rhs:residual:lower:diagonal:upper:)``
/// gives G and M together, so a fresh Jacobian costs little more than G alone) and
/// tridiagonal solves (``TridiagonalWorkspace``).
///
/// Stopping rule: ‖G(y)‖ ≤ max(tolerance, round-off floor of G), or — when
/// `verifiesResidual` is off and the system bounds ‖G‖ after an update without evaluating it
/// (``TridiagonalSystem/newtonUpdateBound(_:delta:step:lower:diagonal:upper:)``) — that bound
/// ≤ tolerance. An iteration that stops decreasing ‖G‖ within 100× the round-off floor is
/// accepted as converged to round-off (the floor is an estimate; stagnation above the
/// tolerance but far from round-off is a failure, not convergence). Both implicit integrators
/// (``ImplicitIntegrator``, ``VariableOrderBDF``) use it.
///
/// **At least one update.** For a conservative system the columns of `M` sum to a₀ (those
/// of ∂F/∂y to 0), so an update δ = M⁻¹G removes the residual's mass: after it
/// `h Σ(a₀yᵢ + cᵢ) = 0` up to round-off, whatever ‖G‖ was. A starting iterate (the predictor)
/// accepted on ‖G‖ alone keeps its mass error `h Σ Gᵢ`, and near equilibrium, where the
/// predictor is good and the round-off floor of G (Δt·|flux| terms) is large, those errors
/// went unnoticed. On a narrow two-peak target run to t = 1e6 they drained tail cells below
/// inf u₀, which stopped every integrator near t ≈ 1e4; let past that stop, the runs ended
/// with relative mass changes of 4.3e-8 (implicit Euler) and 5.0e-5 (NDF), which `check`
/// rejects. So the start is never accepted without an update unless its residual is
/// exactly 0 (the same runs then keep the mass to 6e-14…7e-12 and reach the end).
struct NewtonIteration {
    /// The result of a converged solve.
    struct Outcome {
        /// Linear solves performed.
        var iterations: Int
        /// ‖G‖ at the accepted iterate: evaluated, or the guaranteed bound.
        var residualNorm: Double
        /// Whether the iterate was accepted on the update bound (then ``residual`` does not
        /// hold G at the accepted iterate).
        var acceptedOnBound: Bool
    }

    /// G(y) at the last evaluated iterate (at the accepted one unless accepted on the bound).
    var residual: [Double]
    /// The round-off floor of ‖G‖ at the last evaluated iterate.
    private(set) var lastRoundOff = 0.0
    private var rhs: [Double], delta: [Double]
    private var lower: [Double], diagonal: [Double], upper: [Double]
    private var linearSolver = TridiagonalWorkspace()

    init(dimension n: Int) {
        rhs = [Double](repeating: 0, count: n)
        residual = rhs; delta = rhs; diagonal = rhs
        lower = [Double](repeating: 0, count: max(0, n - 1)); upper = lower
    }

    /// Iterates from `y` (overwritten with the solution); nil when Newton fails (an
    /// inadmissible or non-finite iterate, a singular matrix, or `maxIterations` reached).
    mutating func solve<S: TridiagonalSystem>(_ system: S, time t: Double, a0: Double, constant: [Double],
                                             step h: Double, iterate y: inout [Double], tolerance: Double,
                                             maxIterations: Int, verifiesResidual: Bool) -> Outcome? {
        let n = y.count
        var iterations = 0
        var previousNorm = Double.infinity
        while true {
            guard system.isAdmissible(y) else { return nil }
            let (rNorm, roundOff) = system.newtonSystem(t, y, a0: a0, constant: constant, step: h, rhs: &rhs,
                                                        residual: &residual, lower: &lower, diagonal: &diagonal,
                                                        upper: &upper)
            guard rNorm.isFinite else { return nil }
            lastRoundOff = roundOff
            let converged = rNorm <= max(tolerance, roundOff)
                || (iterations > 0 && rNorm >= previousNorm && rNorm <= 100 * roundOff)
            // The starting iterate is never kept without an update (see the type's documentation).
            if converged, iterations > 0 || rNorm == 0 {
                return Outcome(iterations: iterations, residualNorm: rNorm, acceptedOnBound: false)
            }
            if iterations >= maxIterations { return nil }
            previousNorm = rNorm
            // M δ = G(y), y ← y − δ.
            do {
                try linearSolver.solve(diagonal: diagonal, upper: upper, lower: lower, rhs: residual, into: &delta)
            } catch {
                return nil
            }
            let bound = verifiesResidual ? nil
                : system.newtonUpdateBound(y, delta: delta, step: h, lower: lower, diagonal: diagonal, upper: upper)
            y.withUnsafeMutableBufferPointer { yp in
                delta.withUnsafeBufferPointer { dp in for i in 0..<n { yp[i] -= dp[i] } }
            }
            iterations += 1
            if let b = bound, b <= tolerance {
                guard system.isAdmissible(y) else { return nil }
                return Outcome(iterations: iterations, residualNorm: b, acceptedOnBound: true)
            }
        }
    }
}
