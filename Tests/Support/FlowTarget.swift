import Analytic
import Foundation
import PropertyBased
import Sim

/// A random target density ρd for the finite-volume property tests, with the box [lower, upper]
/// it is solved on (zero-flux walls at both ends).
///
/// Families and ranges (what the flow statements are tested over):
/// - **normal mixtures**: 1–3 components, standard deviations log-uniform in [0.1, 1.5], means
///   within ± the largest standard deviation of 0, weights ≥ 0.05; the box reaches
///   L ∈ [3, 6] largest standard deviations beyond the outer means (ρd at the walls down to
///   e^{−18} ≈ 1.5e-8 of its peak). Narrow components are under-resolved on coarse grids on
///   purpose: the discrete statements hold for any grid.
/// - **deep valleys** (A3 near its edge): w·N(−d, σ²) + (1 − w)·N(d, σ²), σ ∈ [0.1, 1],
///   w ∈ [0.2, 0.8], with d = σ√(2 ln(2/r)) for a valley depth r log-uniform in [1e-8, 1e-2]
///   (ρd at 0 relative to the peaks, for equal weights); box d + L σ, L ∈ [3, 5]. C_P grows like 1/r.
/// - **Student t**: ν log-uniform in [1, 10], scale σ ∈ [0.1, 1.5], location within ±σ, on
///   [−Kσ, Kσ] with K log-uniform in [5, 100] (polynomial tails: ρd at the walls down to ~1e-22 of
///   its peak).
/// - **beta(a, b) on [0, 1]** (the box is the support): shapes in [0.5, 6] or exactly 1. At a
///   wall ρd has a pole (shape < 1), jumps to a positive value (shape 1) or vanishes like
///   x^{a−1} (shape > 1).
/// - **uniform(c, c + w)** on its own support (ρd jumps at both walls), c ∈ [−2, 2],
///   w ∈ [0.1, 8]; and **a plateau on a bump**: p·uniform(c, c + w) + (1 − p)·N(μ, σ²)
///   truncated to [c, c + W], W = w(1 + s), s ∈ [0.2, 2] (a jump at the left wall and one inside
///   the box), p ∈ [0.2, 0.9], μ inside the box, σ ∈ [1/8, 1/2]·W, so that the far wall is at
///   most 8σ from μ (ρd there ≥ e^{−32} ≈ 1e-14 of the bump's peak: a narrower bump left
///   ρd ~ 1e-85 at the wall and u₀ ~ 1e84, where the solver's structure guard overflows).
///
/// Every target is positive on the open box and connected (A1); on a bounded box every one
/// satisfies a Poincaré inequality (A3), with a constant up to ~1e8σ² for the deepest valleys.
/// ρd is bounded below by a positive constant on the box except for a beta with a shape above 1,
/// where it vanishes at that wall (``vanishesAtWall``): there a start independent of ρd has
/// u₀ = ρ₀/ρd unbounded (A2 fails in the continuum; on a grid u₀ is bounded but grid-dependent).
public enum FlowTarget: Sendable, CustomStringConvertible {
    case normalMixture(MixtureParameters, reach: Double)
    case deepValley(sd: Double, weight: Double, depth: Double, reach: Double)
    case studentT(nu: Double, location: Double, scale: Double, halfWidth: Double)
    case beta(a: Double, b: Double)
    case uniform(lower: Double, width: Double)
    case plateau(lower: Double, width: Double, stretch: Double, weight: Double, meanFraction: Double, sdFraction: Double)

    /// The box the target is solved on.
    public var domain: (lower: Double, upper: Double) {
        switch self {
        case let .normalMixture(m, reach):
            let s = m.standardDeviations.max()!
            return (m.means.min()! - reach * s, m.means.max()! + reach * s)
        case let .deepValley(sd, _, depth, reach):
            let d = separation(sd: sd, depth: depth)
            return (-d - reach * sd, d + reach * sd)
        case let .studentT(_, _, _, halfWidth): return (-halfWidth, halfWidth)
        case .beta: return (0, 1)
        case let .uniform(lower, width): return (lower, lower + width)
        case let .plateau(lower, width, stretch, _, _, _): return (lower, lower + width * (1 + stretch))
        }
    }

    private func separation(sd: Double, depth: Double) -> Double { sd * (2 * log(2 / depth)).squareRoot() }

    /// Whether ρd → 0 at a wall of the box (a beta with a shape above 1).
    public var vanishesAtWall: Bool {
        if case let .beta(a, b) = self { return a > 1 || b > 1 }
        return false
    }

