import Foundation
import Analytic

/// P3 with an MLP generator: Algorithm 1 as the paper writes it (``StochasticAlgorithm1``:
/// fresh minibatches, a logistic discriminator updated by K ascent steps on (21) from its
/// previous weights, the generator by gradient steps on (23)) with
/// `G(z) = c + Σₖ vₖ tanh(wₖz + bₖ)` (``MLPGenerator``), against the finite-volume solution of
/// the flow started from G₀'s own law.
///
/// Unlike the affine generator, the MLP's law is not confined to a two-parameter family: its
/// distance to ρ_t is what Algorithm 1's errors (the step ε, the minibatch m, the
/// discriminator's K ascent steps, the inexact fits) and the MLP's capacity leave.
///
/// The generator's law is read at 20 000 quantile nodes (``QuantileNodeLaw``, with its W₁
/// bound `L·W₁(N(0,1), ẑ)`, L = Σ|vₖwₖ|); W₁ to ρ_h is integrated exactly; JS is between
/// the FV density and the histogram of the node outputs on bins of 4 FV cells (the stated
/// density estimate). The FV solution's own error is estimated by the same figures against
/// the solution on half the cells.
///
/// The start G₀: H = 4 units, wₖ = 0.8, bₖ = −1.5, −0.5, 0.5, 1.5, vₖ = 0.5, c = −1.5, an
/// increasing map of R onto (−3.5, 0.5): its law has the CDF `Φ(G₀⁻¹(x))` (inverted by
/// bisection) and vanishes outside (−3.5, 0.5) — far from ρd = N(0, 1) and not Gaussian.
public enum MLPAlgorithm1Study {
    /// The scenario: ρd = N(0, 1) on [−8, 8] (FV, `cells` cells), horizon `time`.
    public struct Scenario: Sendable, CustomStringConvertible {
        public var lower = -8.0
        public var upper = 8.0
        public var cells = 800
        public var time = 1.0
        public var nodes = 20_000
        public init() {}
        public var description: String {
            "ρd = normal(0,1) on [\(lower),\(upper)], G₀ = mlp(4 units) onto (−3.5, 0.5), t = \(time), FV \(cells) cells, \(nodes) quantile nodes"
        }
    }

    /// G₀ (see the type's documentation).
    public static func start() throws -> MLPGenerator {
        try MLPGenerator(hidden: 4, parameters: [0.8, 0.8, 0.8, 0.8, -1.5, -0.5, 0.5, 1.5, 0.5, 0.5, 0.5, 0.5, -1.5])
    }

    /// A Lipschitz constant of an MLP: `Σ|vₖwₖ|` (|tanh'| ≤ 1).
    public static func lipschitz(_ g: MLPGenerator) -> Double {
        let h = g.hidden, p = g.parameters
        return (0..<h).reduce(0) { $0 + abs(p[2 * h + $1] * p[$1]) }
    }

    /// One setting of Algorithm 1: the step, the minibatch, the discriminator's ascent steps
    /// per iteration and the generator's MSE steps per iteration.
    public struct Setting: Sendable, CustomStringConvertible {
        public var eps: Double
        public var batch: Int
        public var ascentSteps: Int
        public var generatorSteps: Int
        public init(eps: Double, batch: Int, ascentSteps: Int, generatorSteps: Int) {
            self.eps = eps; self.batch = batch; self.ascentSteps = ascentSteps; self.generatorSteps = generatorSteps
        }
        public var description: String { "ε \(eps), m \(batch), K \(ascentSteps), \(generatorSteps) MSE steps" }

        /// Level ℓ of the joint refinement from `base`: ε/2^ℓ, and m, K and the MSE steps
        /// times 2^ℓ. Every error of Algorithm 1 shrinks together: the step, the minibatch
        /// noise, the discriminator's lag behind D* and the fit's lag behind its targets
        /// (refining ε alone at fixed K and MSE steps leaves the last two: measured W₁ 0.0499,
        /// 0.0478, 0.0444 at ε = 0.1, 0.05, 0.025 with m = 512, K = 5, 20 MSE steps).
        public static func level(_ l: Int, from base: Setting) -> Setting {
            let f = 1 << l
            return Setting(eps: base.eps / Double(f), batch: base.batch * f, ascentSteps: base.ascentSteps * f,
                           generatorSteps: base.generatorSteps * f)
        }
    }

