import Foundation
import Analytic

/// Everything one 2D run of Algorithm 1 needs (the options of `ganflow train` with a 2D target).
public struct PlaneTrainingOptions: Sendable {
    public var target: any PlaneDensity
    public var generator: GeneratorKind = .affine
    public var discriminator: PlaneDiscriminatorChoice = .exact
    public var eps: Double = 0.1
    public var iterations: Int = 200
    public var batch: Int = 256
    /// K inner gradient steps of size η on the MSE; nil: exact least squares.
    public var innerSteps: (count: Int, rate: Double)? = nil
    public var seed: UInt64 = 1
    public var noise: PlaneNoise = .random
    /// Affine: a = center, B = scale·I; particles: the centre and standard deviation of their
    /// initial isotropic normal (drawn with the run's noise); MLP: c = center.
    public var center: SIMD2<Double> = .zero
    public var scale: Double = 1
    public var hidden: Int = 8
    public var reportEvery: Int = 10
    /// Generator samples drawn (fresh noise, seeded) for the mode coverage of parametric
    /// generators; free particles use their own m particles.
    public var coverageSamples: Int = 4096

    public init(target: any PlaneDensity) { self.target = target }

    var update: GeneratorUpdate {
        innerSteps.map { .gradientSteps(count: $0.count, rate: $0.rate) } ?? .exactLeastSquares
    }
}

/// One reporting point of a 2D run.
public struct PlaneTrainingRecord: Sendable {
    public var iteration: Int
    /// θ (affine: a₁, B₁₁, B₁₂, a₂, B₂₁, B₂₂; MLP: ``MLPGenerator2D`` order); nil for particles.
    public var parameters: [Double]?
    /// Mean and covariance (xx, xy, yy) of the generator's samples (the particles themselves,
    /// or the coverage samples) — exact sample moments, not estimates of anything.
    public var sampleMean: SIMD2<Double>
    public var sampleCovariance: (xx: Double, xy: Double, yy: Double)
    /// Mode coverage when the target is a ring (every sample to its nearest mode).
    public var coverage: ModeCoverage?
    /// The same counting only samples within 3σ of their nearest mode's centre.
    public var coverageWithin3Sigma: ModeCoverage?
}

public struct PlaneTrainingOutcome: Sendable {
    public var records: [PlaneTrainingRecord]
    public var divergence: String?
}

/// `ganflow train` with a 2D target, as a library function (never prints): Algorithm 1 with
/// ``Algorithm1Plane`` (affine, MLP) or ``PlaneParticleAlgorithm1`` (free particles), a record
/// at iteration 0, every `reportEvery` iterations and at the end. A divergence ends the run
/// with `divergence` set; bad options throw `InvalidArgument`.
public enum PlaneTrainingRun {
    public static func run(_ o: PlaneTrainingOptions, report: (PlaneTrainingRecord) -> Void = { _ in }) throws -> PlaneTrainingOutcome {
        guard o.reportEvery >= 1 else { throw InvalidArgument("the reporting interval must be ≥ 1") }
        guard o.iterations >= 0 else { throw InvalidArgument("--iterations must be ≥ 0") }
        guard o.scale > 0, o.scale.isFinite, o.center.x.isFinite, o.center.y.isFinite else {
            throw InvalidArgument("the start's centre must be finite and its scale > 0 (got (\(o.center.x), \(o.center.y)), \(o.scale))")
        }
        try o.noise.validate(batch: o.batch)
        let target = try PlaneTarget(o.target)
        let ring = o.target as? Ring2D
        var records = [PlaneTrainingRecord]()
        func record(_ n: Int, _ theta: [Double]?, _ samples: [SIMD2<Double>]) {
            let r = PlaneTrainingRecord(iteration: n, parameters: theta, sampleMean: moments(samples).mean,
                                        sampleCovariance: moments(samples).cov,
                                        coverage: ring.map { ModeCoverage(samples: samples, ring: $0) },
                                        coverageWithin3Sigma: ring.map { ModeCoverage(samples: samples, ring: $0, within: 3 * $0.sigma) })
            records.append(r)
            report(r)
        }
        func due(_ n: Int) -> Bool { n % o.reportEvery == 0 || n == o.iterations }
        let coverageNoise = RandomSource(seed: o.seed &+ 0x5EED)
        func coverageBatch() -> [SIMD2<Double>] {
            o.noise == .grid ? PlaneNoise.halton.batch(o.coverageSamples, rng: coverageNoise)
                             : o.noise.batch(o.coverageSamples, rng: coverageNoise)
        }
        var divergence: String? = nil
        switch o.generator {
        case .particles:
            let x0 = o.noise.batch(o.batch, rng: RandomSource(seed: o.seed)).map { o.center + o.scale * $0 }
            var a = try PlaneParticleAlgorithm1(target: target, particles: x0, eps: o.eps,
                                                discriminator: o.discriminator, update: o.update, seed: o.seed &+ 1)
            record(0, nil, x0)
            do { try a.run(iterations: o.iterations) { n, x in if due(n) { record(n, nil, x) } } } catch {
                divergence = "\(error)"
            }
        case .affine:
            let g = AffineGenerator2D(center: o.center, scale: o.scale)
            divergence = try runParametric(o, target, g, record: record, due: due, coverage: coverageBatch)
        case .mlp:
            let g = try MLPGenerator2D.random(hidden: o.hidden, center: o.center, rng: RandomSource(seed: o.seed &+ 2))
            divergence = try runParametric(o, target, g, record: record, due: due, coverage: coverageBatch)
        }
        return PlaneTrainingOutcome(records: records, divergence: divergence)
    }

    private static func runParametric<G: PlaneGenerator>(_ o: PlaneTrainingOptions, _ target: PlaneTarget, _ g: G,
                                                          record: (Int, [Double]?, [SIMD2<Double>]) -> Void,
                                                          due: (Int) -> Bool, coverage: () -> [SIMD2<Double>]) throws -> String? {
        var a = try Algorithm1Plane(target: target, generator: g,
                                    configuration: .init(eps: o.eps, batch: o.batch, noise: o.noise, discriminator: o.discriminator,
                                                         update: o.update, seed: o.seed))
        record(0, g.parameters, g.outputs(coverage()))
        do {
            try a.run(iterations: o.iterations) { n, g in if due(n) { record(n, g.parameters, g.outputs(coverage())) } }
        } catch let e as Algorithm1Diverged {
            return "\(e)"
        }
        return nil
    }

    /// Sample mean and covariance (divisor n − 1).
    public static func moments(_ x: [SIMD2<Double>]) -> (mean: SIMD2<Double>, cov: (xx: Double, xy: Double, yy: Double)) {
        let n = Double(x.count)
        let m = x.reduce(SIMD2<Double>.zero, +) / n
        var xx = 0.0, xy = 0.0, yy = 0.0
        for p in x { let d = p - m; xx += d.x * d.x; xy += d.x * d.y; yy += d.y * d.y }
        let c = 1 / max(1, n - 1)
        return (m, (xx * c, xy * c, yy * c))
    }
}
