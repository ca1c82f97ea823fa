import ArgumentParser
import Analytic
import Foundation
import Sim

/// `ganflow train` with a 2D target (``PlaneTrainingRun`` does the work): the generator's
/// parameters (affine; the MLP's when it has at most 60), the sample mean and covariance of
/// its samples and, for a ring target, the mode coverage at each report. The dimension follows
/// from the spec.
extension Train {
    /// Work limit of a 2D run, in elementary evaluations (kernel terms for the KDE plug-in,
    /// sample × parameter products for the fits): ~1e10 keeps a run under about a minute.
    static let maxPlaneWork = 10_000_000_000.0

    func validate2D() throws {
        _ = try targetOptions.target.planeDensity(option: "target")
        if let v = `init`, ![2, 3].contains(v.values.count) {
            throw ValidationError("--init takes cx,cy or cx,cy,s for a 2D target (got \(v.values.count) numbers)")
        }
        if let v = `init`, v.values.count == 3, !(v.values[2] > 0) { throw ValidationError("--init: the scale s must be > 0, got \(v.values[2])") }
        if noise == .grid || noise == .quantiles {
            do { try PlaneNoise.grid.validate(batch: batch) } catch { throw ValidationError("--noise \(noise.rawValue): \(error)") }
        }
        if features != .quadratic { throw ValidationError("--features radial is 1D only; 2D logistic discriminators use the quadratic features") }
        if discriminatorTraining != .optimum { throw ValidationError("--discriminator-training ascent is 1D only; the 2D logistic discriminator is fitted to its optimum") }
        if generator == .mlp, innerSteps == nil {
            throw ValidationError("the MLP is not linear in its parameters: give --inner-steps and --lr")
        }
        // Work: the KDE plug-in costs m² kernel terms per iteration; the fits m·P per inner step.
        let m = Double(batch), n = Double(iterations)
        let usesKDE = discriminator == .exact && generator != .affine
        let p = generator == .mlp ? Double(5 * hidden + 2) : 6
        let inner = Double(innerSteps ?? 1)
        let work = n * ((usesKDE ? m * m : 0) + m * p * inner + m * 36)
        guard work <= Self.maxPlaneWork else {
            throw ValidationError(String(format: "this 2D run needs about %.1e evaluations (--iterations × (m² for the KDE plug-in D* + m × parameters × --inner-steps)); the limit is %.0e: lower --iterations or --batch", work, Self.maxPlaneWork))
        }
    }

    func run2D() throws {
        let target = try targetOptions.target.planeDensity(option: "target")
        var o = PlaneTrainingOptions(target: target)
        o.generator = generator
        o.eps = eps
        o.iterations = iterations
        o.batch = batch
        o.seed = seed
        o.noise = noise.twoDimensional
        o.hidden = hidden
        if let v = `init` {
            o.center = SIMD2(v.values[0], v.values[1])
            if v.values.count == 3 { o.scale = v.values[2] }
        }
        if let k = innerSteps, let r = lr { o.innerSteps = (k, r) }
        o.reportEvery = reportEvery ?? max(1, iterations / 20)
        switch discriminator {
        case .exact: o.discriminator = generator == .affine ? .exact : .kde(.scott)
        case .logistic: o.discriminator = .logistic(penalty: 1)
        }
        let progress = Progress(enabled: iterations >= 1000)
        let outcome: PlaneTrainingOutcome
        do {
            outcome = try PlaneTrainingRun.run(o) { r in progress.line("iteration \(r.iteration)/\(iterations)") }
        } catch {
            throw OutputError(String("\(error)".prefix(300)))
        }
        if output.json {
            try JSONOutput.print(document2D(outcome))
        } else {
            print(plainText2D(outcome, o))
        }
        if let d = outcome.divergence { throw OutputError(String(d.prefix(300))) }
    }

