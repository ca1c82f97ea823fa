import Foundation
import Analytic
import Sim
import Verification

/// Rows P4 and D11: with D = D* and exact targets, K gradient steps of size η on the MSE;
/// above η = 1/λmax(E[JᵀJ]) with even K the generator climbs JS and runs away while the
/// flow (and the same algorithm below the threshold) converges.
enum MSERows {
    static var groups: [VerifyRunner.Group] {
        [("Algorithm 1, affine generator, MSE threshold", ["P4", "D11"], threshold)]
    }

    static func s(_ id: String) -> Statement { StatementCatalogue.statement(id) }

    /// JS(ρd, ρθ) after `iterations` iterations, or ln 2 if the run diverged (non-finite or
    /// degenerate parameters: the generator has left every neighbourhood of ρd).
    static func finalJS(target: any Density, eta: Double, k: Int, m: Int, eps: Double, iterations: Int) throws -> (js: Double, diverged: Bool) {
        let config = Algorithm1<AffineGenerator>.Configuration(eps: eps, batch: m, noise: .quantiles, discriminator: .exact,
                                                               update: .gradientSteps(count: k, rate: eta), seed: 1)
        var alg = try Algorithm1(target: target, generator: AffineGenerator(a: 0, b: 1), configuration: config)
        do {
            try alg.run(iterations: iterations)
        } catch is Algorithm1Diverged {
            return (log(2), true)
        }
        let g = alg.generator
        guard g.a.isFinite, g.b.isFinite, abs(g.b) > 1e-12, abs(g.a) < 1e6, abs(g.b) < 1e6,
              let rho = try g.pushforwardDensity() else { return (log(2), true) }
        return (try GeneratorJS.quadrature(target, rho).value, false)
    }

    static func threshold(_ size: VerifySize) throws -> RowGroup {
        let m = 256, eps = 0.05, k = 2
        let iterations = size.quick ? 60 : 200
        let target = try Normal(mean: 1, standardDeviation: 0.5)
        // λmax of M = (1/m) Σ JᵢᵀJᵢ, Jᵢ = (1, zᵢ) at the quantile nodes (computed, not assumed).
        let z = NoiseMode.quantileNodes(m)
        let m11 = 1.0, m12 = z.reduce(0, +) / Double(m), m22 = z.reduce(0) { $0 + $1 * $1 } / Double(m)
        let tr = m11 + m22, det = m11 * m22 - m12 * m12
        let lambdaMax = tr / 2 + (tr * tr / 4 - det).squareRoot()
        let thresholdEta = 1 / lambdaMax
        let js0 = try GeneratorJS.quadrature(target, try AffineGenerator(a: 0, b: 1).pushforwardDensity()!).value
        let etas = size.quick ? [0.3, 0.9, 1.1, 1.5] : [0.2, 0.4, 0.6, 0.8, 0.9, 0.95, 1.05, 1.1, 1.3, 1.5]
        var finals = [Double](), diverged = [Bool]()
        for eta in etas {
            let r = try finalJS(target: target, eta: eta, k: k, m: m, eps: eps, iterations: iterations)
            finals.append(r.js); diverged.append(r.diverged)
        }
        let below = zip(etas, finals).filter { $0.0 < thresholdEta }.map(\.1)
        let above = zip(etas, finals).filter { $0.0 > thresholdEta }.map(\.1)
        // Prediction (D11): below the threshold the outer factor I − (I − 2ηM)^K is positive
        // and the iteration descends JS (final JS below JS(θ₀), slowly near the threshold where
        // the factor is small); above it with even K the factor is negative along the top
        // eigen-direction and the generator climbs JS (final JS above JS(θ₀)).
        let holds = !below.isEmpty && !above.isEmpty && below.allSatisfy { $0 < js0 } && above.allSatisfy { $0 > js0 }
        let scenario = "ρd = normal(1,0.5), G(z) = a + bz from (0,1), exact D*, m = \(m) quantile nodes, ε = \(eps), K = \(k), \(iterations) iterations"
        var figs = [Measurement("λmax(E[JᵀJ])", lambdaMax), Measurement("threshold η = 1/λmax", thresholdEta), Measurement("JS(θ₀)", js0)]
        for (e, (j, d)) in zip(etas, zip(finals, diverged)) {
            figs.append(Measurement("η = \(NumberText.short(e)): final JS", j, d ? "diverged" : ""))
        }
        var g = RowGroup()
        g.rows.append(StatementRow(s("D11"), scenario: scenario, measurements: figs, holds: holds))
        g.rows.append(StatementRow(s("P4"), scenario: scenario, measurements: [
            Measurement("largest final JS below the threshold", below.max() ?? .nan, "< JS(θ₀): descends"),
            Measurement("smallest final JS above the threshold", above.min() ?? .nan, "> JS(θ₀) = \(NumberText.short(js0)): MSE fitting diverges")],
            holds: holds))
        g.figures.append(ReportFigure(file: "mse-threshold.svg",
            caption: "D11/P4: JS after \(iterations) iterations of Algorithm 1 (affine generator, K = 2 MSE gradient steps of size η) against η; the threshold 1/λmax = \(NumberText.short(thresholdEta)); ln 2 marks a run that diverged.",
            plot: SVGLinePlot(title: "MSE-divergence threshold", xLabel: "η", yLabel: "final JS", logY: true,
                              series: [SVGLinePlot.Series("final JS", x: etas, y: finals.map { max($0, 1e-16) }, markers: true),
                                       SVGLinePlot.Series("threshold", x: [thresholdEta, thresholdEta], y: [max(finals.min() ?? 1e-12, 1e-16), log(2)], dashed: true),
                                       SVGLinePlot.Series("JS(θ₀)", x: [etas.first!, etas.last!], y: [js0, js0], dashed: true)])))
        return g
    }
}
