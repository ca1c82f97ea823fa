import Foundation

/// A discriminator `D = σ(η) = 1/(1 + e^{−η})` given by its logit η(x) and η'(x).
///
/// Working with the logit keeps every quantity Algorithm 1 needs free of cancellation:
/// `ln D = −softplus(−η)`, `ln(1 − D) = −softplus(η)`, `D' = D(1 − D)η'`, and the target
/// displacement of eq. (22) per unit ε,
///
///     D'/(2(1 − D)) = D η' / 2,
///
/// which for D = D* (η = ln ρd − ln ρ) is the velocity of ODE (2) (docs/MATH.md §1).
public protocol Discriminator: Sendable {
    func logit(_ x: Double) -> Double
    func logitDerivative(_ x: Double) -> Double
}

extension Discriminator {
    public func value(_ x: Double) -> Double { sigmoid(logit(x)) }
    public func derivative(_ x: Double) -> Double {
        let d = value(x)
        return d * (1 - d) * logitDerivative(x)
    }
    /// ln(1 − D(x)), the minimax generator loss's integrand.
    public func logOneMinus(_ x: Double) -> Double { -softplus(logit(x)) }
    /// ∇D/(2(1 − D)) at x: the displacement of eq. (22) per unit ε.
    public func drift(_ x: Double) -> Double { 0.5 * value(x) * logitDerivative(x) }
}

/// The exact optimal discriminator D* of two known densities (Analytic's
/// ``OptimalDiscriminator``) is a ``Discriminator``: its logit is `ln ρd − ln ρ`, its
/// derivative the difference of the scores.
extension OptimalDiscriminator: Discriminator {}
