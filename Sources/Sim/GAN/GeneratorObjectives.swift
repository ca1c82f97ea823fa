/// The generator-side quantities of Algorithm 1 for a parametric generator (docs/MATH.md D8).
///
/// - targets (seed eq. 22): `yᵢ = G_θ(zᵢ) + ε ∇D(G_θ(zᵢ)) / (2(1 − D(G_θ(zᵢ))))`
/// - `MSE(θ) = (1/m) Σ |G_θ(zᵢ) − yᵢ|²` with the targets held fixed
/// - the minimax generator loss `L(θ) = (1/m) Σ ln(1 − D(G_θ(zᵢ)))`
/// - D8 (derived): at the θ that formed the targets, `∇_θ MSE = ε ∇_θ L`.
public enum GeneratorObjectives {
    public static func targets<G: ParametricGenerator>(_ g: G, noise z: [Double], discriminator d: any Discriminator,
                                                       eps: Double) -> [Double] {
        z.map { zi in
            let x = g.output(zi)
            return x + eps * d.drift(x)
        }
    }

    public static func mse<G: ParametricGenerator>(_ g: G, noise z: [Double], targets y: [Double]) -> Double {
        var s = 0.0
        for (zi, yi) in zip(z, y) { let r = g.output(zi) - yi; s += r * r }
        return s / Double(z.count)
    }

    /// `∇_θ MSE = (2/m) Σ Jᵢᵀ (G_θ(zᵢ) − yᵢ)`.
    public static func mseGradient<G: ParametricGenerator>(_ g: G, noise z: [Double], targets y: [Double]) -> [Double] {
        var grad = [Double](repeating: 0, count: g.parameters.count)
        let c = 2 / Double(z.count)
        for (zi, yi) in zip(z, y) {
            let r = c * (g.output(zi) - yi)
            for (k, j) in g.jacobian(zi).enumerated() { grad[k] += r * j }
        }
        return grad
    }

    public static func generatorLoss<G: ParametricGenerator>(_ g: G, noise z: [Double], discriminator d: any Discriminator) -> Double {
        z.reduce(0) { $0 + d.logOneMinus(g.output($1)) } / Double(z.count)
    }

    /// `∇_θ L = −(1/m) Σ Jᵢᵀ D'/(1 − D) = −(2/m) Σ Jᵢᵀ drift(G(zᵢ))`.
    public static func generatorLossGradient<G: ParametricGenerator>(_ g: G, noise z: [Double], discriminator d: any Discriminator) -> [Double] {
        var grad = [Double](repeating: 0, count: g.parameters.count)
        let c = -2 / Double(z.count)
        for zi in z {
            let r = c * d.drift(g.output(zi))
            for (k, j) in g.jacobian(zi).enumerated() { grad[k] += r * j }
        }
        return grad
    }

    /// `M = (1/m) Σ Jᵢᵀ Jᵢ`, the Gram matrix of the inner MSE fit (D10, D11).
    public static func gram<G: ParametricGenerator>(_ g: G, noise z: [Double]) -> [[Double]] {
        let p = g.parameters.count
        var m = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
        for zi in z {
            let j = g.jacobian(zi)
            for a in 0..<p { for b in 0..<p { m[a][b] += j[a] * j[b] } }
        }
        return m.map { $0.map { $0 / Double(z.count) } }
    }
}
