import Foundation
import Testing
import TestSupport
import Sim
import Verification

/// P3 with Algorithm 1 as the paper writes it: fresh minibatches of noise and data each
/// iteration, a logistic discriminator on (1, x, x²) updated by K ascent steps on (21) from
/// its previous weights, the affine generator by gradient steps on (23). The generator's law
/// at t = nε is compared with the finite-volume solution of ODE (2)'s Fokker–Planck
/// equation and with the projected flow (docs/MATH.md D10, derived), the limit of this
/// algorithm for an affine generator. Seeds 1…20 of ``StochasticAlgorithm1Study/Plan/quick()``;
/// every comparison uses the seeds' standard errors, so each margin is a number of Monte
/// Carlo standard errors (4: a false failure needs a 4σ fluctuation, p < 1e-4 per check;
/// the seeds are fixed, so the outcome is also deterministic).
@Suite("P3: Algorithm 1 as written (stochastic D and G) follows the flow", .stepBudget)
struct StochasticAlgorithm1Tests {
    static let study: Result<StochasticAlgorithm1Study.Result, any Error> =
        Result { try StochasticAlgorithm1Study.run(plan: try .quick()) }

    static func combined(_ x: SeedMean, _ y: SeedMean) -> Double {
        (x.standardError * x.standardError + y.standardError * y.standardError).squareRoot()
    }

    @Test("one seed reproduces bit for bit; different seeds give different generators (affine and MLP)")
    func seedsReproduceAndDiffer() throws {
        let target = try Normal(mean: 0, standardDeviation: 1)
        let alg = try StochasticAlgorithm1()
        let g0 = AffineGenerator(a: -1.5, b: 0.7)
        let r1 = try alg.run(target: target, generator: g0, eps: 0.05, batch: 128, time: 0.5, seed: 7)
        let r2 = try alg.run(target: target, generator: g0, eps: 0.05, batch: 128, time: 0.5, seed: 7)
        let r3 = try alg.run(target: target, generator: g0, eps: 0.05, batch: 128, time: 0.5, seed: 8)
        #expect(r1.generator.parameters == r2.generator.parameters && r1.discriminator == r2.discriminator,
                "seed 7 twice: \(r1.generator.parameters) vs \(r2.generator.parameters)")
        #expect(r1.generator.parameters != r3.generator.parameters && r1.discriminator != r3.discriminator,
                "seeds 7 and 8 gave the same run: \(r1.generator.parameters)")
        // The MLP (not linear in θ): a smaller MSE rate, since its Gram matrix is not I.
        let mlpAlg = try StochasticAlgorithm1(generatorRate: 0.05)
        let m0 = try MLPGenerator.random(hidden: 3, rng: RandomSource(seed: 3))
        let m1 = try mlpAlg.run(target: target, generator: m0, eps: 0.05, batch: 64, time: 0.25, seed: 11)
        let m2 = try mlpAlg.run(target: target, generator: m0, eps: 0.05, batch: 64, time: 0.25, seed: 11)
        let m3 = try mlpAlg.run(target: target, generator: m0, eps: 0.05, batch: 64, time: 0.25, seed: 12)
        #expect(m1.generator.parameters == m2.generator.parameters, "MLP, seed 11 twice differs")
        #expect(m1.generator.parameters != m3.generator.parameters, "MLP, seeds 11 and 12 gave the same run")
        #expect(m1.generator.parameters != m0.parameters, "the MLP did not move")
    }

    @Test("mean W₁ to the projected flow falls as ε halves (m = 256): each step beyond 4 standard errors, fitted slope > 0 beyond 4σ")
    func shrinksWithEpsilon() throws {
        let r = try Self.study.get()
        let s = r.byEps
        for (x, y) in zip(s, s.dropFirst()) {
            #expect(x.w1Projected.mean - y.w1Projected.mean > 4 * Self.combined(x.w1Projected, y.w1Projected),
                    "ε \(x.eps) → \(y.eps): \(x.w1Projected) → \(y.w1Projected)")
        }
        #expect(r.epsRate.slope > 4 * r.epsRate.standardError, "ε rate \(r.epsRate)")
        #expect(r.epsRateJS.slope > 4 * r.epsRateJS.standardError, "ε rate of JS \(r.epsRateJS)")
    }

    @Test("mean W₁ to the projected flow falls as m grows (ε = 0.025): beyond 4 standard errors, fitted slope < 0 beyond 4σ")
    func shrinksWithBatch() throws {
        let r = try Self.study.get()
        let first = r.byBatch.first!.w1Projected, last = r.byBatch.last!.w1Projected
        #expect(first.mean - last.mean > 4 * Self.combined(first, last), "m \(r.plan.batches): \(first) → \(last)")
        #expect(r.batchRate.slope < -4 * r.batchRate.standardError, "m rate \(r.batchRate)")
    }

    @Test("an under-trained discriminator (K = 1 ascent step) leaves the generator behind the flow")
    func underTrainingLags() throws {
        let r = try Self.study.get()
        let one = r.byAscent.first!, five = r.byAscent.last!
        #expect(one.ascentSteps == 1 && five.ascentSteps == 5)
        // D starts at ½ (w = 0) and reaches D* only through its ascent steps; with fewer
        // steps ∇D — and so the generator's drift — is smaller for longer, so the generator
        // has moved less: both parameters lag behind θ(t) in the direction of motion.
        #expect(r.projected.a > r.scenario.a0 && r.projected.b > r.scenario.b0, "the projected flow moves a and b up: \(r.projected)")
        #expect(one.w1Projected.mean - five.w1Projected.mean > 4 * Self.combined(one.w1Projected, five.w1Projected),
                "K = 1: \(one.w1Projected), K = 5: \(five.w1Projected)")
        #expect(r.projected.b - one.b.mean > 4 * one.b.standardError + r.projected.error, "K = 1: b \(one.b), θ(t) b = \(r.projected.b)")
        #expect(r.projected.a - one.a.mean > 4 * one.a.standardError + r.projected.error, "K = 1: a \(one.a), θ(t) a = \(r.projected.a)")
    }

    @Test("the distance to the finite-volume flow approaches the affine family's projection gap (triangle inequality, every seed)")
    func distanceToFlowApproachesGap() throws {
        let r = try Self.study.get()
        for s in r.byEps + r.byBatch + r.byAscent {
            #expect(s.triangleExcess <= 0, "\(s): |W₁(G, ρ) − W₁(θ, ρ)| exceeds W₁(G, θ) by \(s.triangleExcess)")
        }
        // The gap is a property of the affine family, resolved by the FV solution: it exceeds
        // the FV grid's own error estimate (800 vs 400 cells) many times over.
        #expect(r.gapW1.value > 10 * (r.flowUncertainty + r.gapW1.error), "gap \(r.gapW1), FV uncertainty \(r.flowUncertainty)")
        // Algorithm 1 moved towards ρ_t: at the finest ε its distance is far below the start's.
        let fine = r.byEps.last!
        #expect(fine.w1Flow.mean + 4 * fine.w1Flow.standardError < r.startW1, "W₁(G, ρ_t) \(fine.w1Flow), W₁(G₀, ρ_t) \(r.startW1)")
        #expect(abs(fine.w1Flow.mean - r.gapW1.value) <= fine.w1Projected.mean + 4 * fine.w1Flow.standardError + r.gapW1.error,
                "W₁ to flow \(fine.w1Flow), gap \(r.gapW1), W₁ to projected \(fine.w1Projected)")
    }
}
