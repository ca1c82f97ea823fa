import Foundation
import Analytic
import Sim
import Verification

/// Algorithm 1 in two dimensions: D9 (free particles, KDE plug-in D*, against the 2D flow as
/// ε → 0 and N → ∞; ``Algorithm1PlaneStudy``) and D10 (the affine generator's fixed point on
/// ring(5, 2, 0.25) covers at most 2 modes while free particles cover all 5), P3 with the
/// affine generator against its projected flow (``AffinePlaneAlgorithm1Study``).
enum Algorithm1PlaneRows {
    static var groups: [VerifyRunner.Group] {
        [("2D Algorithm 1 against the 2D flow", ["D9"], flowRows),
         ("2D Algorithm 1, affine generator, against its projected flow", ["P3"], affineRows),
         ("2D affine generator on a ring: mode collapse", ["D10"], collapseRows)]
    }

    static func flowRows(_ size: VerifySize) throws -> RowGroup {
        let s = try Algorithm1PlaneStudy.Scenario.standard()
        let e = try Algorithm1PlaneStudy.epsilon(s, eps: size.quick ? [0.1, 0.05, 0.025] : [0.1, 0.05, 0.025, 0.0125])
        let n = try Algorithm1PlaneStudy.particles(s, q: size.quick ? [8, 16, 32] : [8, 16, 32, 48])
        var m = e.rows.map { Measurement("particle error at ε = \(NumberText.short($0.eps))", $0.particleError, "vs Heun reference") }
        m.append(Measurement("observed order in ε", e.order.order, "1 ± 0.1"))
        m += e.rows.map { Measurement("marginal W₁ to the flow at ε = \(NumberText.short($0.eps))", $0.flowDistance, "floor \(NumberText.short(e.referenceFlowDistance))") }
        m += n.rows.map { Measurement("marginal W₁ to the flow, N = \($0.particles)", $0.flowDistance, "") }
        m.append(Measurement("observed rate in N", n.order.order, "in [0.28, 0.55]"))
        let holds = abs(e.order.order - 1) < 0.1 && n.order.order > 1.0 / 3 - 0.05 && n.order.order < 0.55
            && e.rows.allSatisfy { abs($0.flowDistance - e.referenceFlowDistance) <= 2 * $0.particleError + 1e-12 }
        var g = RowGroup()
        g.rows.append(StatementRow(StatementCatalogue.statement("D9"),
            scenario: "2D: ρd = ring(4,1.5,0.5), ρ0 = normal2(0.3,−0.2,0.8,0.8,0), T = 0.4; 324 free particles, KDE plug-in D* (h = 0.3), exact fit; KDE particles (Scott) vs finite volumes 60² on [−5,5]²",
            measurements: m, holds: holds))
        return g
    }

    /// The verdict: the conditions of Convergence.AffinePlaneAlgorithm1Tests — every halving
    /// of ε, and the m series from its first to its last size, lower the mean W₂ beyond 4
    /// standard errors (along m the model flattens towards c₁ε, so neighbours may not), the fitted rates
    /// lie in the error model's ranges ([½, 1] in ε, [−½, 0) in m) widened by 4 of their
    /// standard errors, and the reference's share stays below 5 % of the smallest distance.
    static func affineRows(_ size: VerifySize) throws -> RowGroup {
        let plan: AffinePlaneAlgorithm1Study.Plan = size.quick ? .smoke : .full
        let r = try AffinePlaneAlgorithm1Study.run(try .standard(), plan: plan)
        func se(_ m: SeedMean) -> String { "± \(NumberText.short(m.standardError)) (SE, \(m.count) seeds)" }
        func margin(_ rate: SeedAveragedRate) -> Double { 4 * max(rate.standardError, rate.residualStandardError) }
        func rateText(_ rate: SeedAveragedRate) -> String {
            "± \(NumberText.short(rate.standardError)) (Monte Carlo), ± \(NumberText.short(rate.residualStandardError)) (fit residuals)"
        }
        func falls(_ rows: [AffinePlaneAlgorithm1Study.Row]) -> Bool {
            zip(rows, rows.dropFirst()).allSatisfy { x, y in
                x.w2.mean - y.w2.mean > 4 * (x.w2.standardError * x.w2.standardError + y.w2.standardError * y.w2.standardError).squareRoot()
            }
        }
        var m = [Measurement("fitted rate of W₂(G, θ(t)) in ε (m = \(plan.batchForEpsilons))", r.epsilonRate.slope,
                             "in [½, 1]; " + rateText(r.epsilonRate)),
                 Measurement("fitted rate in m (ε = \(NumberText.short(plan.epsForBatches)))", r.batchRate.slope,
                             "in [−½, 0); " + rateText(r.batchRate)),
                 Measurement("W₂(G₀, θ(t)): how far the projected flow moved", r.startDistance),
                 Measurement("reference θ(t): error bound on its W₂", r.referenceW2Error, "RK4 Richardson + 40 vs 60 Gauss–Hermite nodes")]
        m += r.epsilonRows.map { Measurement("ε = \(NumberText.short($0.eps)), m = \($0.batch): W₂(G, θ(t))", $0.w2.mean, se($0.w2)) }
        m += r.batchRows.map { Measurement("m = \($0.batch), ε = \(NumberText.short($0.eps)): W₂(G, θ(t))", $0.w2.mean, se($0.w2)) }
        let smallest = (r.epsilonRows + r.batchRows).map(\.w2.mean).min()!
        let e = r.epsilonRate, b = r.batchRate
        let es = margin(e) + r.epsilonRateReferenceShare, bs = margin(b) + r.batchRateReferenceShare
        let holds = falls(r.epsilonRows) && falls([r.batchRows.first!, r.batchRows.last!]) && r.referenceW2Error <= 0.05 * smallest
            && e.slope >= 0.5 - es && e.slope <= 1 + es && b.slope >= -0.5 - bs && b.slope < -margin(b)
        var g = RowGroup()
        var row = StatementRow(StatementCatalogue.statement("P3"),
            scenario: "2D: \(r.scenario.description); affine G(z) = a + Bz, exact D*, exact least squares, m fresh N(0, I₂) draws per minibatch, \(plan.seeds) seeds; θ(t) the projected flow (the limit of Algorithm 1 for an affine G, D10)",
            measurements: m, holds: holds)
        row.note = "Error model (derived): W₂ ≈ c₁ε + c₂√(ε/m) — an Euler step's bias plus the minibatch noise accumulated as a random walk — so the log-slope lies in [½, 1] in ε and in [−½, 0] in m. Each bound is widened by 4 of the fit's standard errors and by the reference's possible share of the slope."
        g.rows.append(row)
        return g
    }

