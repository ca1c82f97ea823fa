import Foundation

/// A bivariate normal in moment form, for the closed-form KL and χ² of two 2D Gaussians
/// (`normal2`, or `product` of two normals). Σ = [[xx, xy], [xy, yy]].
struct PlaneGaussian {
    var mean: SIMD2<Double>
    var xx: Double, xy: Double, yy: Double
    /// 1 − r²: how far Σ is from singular; round-off in Σ⁻¹ grows like 1/(1 − r²).
    var conditioning: Double

    init?(_ d: any PlaneDensity) {
        switch d {
        case let n as Normal2D:
            let s = n.standardDeviations, r = n.correlation
            mean = n.mean
            xx = s.x * s.x; yy = s.y * s.y; xy = r * s.x * s.y
            conditioning = 1 - r * r
        case let p as Product2D:
            guard let a = p.x as? Normal, let b = p.y as? Normal else { return nil }
            mean = SIMD2(a.mean, b.mean)
            xx = a.standardDeviation * a.standardDeviation
            yy = b.standardDeviation * b.standardDeviation
            xy = 0
            conditioning = 1
        default: return nil
        }
    }

    /// ln det Σ = ln(xx·yy) + ln(1 − r²), without forming the cancelling difference.
    var logDeterminant: Double { log(xx) + log(yy) + log(conditioning) }
    var determinant: Double { xx * yy * conditioning }

    /// Σ⁻¹ as (xx, xy, yy).
    var inverse: (xx: Double, xy: Double, yy: Double) {
        let d = determinant
        return (yy / d, -xy / d, xx / d)
    }

    static func quadratic(_ m: (xx: Double, xy: Double, yy: Double), _ v: SIMD2<Double>) -> Double {
        m.xx * v.x * v.x + 2 * m.xy * v.x * v.y + m.yy * v.y * v.y
    }

    /// KL(P‖Q) = ½[tr(Σq⁻¹Σp) + δᵀΣq⁻¹δ − 2 + ln det Σq − ln det Σp], δ = μq − μp, with a
    /// round-off bound: 64ε times the sum of the terms' magnitudes, over the worse
    /// conditioning of the two (each entry of Σ⁻¹ carries ≲ 4ε/(1 − r²) relative error).
    static func kl(_ p: PlaneGaussian, _ q: PlaneGaussian) -> (value: Double, error: Double) {
        let qi = q.inverse, d = q.mean - p.mean
        let trace = qi.xx * p.xx + 2 * qi.xy * p.xy + qi.yy * p.yy
        let quad = quadratic(qi, d)
        let logs = q.logDeterminant - p.logDeterminant
        let value = 0.5 * (trace + quad - 2 + logs)
        let size = abs(trace) + abs(quad) + 2 + abs(q.logDeterminant) + abs(p.logDeterminant)
        let error = 64 * Double.ulpOfOne * size / min(p.conditioning, q.conditioning)
        return (max(0, value), error)
    }

    /// χ²(P‖Q) = ∫p²/q − 1, +∞ unless A = 2Σp⁻¹ − Σq⁻¹ is positive definite. With x = μp + z
    /// and δ = μp − μq the exponent of p²/q is −½zᵀAz + gᵀz + ½δᵀΣq⁻¹δ, g = Σq⁻¹δ, so
    /// ln ∫p²/q = ½ ln det Σq − ln det Σp − ½ ln det A + ½ gᵀA⁻¹g + ½ δᵀΣq⁻¹δ
    /// (every quadratic term ≥ 0: no cancellation between them), and χ² = expm1 of it.
    /// Round-off: 64ε times the terms' magnitudes over the worst conditioning, in the log.
    static func chi2(_ p: PlaneGaussian, _ q: PlaneGaussian) -> Chi2 {
        let pi = p.inverse, qi = q.inverse
        let a = (xx: 2 * pi.xx - qi.xx, xy: 2 * pi.xy - qi.xy, yy: 2 * pi.yy - qi.yy)
        let detA = a.xx * a.yy - a.xy * a.xy
        guard a.xx > 0, detA > 0 else { return .infinite }
        let d = p.mean - q.mean
        let g = SIMD2(qi.xx * d.x + qi.xy * d.y, qi.xy * d.x + qi.yy * d.y)
        let ai = (xx: a.yy / detA, xy: -a.xy / detA, yy: a.xx / detA)
        let terms = [0.5 * q.logDeterminant, -p.logDeterminant, -0.5 * log(detA),
                     0.5 * quadratic(ai, g), 0.5 * quadratic(qi, d)]
        let logRatio = terms.reduce(0, +)
        guard logRatio < 709 else { return .overflow(logRatio: logRatio) }
        // det A is a difference of products: its relative error is bounded by the
        // conditioning of A itself (a.xx·a.yy against a.xy²).
        let conditionA = (a.xx * a.yy) / detA
        let worst = min(p.conditioning, q.conditioning) / conditionA
        let logError = 64 * Double.ulpOfOne * terms.reduce(0) { $0 + abs($1) } / worst + 4 * Double.ulpOfOne
        let value = expm1(logRatio)
        return .finite(value: max(0, value), error: (1 + value) * expm1(logError) + 2 * Double.ulpOfOne * (1 + value))
    }

    /// χ² of two Gaussians: a value with its round-off bound, +∞ (A not positive definite:
    /// p²/q grows along some direction), or finite but beyond a double.
    enum Chi2 {
        case finite(value: Double, error: Double)
        case infinite
        case overflow(logRatio: Double)
    }
}
