import Foundation

/// P3 measured with Algorithm 1 as the paper writes it (``StochasticAlgorithm1``: fresh
/// minibatches, a logistic discriminator updated by K ascent steps on (21) from its previous
/// state, the affine generator by gradient steps on (23)) against the flow.
///
/// After n iterations the generator's law `N(a, b²)` is random; over independent seeds the
/// study reports mean ± standard error of its distance at `t = nε` to
/// - the finite-volume solution ρ_t of ODE (2)'s Fokker–Planck equation (W₁ and JS), and
/// - the projected flow θ(t) of ``AffineProjectedFlow`` (W₁ in closed form, JS by quadrature),
///   the limit of Algorithm 1 with this generator as ε → 0, m → ∞, D → D* (docs/MATH.md D10).
///
/// An affine generator cannot leave the normal family while ODE (2) does, so the distance
/// to ρ_t cannot fall below the projection gap `W₁(θ(t), ρ_t)`; by the triangle inequality
/// `|W₁(G, ρ_t) − W₁(θ(t), ρ_t)| ≤ W₁(G, θ(t))`, so the distance to the flow approaches
/// that gap at the rate at which `W₁(G, θ(t))` shrinks. The rates are fitted to the latter
/// (``SeedAveragedRate``): in ε at fixed m, in m at fixed ε, and the under-training bias in
/// the number K of ascent steps.
public enum StochasticAlgorithm1Study {
    /// The scenario: ρd = N(0, 1) restricted to [lower, upper] (the FV domain; its mass
    /// outside is below 1e-15 for the default ±8), generator started at N(a₀, b₀²), horizon t.
    public struct Scenario: Sendable, CustomStringConvertible {
        public var lower = -8.0
        public var upper = 8.0
        public var cells = 800
        public var a0 = -1.5
        public var b0 = 0.7
        public var time = 1.0
        public init() {}
        public var description: String {
            "ρd = normal(0,1) on [\(lower),\(upper)], G₀ = N(\(a0), \(b0)²), t = \(time), FV \(cells) cells"
        }
    }

    /// Which settings to run, over `seeds` seeds `firstSeed …`.
    public struct Plan: Sendable {
        public var seeds: Int
        public var firstSeed: UInt64 = 1
        public var epsilons: [Double]
        public var batchForEpsilons: Int
        public var batches: [Int]
        public var epsForBatches: Double
        public var ascentSteps: [Int]
        public var epsForAscent: Double
        public var batchForAscent: Int
        /// The K of the ε and m series.
        public var defaultAscentSteps = 5
        public var algorithm: StochasticAlgorithm1

        /// The verify row's full run: 32 seeds, ε = 0.2 … 0.0125 (m = 1024), m = 64 … 4096
        /// (ε = 0.0125), K = 1, 2, 5, 20 (ε = 0.025, m = 1024).
        public static func full() throws -> Plan {
            Plan(seeds: 32, epsilons: [0.2, 0.1, 0.05, 0.025, 0.0125], batchForEpsilons: 1024,
                 batches: [64, 256, 1024, 4096], epsForBatches: 0.0125,
                 ascentSteps: [1, 2, 5, 20], epsForAscent: 0.025, batchForAscent: 1024, algorithm: try StochasticAlgorithm1())
        }

        /// The tests' and the quick verify run's plan: 20 seeds, three refinements each.
        public static func quick() throws -> Plan {
            Plan(seeds: 20, epsilons: [0.1, 0.05, 0.025], batchForEpsilons: 256,
                 batches: [64, 256, 1024], epsForBatches: 0.025,
                 ascentSteps: [1, 5], epsForAscent: 0.05, batchForAscent: 256, algorithm: try StochasticAlgorithm1())
        }
    }