    /// What to run over `seeds` seeds `firstSeed …`: the joint refinement, and pairs that
    /// change one thing (the under-trained discriminator: fewer ascent steps).
    public struct Plan: Sendable {
        public var seeds: Int
        public var firstSeed: UInt64 = 1
        public var joint: [Setting]
        public var underTrained: [Setting]
        /// The discriminator's features and the MSE step size (the counts come from each
        /// setting). Radial features (1, x, x², bumps of width 1 at −3…3): the generator's
        /// law is not Gaussian, so (1, x, x²) alone cannot hold ln(ρd/ρ). MSE step 0.1: the
        /// MLP's Gram matrix E[JᵀJ] is not I (at G₀ its largest eigenvalue is below 5, so
        /// 2ηλ < 1 and the inner iteration contracts).
        public var algorithm: StochasticAlgorithm1

        static func mlpAlgorithm() throws -> StochasticAlgorithm1 {
            try StochasticAlgorithm1(features: .radial(centers: [-3, -2, -1, 0, 1, 2, 3], width: 1), generatorRate: 0.1)
        }

        /// The tests' and the quick verify run's plan: 20 seeds, joint levels 0, 1, 2 from
        /// ε = 0.1, m = 128, K = 4, 16 MSE steps; K = 1 against level 1's K = 8.
        public static func quick() throws -> Plan {
            try plan(base: Setting(eps: 0.1, batch: 128, ascentSteps: 4, generatorSteps: 16), levels: 2, underTrainedLevel: 1)
        }

        /// The full verify run: 20 seeds, joint levels 0, 1, 2 from ε = 0.1, m = 256, K = 5,
        /// 25 MSE steps; K = 1 and 2 against level 2's K = 20.
        public static func full() throws -> Plan {
            try plan(base: Setting(eps: 0.1, batch: 256, ascentSteps: 5, generatorSteps: 25), levels: 2, underTrainedLevel: 2,
                     underTrainedSteps: [1, 2])
        }

        static func plan(base: Setting, levels: Int, underTrainedLevel: Int, underTrainedSteps: [Int] = [1]) throws -> Plan {
            let reference = Setting.level(underTrainedLevel, from: base)
            let lagging = underTrainedSteps.map { k -> Setting in var s = reference; s.ascentSteps = k; return s }
            return Plan(seeds: 20, joint: (0...levels).map { Setting.level($0, from: base) },
                        underTrained: lagging + [reference], algorithm: try mlpAlgorithm())
        }
    }

    /// One setting over all seeds.
    public struct Summary: Sendable, CustomStringConvertible {
        public var setting: Setting
        public var w1Flow: SeedMean
        public var jsFlow: SeedMean
        /// The largest quantile-node bound L·W₁(N, ẑ) over the seeds.
        public var nodeError: Double
        /// Every seed's final parameters, in seed order (for reproducibility checks).
        public var parameters: [[Double]]
        public var description: String {
            "\(setting): W₁ to flow \(w1Flow), JS to flow \(jsFlow) (node bound ≤ \(String(format: "%.2g", nodeError)))"
        }
    }

    public struct Result: Sendable {
        public var scenario: Scenario
        public var plan: Plan
        /// W₁ of G₀'s law to ρ_t: how far the flow moved.
        public var startW1: Double
        /// |W₁(μ̂, ρ_h) − W₁(μ̂, ρ_{2h})| and the same for JS, for the first seed's law at the
        /// finest joint level: the FV solution's share of the figures.
        public var flowUncertainty: Double
        public var flowUncertaintyJS: Double
        public var joint: [Summary]
        public var underTrained: [Summary]
        /// Rates of the mean W₁ and JS to the flow in ε along the joint refinement.
        public var jointRate: SeedAveragedRate
        public var jointRateJS: SeedAveragedRate
    }

    /// The cell averages of G₀'s law on `grid`: `(Φ(G₀⁻¹(x_{i+1})) − Φ(G₀⁻¹(xᵢ)))/h`, G₀
    /// inverted by bisection on [−40, 40] to the last bit (G₀ is increasing).
    public static func startAverages(_ g: MLPGenerator, grid: Grid1D) throws -> [Double] {
        let z = try Normal(mean: 0, standardDeviation: 1)
        func cdf(_ x: Double) -> Double {
            var lo = -40.0, hi = 40.0
            if g.output(lo) >= x { return 0 }
            if g.output(hi) <= x { return 1 }
            while true {
                let mid = 0.5 * (lo + hi)
                if mid <= lo || mid >= hi { break }
                if g.output(mid) <= x { lo = mid } else { hi = mid }
            }
            return z.cdf(lo)
        }
        let f = grid.faces.map(cdf)
        return (0..<grid.cells).map { max(0, f[$0 + 1] - f[$0]) / grid.spacing }
    }

