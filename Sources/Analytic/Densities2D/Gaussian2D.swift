import Foundation

/// The bivariate normal density N(μ, Σ) with a full 2×2 covariance:
/// `p(x) = exp(−½ (x−μ)ᵀ Σ⁻¹ (x−μ)) / (2π √det Σ)`, score `∇ln p = −Σ⁻¹(x − μ)`.
///
/// Σ is given by its entries (σ₁₁, σ₁₂, σ₂₂) and must be symmetric positive definite
/// (σ₁₁ > 0, det Σ > 0); it is factored once as Σ = L Lᵀ (Cholesky) and sampled as
/// μ + L z with z standard normal.
public struct Gaussian2D: Density2D, Equatable {
    public let mean: SIMD2<Double>
    /// Covariance entries Σ₁₁, Σ₁₂ (= Σ₂₁), Σ₂₂.
    public let covariance: (xx: Double, xy: Double, yy: Double)
    /// Σ⁻¹ entries.
    private let precision: (xx: Double, xy: Double, yy: Double)
    /// Cholesky factor L = [[l11, 0], [l21, l22]].
    private let cholesky: (l11: Double, l21: Double, l22: Double)
    private let logNormaliser: Double

    public static func == (l: Gaussian2D, r: Gaussian2D) -> Bool {
        l.mean == r.mean && l.covariance == r.covariance
    }

    /// Throws ``InvalidArgument`` for non-finite entries or a covariance that is not
    /// positive definite.
    public init(mean: SIMD2<Double>, covariance xx: Double, _ xy: Double, _ yy: Double) throws {
        try requireFinite(mean.x, mean.y, xx, xy, yy, what: "gaussian2d mean \(mean), covariance (\(xx), \(xy), \(yy))")
        let det = xx * yy - xy * xy
        guard xx > 0, yy > 0, det > 0 else {
            throw InvalidArgument("gaussian2d: covariance [[\(xx), \(xy)], [\(xy), \(yy)]] is not positive definite (det \(det))")
        }
        self.mean = mean
        covariance = (xx, xy, yy)
        precision = (yy / det, -xy / det, xx / det)
        let l11 = xx.squareRoot()
        let l21 = xy / l11
        cholesky = (l11, l21, (yy - l21 * l21).squareRoot())
        logNormaliser = -log(2 * Double.pi) - 0.5 * log(det)
    }

    /// Convenience: standard deviations and correlation, Σ = [[s₁², r s₁s₂], [r s₁s₂, s₂²]].
    public init(mean: SIMD2<Double>, standardDeviations s: SIMD2<Double>, correlation r: Double) throws {
        guard r > -1, r < 1 else { throw InvalidArgument("gaussian2d: correlation must be in (−1, 1), got \(r)") }
        try self.init(mean: mean, covariance: s.x * s.x, r * s.x * s.y, s.y * s.y)
    }

    public var description: String {
        "gaussian2d(mean (\(mean.x), \(mean.y)), cov [[\(covariance.xx), \(covariance.xy)], [\(covariance.xy), \(covariance.yy)]])"
    }

    @inline(__always)
    private func precisionTimes(_ d: SIMD2<Double>) -> SIMD2<Double> {
        SIMD2(precision.xx * d.x + precision.xy * d.y, precision.xy * d.x + precision.yy * d.y)
    }

    public func logPDF(_ x: SIMD2<Double>) -> Double {
        let d = x - mean
        let q = (d * precisionTimes(d)).sum()
        return logNormaliser - 0.5 * q
    }

    public func score(_ x: SIMD2<Double>) -> SIMD2<Double> { -precisionTimes(x - mean) }

    public func sample(_ rng: RandomSource) -> SIMD2<Double> {
        let z1 = rng.standardNormal(), z2 = rng.standardNormal()
        return mean + SIMD2(cholesky.l11 * z1, cholesky.l21 * z1 + cholesky.l22 * z2)
    }

    public func boundingBox(standardDeviations radius: Double) -> (lower: SIMD2<Double>, upper: SIMD2<Double>) {
        let s = SIMD2(covariance.xx.squareRoot(), covariance.yy.squareRoot())
        return (mean - radius * s, mean + radius * s)
    }
}
