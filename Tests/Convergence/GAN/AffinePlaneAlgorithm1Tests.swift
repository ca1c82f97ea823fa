import Foundation
import Testing
import PropertyBased
import TestSupport
import Analytic
import Sim

/// P3 in d = 2 with the affine generator G(z) = a + Bz (exact D*, exact least squares, m fresh
/// normal draws per minibatch) against its limit, the projected flow θ(t) (docs/MATH.md D10
/// in d = 2, derived; ``AffinePlaneProjectedFlow``). Seeds 1…16 of
/// ``AffinePlaneAlgorithm1Study/Plan/quick``: fixed, so every outcome is deterministic, and
/// every margin is a number of Monte Carlo standard errors (4: a false failure needs a 4σ
/// fluctuation, p < 1e-4 per check).
///
/// The rates' bounds come from the study's error model (derived there): W₂(G, θ(t)) ≈
/// c₁ε + c₂√(ε/m), whose log-slope lies in [½, 1] in ε and in [−½, 0] in m; each bound is
/// widened by 4 of the fit's standard errors (the larger of its Monte Carlo and residual
/// ones) and by the reference's share (``AffinePlaneAlgorithm1Study/Result/epsilonRateReferenceShare``).
@Suite("P3 in 2D: Algorithm 1 with an affine generator follows its projected flow", .stepBudget)
struct AffinePlaneAlgorithm1Tests {
    static let study: Result<AffinePlaneAlgorithm1Study.Result, any Error> =
        Result { try AffinePlaneAlgorithm1Study.run(try .standard(), plan: .quick) }

    static func combined(_ x: SeedMean, _ y: SeedMean) -> Double {
        (x.standardError * x.standardError + y.standardError * y.standardError).squareRoot()
    }

    static func margin(_ r: SeedAveragedRate) -> Double { 4 * max(r.standardError, r.residualStandardError) }

    @Test("the reference is accurate: its W₂ share is below 5 % of the smallest measured distance")
    func referenceAccuracy() throws {
        let r = try Self.study.get()
        let smallest = (r.epsilonRows + r.batchRows).map(\.w2.mean).min()!
        #expect(r.referenceW2Error <= 0.05 * smallest, "reference ± \(r.referenceW2Error), smallest W₂ \(smallest)")
        #expect(r.startDistance > 20 * smallest, "the projected flow barely moved: W₂(G₀, θ(t)) = \(r.startDistance)")
    }

    @Test("W₂(G, θ(t)) falls as ε halves (m = 4096): every step beyond 4 standard errors, fitted order in [½, 1]")
    func epsilonRate() throws {
        let r = try Self.study.get()
        for (x, y) in zip(r.epsilonRows, r.epsilonRows.dropFirst()) {
            #expect(x.w2.mean - y.w2.mean > 4 * Self.combined(x.w2, y.w2), "\(x) → \(y)")
        }
        let slack = Self.margin(r.epsilonRate) + r.epsilonRateReferenceShare
        #expect(r.epsilonRate.slope >= 0.5 - slack && r.epsilonRate.slope <= 1 + slack, "ε rate \(r.epsilonRate), slack \(slack)")
    }

