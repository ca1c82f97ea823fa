import Foundation
import Analytic

/// The paper's Algorithm 1 for a parametric generator `G_θ : R² → R²` (P3, D8–D10 in d = 2).
///
/// One iteration: draw m noise points z (``PlaneNoise``) and m data samples; form D (the
/// exact D* from the generator's closed-form law, the plug-in D* from a KDE of G(z), or the
/// logistic fit on quadratic features); draw m fresh noise points; targets
/// `yᵢ = G(zᵢ) + ε ½ D ∇η (G(zᵢ))` (eq. 22); fit G to them (exact least squares or K gradient
/// steps, ``GeneratorUpdate``). Seeded and deterministic.
public struct Algorithm1Plane<G: PlaneGenerator>: Algorithm1Driver {
    public typealias Configuration = Algorithm1Configuration<PlaneNoise, PlaneDiscriminatorChoice>

    public let target: any Density2D
    public let configuration: Configuration
    public private(set) var generator: G
    public private(set) var logistic: PlaneLogisticDiscriminator?
    public private(set) var iteration = 0
    private let rng: RandomSource

    public init(target: any Density2D, generator: G, configuration c: Configuration) throws {
        try c.validate(linearInParameters: generator.isLinearInParameters, generator: "\(generator)")
        try c.noise.validate(batch: c.batch)
        if case .exact = c.discriminator, try generator.pushforwardDensity() == nil {
            throw InvalidArgument("the exact discriminator D* needs the generator's law in closed form; \(generator) has none (use the KDE plug-in or a logistic discriminator)")
        }
        if case .logistic = c.discriminator { logistic = try PlaneLogisticDiscriminator() }
        self.target = target
        self.generator = generator
        configuration = c
        rng = RandomSource(seed: c.seed)
    }

    /// Step 4: the discriminator for the current generator.
    mutating func discriminator(data: [SIMD2<Double>], generated: [SIMD2<Double>]) throws -> any PlaneDiscriminator {
        switch configuration.discriminator {
        case .exact:
            guard let rho = try generator.pushforwardDensity() else {
                throw InvalidArgument("the exact discriminator D* needs the generator's law in closed form; \(generator) has none")
            }
            return PlaneOptimalDiscriminator(data: target, generator: rho)
        case .kde(let rule):
            return PlaneKDEDiscriminator(data: target, estimate: try KernelDensity2D(points: generated, bandwidth: try rule.bandwidth(generated)))
        case .logistic(let c):
            var d = logistic!
            try d.train(data: data, generated: generated, penalty: c)
            logistic = d
            return d
        }
    }

    /// One iteration.
    public mutating func step() throws {
        let m = configuration.batch
        let z1 = configuration.noise.batch(m, rng: rng)
        let x: [SIMD2<Double>]
        if case .logistic = configuration.discriminator { x = target.sample(count: m, rng: rng) } else { x = [] }
        let d = try discriminator(data: x, generated: generator.outputs(z1))
        let z2 = configuration.noise.batch(m, rng: rng)
        let g = generator.outputs(z2)
        let eps = configuration.eps
        let y = g.map { $0 + eps * d.drift($0) }
        generator = try generator.fitted(noise: z2, targets: y, update: configuration.update)
        iteration += 1
        try Algorithm1Diverged.check(iteration: iteration, parameters: generator.parameters)
    }

    /// m samples of the current generator from fresh noise of the run's kind.
    public func samples(_ m: Int) -> [SIMD2<Double>] { generator.outputs(configuration.noise.batch(m, rng: rng)) }
}
