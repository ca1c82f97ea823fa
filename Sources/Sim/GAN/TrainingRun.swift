import Foundation

/// One reporting point: JS with its error estimate (nil when it cannot be computed, and
/// then `jsFailure` says why) and, for the affine generator, (a, b) with non-finite entries
/// as nil.
public struct TrainingRecord: Sendable {
    public var iteration: Int
    public var js: Double?
    public var parameters: [Double?]?
    /// The error estimate of `js` (quadrature or KDE quadrature).
    public var jsError: Double? = nil
    /// Why JS could not be computed at this record (non-finite parameters, a failed
    /// quadrature); nil when `js` is set.
    public var jsFailure: String? = nil

    public init(iteration: Int, js: Double?, parameters: [Double?]?, jsError: Double? = nil, jsFailure: String? = nil) {
        self.iteration = iteration
        self.js = js
        self.parameters = parameters
        self.jsError = jsError
        self.jsFailure = jsFailure
    }

    /// A record whose JS comes from `compute`, or carries the reason it failed.
    static func measuring(_ iteration: Int, parameters: [Double?]?, _ compute: () throws -> QuadratureResult) -> TrainingRecord {
        do {
            let r = try compute()
            return TrainingRecord(iteration: iteration, js: r.value, parameters: parameters, jsError: r.error)
        } catch {
            return TrainingRecord(iteration: iteration, js: nil, parameters: parameters, jsFailure: "\(error)")
        }
    }
}

/// What a run produced.
public struct TrainingOutcome: Sendable {
    public var records: [TrainingRecord]
    /// "quadrature" where the generator's density is known in closed form (affine: a normal;
    /// quantile particles: piecewise constant), otherwise "kde" (an estimate from a KDE).
    public var jsMethod: String
    /// Why the run stopped early, if it diverged.
    public var divergence: String?
}

/// `ganflow train` as a library function: runs Algorithm 1 with the options, calling
/// `report` at iteration 0 and every `reportEvery` iterations (and at the end). Never
/// prints. A divergence (non-finite parameters, crossing particles) ends the run with a
/// final record and `divergence` set; bad options throw `InvalidArgument` (Analytic).
public enum TrainingRun {
    public static func run(_ o: TrainingOptions, report: (TrainingRecord) -> Void = { _ in }) throws -> TrainingOutcome {
        guard o.eps > 0, o.eps.isFinite else { throw InvalidArgument("--eps must be positive, got \(o.eps)") }
        guard o.iterations >= 0 else { throw InvalidArgument("--iterations must be ≥ 0") }
        guard o.batch >= 2 else { throw InvalidArgument("--batch must be ≥ 2") }
        guard o.reportEvery >= 1 else { throw InvalidArgument("the reporting interval must be ≥ 1") }
        if let k = o.innerSteps, !(k.count >= 1 && k.rate > 0 && k.rate.isFinite) {
            throw InvalidArgument("--inner-steps must be ≥ 1 and --lr > 0 (got \(k.count), \(k.rate))")
        }
        switch o.generator {
        case .affine:
            return try runParametric(o, AffineGenerator(a: o.initial.a, b: o.initial.b), report)
        case .mlp:
            if case .exact = o.discriminator {
                throw InvalidArgument("--discriminator exact needs the generator's density in closed form; the MLP has none: use --discriminator logistic")
            }
            guard o.innerSteps != nil else {
                throw InvalidArgument("the MLP is not linear in its parameters: give --inner-steps K and --lr η for its MSE step")
            }
            return try runParametric(o, try MLPGenerator.random(hidden: o.hidden, rng: RandomSource(seed: o.seed &+ 0x5EED)), report)
        case .particles:
            return try runParticles(o, report)
        }
    }

    static func runParametric<G: ParametricGenerator>(_ o: TrainingOptions, _ g: G, _ report: (TrainingRecord) -> Void) throws -> TrainingOutcome {
        var alg = try Algorithm1(target: o.target, generator: g,
                                 configuration: .init(eps: o.eps, batch: o.batch, noise: o.noise,
                                                      discriminator: o.discriminator, update: o.update, seed: o.seed))
        let closedForm = g is AffineGenerator
        let nodes = NoiseMode.quantileNodes(4000)
        func record(_ n: Int, _ gen: G) -> TrainingRecord {
            let p = gen.parameters
            let shown = closedForm ? p.map { $0.isFinite ? $0 : nil } : nil
            guard p.allSatisfy(\.isFinite) else {
                return TrainingRecord(iteration: n, js: nil, parameters: shown, jsFailure: "the generator's parameters are not finite")
            }
            return .measuring(n, parameters: shown) {
                if closedForm {
                    guard let rho = try gen.pushforwardDensity() else {
                        throw InvalidArgument("the affine generator has no density (b = 0)")
                    }
                    return try GeneratorJS.quadrature(o.target, rho)
                }
                return try GeneratorJS.kdeEstimate(o.target, samples: gen.outputs(nodes))
            }
        }
        var records = [record(0, alg.generator)]
        report(records[0])
        var divergence: String? = nil
        while alg.iteration < o.iterations {
            do { try alg.step() } catch let e as Algorithm1Diverged {
                divergence = e.description
                let r = TrainingRecord(iteration: e.iteration, js: nil,
                                       parameters: closedForm ? e.parameters.map { $0.isFinite ? $0 : nil } : nil,
                                       jsFailure: "the run diverged")
                records.append(r); report(r)
                break
            }
            if alg.iteration % o.reportEvery == 0 || alg.iteration == o.iterations {
                let r = record(alg.iteration, alg.generator)
                records.append(r); report(r)
            }
        }
        return TrainingOutcome(records: records, jsMethod: closedForm ? "quadrature" : "kde", divergence: divergence)
    }

