/// A stiff ODE system `y' = F(t, y)` whose Jacobian ∂F/∂y is tridiagonal: the finite-volume
/// semi-discretisation and the quantile-particle scheme are both of this form, and
/// ``ImplicitIntegrator`` integrates either with implicit Euler or BDF2.
public protocol TridiagonalSystem {
    var dimension: Int { get }
    /// Writes F(t, y) into `rhs` and returns an estimate of the round-off in it, in the
    /// system's ``norm(_:)`` (used as Newton's floor: no residual can be smaller).
    func evaluate(_ t: Double, _ y: [Double], rhs: inout [Double]) -> Double
    /// Writes the Jacobian ∂F/∂y at (t, y): row i is `lower[i−1], diagonal[i], upper[i]`.
    func jacobian(_ t: Double, _ y: [Double], lower: inout [Double], diagonal: inout [Double],
                  upper: inout [Double])
    /// Whether an iterate is in the system's domain (ordered particles, finite values).
    func isAdmissible(_ y: [Double]) -> Bool
    /// The error norm of the step control and of Newton's residual.
    func norm(_ v: [Double]) -> Double
    /// A feasible starting guess from an extrapolated one (e.g. clipped at 0).
    func project(_ y: inout [Double])

    /// Newton's system of an implicit step `G(y) = a₀y + c − h F(t, y)`: writes G(y) into
    /// `residual` and the Newton matrix `a₀I − h ∂F/∂y` into `lower`, `diagonal`, `upper`
    /// (`rhs` is scratch). Returns ‖G(y)‖ and the round-off floor of G
    /// `8(h·floor(F) + ε(a₀‖y‖ + ‖c‖))` (a₀y, c and hF each carry relative error ε).
    /// The default evaluates ``evaluate(_:_:rhs:)`` and ``jacobian(_:_:lower:diagonal:upper:)``.
    func newtonSystem(_ t: Double, _ y: [Double], a0: Double, constant: [Double], step h: Double,
                      rhs: inout [Double], residual: inout [Double], lower: inout [Double],
                      diagonal: inout [Double], upper: inout [Double]) -> (norm: Double, roundOff: Double)

    /// A guaranteed bound on ‖G(y − δ)‖ after the Newton update, where δ solves
    /// `M δ = G(y)` with the Newton matrix M (in `lower`, `diagonal`, `upper`), without
    /// evaluating G again; nil when the system has none (the default). See
    /// ``ImplicitIntegrator/verifiesResidual``.
    func newtonUpdateBound(_ y: [Double], delta: [Double], step h: Double, lower: [Double],
                           diagonal: [Double], upper: [Double]) -> Double?
}

extension TridiagonalSystem {
    public func newtonSystem(_ t: Double, _ y: [Double], a0: Double, constant: [Double], step h: Double,
                             rhs: inout [Double], residual: inout [Double], lower: inout [Double],
                             diagonal: inout [Double], upper: inout [Double]) -> (norm: Double, roundOff: Double) {
        separateNewtonSystem(t, y, a0: a0, constant: constant, step: h, rhs: &rhs, residual: &residual,
                             lower: &lower, diagonal: &diagonal, upper: &upper)
    }

    public func newtonUpdateBound(_ y: [Double], delta: [Double], step h: Double, lower: [Double],
                                  diagonal: [Double], upper: [Double]) -> Double? { nil }

    /// ``newtonSystem(_:_:a0:constant:step:rhs:residual:lower:diagonal:upper:)`` from separate
    /// evaluations of F and its Jacobian.
    package func separateNewtonSystem(_ t: Double, _ y: [Double], a0: Double, constant: [Double], step h: Double,
                              rhs: inout [Double], residual: inout [Double], lower: inout [Double],
                              diagonal: inout [Double], upper: inout [Double]) -> (norm: Double, roundOff: Double) {
        let n = y.count
        let floor = evaluate(t, y, rhs: &rhs)
        for i in 0..<n { residual[i] = a0 * y[i] + constant[i] - h * rhs[i] }
        let rNorm = norm(residual)
        let roundOff = 8 * (h * floor + Double.ulpOfOne * (a0 * norm(y) + norm(constant)))
        jacobian(t, y, lower: &lower, diagonal: &diagonal, upper: &upper)
        for i in 0..<n { diagonal[i] = a0 - h * diagonal[i] }
        for i in 0..<(n - 1) { lower[i] *= -h; upper[i] *= -h }
        return (rNorm, roundOff)
    }
}
