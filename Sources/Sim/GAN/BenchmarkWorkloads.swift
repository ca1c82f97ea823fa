import Foundation

/// Fixed, seeded workloads for bench/gan (each beside a NumPy peer doing the same work).
/// Each returns a checksum so the work cannot be skipped and peers can be compared.
public enum BenchmarkWorkloads {
    public enum Kind: String, Sendable, CaseIterable {
        /// `steps` Euler steps of 10⁴ 1D KDE particles (binned FFT KDE, 32 points per bandwidth).
        case particles1d
        /// `steps` Euler steps of 2000 2D KDE particles (direct KDE).
        case particles2d
        /// `steps` iterations of Algorithm 1, affine generator, D*, exact least squares, m = 256.
        case affine
        /// `steps` iterations of Algorithm 1, MLP (8 tanh units), logistic D on (1, x, x²)
        /// trained to its optimum, 5 inner gradient steps of size 0.05, m = 256.
        case mlp

        public var defaultSteps: Int {
            switch self {
            case .particles1d: 50
            case .particles2d: 5
            case .affine: 2000
            case .mlp: 500
            }
        }
    }

    static let target1D = try! Mixture(weights: [0.5, 0.5], components: [try! Normal(mean: -2, standardDeviation: 0.6),
                                                                         try! Normal(mean: 2, standardDeviation: 0.6)])

    public static func run(_ kind: Kind, steps: Int) throws -> Double {
        let rng = RandomSource(seed: 42)
        switch kind {
        case .particles1d:
            var x = (0..<10_000).map { _ in 1.5 * rng.standardNormal() }
            let flow = ParticleFlow1D(target: target1D, bandwidth: .silverman, method: .binned(pointsPerBandwidth: 32))
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
            var alg = try Algorithm1(target: target1D, generator: AffineGenerator(a: 0.5, b: 1.5),
                                     configuration: .init(eps: 0.1, batch: 256, seed: 42))
            try alg.run(iterations: steps)
            return alg.generator.a + alg.generator.b
        case .mlp:
            var alg = try Algorithm1(target: target1D, generator: try MLPGenerator.random(hidden: 8, rng: rng),
                                     configuration: .init(eps: 0.1, batch: 256,
                                                          discriminator: .logistic(.quadratic, .optimum(penalty: 1)),
                                                          update: .gradientSteps(count: 5, rate: 0.05), seed: 42))
            try alg.run(iterations: steps)
            return alg.generator.parameters.reduce(0, +)
        }
    }
}
