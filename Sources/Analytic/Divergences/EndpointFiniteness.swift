/// KL(P‖Q) and χ²(P‖Q) at finite points (derived; the endpoint companion of
/// ``TailFiniteness``). At each point x₀ where a support starts or ends
/// (``EndpointBehaviour/criticalPoints(_:)``), on each side, with p ~ |x − x₀|^α and
/// q ~ |x − x₀|^β:
///
/// - α = ∞ (P vanishes there): nothing to decide.
/// - β = ∞ > α (Q vanishes where P does not): KL and χ² are infinite.
/// - χ²: p²/q ~ |x − x₀|^{2α − β} is integrable iff 2α − β > −1; the borderline −1
///   diverges logarithmically (χ²(beta(½,½)‖uniform(0,1))). χ²(beta(2,5)‖beta(5,2)) = ∞
///   at 0: α = 1, β = 4.
/// - KL: p ln(p/q) ~ |x − x₀|^α·((α − β) ln|x − x₀| + c) is always integrable (α > −1).
///
/// Ties are decided with the slack of ``TailFiniteness/tieTolerance``.
public enum EndpointFiniteness {
    /// nil when finite at every point, otherwise the reason it is not.
    public static func infiniteReason(_ kind: DivergenceKind, p: any Density, q: any Density) -> String? {
        guard !kind.isBounded else { return nil }
        for x0 in EndpointBehaviour.criticalPoints([p, q]) {
            for side in [EndpointBehaviour.Side.left, .right] {
                let a = EndpointBehaviour.exponent(p, at: x0, from: side)
                if a == .infinity { continue }
                let b = EndpointBehaviour.exponent(q, at: x0, from: side)
                if b == .infinity {
                    return "P has mass \(side == .right ? "right" : "left") of x = \(x0), where Q is 0"
                }
                if kind == .chi2, !TailFiniteness.clearlyGreater(2 * a - b, -1) {
                    return "p²/q ~ |x − \(x0)|^\(2 * a - b) is not integrable \(side == .right ? "right" : "left") of x = \(x0) (p ~ |x − x₀|^\(a), q ~ |x − x₀|^\(b); finite iff 2α − β > −1)"
                }
            }
        }
        return nil
    }
}
