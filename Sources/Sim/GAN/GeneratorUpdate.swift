/// Step 7 of Algorithm 1: how the generator is fitted to the fixed targets y.
public enum GeneratorUpdate: Sendable, Equatable, CustomStringConvertible {
    /// argmin_θ Σ |G_θ(zᵢ) − yᵢ|² solved exactly by linear least squares (GSL multifit);
    /// only for generators linear in θ.
    case exactLeastSquares
    /// K gradient steps of size η on the MSE with the targets held fixed:
    /// `θ ← θ − η ∇_θ MSE`. K = 1 is the original GAN's generator step of size εη (D8).
    case gradientSteps(count: Int, rate: Double)

    public var description: String {
        switch self {
        case .exactLeastSquares: "exact least squares"
        case .gradientSteps(let k, let r): "\(k) gradient steps of size \(r)"
        }
    }

    /// The fitted generator.
    public func fit<G: ParametricGenerator>(_ g: G, noise z: [Double], targets y: [Double]) throws -> G {
        switch self {
        case .exactLeastSquares:
            guard g.isLinearInParameters else {
                throw InvalidArgument("\(g) is not linear in its parameters: the MSE has no exact least-squares step; give K gradient steps and a rate")
            }
            let fit = try LeastSquares.fit(design: z.map(g.jacobian), observations: y)
            return try g.with(parameters: fit.coefficients)
        case .gradientSteps(let k, let rate):
            guard k >= 1, rate > 0, rate.isFinite else {
                throw InvalidArgument("gradient steps need K ≥ 1 and a rate > 0 (got K = \(k), η = \(rate))")
            }
            var cur = g
            for _ in 0..<k {
                let grad = GeneratorObjectives.mseGradient(cur, noise: z, targets: y)
                cur = try cur.with(parameters: zip(cur.parameters, grad).map { $0 - rate * $1 })
            }
            return cur
        }
    }
}
