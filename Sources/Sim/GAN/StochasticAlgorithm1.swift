/// The paper's Algorithm 1 as written, for a parametric generator: every iteration draws
/// fresh minibatches (m noise samples, m data samples, then m fresh noise samples), updates
/// a logistic discriminator `D = σ(wᵀφ(x))` by `ascentSteps` steps of gradient ascent of size
/// `ascentRate` on (21) `(1/m)Σ[ln D(xᵢ) + ln(1 − D(G(zᵢ)))]` **from its previous weights**
/// (warm start; the first iteration starts from w = 0, i.e. D ≡ ½), and updates the
/// generator by `generatorSteps` gradient steps of size `generatorRate` on (23)
/// `(1/m)Σ|G_θ(zᵢ) − yᵢ|²` with the targets `yᵢ = G(zᵢ) + ε ∇D/(2(1 − D))` of (22) held fixed.
///
/// This is ``Algorithm1`` with `.random` noise, `.logistic(features, .ascent(K, r))` and
/// `.gradientSteps(K_G, η)`; this type fixes those choices, names the hyper-parameters and
/// runs one seed to a time `t = nε`. Nothing is exact: neither D (a few ascent steps on one
/// minibatch) nor the fit (a few gradient steps), so the generator's law after n iterations
/// is random, and its distance to the flow is what ``StochasticAlgorithm1Study`` measures.
///
/// Defaults and why:
/// - features (1, x, x²): for a Gaussian generator and target the family contains D*
///   (docs/MATH.md D7), so the only discriminator error is the optimisation and sampling
///   error this study measures, not a misspecification;
/// - ascent rate 1: gradient ascent on the concave (21) is stable near its maximiser for
///   rates below 2/λmax of the Hessian `E_d[D(1 − D)φφᵀ] + E_ρ[D(1 − D)φφᵀ]`; along the
///   study's path (ρd = N(0, 1), generator from N(−1.5, 0.7²) towards it) its eigenvalues at
///   D* lie in [0.015, 1.8] (Gauss–Hermite quadrature, 120 nodes), so a rate of 1 contracts
///   near D*; the smallest eigenvalue sets the discriminator's lag, which is the
///   under-training bias the study measures by varying K;
/// - generator rate ½ with 3 steps: for `G(z) = a + bz`, Z ~ N(0, 1), the MSE's Gram matrix
///   is `M = E[JᵀJ] = I`, so one step of size ½ is the exact least-squares fit in
///   expectation (`e ↦ (I − 2ηM)e = 0`, docs/MATH.md D11) and three steps shrink the
///   minibatch's deviation `|1 − λ̂|³ = O(m^{-3/2})`: the outer step is ε per iteration, so
///   `t = nε` is the flow's time.
public struct StochasticAlgorithm1: Sendable, CustomStringConvertible {
    public var features: DiscriminatorFeatures
    public var ascentSteps: Int
    public var ascentRate: Double
    public var generatorSteps: Int
    public var generatorRate: Double

    public init(features: DiscriminatorFeatures = .quadratic, ascentSteps: Int = 5, ascentRate: Double = 1,
                generatorSteps: Int = 3, generatorRate: Double = 0.5) throws {
        guard ascentSteps >= 1, ascentRate > 0, ascentRate.isFinite else {
            throw InvalidArgument("the discriminator needs K ≥ 1 ascent steps of a finite rate > 0 (got K = \(ascentSteps), rate \(ascentRate))")
        }
        guard generatorSteps >= 1, generatorRate > 0, generatorRate.isFinite else {
            throw InvalidArgument("the generator needs ≥ 1 MSE steps of a finite rate > 0 (got \(generatorSteps), rate \(generatorRate))")
        }
        self.features = features
        self.ascentSteps = ascentSteps
        self.ascentRate = ascentRate
        self.generatorSteps = generatorSteps
        self.generatorRate = generatorRate
    }

    public var description: String {
        "Algorithm 1 as written: logistic D on \(features), K = \(ascentSteps) ascent steps of size \(ascentRate) on (21) (warm start), "
            + "\(generatorSteps) MSE steps of size \(generatorRate) on (23), fresh minibatches"
    }

    /// The ``Algorithm1`` configuration for step ε, minibatch size m and `seed`.
    public func configuration<G: ParametricGenerator>(for _: G.Type, eps: Double, batch: Int,
                                                     seed: UInt64) -> Algorithm1<G>.Configuration {
        .init(eps: eps, batch: batch, noise: .random,
              discriminator: .logistic(features, .ascent(steps: ascentSteps, rate: ascentRate)),
              update: .gradientSteps(count: generatorSteps, rate: generatorRate), seed: seed)
    }

    /// The number of iterations n with nε = t; refuses an ε that does not divide t (to a
    /// relative 1e-9), so the compared time is exactly the flow's.
    public static func iterations(time t: Double, eps: Double) throws -> Int {
        guard t >= 0, t.isFinite, eps > 0, eps.isFinite else {
            throw InvalidArgument("time must be ≥ 0 and ε > 0 (got t = \(t), ε = \(eps))")
        }
        let n = (t / eps).rounded()
        guard abs(n * eps - t) <= 1e-9 * t, n <= 10_000_000 else {
            throw InvalidArgument("ε = \(eps) does not divide t = \(t) into at most 10⁷ iterations")
        }
        return Int(n)
    }

    /// One seed of Algorithm 1 from `generator` to t = nε: the final generator and the
    /// discriminator's weights.
    public func run<G: ParametricGenerator>(target: any Density, generator: G, eps: Double, batch: Int,
                                            time: Double, seed: UInt64) throws -> (generator: G, discriminator: [Double]) {
        var alg = try Algorithm1(target: target, generator: generator,
                                 configuration: configuration(for: G.self, eps: eps, batch: batch, seed: seed))
        try alg.run(iterations: try Self.iterations(time: time, eps: eps))
        return (alg.generator, alg.logistic?.weights ?? [])
    }
}
