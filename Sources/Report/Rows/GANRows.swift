import Foundation
import Analytic
import Sim
import Verification

/// Row D9: Algorithm 1 with free particles (1D, fixed noise quantiles) and the exact
/// discriminator against the flow (the function-space equivalence). P3 itself — Algorithm 1
/// as written, with stochastic D and G — is measured by ``StochasticAlgorithm1Rows``.
enum GANRows {
    static var groups: [VerifyRunner.Group] {
        [("Algorithm 1 with quantile particles and D*", ["D9"], quantileParticles)]
    }

    static func s(_ id: String) -> Statement { StatementCatalogue.statement(id) }

    static func quantileParticles(_ size: VerifySize) throws -> RowGroup {
        let n = size.quick ? 40 : 80
        let target = try Truncated(try Normal(mean: 0, standardDeviation: 1), lower: -4, upper: 4)
        let initial = try Truncated(try Normal(mean: -1, standardDeviation: 0.5), lower: -4, upper: 4)
        let lagrangian = try QuantileParticles(target: target, lower: -4, upper: 4, count: n)
        let horizon = 0.5
        // ε = O(1/N²) for stability (docs/MATH.md §3); the coarsest ε below is 1/8 of the CFL-like
        // scale (min gap)²·2 at the start.
        let base = size.quick ? 200 : 800
        let ks = [base, 2 * base, 4 * base]
        let x0 = try QuantileParticleAlgorithm1(target: target, eps: horizon / Double(ks[0])).initialParticles(from: initial, count: n)
        // D9: n iterations of Algorithm 1 = n explicit Euler steps of the Lagrangian scheme.
        var euler = x0, equivalence = 0.0
        let alg = try QuantileParticleAlgorithm1(target: target, eps: horizon / Double(ks[0]))
        var x = x0
        for _ in 0..<ks[0] {
            x = try alg.targets(x)
            euler = lagrangian.explicitEulerStep(positions: euler, step: horizon / Double(ks[0]))
            equivalence = max(equivalence, zip(x, euler).map { abs($0 - $1) }.max()!)
        }
        // First order in ε against the same N integrated accurately.
        let reference = try lagrangian.integrate(from: x0, to: horizon, stepping: .bdf2(.adaptive(tolerance: 1e-13)))
        var errors = [Double](), epss = [Double]()
        for k in ks {
            let a = try QuantileParticleAlgorithm1(target: target, eps: horizon / Double(k))
            let xk = try a.run(x0, iterations: k)
            errors.append(zip(xk, reference).map { abs($0 - $1) }.max()!)
            epss.append(horizon / Double(k))
        }
        let order = try ConvergenceStudy(sizes: epss, errors: errors).order
        let scenario = "ρd = normal(0,1) on [−4,4], ρ0 = normal(−1,0.5), N = \(n) quantile particles, exact D*, exact MSE fit, to t = 0.5"
        var g = RowGroup()
        // Equivalence to round-off: both compute the same arithmetic from the same masses; a
        // few ulps of |x| ≤ 4 per step over \(ks[0]) steps stays below 1e-11.
        g.rows.append(StatementRow(s("D9"), scenario: scenario, measurements: [
            Measurement("max |Algorithm 1 − explicit Euler| over \(ks[0]) iterations", equivalence, "< 1e-11: the same scheme"),
            Measurement("observed order in ε against the accurate flow", order, "theory 1"),
            Measurement("max particle distance to ODE (2) at t = 0.5, ε = \(NumberText.short(epss.last!))", errors.last!)],
            holds: equivalence < 1e-11 && abs(order - 1) < 0.15 && errors.last! < errors.first!))
        g.figures.append(ReportFigure(file: "algorithm1-order.svg",
            caption: "D9: Algorithm 1 (quantile particles, exact D*) against ODE (2) integrated accurately with the same N: error against ε (log-log), slope 1.",
            plot: SVGLinePlot(title: "Algorithm 1 → flow as ε → 0", xLabel: "ε", yLabel: "max particle error at t = 0.5",
                              logX: true, logY: true,
                              series: [SVGLinePlot.Series("Algorithm 1", x: epss, y: errors, markers: true),
                                       SVGLinePlot.Series("slope 1", x: epss, y: epss.map { errors[0] * $0 / epss[0] }, dashed: true)])))
        // Trajectory: the particles' JS along Algorithm 1 and along the accurate flow.
        var times = [0.0], jsAlg = [lagrangian.energy(positions: x0)], jsFlow = [jsAlg[0]]
        var xa = x0
        let coarse = try QuantileParticleAlgorithm1(target: target, eps: horizon / Double(ks[0]))
        for j in 1...10 {
            xa = try coarse.run(xa, iterations: ks[0] / 10)
            let t = horizon * Double(j) / 10
            times.append(t)
            jsAlg.append(lagrangian.energy(positions: xa))
            jsFlow.append(lagrangian.energy(positions: try lagrangian.integrate(from: x0, to: t, stepping: .bdf2(.adaptive(tolerance: 1e-12)))))
        }
        g.figures.append(ReportFigure(file: "algorithm1-trajectory.svg",
            caption: "D9: JS of the particles along Algorithm 1 (ε = \(NumberText.short(horizon / Double(ks[0])))) and along ODE (2) integrated accurately.",
            plot: SVGLinePlot(title: "Algorithm 1 trajectory vs the flow", xLabel: "t = ε · iteration", yLabel: "JS(ρd, ρ)",
                              series: [SVGLinePlot.Series("Algorithm 1", x: times, y: jsAlg, markers: true),
                                       SVGLinePlot.Series("ODE (2)", x: times, y: jsFlow)])))
        return g
    }
}