    /// Whether each record's parameters are printed (affine always; the MLP up to 60).
    private func printsParameters(_ o: PlaneTrainingOptions) -> Bool {
        generator == .affine || (generator == .mlp && 5 * hidden + 2 <= 60)
    }

    struct Document2D: Encodable {
        let dimension: Int
        let iterations: [Int]
        let parameters: [[JSONNumber]]?
        let sample_mean: [[JSONNumber]]
        let sample_covariance: [[JSONNumber]]
        let modes_covered: [Int]?
        let modes_covered_within_3sigma: [Int]?
        let mode_counts: [[Int]]?
        let discriminator: String
    }

    private func document2D(_ out: PlaneTrainingOutcome) -> Document2D {
        let r = out.records
        let ring = r.first?.coverage != nil
        return Document2D(dimension: 2, iterations: r.map(\.iteration),
                          parameters: generator == .particles ? nil : r.map { ($0.parameters ?? []).json },
                          sample_mean: r.map { [$0.sampleMean.x, $0.sampleMean.y].json },
                          sample_covariance: r.map { [$0.sampleCovariance.xx, $0.sampleCovariance.xy, $0.sampleCovariance.yy].json },
                          modes_covered: ring ? r.map { $0.coverage!.covered } : nil,
                          modes_covered_within_3sigma: ring ? r.map { $0.coverageWithin3Sigma!.covered } : nil,
                          mode_counts: ring ? r.map { $0.coverage!.counts } : nil,
                          discriminator: discriminator == .exact && generator != .affine ? "kde-plug-in" : discriminator.rawValue)
    }

    private func plainText2D(_ out: PlaneTrainingOutcome, _ o: PlaneTrainingOptions) -> String {
        let ring = o.target as? Ring2D
        var lines = ["target = \(o.target.spec.prefix(200)) (2D)",
                     "generator = \(generator.rawValue), discriminator = \(o.discriminator), ε = \(eps), m = \(batch), noise = \(o.noise), "
                        + "MSE step = \(o.innerSteps.map { "\($0.count) gradient steps of size \($0.rate)" } ?? "exact"), seed = \(seed)"]
        let sampleWhat = generator == .particles ? "the \(batch) particles" : "\(o.coverageSamples) generator samples (fresh noise)"
        lines.append("moments and coverage of \(sampleWhat)")
        if let k = ring?.components {
            lines.append("modes: how many of the \(k) modes hold at least half their share 1/\(k) of the samples (each sample to its nearest mode centre), then the samples per mode; near: the same counting only samples within 3σ of that centre (a broad Gaussian between the modes covers none)")
        }
        if generator == .affine { lines.append("parameters: a1 B11 B12 a2 B21 B22 (G(z) = a + B z)") }
        var header = "iteration  mean x        mean y        cov xx        cov xy        cov yy       "
        if ring != nil { header += " modes near" }
        lines.append(header)
        for r in out.records {
            var line = String(r.iteration).padding(toLength: 11, withPad: " ", startingAt: 0)
            line += [r.sampleMean.x, r.sampleMean.y, r.sampleCovariance.xx, r.sampleCovariance.xy, r.sampleCovariance.yy]
                .map { String(format: "%-13.6g", $0) }.joined(separator: " ")
            if let c = r.coverage, let n = r.coverageWithin3Sigma {
                line += " \(c.covered)     \(n.covered)    \(c.counts.map(String.init).joined(separator: ","))".prefix(120)
            }
            if printsParameters(o), let p = r.parameters {
                line += "  θ = " + p.map { String(format: "%.9g", $0) }.joined(separator: " ")
            }
            lines.append(line)
        }
        if generator == .mlp, !printsParameters(o) {
            lines.append("(the MLP's \(5 * hidden + 2) parameters are not printed; --json gives them)")
        }
        if let d = out.divergence { lines.append("stopped: \(d.prefix(200))") }
        return lines.joined(separator: "\n")
    }
}
