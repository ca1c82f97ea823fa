import Foundation

/// A finite mixture of bivariate normals `Σₖ wₖ N(μₖ, Σₖ)`, weights ≥ 0 summing to 1.
///
/// The log-density and the score use log-sum-exp over components, so both stay finite
/// far in the tails: `∇ln p = Σₖ πₖ(x) ∇ln pₖ(x)` with responsibilities
/// `πₖ = wₖpₖ / Σⱼ wⱼpⱼ` formed relative to the largest term.
public struct GaussianMixture2D: Density2D {
    public let weights: [Double]
    public let components: [Gaussian2D]

    public init(weights: [Double], components: [Gaussian2D]) throws {
        guard !components.isEmpty, weights.count == components.count else {
            throw InvalidArgument("gaussian mixture 2d: needs as many weights as components and at least one (got \(weights.count), \(components.count))")
        }
        for w in weights where !(w.isFinite && w >= 0) {
            throw InvalidArgument("gaussian mixture 2d: weight \(w) must be finite and ≥ 0")
        }
        let total = weights.reduce(0, +)
        // Same tolerance as the 1D `Mixture`: decimal weights sum to 1 up to binary rounding.
        guard abs(total - 1) <= Mixture.weightSumTolerance else {
            throw InvalidArgument("gaussian mixture 2d: weights sum to \(total), not 1")
        }
        self.weights = weights.map { $0 / total }
        self.components = components
    }

    public var description: String {
        "mixture2d(" + zip(weights, components).map { "\($0)*\($1)" }.joined(separator: ", ") + ")"
    }

    public func logPDF(_ x: SIMD2<Double>) -> Double {
        var top = -Double.infinity
        var logs = [Double](repeating: -.infinity, count: components.count)
        for k in components.indices where weights[k] > 0 {
            logs[k] = log(weights[k]) + components[k].logPDF(x)
            top = max(top, logs[k])
        }
        guard top > -.infinity else { return -.infinity }
        var s = 0.0
        for l in logs { s += exp(l - top) }
        return top + log(s)
    }

    public func score(_ x: SIMD2<Double>) -> SIMD2<Double> {
        var top = -Double.infinity
        var logs = [Double](repeating: -.infinity, count: components.count)
        for k in components.indices where weights[k] > 0 {
            logs[k] = log(weights[k]) + components[k].logPDF(x)
            top = max(top, logs[k])
        }
        guard top > -.infinity else { return .zero }
        var num = SIMD2<Double>.zero, den = 0.0
        for k in components.indices where logs[k] > -.infinity {
            let w = exp(logs[k] - top)
            num += w * components[k].score(x)
            den += w
        }
        return num / den
    }

    public func sample(_ rng: RandomSource) -> SIMD2<Double> {
        var u = rng.uniform()
        for k in components.indices {
            u -= weights[k]
            if u < 0 { return components[k].sample(rng) }
        }
        return components[components.count - 1].sample(rng)
    }

    public func boundingBox(standardDeviations radius: Double) -> (lower: SIMD2<Double>, upper: SIMD2<Double>) {
        var lo = SIMD2(Double.infinity, .infinity), hi = -lo
        for c in components {
            let b = c.boundingBox(standardDeviations: radius)
            lo = pointwiseMin(lo, b.lower)
            hi = pointwiseMax(hi, b.upper)
        }
        return (lo, hi)
    }
}
