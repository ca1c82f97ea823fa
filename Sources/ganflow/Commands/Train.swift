import ArgumentParser
import Foundation
import Sim
import Verification

/// `ganflow train`: the seed's Algorithm 1 (issue 4), reporting JS(ρd, ρ_θ) per interval.
///
/// JS is by quadrature where ρ_θ is known in closed form (affine: N(a, b²); quantile
/// particles: piecewise constant) and otherwise a KDE estimate, labelled as such. A run
/// that diverges stops with a message on stderr, reports non-finite parameters as null,
/// and exits with status 1; it never crashes.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a 1D generator with Algorithm 1 (GANs as a simulation of ODE (2)).",
        discussion: """
        Without --inner-steps/--lr the MSE step (23) is solved exactly by least squares \
        (affine) or by moving every sample to its target (particles); the MLP needs them. \
        --noise quantiles uses z_i = Phi^-1((i - 1/2)/m) at every step, so the iteration is \
        deterministic and has exact fixed points. Particles with --discriminator exact and \
        --noise quantiles on a bounded target (truncated(...)) are the quantile particles \
        of the Lagrangian scheme (m cells, ends at the walls).
        """)

    enum DiscriminatorOption: String, ExpressibleByArgument, CaseIterable { case exact, logistic }
    enum TrainingOption: String, ExpressibleByArgument, CaseIterable { case optimum, ascent }
    enum FeaturesOption: String, ExpressibleByArgument, CaseIterable { case quadratic, radial }

    @Option(help: "Data density ρd, e.g. 'mixture(0.5*normal(-2,0.6),0.5*normal(2,0.6))'.")
    var target: String

    @Option(help: "Generator: particles, affine or mlp.")
    var generator: GeneratorKind = .affine

    @Option(help: "Discriminator: exact (D*) or logistic (regression on features).")
    var discriminator: DiscriminatorOption = .exact

    @Option(help: "Step ε of the targets (22).")
    var eps: Double = 0.1

    @Option(help: "Number of iterations.")
    var iterations: Int = 200

    @Option(help: "Minibatch size m (the number of particles for --generator particles).")
    var batch: Int = 256

    @Option(name: .customLong("inner-steps"), help: "K gradient steps on the MSE per iteration (needs --lr).")
    var innerSteps: Int?

    @Option(help: "Step size η of the inner MSE gradient steps (needs --inner-steps).")
    var lr: Double?

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Noise: random (fresh N(0,1) draws) or quantiles (deterministic nodes).")
    var noise: NoiseMode = .random

    @Option(parsing: .unconditional, help: "Affine start a,b (particles: mean and sd of their initial normal). Default 0,1.")
    var `init`: NumberList?

    @Option(name: .customLong("hidden"), help: "Hidden units of the MLP.")
    var hidden: Int = 8

    @Option(help: "Logistic features: quadratic (1, x, x²) or radial (plus bumps at the target's breakpoints). Trained with a ridge penalty shrinking like 1/m.")
    var features: FeaturesOption = .quadratic

    @Option(name: .customLong("discriminator-training"), help: "Logistic training: optimum (Newton) or ascent (SGA steps on (21)).")
    var discriminatorTraining: TrainingOption = .optimum

    @Option(name: .customLong("discriminator-steps"), help: "Ascent steps per iteration (with --discriminator-training ascent).")
    var discriminatorSteps: Int = 20

    @Option(name: .customLong("discriminator-rate"), help: "Ascent step size (with --discriminator-training ascent).")
    var discriminatorRate: Double = 0.5

    @Option(name: .customLong("report-every"), help: "Reporting interval in iterations (default: iterations/20).")
    var reportEvery: Int?

    @Flag(help: "Print one JSON object: iterations, js, js_method, parameters.")
    var json = false

    @Option(name: .customLong("bench"), help: .hidden)
    var bench: BenchmarkWorkloads.Kind?

    @Option(name: .customLong("bench-steps"), help: .hidden)
    var benchSteps: Int?

    func validate() throws {
        if (innerSteps == nil) != (lr == nil) { throw ValidationError("--inner-steps and --lr go together") }
        if let v = `init`, v.values.count != 2 { throw ValidationError("--init takes two numbers a,b (got \(v))") }
        if let k = innerSteps, k < 1 { throw ValidationError("--inner-steps must be ≥ 1") }
        if let r = lr, !(r > 0) { throw ValidationError("--lr must be > 0") }
    }

    func run() throws {
        if let b = bench {
            // bench/gan: a fixed workload, its checksum and its own wall time.
            let start = Date()
            let sum = try BenchmarkWorkloads.run(b, steps: benchSteps ?? b.defaultSteps)
            print("\(b.rawValue) steps=\(benchSteps ?? b.defaultSteps) checksum=\(sum) seconds=\(Date().timeIntervalSince(start))")
            return
        }
        var o: TrainingOptions
        do { o = TrainingOptions(target: try DensitySpec.parse(target)) } catch { fail("\(error)") }
        o.generator = generator
        o.eps = eps
        o.iterations = iterations
        o.batch = batch
        o.seed = seed
        o.noise = noise
        o.hidden = hidden
        if let v = `init` { o.initial = (v.values[0], v.values[1]) }
        if let k = innerSteps, let r = lr { o.innerSteps = (k, r) }
        o.reportEvery = reportEvery ?? max(1, iterations / 20)
        switch discriminator {
        case .exact: o.discriminator = .exact
        case .logistic:
            let f: DiscriminatorFeatures = features == .quadratic
                ? .quadratic
                : .radial(centers: o.target.breakpoints, width: radialWidth(o.target))
            // Penalty 1 on Σ log-likelihood over 2m samples (per sample 1/(4m), shrinking like
            // 1/m): keeps Newton defined when a minibatch happens to be separable.
            let how: LogisticTraining = discriminatorTraining == .optimum
                ? .optimum(penalty: 1) : .ascent(steps: discriminatorSteps, rate: discriminatorRate)
            o.discriminator = .logistic(f, how)
        }
        let long = iterations >= 1000
        let outcome: TrainingOutcome
        do {
            outcome = try TrainingRun.run(o) { r in
                if long { FileHandle.standardError.write(Data("iteration \(r.iteration)/\(iterations)\n".utf8)) }
            }
        } catch {
            fail("\(error)")
        }
        print(json ? jsonText(outcome) : plainText(outcome, o))
        if let d = outcome.divergence {
            FileHandle.standardError.write(Data("ganflow train: \(d)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// Radial bumps half as wide as the spacing of their centres (1 for a single centre),
    /// so they stay distinguishable from the quadratic features.
    private func radialWidth(_ d: any Density) -> Double {
        let b = d.breakpoints.sorted()
        guard b.count >= 2 else { return 1 }
        return 0.5 * zip(b, b.dropFirst()).map { $1 - $0 }.min()!
    }

    private func number(_ x: Double?) -> String {
        guard let v = x, v.isFinite else { return "null" }
        return "\(v)"
    }

    private func jsonText(_ o: TrainingOutcome) -> String {
        let its = o.records.map { "\($0.iteration)" }.joined(separator: ", ")
        let js = o.records.map { number($0.js) }.joined(separator: ", ")
        let params: String
        if generator == .affine {
            params = "[" + o.records.map { r in "[" + (r.parameters ?? [nil, nil]).map(number).joined(separator: ", ") + "]" }
                .joined(separator: ", ") + "]"
        } else {
            params = "null"
        }
        return "{\"iterations\": [\(its)], \"js\": [\(js)], \"js_method\": \"\(o.jsMethod)\", \"parameters\": \(params)}"
    }

    private func plainText(_ o: TrainingOutcome, _ opt: TrainingOptions) -> String {
        var lines = ["target = \(opt.target.spec)",
                     "generator = \(generator.rawValue), discriminator = \(opt.discriminator), ε = \(eps), m = \(batch), noise = \(noise), "
                        + "MSE step = \(opt.innerSteps.map { "\($0.count) gradient steps of size \($0.rate)" } ?? "exact"), seed = \(seed)",
                     "JS by \(o.jsMethod == "kde" ? "KDE estimate" : "quadrature")",
                     "iteration  JS" + (generator == .affine ? "                      a                       b" : "")]
        for r in o.records {
            var line = String(r.iteration).padding(toLength: 11, withPad: " ", startingAt: 0) + number(r.js).padding(toLength: 24, withPad: " ", startingAt: 0)
            if let p = r.parameters { line += p.map { number($0).padding(toLength: 24, withPad: " ", startingAt: 0) }.joined() }
            lines.append(line)
        }
        if let d = o.divergence { lines.append("diverged: \(d)") }
        return lines.joined(separator: "\n")
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("ganflow train: \(message)\n".utf8))
        Train.exit(withError: ExitCode.failure)
    }
}

extension GeneratorKind: ExpressibleByArgument {}
extension NoiseMode: ExpressibleByArgument {}
extension BenchmarkWorkloads.Kind: ExpressibleByArgument {}
