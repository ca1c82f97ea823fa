import Foundation
import Testing
import TestSupport
import Sim

/// P3 with an MLP generator and Algorithm 1 as the paper writes it (fresh minibatches, a
/// logistic discriminator updated by K ascent steps on (21) from its previous weights, the
/// generator by gradient steps on (23)): its law at t = nε against the finite-volume
/// solution of the flow from G₀'s own law (``MLPAlgorithm1Study``, seeds 1…20 of
/// ``MLPAlgorithm1Study/Plan/quick()``). Every margin is 4 Monte Carlo standard errors (a
/// false failure needs a 4σ fluctuation; the seeds are fixed, so the outcome is also
/// deterministic), and the measurement's own error (the quantile-node bound and the FV
/// solution's, ``MLPAlgorithm1Study/Result/flowUncertainty``) must be below a tenth of
/// the distances it measures.
@Suite("P3 with an MLP generator: Algorithm 1's law approaches the flow", .stepBudget)
struct MLPAlgorithm1Tests {
    static let study: Result<MLPAlgorithm1Study.Result, any Error> = Result { try MLPAlgorithm1Study.run(plan: try .quick()) }

    static func combined(_ x: SeedMean, _ y: SeedMean) -> Double {
        (x.standardError * x.standardError + y.standardError * y.standardError).squareRoot()
    }

    @Test("Along the joint refinement (ε halves, m, K and the MSE steps double) W₁ and JS to ρ_t fall by more than 4 standard errors per level, at a positive fitted rate")
    func jointRefinement() throws {
        let r = try Self.study.get()
        for s in r.joint { print("MLP P3: \(s)") }
        print("MLP P3: W₁(G₀, ρ_t) = \(r.startW1); rate in ε: W₁ \(r.jointRate), JS \(r.jointRateJS); FV share W₁ \(r.flowUncertainty), JS \(r.flowUncertaintyJS)")
        #expect(r.joint.first!.w1Flow.mean < r.startW1 / 2, "the generator did not move toward the flow: \(r.joint.first!) from \(r.startW1)")
        for (a, b) in zip(r.joint, r.joint.dropFirst()) {
            #expect(a.w1Flow.mean - b.w1Flow.mean > 4 * Self.combined(a.w1Flow, b.w1Flow), "W₁ did not fall: \(a) → \(b)")
            #expect(a.jsFlow.mean - b.jsFlow.mean > 4 * Self.combined(a.jsFlow, b.jsFlow), "JS did not fall: \(a) → \(b)")
        }
        #expect(r.jointRate.slope > 4 * r.jointRate.standardError, "rate of W₁ in ε: \(r.jointRate)")
        let measurement = r.flowUncertainty + r.joint.map(\.nodeError).max()!
        #expect(measurement < 0.1 * r.joint.last!.w1Flow.mean,
                "the measurement's own error \(measurement) is not below a tenth of the finest distance \(r.joint.last!.w1Flow.mean)")
    }

    @Test("An under-trained discriminator (K = 1 ascent step) leaves the law farther from ρ_t in JS than K = 8")
    func underTrainedDiscriminator() throws {
        let r = try Self.study.get()
        let one = r.underTrained.first!, most = r.underTrained.last!
        print("MLP P3 under-trained: \(one) vs \(most)")
        #expect(one.jsFlow.mean - most.jsFlow.mean > 4 * Self.combined(one.jsFlow, most.jsFlow), "\(one) vs \(most)")
    }

    @Test("The quantile-node W₁ of N(0, 1) is exact: it matches a direct quadrature of |Φ⁻¹ − ẑ| and falls like 1/M")
    func nodeDistance() throws {
        // ∫₀¹|Φ⁻¹(p) − ẑ(p)|dp cell by cell in p with the midpoint rule on 2000 sub-points per
        // cell (the integrand is smooth in each half-cell except at the node, where it has a
        // kink worth δ²·max|Φ⁻¹'|; M = 50 keeps that below 1e-9 away from the end cells,
        // whose tails the closed form covers exactly): agreement to 1e-6 relative.
        let m = 50
        let exact = try QuantileNodeLaw.nodeDistance(m)
        let nodes = try QuantileNodeLaw.nodes(m)
        let z = try Normal(mean: 0, standardDeviation: 1)
        var direct = 0.0
        let sub = 2000
        for j in 1..<(m - 1) {
            for k in 0..<sub {
                let p = (Double(j) + (Double(k) + 0.5) / Double(sub)) / Double(m)
                direct += abs(try z.quantile(p) - nodes[j]) / Double(m * sub)
            }
        }
        // The end cells: ∫|x − z|φ over a half-line, from the closed form (checked in the middle).
        let a = try z.quantile(1 / Double(m)), zj = nodes[0]
        let end = 2 * z.pdf(zj) - z.pdf(a) - zj * (2 * z.cdf(zj) - z.cdf(a))
        direct += 2 * end
        #expect(abs(direct - exact) <= 1e-6 * exact, "closed form \(exact) vs direct \(direct)")
        let w1000 = try QuantileNodeLaw.nodeDistance(1000), w4000 = try QuantileNodeLaw.nodeDistance(4000)
        let order = log(w1000 / w4000) / log(4)
        #expect(abs(order - 1) < 0.15, "W₁(N, ẑ_M) falls at order \(order) in M, expected about 1 (log factors)")
    }
}