    /// One (ε, m, K) setting over all seeds.
    public struct Summary: Sendable, CustomStringConvertible {
        public var eps: Double
        public var batch: Int
        public var ascentSteps: Int
        /// W₁ and JS to the FV solution ρ_t.
        public var w1Flow: SeedMean
        public var jsFlow: SeedMean
        /// W₁ and JS to the projected flow θ(t).
        public var w1Projected: SeedMean
        public var jsProjected: SeedMean
        /// The generator's final parameters (a, |b|).
        public var a: SeedMean
        public var b: SeedMean
        /// max over seeds of `|W₁(G, ρ_t) − W₁(θ, ρ_t)| − W₁(G, θ)` minus its numerical
        /// tolerance: ≤ 0 by the triangle inequality.
        public var triangleExcess: Double
        /// (a, b) of every seed, in seed order (for reproducibility checks).
        public var parameters: [[Double]]

        public var description: String {
            "ε \(eps), m \(batch), K \(ascentSteps): W₁ to flow \(w1Flow), to projected \(w1Projected); JS to flow \(jsFlow), to projected \(jsProjected); a \(a), b \(b)"
        }
    }

    public struct Result: Sendable {
        public var scenario: Scenario
        public var plan: Plan
        /// The FV solution at t (cell averages) and its grid.
        public var flow: [Double]
        public var grid: Grid1D
        /// |W₁(θ, ρ_h) − W₁(θ, ρ_{2h})|: an estimate of the FV solution's own error in the
        /// W₁ figures (second order in space: the finer grid's error is about a third of it).
        public var flowUncertainty: Double
        /// The same for the JS figures: |JS(θ, ρ_h) − JS(θ, ρ_{2h})|.
        public var flowUncertaintyJS: Double
        public var projected: AffineProjectedFlow
        /// The projection gap: W₁ and JS between θ(t) and ρ_t.
        public var gapW1: GeneratorFlowDistance.Value
        public var gapJS: GeneratorFlowDistance.Value
        /// W₁(G₀, ρ_t): how far the flow moved (the scale of the figures).
        public var startW1: Double
        public var byEps: [Summary]
        public var byBatch: [Summary]
        public var byAscent: [Summary]
        /// Rates of the mean W₁ and JS to the projected flow in ε and in m.
        public var epsRate: SeedAveragedRate
        public var epsRateJS: SeedAveragedRate
        public var batchRate: SeedAveragedRate
        public var batchRateJS: SeedAveragedRate
    }

    public static func target(_ s: Scenario) throws -> any Density {
        try Truncated(try Normal(mean: 0, standardDeviation: 1), lower: s.lower, upper: s.upper)
    }

    /// The FV solution of the JS flow at `s.time` on `cells` cells (BDF2, local tolerance 1e-10).
    public static func flowSolution(_ s: Scenario, cells: Int) throws -> (density: [Double], grid: Grid1D) {
        let rd = try target(s)
        let p = try FlowProblem(target: rd, lower: s.lower, upper: s.upper, cells: cells)
        let r0 = try Truncated(try Normal(mean: s.a0, standardDeviation: s.b0), lower: s.lower, upper: s.upper)
        let rho = try FiniteVolumeSolver(problem: p, stepping: .bdf2(.adaptive(tolerance: 1e-10)))
            .solve(initial: r0, times: [s.time]).snapshots[0].density
        return (rho, p.grid)
    }

    /// One seed's outcome: distances of G to the flow and to the projected flow, its
    /// parameters, and the triangle inequality's excess over its numerical slack.
    struct SeedRun {
        var w1Flow, jsFlow, w1Projected, jsProjected, a, b, excess: Double
        var parameters: [Double]
    }

