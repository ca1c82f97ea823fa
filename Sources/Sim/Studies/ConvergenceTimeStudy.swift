import Foundation

/// How long the JS flow takes to bring JS(ρd, ρ_t) below a threshold (1e-6), measured with
/// adaptive BDF2 on finite volumes, as the assumptions weaken (docs/MATH.md A3, D12; observed,
/// not proved):
/// - ``valley(separations:sd:lower:upper:cells:)``: bimodal targets ½N(−μ, σ²) + ½N(μ, σ²) with a deepening valley,
///   started in the left mode; C_P^h grows with the valley and so does the time.
/// - ``narrowStarts(offsets:width:lower:upper:cells:)``: a narrow N(x₀, 0.2²) start ever farther from the centre of
///   ρd = N(0,1): sup u₀ grows like e^{x₀²/2}; the lump sits on a plateau before collapsing.
/// - ``heavyTails(halfWidths:scale:cellsPerUnit:)``: a Laplace(0, 1) start (heavier tails than ρd, A2 dropped)
///   on boxes [−L, L]: u₀ is bounded on each box but grows like e^{L²/2 − L}.
/// Each row reports sup u₀, C_P^h, the time to the threshold, the plateau length (the
/// time until JS first falls below half its initial value: the slow phase of D12), and the
/// path of JS over the accepted steps (for plots). This is the one implementation of these
/// experiments: the tests and the A2, A3 and D12 rows of `ganflow verify` both call it.
///
/// Fast configuration (tests): valley [1, 1.5, 2] on 120 cells, narrow starts [1, 2, 3] on
/// 160 cells, heavy tails L ∈ [4, 5, 6] at 10 cells per unit. Full configuration (verify):
/// valley [1, 1.5, 2, 2.5] on 240 cells, narrow starts [1, 2, 3, 4] on 320 cells, heavy tails
/// L ∈ [4, 5, 6, 7] at 20 cells per unit (L = 7 reaches JS < 1e-6 only at t ≈ 1.5e5).
public enum ConvergenceTimeStudy {
    public struct Row: Sendable, CustomStringConvertible {
        public var parameter: Double
        public var supU0: Double
        public var poincare: Double
        public var valleyDepth: Double
        public var plateau: Double
        public var time: Double
        public var steps: Int
        /// (t, JS) at t = 0 and after every accepted step up to the threshold.
        public var path: [(time: Double, js: Double)] = []
        public var description: String {
            String(format: "parameter %.3g: sup u₀ %.4g, C_P^h %.4g, valley ρd(0)/max ρd %.3g, plateau (JS > JS₀/2) until t = %.4g, JS < threshold at t = %.5g (%d steps)",
                   parameter, supU0, poincare, valleyDepth, plateau, time, steps)
        }
    }

    /// Time for JS to fall below `threshold` (log-linear interpolation between accepted
    /// steps), with the plateau length. Throws when `limit` passes first.
    public static func timeToThreshold(problem p: FlowProblem, initial: any Density, threshold: Double = 1e-6,
                                       tolerance: Double = 1e-9, limit: Double = 1e6)
        throws -> (time: Double, plateau: Double, steps: Int, supU0: Double, path: [(time: Double, js: Double)]) {
        var s = try FlowStepper(problem: p, initial: initial, stepping: .bdf2(.adaptive(tolerance: tolerance)))
        s.recordsEnergy = false
        let d0 = s.diagnostics
        var previous = (t: 0.0, js: d0.js)
        var path = [(time: 0.0, js: d0.js)]
        var plateau = Double.nan
        var steps = 0
        while s.time < limit {
            _ = try s.step(notBeyond: limit)
            steps += 1
            let d = s.diagnostics
            path.append((s.time, d.js))
            if plateau.isNaN, d.js <= 0.5 * d0.js { plateau = s.time }
            if d.js < threshold {
                let a = log(previous.js), b = log(d.js), c = log(threshold)
                let t = previous.t + (s.time - previous.t) * (a - c) / (a - b)
                return (t, plateau, steps, d0.umax, path)
            }
            previous = (s.time, d.js)
        }
        throw InvalidArgument("convergence time: JS still \(previous.js) at t = \(limit)")
    }

    public static func valley(separations: [Double], sd: Double = 0.6, lower: Double = -6, upper: Double = 6,
                              cells: Int = 240) throws -> [Row] {
        try separations.map { mu in
            let base = try Mixture(weights: [0.5, 0.5], components: [try Normal(mean: -mu, standardDeviation: sd),
                                                                       try Normal(mean: mu, standardDeviation: sd)])
            let target = try Truncated(base, lower: lower, upper: upper)
            let p = try FlowProblem(target: target, lower: lower, upper: upper, cells: cells)
            let start = try Truncated(try Normal(mean: -mu, standardDeviation: sd), lower: lower, upper: upper)
            let r = try timeToThreshold(problem: p, initial: start)
            let peak = max(target.pdf(-mu), target.pdf(mu))
            return Row(parameter: mu, supU0: r.supU0, poincare: try DiscretePoincare.constant(p),
                       valleyDepth: target.pdf(0) / peak, plateau: r.plateau, time: r.time, steps: r.steps, path: r.path)
        }
    }

    public static func narrowStarts(offsets: [Double], width: Double = 0.2, lower: Double = -8, upper: Double = 8,
                                    cells: Int = 320) throws -> [Row] {
        let target = try Truncated(try Normal(mean: 0, standardDeviation: 1), lower: lower, upper: upper)
        let p = try FlowProblem(target: target, lower: lower, upper: upper, cells: cells)
        let cp = try DiscretePoincare.constant(p)
        return try offsets.map { x0 in
            let start = try Truncated(try Normal(mean: x0, standardDeviation: width), lower: lower, upper: upper)
            let r = try timeToThreshold(problem: p, initial: start)
            return Row(parameter: x0, supU0: r.supU0, poincare: cp, valleyDepth: 1, plateau: r.plateau, time: r.time,
                       steps: r.steps, path: r.path)
        }
    }

    public static func heavyTails(halfWidths: [Double], scale: Double = 1, cellsPerUnit: Int = 20) throws -> [Row] {
        try halfWidths.map { l in
            let target = try Truncated(try Normal(mean: 0, standardDeviation: 1), lower: -l, upper: l)
            let p = try FlowProblem(target: target, lower: -l, upper: l, cells: Int(2 * l) * cellsPerUnit)
            let start = try Truncated(try Laplace(location: 0, scale: scale), lower: -l, upper: l)
            let r = try timeToThreshold(problem: p, initial: start)
            return Row(parameter: l, supU0: r.supU0, poincare: try DiscretePoincare.constant(p), valleyDepth: 1,
                       plateau: r.plateau, time: r.time, steps: r.steps, path: r.path)
        }
    }
}
