import Foundation

/// Closed forms for pairs of normal densities P = N(μ₁, σ₁²), Q = N(μ₂, σ₂²): the oracles
/// the quadrature divergences are tested against. Δ = μ₁ − μ₂.
public enum GaussianClosedForms {
    /// KL(P‖Q) = ln(σ₂/σ₁) + (σ₁² + Δ²)/(2σ₂²) − ½.
    public static func kl(_ p: Normal, _ q: Normal) -> Double {
        let d = p.mean - q.mean
        let r = p.variance / q.variance
        // ln(σ₂/σ₁) + r/2 − ½ = ½(r − 1 − ln r): written with log1p/expm1-free pieces
        // that do not cancel catastrophically for r near 1.
        let logr = log(r)
        return 0.5 * ((r - 1) - logr) + d * d / (2 * q.variance)
    }

    /// Squared Hellinger ½∫(√p − √q)² = 1 − BC, with the Bhattacharyya coefficient
    /// BC = √(2σ₁σ₂/(σ₁² + σ₂²)) · exp(−Δ²/(4(σ₁² + σ₂²))); computed as −expm1(ln BC).
    public static func hellinger2(_ p: Normal, _ q: Normal) -> Double {
        let s = p.variance + q.variance
        let d = p.mean - q.mean
        let logBC = 0.5 * log(2 * p.standardDeviation * q.standardDeviation / s) - d * d / (4 * s)
        return -expm1(logBC)
    }

    /// 2-Wasserstein distance W₂ = √(Δ² + (σ₁ − σ₂)²).
    public static func w2(_ p: Normal, _ q: Normal) -> Double {
        let d = p.mean - q.mean, s = p.standardDeviation - q.standardDeviation
        return (d * d + s * s).squareRoot()
    }

    /// χ²(P‖Q) = σ₂² / (σ₁ √(2σ₂² − σ₁²)) · exp(Δ²/(2σ₂² − σ₁²)) − 1 when 2σ₂² > σ₁²,
    /// +∞ otherwise (∫p²/q diverges: P's tails too heavy for Q). Computed with expm1.
    public static func chi2(_ p: Normal, _ q: Normal) -> Double {
        let k = 2 * q.variance - p.variance
        guard k > 0 else { return .infinity }
        let d = p.mean - q.mean
        return expm1(log(q.variance / (p.standardDeviation * k.squareRoot())) + d * d / k)
    }
}
