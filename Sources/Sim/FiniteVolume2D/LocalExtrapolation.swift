/// Local (Richardson) extrapolation of a doubled step of ``SplitStepper2D``.
///
/// Strang splitting of TR-BDF2 sub-steps is second order: from the exact state, one step of
/// τ has local error Cτ³ + O(τ⁴) and two steps of τ/2 have 2C(τ/2)³ + O(τ⁴) = Cτ³/4 + O(τ⁴).
/// Step doubling computes both anyway, and
///
///     R = (4·S(τ/2)² − S(τ))/3 = exact + O(τ⁴)
///
/// is a third-order step at no extra cost (derived; observed order 3 in
/// `SplitTimeOrderTests`). The step-doubling estimate ‖S(τ/2)² − S(τ)‖ measures the error of
/// the unextrapolated result (3/4 of Cτ³ + O(τ⁴)), which is larger than R's once τ resolves
/// the solution: it stays the step control's measure, so the tolerance is met with room.
///
/// **Structure.** R has a negative weight, so it inherits none of the sub-steps' properties.
/// Like every TR-BDF2 candidate it is accepted only when ``StructureGuard2D`` finds
/// positivity, the maximum principle, the mass and every monitored convex functional's
/// decrease kept by the state itself; the stepper otherwise takes S(τ/2)², and then
/// implicit Euler.
///
/// **Mass.** m(R) − m₀ = (4(m_½ − m₀) − (m₁ − m₀))/3, so |m(R) − m₀| ≤ (4A_½ + A₁)/3 with
/// A the two results' allowances, plus the rounding of forming R: per cell one subtraction
/// and one division (4a is exact), at most 2ε(1 + ε)·(4|a| + |b|)/3, bounded here by
/// ε(4|a| + |b|).
public enum LocalExtrapolation {
    /// R and its mass allowance (hx·hy units) from the two half steps' result and the full
    /// step's, each with its allowance; `area` is hx·hy.
    public static func combine(half: [Double], halfAllowance: Double, full: [Double], fullAllowance: Double,
                               area: Double) -> (state: [Double], allowance: Double) {
        precondition(half.count == full.count)
        var state = half, rounding = 0.0
        for k in half.indices {
            state[k] = (4 * half[k] - full[k]) / 3
            rounding += 4 * abs(half[k]) + abs(full[k])
        }
        return (state, (4 * halfAllowance + fullAllowance) / 3 + area * Double.ulpOfOne * rounding)
    }
}
