/// The settings of one run of Algorithm 1, in any dimension: the step ε, the minibatch m,
/// how noise is drawn, which discriminator step 4 forms, how step 7 fits G, and the seed of
/// every draw.
///
/// `Noise` and `Discriminator` are the dimension's own choices (``NoiseMode`` and
/// ``DiscriminatorChoice`` on the line, ``PlaneNoise`` and ``PlaneDiscriminatorChoice`` in the
/// plane); everything else, and the checks below, are the same in every dimension.
public struct Algorithm1Configuration<Noise: Sendable, Discriminator: Sendable>: Sendable, CustomStringConvertible {
    /// The step ε of eq. (22): one iteration advances the flow's time by ε.
    public var eps: Double
    /// The minibatch size m (≥ 2: the logistic fit and the least-squares step need two points).
    public var batch: Int
    public var noise: Noise
    public var discriminator: Discriminator
    public var update: GeneratorUpdate
    public var seed: UInt64

    /// The generic member-wise form behind the dimension's own initialisers (a distinct label:
    /// those would otherwise resolve to themselves).
    init(settings eps: Double, _ batch: Int, _ noise: Noise, _ discriminator: Discriminator,
         _ update: GeneratorUpdate, _ seed: UInt64) {
        self.eps = eps; self.batch = batch; self.noise = noise
        self.discriminator = discriminator; self.update = update; self.seed = seed
    }

    public var description: String {
        "ε = \(eps), m = \(batch), noise \(noise), D: \(discriminator), G step: \(update), seed \(seed)"
    }

    /// Refuses a step or a minibatch Algorithm 1 cannot run with, and exact least squares
    /// for a generator that is not linear in its parameters.
    func validate(linearInParameters: Bool, generator: @autoclosure () -> String) throws {
        guard eps > 0, eps.isFinite else { throw InvalidArgument("ε must be positive, got \(eps)") }
        guard batch >= 2 else { throw InvalidArgument("the minibatch needs m ≥ 2, got \(batch)") }
        if case .exactLeastSquares = update, !linearInParameters {
            throw InvalidArgument("\(generator()) is not linear in its parameters: exact least squares is unavailable; give K inner gradient steps and a rate")
        }
    }
}

extension Algorithm1Configuration where Noise == NoiseMode, Discriminator == DiscriminatorChoice {
    /// Random noise and the exact D* unless told otherwise.
    public init(eps: Double, batch: Int, noise: NoiseMode = .random, discriminator: DiscriminatorChoice = .exact,
                update: GeneratorUpdate = .exactLeastSquares, seed: UInt64 = 1) {
        self.init(settings: eps, batch, noise, discriminator, update, seed)
    }
}

extension Algorithm1Configuration where Noise == PlaneNoise, Discriminator == PlaneDiscriminatorChoice {
    /// Random noise and the exact D* unless told otherwise.
    public init(eps: Double, batch: Int, noise: PlaneNoise = .random, discriminator: PlaneDiscriminatorChoice = .exact,
                update: GeneratorUpdate = .exactLeastSquares, seed: UInt64 = 1) {
        self.init(settings: eps, batch, noise, discriminator, update, seed)
    }
}

/// An Algorithm 1 driver: one iteration at a time, and the run loop every dimension shares.
public protocol Algorithm1Driver {
    associatedtype Generator: CustomStringConvertible
    var generator: Generator { get }
    var iteration: Int { get }
    /// One iteration (the paper's steps 2–7).
    mutating func step() throws
}

extension Algorithm1Driver {
    /// `iterations` iterations; `progress(iteration, generator)` after each.
    public mutating func run(iterations: Int, progress: (Int, Generator) -> Void = { _, _ in }) throws {
        for _ in 0..<iterations {
            try step()
            progress(iteration, generator)
        }
    }
}

extension Algorithm1Diverged {
    /// Throws when a parameter after `iteration` iterations is not a finite number.
    static func check(iteration: Int, parameters: [Double]) throws {
        if parameters.contains(where: { !$0.isFinite }) {
            throw Algorithm1Diverged(iteration: iteration, parameters: parameters)
        }
    }
}
