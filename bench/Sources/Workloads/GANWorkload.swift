import Analytic
import Sim

/// The four fixed, seeded workloads of bench/gan, each beside a NumPy peer doing the same
/// work with the same algorithm (bench/gan/peer.py; the random streams differ, so the
/// checksums agree only in size). Each run returns a checksum so that the work cannot be
/// optimised away and so that a change of result shows.
public enum GANWorkload: String, Sendable, CaseIterable {
    /// `steps` explicit Euler steps (Δt = 0.01) of 10⁴ 1D KDE particles started at
    /// N(0, 1.5²): Silverman bandwidth, binned FFT KDE with 32 grid points per bandwidth.
    case particles1d
    /// `steps` explicit Euler steps (Δt = 0.01) of 2000 2D KDE particles started at
    /// N(0, 1.2² I): direct O(N²) product-kernel KDE, 2-component Gaussian-mixture target.
    case particles2d
    /// `steps` iterations of Algorithm 1: affine generator from (0.5, 1.5), exact D*,
    /// exact least squares, random noise, ε = 0.1, m = 256.
    case affine
    /// `steps` iterations of Algorithm 1: MLP with 8 tanh units, logistic D on (1, x, x²)
    /// trained to its optimum by Newton (penalty 1), 5 inner gradient steps of size 0.05,
    /// ε = 0.1, m = 256.
    case mlp

    /// The step counts the READMEs' figures use (each run takes a few tenths of a second).
    public var defaultSteps: Int {
        switch self {
        case .particles1d: 50
        case .particles2d: 5
        case .affine: 2000
        case .mlp: 500
        }
    }

    /// What one step is, for the per-unit figures.
    public var unit: String {
        switch self {
        case .particles1d, .particles2d: "step"
        case .affine, .mlp: "iteration"
        }
    }

    /// The 1D target of three workloads: ½N(−2, 0.6²) + ½N(2, 0.6²).
    static func target1D() throws -> Mixture {
        try Mixture(weights: [0.5, 0.5], components: [try Normal(mean: -2, standardDeviation: 0.6),
                                                      try Normal(mean: 2, standardDeviation: 0.6)])
    }

    /// Runs the workload for `steps` steps from seed 42 and returns its checksum: the
    /// particles' mean (1D), the mean of x + y (2D), a + b (affine) or the sum of the
    /// MLP's parameters.
    public func run(steps: Int) throws -> Double {
        let rng = RandomSource(seed: 42)
        switch self {
        case .particles1d:
            var x = (0..<10_000).map { _ in 1.5 * rng.standardNormal() }
            let flow = ParticleFlow1D(target: try Self.target1D(), bandwidth: .silverman,
                                      method: .binned(pointsPerBandwidth: 32))
            for _ in 0..<steps { x = try flow.eulerStep(x, dt: 0.01) }
            return x.reduce(0, +) / Double(x.count)
        case .particles2d:
            let target = try GaussianMixture2D(weights: [0.5, 0.5], components: [
                try Gaussian2D(mean: SIMD2(-1, 0), standardDeviations: SIMD2(0.8, 1.0), correlation: 0.4),
                try Gaussian2D(mean: SIMD2(1, 0.5), standardDeviations: SIMD2(0.9, 0.7), correlation: -0.3),
            ])
            var x = (0..<2000).map { _ in SIMD2(1.2 * rng.standardNormal(), 1.2 * rng.standardNormal()) }
            let flow = ParticleFlow2D(target: target)
            for _ in 0..<steps { x = try flow.eulerStep(x, dt: 0.01) }
            return x.reduce(0) { $0 + $1.x + $1.y } / Double(x.count)
        case .affine:
            var alg = try Algorithm1(target: try Self.target1D(), generator: AffineGenerator(a: 0.5, b: 1.5),
                                     configuration: .init(eps: 0.1, batch: 256, seed: 42))
            try alg.run(iterations: steps)
            return alg.generator.a + alg.generator.b
        case .mlp:
            var alg = try Algorithm1(target: try Self.target1D(), generator: try MLPGenerator.random(hidden: 8, rng: rng),
                                     configuration: .init(eps: 0.1, batch: 256,
                                                          discriminator: .logistic(.quadratic, .optimum(penalty: 1)),
                                                          update: .gradientSteps(count: 5, rate: 0.05), seed: 42))
            try alg.run(iterations: steps)
            return alg.generator.parameters.reduce(0, +)
        }
    }
}
