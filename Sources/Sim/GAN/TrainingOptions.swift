/// Which generator `ganflow train` trains.
public enum GeneratorKind: String, Sendable, CaseIterable {
    /// Free 1D particles (the generator's samples are its parameters, m of them).
    case particles
    /// `G(z) = a + b z`.
    case affine
    /// One hidden layer of tanh units.
    case mlp
}

/// Everything one run of Algorithm 1 needs (the options of `ganflow train`).
public struct TrainingOptions: Sendable {
    public var target: any Density
    public var generator: GeneratorKind = .affine
    public var discriminator: DiscriminatorChoice = .exact
    public var eps: Double = 0.1
    public var iterations: Int = 200
    public var batch: Int = 256
    /// K inner gradient steps of size η on the MSE; nil: exact least squares.
    public var innerSteps: (count: Int, rate: Double)? = nil
    public var seed: UInt64 = 1
    public var noise: NoiseMode = .random
    /// Start of the affine generator, or mean/sd of the particles' initial normal.
    public var initial: (a: Double, b: Double) = (0, 1)
    public var hidden: Int = 8
    public var reportEvery: Int = 10

    public init(target: any Density) { self.target = target }

    var update: GeneratorUpdate {
        innerSteps.map { .gradientSteps(count: $0.count, rate: $0.rate) } ?? .exactLeastSquares
    }
}
