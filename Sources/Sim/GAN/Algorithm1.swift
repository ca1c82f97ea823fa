/// The paper's Algorithm 1 for a parametric generator G_θ : R → R (P3, D8–D11).
///
/// One iteration is the paper's steps 2–7:
/// 2. draw m noise samples zᵢ (or take the deterministic nodes, ``NoiseMode/quantiles``);
/// 3. draw m data samples xᵢ ~ ρd;
/// 4. update D by ascending (21) `(1/m)Σ[ln D(xᵢ) + ln(1 − D(G(zᵢ)))]` (or set D = D*);
/// 5. draw m fresh noise samples;
/// 6. targets `yᵢ = G(zᵢ) + ε ∇D(G(zᵢ)) / (2(1 − D(G(zᵢ))))` (eq. 22);
/// 7. descend the MSE `Σ|G(zᵢ) − yᵢ|²` (eq. 23) with the targets held fixed.
///
/// Seeded and deterministic: every draw comes from one `RandomSource` (Analytic). The generator's
/// parameter Jacobian is checked against central differences when the run is set up
/// (``ParameterJacobianCheck``).
public struct Algorithm1<G: ParametricGenerator>: Algorithm1Driver {
    public typealias Configuration = Algorithm1Configuration<NoiseMode, DiscriminatorChoice>

    public let target: any Density
    public let configuration: Configuration
    public private(set) var generator: G
    /// The logistic discriminator's current weights (warm start for the next step 4).
    public private(set) var logistic: LogisticDiscriminator?
    public private(set) var iteration = 0
    private let rng: RandomSource

    public init(target: any Density, generator: G, configuration: Configuration) throws {
        try configuration.validate(linearInParameters: generator.isLinearInParameters, generator: "\(generator)")
        // The gradient every inner fit rests on, checked once before the run (a wrong
        // Jacobian otherwise shows only as a slow or diverging fit).
        try ParameterJacobianCheck.verify(generator)
        if case .logistic(let f, _) = configuration.discriminator {
            logistic = try LogisticDiscriminator(features: f)
        }
        self.target = target
        self.generator = generator
        self.configuration = configuration
        self.rng = RandomSource(seed: configuration.seed)
    }

    /// The discriminator step 4 produces for the current generator, given the data and
    /// generated samples of steps 2–3.
    mutating func discriminator(data: [Double], generated: [Double]) throws -> any Discriminator {
        switch configuration.discriminator {
        case .exact:
            guard let rho = try generator.pushforwardDensity() else {
                throw InvalidArgument("the exact discriminator D* needs the generator's density in closed form; \(generator) has none (use a logistic discriminator)")
            }
            return OptimalDiscriminator(data: target, generator: rho)
        case .logistic(_, let training):
            var d = logistic!
            try d.train(data: data, generated: generated, how: training)
            logistic = d
            return d
        }
    }

    /// One iteration (steps 2–7).
    public mutating func step() throws {
        let m = configuration.batch
        let z1 = configuration.noise.batch(m, rng: rng)
        let x = target.sample(count: m, rng: rng)
        let d = try discriminator(data: x, generated: generator.outputs(z1))
        let z2 = configuration.noise.batch(m, rng: rng)
        let y = GeneratorObjectives.targets(generator, noise: z2, discriminator: d, eps: configuration.eps)
        generator = try configuration.update.fit(generator, noise: z2, targets: y)
        iteration += 1
        try Algorithm1Diverged.check(iteration: iteration, parameters: generator.parameters)
    }
}
