import Foundation
import Analytic
import Sim
import Verification

/// A P1 row in two dimensions: KDE particles (Heun) toward a 2D Gaussian-mixture target, JS
/// by VEGAS Monte Carlo with its standard error (``ParticleFlow2DStudy``).
enum Flow2DRows {
    static var groups: [VerifyRunner.Group] {
        [("2D target, KDE particles", ["P1"], rows)]
    }

    static func rows(_ size: VerifySize) throws -> RowGroup {
        let target = try GaussianMixture2D(weights: [0.5, 0.5], components: [
            try Gaussian2D(mean: SIMD2(-1, 0), standardDeviations: SIMD2(0.8, 1.0), correlation: 0.4),
            try Gaussian2D(mean: SIMD2(1, 0.5), standardDeviations: SIMD2(0.9, 0.7), correlation: -0.3)])
        let initial = try Gaussian2D(mean: SIMD2(0, -0.5), standardDeviations: SIMD2(1.2, 1.2), correlation: 0)
        let n = size.quick ? 80 : 240
        let times = size.quick ? [0.0, 1, 3] : [0.0, 1, 3, 6]
        let s = try ParticleFlow2DStudy.run(target: target, initial: initial, particles: n, dt: 0.03,
                                            reportTimes: times, calls: 3_000)
        // Each decrease must exceed 3 Monte Carlo standard errors of the difference (the JS
        // values are VEGAS estimates; 3σ: a false decrease has probability ~0.1%).
        var worst = Double.infinity
        for (a, b) in zip(s, s.dropFirst()) {
            let sigma = (a.js.error * a.js.error + b.js.error * b.js.error).squareRoot()
            worst = min(worst, (a.js.value - b.js.value) / sigma)
        }
        var measurements = s.map { Measurement("JS(t = \(NumberText.short($0.time)))", $0.js.value, "± \(NumberText.short($0.js.error)) (VEGAS)") }
        measurements.append(Measurement("smallest decrease between reports in Monte Carlo σ", worst, "> 3"))
        var g = RowGroup()
        g.rows.append(StatementRow(StatementCatalogue.statement("P1"),
            scenario: "2D: ρd = mixture of two correlated Gaussians, ρ0 = N((0,−0.5), 1.2²I), \(n) KDE particles, Heun dt = 0.03",
            measurements: measurements, holds: worst > 3))
        return g
    }
}
