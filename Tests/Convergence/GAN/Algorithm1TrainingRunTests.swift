import Foundation
import Testing
import TestSupport
import Sim
import Verification

/// `TrainingRun` (what `ganflow train` runs): reporting, divergence handling, option checks.
@Suite("Algorithm 1 training runs (the train command's library side)", .stepBudget)
struct Algorithm1TrainingRunTests {
    @Test("affine, D*, exact fit, quantile noise: JS by quadrature falls monotonically to 0 and (a, b) reaches the target")
    func affineConverges() throws {
        var o = TrainingOptions(target: try Normal(mean: 1, standardDeviation: 0.8))
        o.noise = .quantiles; o.eps = 0.5; o.iterations = 200; o.reportEvery = 20; o.initial = (-1, 2)
        let r = try TrainingRun.run(o)
        #expect(r.jsMethod == "quadrature" && r.divergence == nil)
        let js = r.records.compactMap(\.js)
        // Non-increasing up to the quadrature's absolute tolerance 1e-12 (JS reaches round-off).
        #expect(js.count == r.records.count && zip(js, js.dropFirst()).allSatisfy { $1 <= $0 + 1e-12 }, "\(js)")
        #expect(js.last! < 1e-12)
        // The quantile-node fixed point of a Gaussian target is the target itself (v ≡ 0 there);
        // 1e-9: 200 iterations of a contraction by ≲ 0.8 per step from O(1) away, plus quadrature.
        let p = r.records.last!.parameters!
        #expect(abs(p[0]! - 1) < 1e-9 && abs(abs(p[1]!) - 0.8) < 1e-9, "\(p)")
    }

    @Test("a diverging inner fit ends the run with a message and non-finite parameters reported as nil")
    func divergenceIsReported() throws {
        var o = TrainingOptions(target: try Normal(mean: 1, standardDeviation: 0.8))
        o.noise = .quantiles; o.eps = 1; o.iterations = 10; o.innerSteps = (400, 10)
        let r = try TrainingRun.run(o)
        #expect(r.divergence != nil)
        #expect(r.records.last!.js == nil && r.records.last!.parameters!.allSatisfy { $0 == nil })
    }

    @Test("options that cannot work are refused before running")
    func refusals() throws {
        var o = TrainingOptions(target: try Normal(mean: 0, standardDeviation: 1))
        o.generator = .mlp
        #expect(throws: InvalidArgument.self) { try TrainingRun.run(o) }  // exact D* has no MLP density
        o.discriminator = .logistic(.quadratic, .optimum(penalty: 1))
        #expect(throws: InvalidArgument.self) { try TrainingRun.run(o) }  // MLP needs inner steps
        o.innerSteps = (5, 0.05); o.iterations = 3
        #expect(try TrainingRun.run(o).jsMethod == "kde")
    }

    @Test("quantile particles on a bounded target: JS by quadrature of the piecewise-constant density decreases")
    func quantileParticles() throws {
        var o = TrainingOptions(target: try Truncated(try Normal(mean: 0.5, standardDeviation: 1), lower: -5, upper: 5))
        o.generator = .particles; o.noise = .quantiles; o.batch = 30; o.eps = 2e-3; o.iterations = 100; o.reportEvery = 25
        o.initial = (-1, 0.7)
        let r = try TrainingRun.run(o)
        #expect(r.jsMethod == "quadrature" && r.divergence == nil)
        let js = r.records.compactMap(\.js)
        #expect(js.count == r.records.count && zip(js, js.dropFirst()).allSatisfy { $1 < $0 }, "\(js)")
    }
}
