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
}
