import Foundation
import Analytic

/// `D(x) = σ(wᵀφ(x))` on the plane with the quadratic features
/// `φ(x, y) = (1, x, y, x², xy, y²)`: it contains D* exactly when ρd and ρ are both Gaussian,
/// since ln ρd − ln ρ is then a quadratic form (D7 in d = 2).
///
/// Trained to the optimum of `Σ log-likelihood − (c/2)‖w‖²` over the 2m samples (labels 1 for
/// data, 0 for generated) by Newton's method: gradient `Φᵀ(y − p) − c w`, Hessian
/// `−(ΦᵀWΦ + cI)`, W = p(1 − p), the 6 × 6 system by Cholesky. Stops when the largest weight
/// change is below 1e-10·(1 + max|w|) (as the 1D fit: quadratic convergence, above the normal
/// equations' accuracy, far below the statistical error); 100 iterations without that is an
/// error (separable samples need c > 0).
public struct PlaneLogisticDiscriminator: PlaneDiscriminator {
    public private(set) var weights: [Double]

    public init(weights: [Double] = [Double](repeating: 0, count: 6)) throws {
        guard weights.count == 6 else { throw InvalidArgument("the quadratic 2D logistic discriminator has 6 weights, got \(weights.count)") }
        self.weights = weights
    }

    public static func features(_ p: SIMD2<Double>) -> [Double] { [1, p.x, p.y, p.x * p.x, p.x * p.y, p.y * p.y] }

    public func logit(_ p: SIMD2<Double>) -> Double {
        let w = weights
        return w[0] + w[1] * p.x + w[2] * p.y + w[3] * p.x * p.x + w[4] * p.x * p.y + w[5] * p.y * p.y
    }

    public func logitGradient(_ p: SIMD2<Double>) -> SIMD2<Double> {
        let w = weights
        return SIMD2(w[1] + 2 * w[3] * p.x + w[4] * p.y, w[2] + w[4] * p.x + 2 * w[5] * p.y)
    }

    /// Fits in place by Newton from the current weights (warm start).
    public mutating func train(data: [SIMD2<Double>], generated: [SIMD2<Double>], penalty c: Double) throws {
        guard c >= 0, c.isFinite else { throw InvalidArgument("logistic penalty must be ≥ 0, got \(c)") }
        let samples = data.map { ($0, 1.0) } + generated.map { ($0, 0.0) }
        for (p, _) in samples where !(p.x.isFinite && p.y.isFinite) {
            throw InvalidArgument("logistic discriminator: sample \(p) is not finite")
        }
        let n = 6
        for _ in 0..<100 {
            var g = weights.map { -c * $0 }
            var h = [Double](repeating: 0, count: n * n)
            for k in 0..<n { h[k * n + k] = c }
            for (p, label) in samples {
                let f = Self.features(p)
                let q = sigmoid(logit(p))
                let r = label - q, wt = q * (1 - q)
                for a in 0..<n {
                    g[a] += r * f[a]
                    let fa = wt * f[a]
                    for b in 0...a { h[a * n + b] += fa * f[b] }
                }
            }
            let step = try LogisticDiscriminator.choleskySolve(h, g, n)
            weights = zip(weights, step).map { $0 + $1 }
            guard weights.allSatisfy(\.isFinite) else {
                throw InvalidArgument("logistic regression (2D) diverged (weights \(weights))")
            }
            let scale = 1 + weights.map(abs).max()!
            if step.map(abs).max()! <= 1e-10 * scale { return }
        }
        throw InvalidArgument("logistic regression (2D) did not converge in 100 Newton steps (weights \(weights)); the samples may be separable — add a penalty")
    }
}