    /// The FV solution of the JS flow at `s.time` from G₀'s law on `cells` cells (BDF2, local
    /// tolerance 1e-10).
    public static func flowSolution(_ s: Scenario, cells: Int) throws -> (density: [Double], grid: Grid1D) {
        let rd = try Truncated(try Normal(mean: 0, standardDeviation: 1), lower: s.lower, upper: s.upper)
        let p = try FlowProblem(target: rd, lower: s.lower, upper: s.upper, cells: cells)
        let rho0 = try startAverages(try start(), grid: p.grid)
        let rho = try FiniteVolumeSolver(problem: p, stepping: .bdf2(.adaptive(tolerance: 1e-10)))
            .solve(initialAverages: rho0, times: [s.time]).snapshots[0].density
        return (rho, p.grid)
    }

    /// JS between ρ_h merged 4 cells to a bin and the node histogram on the same bins.
    static func js(_ law: QuantileNodeLaw, density: [Double], grid: Grid1D) throws -> Double {
        let (hist, width) = try law.histogram(grid: grid, merge: 4)
        var sum = 0.0
        for (b, p) in hist.enumerated() {
            let q = density[(4 * b)..<(4 * b + 4)].reduce(0, +) / 4
            sum += width * q * MonitoredFunctional.js.g(p / q)
        }
        return sum
    }

    /// Runs every setting of `plan` over its seeds.
    public static func run(_ s: Scenario = Scenario(), plan: Plan) throws -> Result {
        let rd = try Truncated(try Normal(mean: 0, standardDeviation: 1), lower: s.lower, upper: s.upper)
        let (rho, grid) = try flowSolution(s, cells: s.cells)
        let (rhoCoarse, gridCoarse) = try flowSolution(s, cells: s.cells / 2)
        let nodes = try QuantileNodeLaw.nodes(s.nodes)
        let nodeDistance = try QuantileNodeLaw.nodeDistance(s.nodes)
        func law(_ g: MLPGenerator) throws -> QuantileNodeLaw {
            try QuantileNodeLaw(output: g.output, nodes: nodes, lipschitz: lipschitz(g), nodeDistance: nodeDistance)
        }
        let g0 = try start()
        let startW1 = try law(g0).w1(density: rho, grid: grid)
        var lastLaw: QuantileNodeLaw? = nil

        func summary(_ setting: Setting) throws -> Summary {
            var alg = plan.algorithm
            alg.ascentSteps = setting.ascentSteps
            alg.generatorSteps = setting.generatorSteps
            let runs = try SeedParallel.map(plan.seeds) { i -> (law: QuantileNodeLaw, w1: Double, js: Double, parameters: [Double]) in
                let out = try alg.run(target: rd, generator: g0, eps: setting.eps, batch: setting.batch, time: s.time,
                                      seed: plan.firstSeed + UInt64(i)).generator
                let l = try law(out)
                return (l, try l.w1(density: rho, grid: grid), try Self.js(l, density: rho, grid: grid), out.parameters)
            }
            lastLaw = runs.first?.law
            return Summary(setting: setting, w1Flow: try SeedMean(runs.map(\.w1)), jsFlow: try SeedMean(runs.map(\.js)),
                           nodeError: runs.map(\.law.nodeError).max() ?? 0, parameters: runs.map(\.parameters))
        }
        let underTrained = try plan.underTrained.map(summary)
        let joint = try plan.joint.map(summary)
        let l = lastLaw!
        let eps = plan.joint.map(\.eps)
        return Result(scenario: s, plan: plan, startW1: startW1,
                      flowUncertainty: abs(try l.w1(density: rho, grid: grid) - l.w1(density: rhoCoarse, grid: gridCoarse)),
                      flowUncertaintyJS: abs(try Self.js(l, density: rho, grid: grid) - Self.js(l, density: rhoCoarse, grid: gridCoarse)),
                      joint: joint, underTrained: underTrained,
                      jointRate: try SeedAveragedRate(sizes: eps, means: joint.map(\.w1Flow)),
                      jointRateJS: try SeedAveragedRate(sizes: eps, means: joint.map(\.jsFlow)))
    }
}
