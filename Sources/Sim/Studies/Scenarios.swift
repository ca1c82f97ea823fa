import Analytic

/// The built-in scenarios of `ganflow verify`, shared with the tests and benchmarks.
public enum Scenarios {
    /// S1 (the reference scenario of the solver benchmark): domain [−8, 8], target normal(0,1), initial
    /// normal(−3, 0.5) (both truncated to the domain), JS flow.
    public static func s1(cells: Int, flow: FlowDivergence = .js) throws -> (problem: FlowProblem, initial: any Density) {
        let target = try Truncated(try Normal(mean: 0, standardDeviation: 1), lower: -8, upper: 8)
        let initial = try Truncated(try Normal(mean: -3, standardDeviation: 0.5), lower: -8, upper: 8)
        return (try FlowProblem(target: target, lower: -8, upper: 8, cells: cells, flow: flow), initial)
    }

    public static func s1Name(_ cells: Int) -> String {
        "S1: [−8,8], ρd = normal(0,1), ρ0 = normal(−3,0.5), JS, \(cells) cells"
    }

    /// A symmetric bimodal target `½N(−m, 0.6²) + ½N(m, 0.6²)` truncated to [−8, 8].
    public static func bimodal(separation m: Double) throws -> any Density {
        try Truncated(try Mixture(weights: [0.5, 0.5], components: [try Normal(mean: -m, standardDeviation: 0.6),
                                                                      try Normal(mean: m, standardDeviation: 0.6)]),
                      lower: -8, upper: 8)
    }

    /// A target with a gap: normal(∓3, 1) restricted to [−6, −1] and [1, 6], weights ½,
    /// on [−6, 6]; ρd = 0 on (−1, 1).
    public static func gapTarget() throws -> any Density {
        try Mixture(weights: [0.5, 0.5], components: [
            try Truncated(try Normal(mean: -3, standardDeviation: 1), lower: -6, upper: -1),
            try Truncated(try Normal(mean: 3, standardDeviation: 1), lower: 1, upper: 6)])
    }

    /// A start on the gap target's support with mass `left` on the left component.
    public static func gapStart(left: Double) throws -> any Density {
        try Mixture(weights: [left, 1 - left], components: [
            try Truncated(try Normal(mean: -2, standardDeviation: 0.5), lower: -6, upper: -1),
            try Truncated(try Normal(mean: 4, standardDeviation: 0.7), lower: 1, upper: 6)])
    }
}