    /// Full run only (about 20 s of processor time): an MLP generator between the two
    /// extremes — not confined to one Gaussian like the affine map, not free like particles.
    /// Measured, not judged (no statement predicts its coverage): modes covered within 3σ
    /// along training, from a broad centred start (two units spanning the plane,
    /// G₀(z) ≈ 4 tanh(z/2) per axis, and 14 units of small random output weights).
    static func mlpCoverage(_ ring: Ring2D) throws -> [Measurement] {
        let h = 16, rng = RandomSource(seed: 3)
        var p = [Double]()
        for k in 0..<h { p += k == 0 ? [0.5, 0] : k == 1 ? [0, 0.5] : [rng.standardNormal(), rng.standardNormal()] }
        p += [Double](repeating: 0, count: h)
        for k in 0..<h { p.append(k == 0 ? 4 : 0.05 * rng.standardNormal()) }
        for k in 0..<h { p.append(k == 1 ? 4 : 0.05 * rng.standardNormal()) }
        p += [0, 0]
        var a = try Algorithm1Plane(target: try PlaneTarget(ring), generator: try MLPGenerator2D(hidden: h, parameters: p),
                                    configuration: .init(eps: 0.1, batch: 1024, noise: .random, discriminator: .kde(.scott),
                                                         update: .gradientSteps(count: 30, rate: 0.1), seed: 1))
        var out = [Measurement]()
        func record(_ n: Int, _ g: MLPGenerator2D) {
            let c = ModeCoverage(samples: PlaneNoise.halton.batch(4096, rng: RandomSource(seed: 9)).map(g.output), ring: ring, within: 0.75)
            out.append(Measurement("MLP (16 units, KDE plug-in D*, 30 MSE steps of 0.1, ε = 0.1, m = 1024), iteration \(n): modes covered within 3σ",
                                   Double(c.covered), "samples per mode \(c.counts.map(String.init).joined(separator: ", ")) of 4096"))
        }
        record(0, a.generator)
        try a.run(iterations: 300) { n, g in if n % 100 == 0 { record(n, g) } }
        return out
    }

    static func collapseRows(_ size: VerifySize) throws -> RowGroup {
        let ring = try Ring2D(components: 5, radius: 2, sigma: 0.25)
        let target = try PlaneTarget(ring)
        let starts = [AffineGenerator2D(center: SIMD2(0.3, 0.2), scale: 0.5), AffineGenerator2D(center: SIMD2(1.5, 0.5), scale: 0.3),
                      AffineGenerator2D(center: .zero, scale: 1), AffineGenerator2D(center: SIMD2(-0.5, 1.5), scale: 0.8)]
        var m = [Measurement](), holds = true
        for start in starts {
            var a = try Algorithm1Plane(target: target, generator: start, configuration: .init(eps: 0.5, batch: 400, noise: .grid))
            var last = start.parameters, change = 0.0
            try a.run(iterations: 150) { _, g in
                change = zip(g.parameters, last).map { abs($0 - $1) }.max()!
                last = g.parameters
            }
            let samples = PlaneNoise.grid.batch(2500, rng: RandomSource(seed: 1)).map(a.generator.output)
            let near = ModeCoverage(samples: samples, ring: ring, within: 0.75), plain = ModeCoverage(samples: samples, ring: ring)
            let at = "start a = (\(NumberText.short(start.a.x)), \(NumberText.short(start.a.y)))"
            m.append(Measurement("modes covered within 3σ, \(at)", Double(near.covered), "≤ 2 (nearest-centre: \(plain.covered))"))
            m.append(Measurement("last parameter step, \(at)", change, "→ 0"))
            holds = holds && near.covered <= 2
        }
        let x0 = PlaneNoise.grid.batch(400, rng: RandomSource(seed: 1)).map { 1.2 * $0 }
        var p = try PlaneParticleAlgorithm1(target: target, particles: x0, eps: 0.05, discriminator: .kde(.scott))
        try p.run(iterations: 100)
        let c = ModeCoverage(samples: p.particles, ring: ring, within: 0.75)
        m.append(Measurement("free particles (KDE plug-in D*, 100 iterations): modes covered within 3σ", Double(c.covered), "5"))
        holds = holds && c.covered == 5
        if !size.quick { m += try mlpCoverage(ring) }
        var g = RowGroup()
        g.rows.append(StatementRow(StatementCatalogue.statement("D10"),
            scenario: "2D: ρd = ring(5,2,0.25); affine G(z) = a + Bz, exact D*, exact least squares, 400 grid noise nodes, ε = 0.5, 150 iterations; coverage of 2500 samples",
            measurements: m, holds: holds))
        return g
    }
}
