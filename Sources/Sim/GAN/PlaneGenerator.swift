import Foundation
import Analytic

/// A generator `G_θ : R² → R²` of Algorithm 1 in two dimensions, with its parameter
/// Jacobian `J(z) = ∂G_θ(z)/∂θ` (a 2 × P matrix, given as its two rows). The noise prior is
/// ρ_Z = N(0, I₂).
public protocol PlaneGenerator: Sendable, CustomStringConvertible {
    /// θ, flattened.
    var parameters: [Double] { get }
    /// The same architecture with parameters θ.
    func with(parameters: [Double]) throws -> Self
    /// G_θ(z).
    func output(_ z: SIMD2<Double>) -> SIMD2<Double>
    /// The rows ∂G_x/∂θ and ∂G_y/∂θ.
    func jacobian(_ z: SIMD2<Double>) -> (x: [Double], y: [Double])
    /// True when G_θ(z) = J(z)·θ (the MSE step then has an exact least-squares solution).
    var isLinearInParameters: Bool { get }
    /// The law of G_θ(Z), Z ~ N(0, I₂), when it has a closed form (needed by the exact D*);
    /// nil otherwise.
    func pushforwardDensity() throws -> (any Density2D)?
}

extension PlaneGenerator {
    public func outputs(_ z: [SIMD2<Double>]) -> [SIMD2<Double>] { z.map(output) }

    /// `(1/m) Σ |G_θ(zᵢ) − yᵢ|²` (eq. 23 with the targets held fixed).
    public func mse(noise z: [SIMD2<Double>], targets y: [SIMD2<Double>]) -> Double {
        var s = 0.0
        for (zi, yi) in zip(z, y) { let d = output(zi) - yi; s += (d * d).sum() }
        return s / Double(max(1, z.count))
    }

    /// `∇_θ MSE = (2/m) Σ J(zᵢ)ᵀ (G_θ(zᵢ) − yᵢ)`.
    public func mseGradient(noise z: [SIMD2<Double>], targets y: [SIMD2<Double>]) -> [Double] {
        var g = [Double](repeating: 0, count: parameters.count)
        let c = 2 / Double(max(1, z.count))
        for (zi, yi) in zip(z, y) {
            let d = output(zi) - yi
            let j = jacobian(zi)
            for k in g.indices { g[k] += c * (j.x[k] * d.x + j.y[k] * d.y) }
        }
        return g
    }

    /// Step 7 of Algorithm 1: the generator fitted to the fixed targets, either by exact least
    /// squares over the 2m stacked coordinates (generators linear in θ; GSL's SVD-based
    /// multifit) or by K gradient steps of size η on the MSE.
    public func fitted(noise z: [SIMD2<Double>], targets y: [SIMD2<Double>], update: GeneratorUpdate) throws -> Self {
        switch update {
        case .exactLeastSquares:
            guard isLinearInParameters else {
                throw InvalidArgument("\(self) is not linear in its parameters: the MSE has no exact least-squares step; give K gradient steps and a rate")
            }
            var design = [Double](), obs = [Double]()
            for (zi, yi) in zip(z, y) {
                let j = jacobian(zi)
                design += j.x; obs.append(yi.x)
                design += j.y; obs.append(yi.y)
            }
            let fit = try LeastSquares.fit(rowMajor: design, columns: parameters.count, observations: obs)
            return try with(parameters: fit.coefficients)
        case .gradientSteps(let k, let rate):
            guard k >= 1, rate > 0, rate.isFinite else {
                throw InvalidArgument("gradient steps need K ≥ 1 and a rate > 0 (got K = \(k), η = \(rate))")
            }
            var cur = self
            for _ in 0..<k {
                let g = cur.mseGradient(noise: z, targets: y)
                cur = try cur.with(parameters: zip(cur.parameters, g).map { $0 - rate * $1 })
            }
            return cur
        }
    }
}