    /// ρd (normalised on the box).
    public func density() throws -> any Density {
        let (a, b) = domain
        switch self {
        case let .normalMixture(m, _): return try m.density(on: a, b)
        case let .deepValley(sd, w, depth, _):
            let d = separation(sd: sd, depth: depth)
            let mix = try Mixture(weights: [w, 1 - w], components: [try Normal(mean: -d, standardDeviation: sd),
                                                                    try Normal(mean: d, standardDeviation: sd)])
            return try Truncated(mix, lower: a, upper: b)
        case let .studentT(nu, loc, scale, _):
            return try Truncated(try StudentT(degreesOfFreedom: nu, location: loc, scale: scale), lower: a, upper: b)
        case let .beta(p, q): return try Beta(p, q)
        case let .uniform(lower, width): return try Uniform(lower: lower, upper: lower + width)
        case let .plateau(lower, width, _, weight, meanFraction, sdFraction):
            let span = b - a
            let mix = try Mixture(weights: [weight, 1 - weight], components: [
                try Uniform(lower: lower, upper: lower + width),
                try Normal(mean: a + meanFraction * span, standardDeviation: sdFraction * span)])
            return try Truncated(mix, lower: a, upper: b)
        }
    }

    /// The finite-volume problem of this target on `cells` cells of its box.
    public func problem(cells: Int, flow: FlowDivergence = .js) throws -> FlowProblem {
        let (a, b) = domain
        return try FlowProblem(target: try density(), lower: a, upper: b, cells: cells, flow: flow)
    }

    public var description: String {
        let (a, b) = domain
        let spec = (try? density().spec) ?? "unbuildable"
        switch self {
        case let .deepValley(_, _, depth, _): return "\(spec) on [\(a), \(b)] (valley depth \(depth))"
        default: return "\(spec) on [\(a), \(b)]"
        }
    }
}

extension RandomFlowProblems {
    static func logUniform(_ range: ClosedRange<Double>) -> Generator<Double, some SendableSequenceType> {
        Gen.double(in: log(range.lowerBound)...log(range.upperBound)).map { exp($0) }
    }

    static func normalMixtureTargets() -> Generator<FlowTarget, some SendableSequenceType> {
        let part = zip(Gen.double(in: 0...1), Gen.double(in: -1...1), logUniform(0.1...1.5))
        return zip(part.array(of: 1...3), Gen.double(in: 3...6)).map { parts, reach in
            let raw = parts.map { 0.05 + 0.95 * $0.0 }, total = raw.reduce(0, +)
            let s = parts.map(\.2).max()!
            let m = MixtureParameters(weights: raw.map { $0 / total }, means: parts.map { $0.1 * s },
                                      standardDeviations: parts.map(\.2))
            return FlowTarget.normalMixture(m, reach: reach)
        }
    }

    static func deepValleyTargets() -> Generator<FlowTarget, some SendableSequenceType> {
        zip(Gen.double(in: 0.1...1), Gen.double(in: 0.2...0.8), logUniform(1e-8...1e-2), Gen.double(in: 3...5)).map {
            FlowTarget.deepValley(sd: $0, weight: $1, depth: $2, reach: $3)
        }
    }

    static func studentTargets() -> Generator<FlowTarget, some SendableSequenceType> {
        zip(logUniform(1...10), Gen.double(in: -1...1), Gen.double(in: 0.1...1.5), logUniform(5...100)).map {
            FlowTarget.studentT(nu: $0, location: $1 * $2, scale: $2, halfWidth: $3 * $2)
        }
    }

    static func betaTargets() -> Generator<FlowTarget, some SendableSequenceType> {
        // A shape is exactly 1 (ρd jumps at that wall) with probability 1/4.
        let shape = zip(Gen.double(in: 0.5...6), Gen.int(in: 0...3)).map { $1 == 0 ? 1.0 : $0 }
        return zip(shape, shape).map { FlowTarget.beta(a: $0, b: $1) }
    }

    static func uniformTargets() -> Generator<FlowTarget, some SendableSequenceType> {
        zip(Gen.double(in: -2...2), logUniform(0.1...8), Gen.double(in: 0.2...2), Gen.double(in: 0.2...0.9),
            Gen.double(in: 0...1), Gen.double(in: 0.125...0.5), Gen.bool).map { c, w, s, p, mu, sd, plain in
            plain ? FlowTarget.uniform(lower: c, width: w)
                  : FlowTarget.plateau(lower: c, width: w, stretch: s, weight: p, meanFraction: mu, sdFraction: sd)
        }
    }

    /// Every target family of ``FlowTarget``: normal mixtures 3/8 of the draws (the flows the
    /// tests were first written for, now with widths down to 0.1), uniform and plateau targets
    /// 2/8, deep valleys, Student t and beta 1/8 each.
    public static func targets() -> Generator<FlowTarget, some SendableSequenceType> {
        Gen.frequency((weight: 3, gen: normalMixtureTargets()), (weight: 1, gen: deepValleyTargets()),
                      (weight: 1, gen: studentTargets()), (weight: 1, gen: betaTargets()),
                      (weight: 2, gen: uniformTargets()))
    }
}
