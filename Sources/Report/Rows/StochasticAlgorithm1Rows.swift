import Foundation
import Analytic
import Sim
import Verification

/// Row P3: Algorithm 1 as the paper writes it (fresh minibatches, a logistic discriminator
/// updated by K ascent steps on (21) from its previous state, the generator by gradient
/// steps on (23)) against the flow, over independent seeds: the affine generator
/// (``StochasticAlgorithm1Study``) and an MLP (``MLPAlgorithm1Study``). Every mean is printed with its standard error.
enum StochasticAlgorithm1Rows {
    static var groups: [VerifyRunner.Group] {
        [("Algorithm 1 as written: stochastic D and G against the flow", ["P3"], asWritten)]
    }

    static func pm(_ m: SeedMean) -> String { "± \(NumberText.short(m.standardError)) (SE, \(m.count) seeds)" }
    static func rate(_ r: SeedAveragedRate) -> String {
        "± \(NumberText.short(r.standardError)) (Monte Carlo, delta method), ± \(NumberText.short(r.residualStandardError)) (from the fit's residuals); ln-residuals \(r.residuals.map { NumberText.short($0) }.joined(separator: ", "))"
    }
    static func combined(_ x: SeedMean, _ y: SeedMean) -> Double {
        (x.standardError * x.standardError + y.standardError * y.standardError).squareRoot()
    }

