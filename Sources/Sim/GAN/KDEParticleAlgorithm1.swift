import Foundation

/// Algorithm 1 with a fully flexible generator whose samples are free particles and the
/// plug-in discriminator `D = ρd/(ρd + ρ̂)` of a Gaussian KDE ρ̂ of the particles
/// (the same bandwidth rule as the particle method). With exact MSE minimisation each
/// particle moves to its target, `xᵢ ← xᵢ + ε ∇D(xᵢ)/(2(1 − D(xᵢ)))`; the drift is formed
/// from D's logit `η = ln ρd − ln ρ̂`, as `½ σ(η) ∇η` (D9: one explicit Euler step of the
/// particle method).
public enum KDEParticleAlgorithm1 {
    /// One iteration in 1D (direct KDE).
    public static func step(_ x: [Double], target: any Density, eps: Double, bandwidth: BandwidthRule = .silverman) throws -> [Double] {
        let d = KDEDiscriminator(data: target, estimate: try KernelDensity1D(points: x, bandwidth: try bandwidth.bandwidth(x)))
        return x.map { $0 + eps * d.drift($0) }
    }

    /// One iteration in 2D (direct product-kernel KDE).
    public static func step(_ x: [SIMD2<Double>], target: any Density2D, eps: Double, bandwidth: BandwidthRule = .scott) throws -> [SIMD2<Double>] {
        let kde = try KernelDensity2D(points: x, bandwidth: try bandwidth.bandwidth(x))
        return x.map { xi in
            let e = kde.evaluate(xi)
            let eta = target.logPDF(xi) - log(e.density)
            let gradEta = target.score(xi) - e.gradient / e.density
            let dval = sigmoid(eta)
            return dval == 0 ? xi : xi + eps * 0.5 * dval * gradEta
        }
    }
}