    /// Runs every setting of `plan` over its seeds.
    public static func run(_ s: Scenario = Scenario(), plan: Plan) throws -> Result {
        let rd = try target(s)
        let (rho, grid) = try flowSolution(s, cells: s.cells)
        let (rhoCoarse, gridCoarse) = try flowSolution(s, cells: s.cells / 2)
        let proj = try AffineProjectedFlow.solve(target: rd, a0: s.a0, b0: s.b0, time: s.time)
        let gap = try GeneratorFlowDistance.w1(a: proj.a, b: proj.b, density: rho, grid: grid)
        let gapCoarse = try GeneratorFlowDistance.w1(a: proj.a, b: proj.b, density: rhoCoarse, grid: gridCoarse)
        let gapJS = try GeneratorFlowDistance.js(a: proj.a, b: proj.b, density: rho, grid: grid)
        let gapJSCoarse = try GeneratorFlowDistance.js(a: proj.a, b: proj.b, density: rhoCoarse, grid: gridCoarse)
        let start = try GeneratorFlowDistance.w1(a: s.a0, b: s.b0, density: rho, grid: grid)
        let projNormal = try Normal(mean: proj.a, standardDeviation: proj.b)

        func summary(eps: Double, batch: Int, k: Int) throws -> Summary {
            var alg = plan.algorithm
            alg.ascentSteps = k
            let runs = try SeedParallel.map(plan.seeds) { i -> SeedRun in
                let out = try alg.run(target: rd, generator: AffineGenerator(a: s.a0, b: s.b0), eps: eps, batch: batch,
                                      time: s.time, seed: plan.firstSeed + UInt64(i)).generator
                let a = out.a, b = abs(out.b)
                let dF = try GeneratorFlowDistance.w1(a: a, b: b, density: rho, grid: grid)
                let dP = try GeneratorFlowDistance.w1(a, b, proj.a, proj.b)
                // Numerical slack of the triangle inequality: the two trapezoid W₁ bounds and
                // the projected flow's error moving W₁(G, θ) by ≤ |Δa| + E|Z|·|Δb| ≤ 2·error.
                let tol = dF.error + gap.error + 2 * proj.error
                return SeedRun(w1Flow: dF.value, jsFlow: try GeneratorFlowDistance.js(a: a, b: b, density: rho, grid: grid).value,
                               w1Projected: dP,
                               jsProjected: try GeneratorJS.quadrature(try Normal(mean: a, standardDeviation: b), projNormal).value,
                               a: a, b: b, excess: abs(dF.value - gap.value) - dP - tol, parameters: [out.a, out.b])
            }
            let w1F = runs.map(\.w1Flow), jsF = runs.map(\.jsFlow), w1P = runs.map(\.w1Projected), jsP = runs.map(\.jsProjected)
            let pa = runs.map(\.a), pb = runs.map(\.b), params = runs.map(\.parameters)
            let excess = runs.map(\.excess).max() ?? -Double.infinity
            return Summary(eps: eps, batch: batch, ascentSteps: k, w1Flow: try SeedMean(w1F), jsFlow: try SeedMean(jsF),
                           w1Projected: try SeedMean(w1P), jsProjected: try SeedMean(jsP),
                           a: try SeedMean(pa), b: try SeedMean(pb), triangleExcess: excess, parameters: params)
        }

        let byEps = try plan.epsilons.map { try summary(eps: $0, batch: plan.batchForEpsilons, k: plan.defaultAscentSteps) }
        let byBatch = try plan.batches.map { try summary(eps: plan.epsForBatches, batch: $0, k: plan.defaultAscentSteps) }
        let byAscent = try plan.ascentSteps.map { try summary(eps: plan.epsForAscent, batch: plan.batchForAscent, k: $0) }
        return Result(scenario: s, plan: plan, flow: rho, grid: grid, flowUncertainty: abs(gap.value - gapCoarse.value),
                      flowUncertaintyJS: abs(gapJS.value - gapJSCoarse.value),
                      projected: proj, gapW1: gap, gapJS: gapJS, startW1: start.value,
                      byEps: byEps, byBatch: byBatch, byAscent: byAscent,
                      epsRate: try SeedAveragedRate(sizes: plan.epsilons, means: byEps.map(\.w1Projected)),
                      epsRateJS: try SeedAveragedRate(sizes: plan.epsilons, means: byEps.map(\.jsProjected)),
                      batchRate: try SeedAveragedRate(sizes: plan.batches.map(Double.init), means: byBatch.map(\.w1Projected)),
                      batchRateJS: try SeedAveragedRate(sizes: plan.batches.map(Double.init), means: byBatch.map(\.jsProjected)))
    }
}