    static func asWritten(_ size: VerifySize) throws -> RowGroup {
        let plan = size.quick ? try StochasticAlgorithm1Study.Plan.quick() : try StochasticAlgorithm1Study.Plan.full()
        let r = try StochasticAlgorithm1Study.run(plan: plan)
        var ms = [Measurement]()
        ms.append(Measurement("fitted rate of W₁(G, θ(t)) in ε (m = \(plan.batchForEpsilons))", r.epsRate.slope, rate(r.epsRate)))
        ms.append(Measurement("projection gap W₁(θ(t), ρ_t) (affine family vs FV flow)", r.gapW1.value,
                              "± \(NumberText.short(r.gapW1.error + r.flowUncertainty + 2 * r.projected.error)) (trapezoid bound + FV 800 vs 400 cells + RK4 estimate \(NumberText.short(r.projected.error)) of θ(t))"))
        ms.append(Measurement("projection gap JS(θ(t), ρ_t)", r.gapJS.value, "± \(NumberText.short(r.gapJS.error + r.flowUncertaintyJS)) (quadrature + FV 800 vs 400 cells)"))
        ms.append(Measurement("W₁(G₀, ρ_t): how far the flow moved", r.startW1))
        for s in r.byEps {
            ms.append(Measurement("ε = \(NumberText.short(s.eps)), m = \(s.batch): W₁(G, ρ_t)", s.w1Flow.mean, pm(s.w1Flow)))
            ms.append(Measurement("ε = \(NumberText.short(s.eps)), m = \(s.batch): W₁(G, θ(t))", s.w1Projected.mean, pm(s.w1Projected)))
            ms.append(Measurement("ε = \(NumberText.short(s.eps)), m = \(s.batch): JS(G, ρ_t) (generator's normal density vs FV cells)", s.jsFlow.mean, pm(s.jsFlow)))
        }
        ms.append(Measurement("fitted rate of JS(G, θ(t)) in ε", r.epsRateJS.slope, rate(r.epsRateJS)))
        for s in r.byBatch {
            ms.append(Measurement("m = \(s.batch), ε = \(NumberText.short(s.eps)): W₁(G, ρ_t)", s.w1Flow.mean, pm(s.w1Flow)))
            ms.append(Measurement("m = \(s.batch), ε = \(NumberText.short(s.eps)): W₁(G, θ(t))", s.w1Projected.mean, pm(s.w1Projected)))
        }
        ms.append(Measurement("fitted rate of W₁(G, θ(t)) in m", r.batchRate.slope, rate(r.batchRate)))
        ms.append(Measurement("fitted rate of JS(G, θ(t)) in m", r.batchRateJS.slope, rate(r.batchRateJS)))
        for s in r.byAscent {
            ms.append(Measurement("K = \(s.ascentSteps) ascent steps (ε = \(NumberText.short(s.eps)), m = \(s.batch)): W₁(G, θ(t))",
                                  s.w1Projected.mean, pm(s.w1Projected)))
            ms.append(Measurement("K = \(s.ascentSteps): bias of b, mean b − b(t)", s.b.mean - r.projected.b, pm(s.b)))
        }
        // The verdict: the same conditions as Convergence.StochasticAlgorithm1Tests, each a
        // number of Monte Carlo standard errors (4).
        let epsFalls = zip(r.byEps, r.byEps.dropFirst()).allSatisfy { $0.w1Projected.mean - $1.w1Projected.mean > 4 * combined($0.w1Projected, $1.w1Projected) }
        let mFalls = r.byBatch.first!.w1Projected.mean - r.byBatch.last!.w1Projected.mean > 4 * combined(r.byBatch.first!.w1Projected, r.byBatch.last!.w1Projected)
        let one = r.byAscent.first!, most = r.byAscent.last!
        let lag = one.w1Projected.mean - most.w1Projected.mean > 4 * combined(one.w1Projected, most.w1Projected)
            && r.projected.b - one.b.mean > 4 * one.b.standardError + r.projected.error
        let triangle = (r.byEps + r.byBatch + r.byAscent).allSatisfy { $0.triangleExcess <= 0 }
        let holds = epsFalls && mFalls && lag && triangle
            && r.epsRate.slope > 4 * r.epsRate.standardError && r.batchRate.slope < -4 * r.batchRate.standardError
        // The MLP half costs about 40 s of processor time: the full run only.
        let mlp = size.quick ? nil : try mlp(size)
        ms += mlp?.measurements ?? []
        let scenario = "affine G: \(r.scenario.description); \(plan.algorithm.description); θ(t) = (\(NumberText.short(r.projected.a)), \(NumberText.short(r.projected.b))) the projected flow (limit of Algorithm 1 for an affine G)"
            + (mlp.map { ". MLP G: \($0.scenario)" } ?? ". MLP G: in the full run")
        var g = RowGroup()
        var row = StatementRow(s("P3"), scenario: scenario, measurements: ms, holds: holds && (mlp?.holds ?? true))
        row.note = "An affine generator stays normal while ODE (2) does not: W₁(G, ρ_t) tends to the projection gap, at the rate of W₁(G, θ(t)) (triangle inequality, checked per seed). An MLP generator's law approaches ρ_t itself as ε, 1/m, 1/K and the fit's lag shrink together."
        g.rows.append(row)
        let eps = r.byEps.map(\.eps)
        g.figures.append(ReportFigure(file: "algorithm1-as-written.svg",
            caption: "P3: Algorithm 1 as written (affine G, logistic D by \(plan.defaultAscentSteps) ascent steps, m = \(plan.batchForEpsilons)), mean over \(plan.seeds) seeds: W₁ to the FV flow, to the projected flow, and the projection gap, against ε (log-log).",
            plot: SVGLinePlot(title: "Algorithm 1 as written vs the flow", xLabel: "ε", yLabel: "W₁ at t = \(NumberText.short(r.scenario.time))",
                              logX: true, logY: true,
                              series: [SVGLinePlot.Series("to FV flow ρ_t", x: eps, y: r.byEps.map(\.w1Flow.mean), markers: true),
                                       SVGLinePlot.Series("to projected flow θ(t)", x: eps, y: r.byEps.map(\.w1Projected.mean), markers: true),
                                       SVGLinePlot.Series("projection gap", x: eps, y: eps.map { _ in r.gapW1.value }, dashed: true)])))
        return g
    }

    static func s(_ id: String) -> Statement { StatementCatalogue.statement(id) }
}
