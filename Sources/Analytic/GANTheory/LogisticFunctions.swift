import Foundation

/// The logistic function σ(t) = 1/(1 + e^{−t}), without overflow for either sign of t.
/// Discriminators are σ of a logit: `D* = σ(ln ρd − ln ρ)` (docs/MATH.md §1).
@inline(__always)
public func sigmoid(_ t: Double) -> Double {
    t >= 0 ? 1 / (1 + exp(-t)) : exp(t) / (1 + exp(t))
}

/// softplus(t) = ln(1 + eᵗ) without overflow or loss for large |t|; ∞ for t = ∞, 0 for
/// t = −∞. `ln σ(t) = −softplus(−t)` and `ln(1 − σ(t)) = −softplus(t)`.
@inline(__always)
public func softplus(_ t: Double) -> Double {
    t > 0 ? t + log1p(exp(-t)) : log1p(exp(t))
}
