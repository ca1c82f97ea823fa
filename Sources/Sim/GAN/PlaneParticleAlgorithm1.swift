import Foundation
import Analytic

/// Algorithm 1 in 2D with a fully flexible generator: its m samples are its parameters
/// (free particles). D is the plug-in D* with a KDE of the particles themselves (bandwidth by
/// a stated rule) or the logistic fit on quadratic features against m fresh data samples.
/// The targets are `yᵢ = xᵢ + ε ½ D ∇η(xᵢ)` (eq. 22) and the MSE `(1/m)Σ|xᵢ − yᵢ|²` is
/// minimised
/// - exactly: every particle moves to its target (D9: one explicit Euler step of the KDE
///   particle flow, ``ParticleFlow2D``, when D is the KDE plug-in), or
/// - by K gradient steps of size η: the MSE's gradient in xᵢ is 2(xᵢ − yᵢ)/m, so the fit
///   leaves `xᵢ − yᵢ` multiplied by `(1 − 2η/m)^K` (applied in closed form).
public struct PlaneParticleAlgorithm1 {
    public let target: any Density2D
    public let eps: Double
    public let discriminator: PlaneDiscriminatorChoice
    public let update: GeneratorUpdate
    public private(set) var particles: [SIMD2<Double>]
    public private(set) var logistic: PlaneLogisticDiscriminator?
    public private(set) var iteration = 0
    private let rng: RandomSource

    public init(target: any Density2D, particles: [SIMD2<Double>], eps: Double,
                discriminator: PlaneDiscriminatorChoice = .kde(.scott), update: GeneratorUpdate = .exactLeastSquares,
                seed: UInt64 = 1) throws {
        guard eps > 0, eps.isFinite else { throw InvalidArgument("ε must be positive, got \(eps)") }
        guard particles.count >= 2 else { throw InvalidArgument("free particles need m ≥ 2, got \(particles.count)") }
        for p in particles where !(p.x.isFinite && p.y.isFinite) { throw InvalidArgument("particle \(p) is not finite") }
        switch discriminator {
        case .exact:
            throw InvalidArgument("free particles have no closed-form law: use the KDE plug-in D* (kde) or a logistic discriminator")
        case .logistic: logistic = try PlaneLogisticDiscriminator()
        case .kde: break
        }
        if case .gradientSteps(let k, let r) = update, !(k >= 1 && r > 0 && r.isFinite) {
            throw InvalidArgument("gradient steps need K ≥ 1 and a rate > 0 (got K = \(k), η = \(r))")
        }
        self.target = target
        self.particles = particles
        self.eps = eps
        self.discriminator = discriminator
        self.update = update
        rng = RandomSource(seed: seed)
    }

    /// One iteration.
    public mutating func step() throws {
        let x = particles, m = Double(x.count)
        var drift = [SIMD2<Double>](repeating: .zero, count: x.count)
        switch discriminator {
        case .exact: fatalError("refused in init")
        case .kde(let rule):
            let d = PlaneKDEDiscriminator(data: target, estimate: try KernelDensity2D(points: x, bandwidth: try rule.bandwidth(x)))
            for i in x.indices { drift[i] = d.driftFromOneEvaluation(x[i]) }
        case .logistic(let c):
            var d = logistic!
            try d.train(data: target.sample(count: x.count, rng: rng), generated: x, penalty: c)
            logistic = d
            for i in x.indices { drift[i] = d.drift(x[i]) }
        }
        let keep: Double
        switch update {
        case .exactLeastSquares: keep = 0
        case .gradientSteps(let k, let r): keep = pow(1 - 2 * r / m, Double(k))
        }
        for i in x.indices {
            let y = x[i] + eps * drift[i]
            particles[i] = y + keep * (x[i] - y)
        }
        iteration += 1
        if let bad = particles.first(where: { !($0.x.isFinite && $0.y.isFinite) }) {
            throw InvalidArgument("free particles diverged at iteration \(iteration): a particle is at \(bad)")
        }
    }

    public mutating func run(iterations: Int, progress: (Int, [SIMD2<Double>]) -> Void = { _, _ in }) throws {
        for _ in 0..<iterations {
            try step()
            progress(iteration, particles)
        }
    }
}
