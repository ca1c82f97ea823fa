import Foundation

/// D7 (derived): for two normal densities `ln ρd − ln ρ` is quadratic, so the optimal
/// discriminator is exactly a logistic regression on the features (1, x, x²):
/// `D*(x) = σ(β₀ + β₁x + β₂x²)` with, for ρd = N(m_d, s_d²) and ρ = N(m, s²),
///
/// - β₂ = 1/(2s²) − 1/(2s_d²)
/// - β₁ = m_d/s_d² − m/s²
/// - β₀ = m²/(2s²) − m_d²/(2s_d²) + ln(s/s_d).
public struct LogisticDiscriminatorCoefficients: Sendable, Equatable, CustomStringConvertible {
    public let beta0: Double
    public let beta1: Double
    public let beta2: Double

    public init(data: Normal, generator: Normal) {
        let vd = data.variance, vg = generator.variance
        beta2 = 0.5 / vg - 0.5 / vd
        beta1 = data.mean / vd - generator.mean / vg
        beta0 = generator.mean * generator.mean / (2 * vg) - data.mean * data.mean / (2 * vd)
            + log(generator.standardDeviation / data.standardDeviation)
    }

    /// β₀ + β₁x + β₂x² (the logit of D*).
    public func logit(_ x: Double) -> Double { beta0 + x * (beta1 + x * beta2) }

    /// σ(β₀ + β₁x + β₂x²).
    public func discriminator(_ x: Double) -> Double {
        let t = logit(x)
        return t >= 0 ? 1 / (1 + exp(-t)) : exp(t) / (1 + exp(t))
    }

    public var description: String { "β0 = \(beta0), β1 = \(beta1), β2 = \(beta2)" }
}
