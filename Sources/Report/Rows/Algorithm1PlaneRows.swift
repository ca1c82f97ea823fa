import Foundation
import Analytic
import Sim
import Verification

/// Algorithm 1 in two dimensions: D9 (free particles, KDE plug-in D*, against the 2D flow as
/// ε → 0 and N → ∞; ``Algorithm1PlaneStudy``) and D10 (the affine generator's fixed point on
/// ring(5, 2, 0.25) covers at most 2 modes while free particles cover all 5).
enum Algorithm1PlaneRows {
    static var groups: [VerifyRunner.Group] {
        [("2D Algorithm 1 against the 2D flow", ["D9"], flowRows),
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
        var g = RowGroup()
        g.rows.append(StatementRow(StatementCatalogue.statement("D10"),
            scenario: "2D: ρd = ring(5,2,0.25); affine G(z) = a + Bz, exact D*, exact least squares, 400 grid noise nodes, ε = 0.5, 150 iterations; coverage of 2500 samples",
            measurements: m, holds: holds))
        return g
    }
}
