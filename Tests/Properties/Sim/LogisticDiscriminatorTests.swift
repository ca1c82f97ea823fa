import Foundation
import Testing
import PropertyBased
import TestSupport
import Sim
import Verification

/// D7: for ρd = N(m_d, s_d²) and ρ = N(m, s²), `ln ρd − ln ρ` is quadratic, so logistic
/// regression on (1, x, x²) contains D* exactly, with coefficients (closed form, derived)
/// β₂ = 1/(2s²) − 1/(2s_d²), β₁ = m_d/s_d² − m/s², β₀ = m²/(2s²) − m_d²/(2s_d²) + ln(s/s_d).
/// Trained to its optimum on m samples of each (maximum likelihood), the estimate is
/// √m-consistent: its error shrinks like 1/√m.
@Suite("D7 logistic discriminator recovers D*", .stepBudget)
struct LogisticDiscriminatorTests {
    struct Pair: Sendable, CustomStringConvertible {
        var md: Double, sd: Double, mg: Double, sg: Double
        var description: String { "ρd = N(\(md), \(sd)²), ρ = N(\(mg), \(sg)²)" }
        /// β from Analytic's ``LogisticDiscriminatorCoefficients`` (the closed form above).
        var closedForm: [Double] {
            let c = LogisticDiscriminatorCoefficients(data: try! Normal(mean: md, standardDeviation: sd),
                                                      generator: try! Normal(mean: mg, standardDeviation: sg))
            return [c.beta0, c.beta1, c.beta2]
        }
    }

    /// Mean over `seeds` of ‖ŵ − β‖ at sample size m (penalty c: 0 or shrinking like 1/m).
    static func meanError(_ p: Pair, m: Int, seeds: Int, penalty: Double) throws -> Double {
        let data = try Normal(mean: p.md, standardDeviation: p.sd), gen = try Normal(mean: p.mg, standardDeviation: p.sg)
        var total = 0.0
        for s in 0..<seeds {
            let rng = RandomSource(seed: UInt64(1000 + s))
            var d = try LogisticDiscriminator(features: .quadratic)
            try d.train(data: data.sample(count: m, rng: rng), generated: gen.sample(count: m, rng: rng), how: .optimum(penalty: penalty))
            total += zip(d.weights, p.closedForm).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
        }
        return total / Double(seeds)
    }

    /// The least-squares slope of ln(mean error) against ln m over m = 200, 800, 3200, and the
    /// mean errors.
    static func observedOrder(_ p: Pair, seeds: Int, penalty: Double) throws -> (slope: Double, errors: [Double]) {
        let ms = [200, 800, 3200]
        let errs = try ms.map { try meanError(p, m: $0, seeds: seeds, penalty: penalty) }
        return (fittedSlope(ms.map { log(Double($0)) }, errs.map(log)), errs)
    }

    @Test("the fitted coefficients converge to the closed form with observed order ½ in m (seed-averaged errors)",
          .shrinking(false))
    func rateOneOverSqrtM() async {
        // Bounded to well-overlapping pairs (|m_d − m| ≤ 1.5, s ∈ [0.6, 1.5]) so that the
        // samples are never separable and the maximum-likelihood estimate exists.
        let input = zip(Gen.double(in: -1...1), Gen.double(in: 0.6...1.5), Gen.double(in: -1.5...1.5), Gen.double(in: 0.6...1.5))
            .map { Pair(md: $0, sd: $1, mg: $0 + $2, sg: $3) }
        await checkEveryCase(4, of: input) { p in
            let (slope, errs) = try Self.observedOrder(p, seeds: 64, penalty: 0)
            // Theory −½ (asymptotic normality of the MLE: E‖ŵ − β‖ = c/√m + O(1/m)).
            // Averaging 64 seeds leaves ~±6 % noise on each mean error (the error norm's
            // coefficient of variation ≈ 0.5, /√64); over a factor 16 in m that moves the
            // slope by ≤ ±0.05, and the O(1/m) term at m = 200 by a little more: ±0.2.
            // (With 16 seeds, ±0.1 of noise, one clean-clone run failed the bound.)
            #expect(abs(slope + 0.5) < 0.2, "observed slope \(slope), errors \(errs) for \(p)")
        }
    }

    @Test("with a penalty shrinking like 1/m the fit stays consistent (same ½ order)")
    func shrinkingPenalty() throws {
        let p = Pair(md: 0.5, sd: 1, mg: -0.3, sg: 1.3)
        // Penalty c = 1 in Σ log-lik − (c/2)‖w‖² over 2m samples: its bias is O(1/m), below
        // the O(1/√m) statistical error.
        let (slope, errs) = try Self.observedOrder(p, seeds: 16, penalty: 1)
        #expect(abs(slope + 0.5) < 0.2, "observed slope \(slope), errors \(errs)")
    }

    @Test("the closed form is D*: σ(β·(1, x, x²)) equals ρd/(ρd + ρ)")
    func closedFormIsOptimal() async {
        let input = zip(Gen.double(in: -3...3), Gen.double(in: 0.3...3), Gen.double(in: -3...3), Gen.double(in: 0.3...3), Gen.double(in: -4...4))
        await propertyCheck(count: 50, input: input) { md, sd, mg, sg, x in
            failOnThrow {
                let p = Pair(md: md, sd: sd, mg: mg, sg: sg)
                let d = try LogisticDiscriminator(features: .quadratic, weights: p.closedForm)
                let e = OptimalDiscriminator(data: try Normal(mean: md, standardDeviation: sd), generator: try Normal(mean: mg, standardDeviation: sg))
                // The closed form sums terms of size |βⱼxʲ|; D*'s logit subtracts two
                // log-densities (each carrying ln√(2π), ln s, z²/2): a few ulps of the larger
                // of those magnitudes on each side.
                let data = try Normal(mean: md, standardDeviation: sd), gen = try Normal(mean: mg, standardDeviation: sg)
                let scale = p.closedForm.map(abs).reduce(0, +) * (1 + x * x) + abs(data.logPDF(x)) + abs(gen.logPDF(x))
                #expect(abs(d.logit(x) - e.logit(x)) <= 16 * Double.ulpOfOne * scale)
            }
        }
    }

    @Test("the paper's ascent steps on (21) approach the same optimum")
    func ascentApproachesOptimum() throws {
        let data = try Normal(mean: 0.5, standardDeviation: 1), gen = try Normal(mean: -0.3, standardDeviation: 1.3)
        let rng = RandomSource(seed: 7)
        let x = data.sample(count: 2000, rng: rng), g = gen.sample(count: 2000, rng: rng)
        var opt = try LogisticDiscriminator(features: .quadratic)
        try opt.train(data: x, generated: g, how: .optimum(penalty: 0))
        var asc = try LogisticDiscriminator(features: .quadratic)
        var gaps = [Double]()
        for _ in 0..<4 {
            try asc.train(data: x, generated: g, how: .ascent(steps: 25, rate: 0.5))
            gaps.append(zip(asc.weights, opt.weights).map { abs($0 - $1) }.max()!)
        }
        // Gradient ascent on a strictly concave objective converges linearly to its maximiser.
        #expect(zip(gaps, gaps.dropFirst()).allSatisfy { $1 < $0 }, "gaps \(gaps)")
        #expect(asc.objective(data: x, generated: g) <= opt.objective(data: x, generated: g) + 1e-12)
        #expect(gaps.last! < 0.1 * gaps.first!, "gaps \(gaps)")
    }
}
