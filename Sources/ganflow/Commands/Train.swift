import ArgumentParser
import Analytic
import Foundation
import Sim

/// `ganflow train`: the paper's Algorithm 1, reporting JS(ρd, ρ_θ) per interval
/// (``TrainingRun`` does the work; this file parses, prints and sets the exit status).
///
/// JS is by quadrature where ρ_θ is known in closed form (affine: N(a, b²); quantile
/// particles: piecewise constant) and otherwise a KDE estimate, labelled as such. A run
/// that diverges prints its rows, reports non-finite parameters as null, and exits with
/// status 1 with the reason on stderr; a JS that cannot be computed is an error with its
/// reason, never a silent null.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a generator (1D, or 2D for a 2D target) with Algorithm 1 (GANs as a simulation of ODE (2)).",
        discussion: """
        Without --inner-steps/--lr the MSE step (23) is solved exactly by least squares \
        (affine) or by moving every sample to its target (particles); the MLP needs them. \
        --noise quantiles uses z_i = Phi^-1((i - 1/2)/m) at every step, so the iteration is \
        deterministic and has exact fixed points. Particles with --discriminator exact and \
        --noise quantiles on a bounded target (truncated(...)) are the quantile particles \
        of the Lagrangian scheme (m cells, ends at the walls). \
        Limits: --batch ≤ \(Limits.maxBatch), --iterations × --batch ≤ \(Limits.maxTrainingWork). \
        2D targets (normal2, product, ring, mixture/truncated of them): G maps R² → R²; \
        --discriminator exact is D* with the affine generator's Gaussian law, and for particles \
        and the MLP the plug-in D* with a KDE of the generator's samples (Scott's bandwidth \
        σ̂ m^(-1/6) per axis); logistic uses the quadratic features (1, x, y, x², xy, y²). \
        --init cx,cy[,s] centres the start (affine: a = (cx, cy), B = s·I; particles: their \
        initial normal; MLP: its output bias). For a ring target each report prints the mode \
        coverage: the modes holding at least half their share 1/k of the generator's samples, \
        each sample assigned to the nearest mode centre.
        """)

    enum DiscriminatorOption: String, ExpressibleByArgument, CaseIterable { case exact, logistic }
    enum TrainingOption: String, ExpressibleByArgument, CaseIterable { case optimum, ascent }
    enum FeaturesOption: String, ExpressibleByArgument, CaseIterable { case quadratic, radial }

    @OptionGroup var targetOptions: TargetOptions

    @Option(help: "Generator: particles, affine or mlp.")
    var generator: GeneratorKind = .affine

    @Option(help: "Discriminator: exact (D*) or logistic (regression on features).")
    var discriminator: DiscriminatorOption = .exact

    @Option(help: "Step ε of the targets (22), > 0.")
    var eps: Double = 0.1

    @Option(help: "Number of iterations.")
    var iterations: Int = 200

    @Option(help: "Minibatch size m (the number of particles for --generator particles), 2 to \(Limits.maxBatch).")
    var batch: Int = 256

    @Option(name: .customLong("inner-steps"), help: "K gradient steps on the MSE per iteration (needs --lr).")
    var innerSteps: Int?

    @Option(help: "Step size η of the inner MSE gradient steps (needs --inner-steps).")
    var lr: Double?

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Noise: random (fresh N(0,1) draws) or quantiles (deterministic nodes); 2D targets: random, grid (the tensor grid of quantile nodes, --batch a square; quantiles is the same) or halton (a low-discrepancy set).")
    var noise: NoiseOption = .random

    @Option(parsing: .unconditional, help: "Affine start a,b (particles: mean and sd of their initial normal). Default 0,1.")
    var `init`: NumberList?

    @Option(name: .customLong("hidden"), help: "Hidden units of the MLP (1 to 10000).")
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

    @OptionGroup var output: JSONOptions

    /// The ranges every run shares, in 1D and 2D: the inner fit, ε, the iteration count, the
    /// minibatch (a memory limit) and the MLP's width.
    func validateRunShape() throws {
        if let k = innerSteps, !(1...100_000).contains(k) { throw ValidationError("--inner-steps must be in 1…100000, got \(k)") }
        if let r = lr, !(r > 0 && r.isFinite) { throw ValidationError("--lr must be > 0, got \(r)") }
        guard eps > 0, eps.isFinite else { throw ValidationError("--eps must be > 0, got \(eps)") }
        guard iterations >= 0 else { throw ValidationError("--iterations must be ≥ 0, got \(iterations)") }
        guard (2...Limits.maxBatch).contains(batch) else {
            throw ValidationError("--batch must be in 2…\(Limits.maxBatch) (a memory limit), got \(batch)")
        }
        guard (1...10_000).contains(hidden) else { throw ValidationError("--hidden must be in 1…10000, got \(hidden)") }

        if let r = reportEvery, r < 1 { throw ValidationError("--report-every must be ≥ 1, got \(r)") }
    }

    func validate() throws {
        if (innerSteps == nil) != (lr == nil) { throw ValidationError("--inner-steps and --lr go together") }
        try validateRunShape()
        if targetOptions.target.isTwoDimensional { return try validate2D() }
        if let v = `init`, v.values.count != 2 { throw ValidationError("--init takes two numbers a,b (got \(v.values.count))") }
        guard let oneD = noise.oneDimensional else {
            throw ValidationError("--noise \(noise.rawValue) is for 2D targets; 1D takes random or quantiles")
        }
        _ = oneD
        guard iterations.multipliedReportingOverflow(by: batch).partialValue <= Limits.maxTrainingWork,
              !iterations.multipliedReportingOverflow(by: batch).overflow else {
            throw ValidationError("--iterations × --batch must be at most \(Limits.maxTrainingWork), got \(iterations) × \(batch)")
        }
        guard discriminatorSteps >= 1, discriminatorSteps <= 100_000 else {
            throw ValidationError("--discriminator-steps must be in 1…100000, got \(discriminatorSteps)")
        }
        guard discriminatorRate > 0, discriminatorRate.isFinite else {
            throw ValidationError("--discriminator-rate must be > 0, got \(discriminatorRate)")
        }
    }

    func run() throws {
        if targetOptions.target.isTwoDimensional { return try run2D() }
        var o = TrainingOptions(target: try targetOptions.density)
        o.generator = generator
        o.eps = eps
        o.iterations = iterations
        o.batch = batch
        o.seed = seed
        o.noise = noise.oneDimensional ?? .random
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
        let progress = Progress(enabled: long)
        let outcome = try TrainingRun.run(o) { r in progress.line("iteration \(r.iteration)/\(iterations)") }
        if output.json {
            try JSONOutput.print(document(outcome))
        } else {
            print(plainText(outcome, o))
        }
        if let d = outcome.divergence { throw OutputError(d) }
        if let bad = outcome.records.first(where: { $0.js == nil }) {
            throw OutputError("JS(ρd, ρ_θ) at iteration \(bad.iteration) could not be computed: \(bad.jsFailure ?? "unknown reason")")
        }
    }

    /// Radial bumps half as wide as the spacing of their centres (1 for a single centre),
    /// so they stay distinguishable from the quadratic features.
    private func radialWidth(_ d: any Density) -> Double {
        let b = d.breakpoints.sorted()
        guard b.count >= 2 else { return 1 }
        return 0.5 * zip(b, b.dropFirst()).map { $1 - $0 }.min()!
    }

    /// The JSON document of `train --json`.
    struct Document: Encodable {
        let iterations: [Int]
        let js: [JSONNumber?]
        let js_error: [JSONNumber?]
        let js_method: String
        let parameters: [[JSONNumber?]]?
    }

    private func document(_ o: TrainingOutcome) -> Document {
        Document(iterations: o.records.map(\.iteration),
                 js: o.records.map { $0.js.map(JSONNumber.init) },
                 js_error: o.records.map { $0.jsError.map(JSONNumber.init) },
                 js_method: o.jsMethod,
                 parameters: generator == .affine
                    ? o.records.map { r in (r.parameters ?? [nil, nil]).map { $0.map(JSONNumber.init) } } : nil)
    }

    private func number(_ x: Double?) -> String {
        guard let v = x, v.isFinite else { return "—" }
        return "\(v)"
    }

    private func plainText(_ o: TrainingOutcome, _ opt: TrainingOptions) -> String {
        var lines = ["target = \(opt.target.spec)",
                     "generator = \(generator.rawValue), discriminator = \(opt.discriminator), ε = \(eps), m = \(batch), noise = \(noise), "
                        + "MSE step = \(opt.innerSteps.map { "\($0.count) gradient steps of size \($0.rate)" } ?? "exact"), seed = \(seed)",
                     "JS by \(o.jsMethod == "kde" ? "KDE estimate" : "quadrature")",
                     "iteration  JS                      ± error   " + (generator == .affine ? "a                       b" : "")]
        for r in o.records {
            var line = String(r.iteration).padding(toLength: 11, withPad: " ", startingAt: 0)
                + number(r.js).padding(toLength: 24, withPad: " ", startingAt: 0)
                + (r.jsError.map { String(format: "%.1e", $0) } ?? "—").padding(toLength: 10, withPad: " ", startingAt: 0)
            if let p = r.parameters { line += p.map { number($0).padding(toLength: 24, withPad: " ", startingAt: 0) }.joined() }
            lines.append(line)
        }
        if let d = o.divergence { lines.append("diverged: \(d)") }
        return lines.joined(separator: "\n")
    }
}

extension GeneratorKind: ExpressibleByArgument {}
extension NoiseMode: ExpressibleByArgument {}

/// `--noise`: the 1D modes and the 2D ones.
enum NoiseOption: String, ExpressibleByArgument, CaseIterable {
    case random, quantiles, grid, halton
    var oneDimensional: NoiseMode? {
        switch self {
        case .random: .random
        case .quantiles: .quantiles
        case .grid, .halton: nil
        }
    }
    var twoDimensional: PlaneNoise {
        switch self {
        case .random: .random
        case .quantiles, .grid: .grid
        case .halton: .halton
        }
    }
}