    /// Along m the model flattens towards the floor c₁ε, so only the series' ends are
    /// compared (neighbours may differ by less than their noise where the floor dominates).
    @Test("W₂(G, θ(t)) falls as m grows (ε = 0.05): from the first to the last m beyond 4 standard errors, fitted rate in [−½, 0)")
    func batchRate() throws {
        let r = try Self.study.get()
        let (x, y) = (r.batchRows.first!, r.batchRows.last!)
        #expect(x.w2.mean - y.w2.mean > 4 * Self.combined(x.w2, y.w2), "\(x) → \(y)")
        let slack = Self.margin(r.batchRate) + r.batchRateReferenceShare
        #expect(r.batchRate.slope >= -0.5 - slack && r.batchRate.slope <= 0 + slack && r.batchRate.slope < -Self.margin(r.batchRate),
                "m rate \(r.batchRate), slack \(slack)")
    }

    /// One iteration with exact least squares is linear in ε: θ₁ = θ₀ + ε·(ĴᵀĴ)⁻¹Ĵᵀ·v̂ over
    /// the minibatch, whose mean over draws is E[Jᵀv] + O(1/m) (M = E[JᵀJ] = I). Over 16
    /// seeds of m = 4096 draws the standard error is sd(Jᵀv)/256, while the O(1/m) bias is
    /// ~sd/4096: 4 standard errors cover both. The reference velocity is the 40-node tensor
    /// rule, its own error the difference to the 60-node rule.
    @Test("one iteration moves θ by ε·E[Jᵀv(G(z))] of the projected flow, within 4 standard errors per parameter")
    func oneStepVelocity() throws {
        let s = try AffinePlaneAlgorithm1Study.Scenario.standard()
        let target = try PlaneTarget(s.target)
        let eps = 0.1
        let moves = try (1...16).map { seed -> [Double] in
            var a = try Algorithm1Plane(target: target, generator: s.start,
                                        configuration: .init(eps: eps, batch: 4096, noise: .random, discriminator: .exact, seed: UInt64(seed)))
            try a.step()
            return zip(a.generator.parameters, s.start.parameters).map { ($0 - $1) / eps }
        }
        let v40 = try AffinePlaneProjectedFlow.velocity(target, s.start.parameters, try GaussHermiteRule(nodes: 40))
        let v60 = try AffinePlaneProjectedFlow.velocity(target, s.start.parameters, try GaussHermiteRule(nodes: 60))
        for j in 0..<6 {
            let m = try SeedMean(moves.map { $0[j] })
            let quadrature = abs(v40[j] - v60[j])
            #expect(abs(m.mean - v40[j]) <= 4 * m.standardError + quadrature,
                    "parameter \(j): Algorithm 1 moves at \(m), the projected flow at \(v40[j]) ± \(quadrature)")
        }
        #expect(v40.map(abs).max()! > 0.05, "the velocity at θ₀ is too small to test anything: \(v40)")
    }

    /// The reference's share of a slope (``AffinePlaneAlgorithm1Study/slopeShare(sizes:smallestMean:shift:)``)
    /// against brute force: the fitted slope is monotone in each mean, so its largest change
    /// over means shifted by at most δ is at one of the 2ⁿ sign patterns ±δ.
    @Test("the reference's share bounds the slope's change over every ±δ pattern of the means")
    func slopeShareBound() async {
        // Means within a factor 1 + 10^s of the smallest, s ∈ [−3, 1]: nearly equal means are
        // where the bound is attained.
        let input = zip(Gen.double(in: 0...1).array(of: 3...5), Gen.double(in: 0.01...1), Gen.double(in: 0...0.9),
                        Gen.double(in: -3...1))
        await checkEveryCase(200, of: input) { raw, smallest, fraction, spread in
            let sizes = raw.enumerated().map { pow(2, Double($0.offset) + $0.element) }   // increasing, log-spread
            let means = raw.map { smallest * (1 + pow(10, spread) * $0) }
            let delta = fraction * smallest
            func slope(_ m: [Double]) -> Double {
                let x = sizes.map { log($0) }, y = m.map { log($0) }
                let xm = x.reduce(0, +) / Double(x.count), ym = y.reduce(0, +) / Double(y.count)
                return zip(x, y).reduce(0) { $0 + ($1.0 - xm) * ($1.1 - ym) } / x.reduce(0) { $0 + ($1 - xm) * ($1 - xm) }
            }
            let base = slope(means)
            var worst = 0.0
            for pattern in 0..<(1 << means.count) {
                let shifted = means.indices.map { means[$0] + (pattern >> $0 & 1 == 1 ? delta : -delta) }
                worst = max(worst, abs(slope(shifted) - base))
            }
            let bound = AffinePlaneAlgorithm1Study.slopeShare(sizes: sizes, smallestMean: means.min()!, shift: delta)
            #expect(worst <= bound * (1 + 1e-12) + 1e-15, "sizes \(sizes), means \(means), δ \(delta): change \(worst) > bound \(bound)")
        }
    }

    @Test("the same seed reproduces a run bit for bit; another seed gives another run")
    func seedsMatter() throws {
        let s = try AffinePlaneAlgorithm1Study.Scenario.standard()
        let ref = s.start
        let a = try AffinePlaneAlgorithm1Study.distances(s, reference: ref, eps: 0.1, batch: 64, seeds: 2, firstSeed: 5)
        let b = try AffinePlaneAlgorithm1Study.distances(s, reference: ref, eps: 0.1, batch: 64, seeds: 2, firstSeed: 5)
        let c = try AffinePlaneAlgorithm1Study.distances(s, reference: ref, eps: 0.1, batch: 64, seeds: 2, firstSeed: 6)
        #expect(a == b, "seeds 5, 6 twice: \(a) vs \(b)")
        #expect(a[1] == c[0] && a[0] != c[1], "seed 6 in both runs must agree, seeds 5 and 7 differ: \(a), \(c)")
    }
}