    /// Free particles. Exact D* with quantile noise on a bounded target: the quantile
    /// particles of D9 (m cells, ends at the walls), JS by quadrature of the piecewise-constant
    /// density. Otherwise m free particles with D = ρd/(ρd + ρ̂) (exact) or the logistic
    /// discriminator, JS estimated from their KDE.
    static func runParticles(_ o: TrainingOptions, _ report: (TrainingRecord) -> Void) throws -> TrainingOutcome {
        let bounded = o.target.support.lowerBound.isFinite && o.target.support.upperBound.isFinite
        let start = try Normal(mean: o.initial.a, standardDeviation: abs(o.initial.b))
        let rng = RandomSource(seed: o.seed)
        var x: [Double]
        let quantile = o.noise == .quantiles && bounded && o.discriminator == .exact
        var logistic: LogisticDiscriminator? = nil
        if case .logistic(let f, _) = o.discriminator { logistic = try LogisticDiscriminator(features: f) }
        let qalg = quantile ? try QuantileParticleAlgorithm1(target: o.target, eps: o.eps) : nil
        if let q = qalg {
            x = try q.initialParticles(from: try Truncated(start, lower: o.target.support.lowerBound, upper: o.target.support.upperBound), count: o.batch)
        } else if o.noise == .quantiles {
            x = try (1...o.batch).map { try start.quantile((Double($0) - 0.5) / Double(o.batch)) }
        } else {
            x = start.sample(count: o.batch, rng: rng)
        }
        func record(_ n: Int, _ x: [Double]) -> TrainingRecord {
            guard x.allSatisfy(\.isFinite) else {
                return TrainingRecord(iteration: n, js: nil, parameters: nil, jsFailure: "a particle is not finite")
            }
            return .measuring(n, parameters: nil) {
                if quantile {
                    let n = Double(x.count - 1)
                    return try Quadrature.integrate({ y in
                        var lo = 0, hi = x.count - 1
                        while hi - lo > 1 { let mid = (lo + hi) / 2; if x[mid] <= y { lo = mid } else { hi = mid } }
                        return GeneratorJS.integrand(o.target.logPDF(y), log(1 / n / (x[lo + 1] - x[lo])))
                    }, from: x[0], to: x[x.count - 1], breakpoints: x + o.target.breakpoints,
                       tolerance: QuadratureTolerance(absolute: 1e-10, relative: 1e-8))
                }
                return try GeneratorJS.kdeEstimate(o.target, samples: x)
            }
        }
        var records = [record(0, x)]
        report(records[0])
        var divergence: String? = nil
        for n in 1...max(1, o.iterations) where o.iterations > 0 {
            do {
                let y: [Double]
                if let q = qalg {
                    y = try q.targets(x)
                } else {
                    let d: any Discriminator
                    if var l = logistic, case .logistic(_, let how) = o.discriminator {
                        try l.train(data: o.target.sample(count: o.batch, rng: rng), generated: x, how: how)
                        logistic = l
                        d = l
                    } else {
                        d = KDEDiscriminator(data: o.target, estimate: try KernelDensity1D(points: x, bandwidth: try BandwidthRule.silverman.bandwidth(x)))
                    }
                    y = x.map { $0 + o.eps * d.drift($0) }
                }
                // Step 7 on the samples themselves: exact fit x = y, or K gradient steps on
                // (1/m)Σ|xᵢ − yᵢ|², each xᵢ ← xᵢ − η·(2/m)(xᵢ − yᵢ).
                if let k = o.innerSteps {
                    let m = Double(x.count)
                    for _ in 0..<k.count { for i in x.indices { x[i] -= k.rate * 2 / m * (x[i] - y[i]) } }
                } else {
                    x = y
                }
                if let q = qalg { x[0] = q.target.support.lowerBound; x[x.count - 1] = q.target.support.upperBound }
                guard x.allSatisfy(\.isFinite) else { throw Algorithm1Diverged(iteration: n, parameters: []) }
            } catch {
                divergence = "Algorithm 1 diverged at iteration \(n): \(error)"
                let r = TrainingRecord(iteration: n, js: nil, parameters: nil, jsFailure: "the run diverged")
                records.append(r); report(r)
                break
            }
            if n % o.reportEvery == 0 || n == o.iterations {
                let r = record(n, x)
                records.append(r); report(r)
            }
        }
        return TrainingOutcome(records: records, jsMethod: quantile ? "quadrature" : "kde", divergence: divergence)
    }
}
