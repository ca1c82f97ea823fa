import Foundation

/// The time discretisation of one directional sub-step of ``SplitStepper2D``.
///
/// - ``implicitEuler``: `ρ' − τF(ρ') = ρ`. First order. For the two-point-flux line system
///   its Newton matrix is an M-matrix with unit column sums, so the exact step conserves mass,
///   keeps ρ ≥ 0 and u within the line's range, is an L¹ contraction and lowers every convex
///   functional — for every τ (docs/MATH.md §4, derived).
/// - ``trBDF2``: TR-BDF2 with γ = 2 − √2, a one-step, L-stable, second-order method of two
///   implicit stages on the same tridiagonal Newton iteration:
///
///       trapezoidal stage to γτ:  ρ_γ − (γτ/2)F(ρ_γ) = ρ + (γτ/2)F(ρ)
///       BDF2 stage to τ:          ρ' − ((1−γ)/(2−γ))τF(ρ') = ρ_γ/(γ(2−γ)) − ((1−γ)²/(γ(2−γ)))ρ
///
///   The two coefficients on the right of the BDF2 stage sum to 1, and ΣF = 0 on a line, so
///   both stages conserve mass up to their Newton residuals. The trapezoidal stage is partly
///   explicit: positivity, the maximum principle and the decrease of convex functionals are
///   not guaranteed for large τ, so a step made of these sub-steps is accepted only when
///   ``StructureGuard2D`` finds them kept, and the stepper falls back to implicit Euler
///   otherwise. Strang's symmetric composition of second-order sub-steps is second order.
public enum SubstepMethod2D: String, Sendable, CaseIterable {
    case implicitEuler = "implicit Euler"
    case trBDF2 = "TR-BDF2"

    /// γ = 2 − √2: the two stages share the Newton matrix's scaling, γτ/2 = (1−γ)τ/(2−γ).
    static let gamma = 2 - 2.0.squareRoot()
    /// 1/(γ(2−γ)), the BDF2 stage's weight of ρ_γ (about 2.91): a stage-1 residual enters the
    /// mass of the result multiplied by it.
    static let stageWeight = 1 / (gamma * (2 - gamma))
    /// (1−γ)²/(γ(2−γ)), the BDF2 stage's weight of ρ (stageWeight − 1).
    static let startWeight = (1 - gamma) * (1 - gamma) / (gamma * (2 - gamma))
    /// (1−γ)/(2−γ), the BDF2 stage's implicit step factor.
    static let bdfFactor = (1 - gamma) / (2 - gamma)

    /// The order of the sub-step (and of the Strang step built from it).
    public var order: Int { self == .implicitEuler ? 1 : 2 }
}
