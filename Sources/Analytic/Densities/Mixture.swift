import CGSL
import Foundation

/// A finite mixture `Σₖ wₖ pₖ(x)` with weights wₖ ≥ 0 summing to 1.
///
/// The log-density and score use log-sum-exp, so they stay finite far in the tails where
/// every component's pdf underflows. CDF, survival and interval mass are weighted sums of
/// the components' own (each computed without cancellation); the quantile is found by
/// Brent's method bracketed by the components' extreme quantiles.
public struct Mixture: Density {
    public let weights: [Double]
    public let components: [any Density]
    /// The weights as given, before normalisation: the spec prints these, so parsing the
    /// spec reproduces `weights` bit for bit (normalising twice could move the last bit).
    private let givenWeights: [Double]
    /// ln wₖ, precomputed for the log-density.
    private let logWeights: [Double]

    /// Largest allowed |Σ wₖ − 1|. Weights typed as decimals (`0.3,0.3,0.4`) sum to 1 only
    /// up to binary rounding, ~1e-16 per term; 1e-9 accepts those and rejects real typos.
    public static let weightSumTolerance = 1e-9

    public init(weights: [Double], components: [any Density]) throws {
        guard !components.isEmpty, weights.count == components.count else {
            throw InvalidArgument("mixture: needs as many weights as components and at least one (got \(weights.count) weights, \(components.count) components)")
        }
        for (i, w) in weights.enumerated() {
            guard w.isFinite, w >= 0 else {
                throw InvalidArgument("mixture: weight \(i + 1) is \(w); weights must be finite and ≥ 0")
            }
        }
        let total = weights.reduce(0, +)
        guard abs(total - 1) <= Mixture.weightSumTolerance else {
            throw InvalidArgument("mixture: weights sum to \(total), not 1")
        }
        self.givenWeights = weights
        self.weights = total == 1 ? weights : weights.map { $0 / total }
        self.logWeights = self.weights.map { log($0) }
        self.components = components
        // Support, breakpoints and integration points computed once, from the components'
        // own (already cached) values: cost linear in components and depth. Recomputing
        // them on every access cost 2^depth for nested mixtures (19 s at depth 26).
        let live = zip(self.weights, components).filter { $0.0 > 0 }.map(\.1)
        let used = live.isEmpty ? components : live
        self.cachedSupport = used.map(\.support.lowerBound).min()! ... used.map(\.support.upperBound).max()!
        self.cachedBreakpoints = IntegrationNodes.sortedUnique(used.flatMap(\.breakpoints))
        self.integrationPoints = IntegrationNodes.sortedUnique(used.flatMap { IntegrationNodes.points(of: $0) })
    }

    private let cachedSupport: ClosedRange<Double>
    private let cachedBreakpoints: [Double]
    /// The components' integration points (see ``IntegrationNodes``), sorted, computed once.
    public let integrationPoints: [Double]

    public var spec: String {
        "mixture(" + zip(givenWeights, components).map { "\(specNumber($0))*\($1.spec)" }.joined(separator: ",") + ")"
    }
    public var support: ClosedRange<Double> { cachedSupport }
    public var breakpoints: [Double] { cachedBreakpoints }
    public var median: Double { (try? quantile(0.5)) ?? components[0].median }

    public func pdf(_ x: Double) -> Double {
        var s = 0.0
        for k in components.indices where weights[k] > 0 { s += weights[k] * components[k].pdf(x) }
        return s
    }

    /// ln Σ wₖ pₖ(x) by a one-pass (streaming) log-sum-exp: no allocation per call, which
    /// matters in quadrature inner loops.
    public func logPDF(_ x: Double) -> Double {
        var top = -Double.infinity, sum = 0.0
        for k in components.indices where weights[k] > 0 {
            let t = logWeights[k] + components[k].logPDF(x)
            if t == -.infinity { continue }
            if top == -.infinity { top = t; sum = 1 }
            else if t > top { sum = sum * exp(top - t) + 1; top = t } else { sum += exp(t - top) }
        }
        return top == -.infinity ? -.infinity : top + log(sum)
    }

    /// Σ wₖ pₖ sₖ / Σ wₖ pₖ, with the weights wₖpₖ formed relative to the largest term
    /// (streaming, as in ``logPDF(_:)``).
    /// ln Σ wₖ pₖ at `anchor + offset` exactly (see ``Density/logPDF(anchor:offset:)``).
    public func logPDF(anchor: Double, offset: Double) -> Double {
        var top = -Double.infinity, sum = 0.0
        for k in components.indices where weights[k] > 0 {
            let t = logWeights[k] + components[k].logPDF(anchor: anchor, offset: offset)
            if t == -.infinity { continue }
            if top == -.infinity { top = t; sum = 1 }
            else if t > top { sum = sum * exp(top - t) + 1; top = t } else { sum += exp(t - top) }
        }
        return top == -.infinity ? -.infinity : top + log(sum)
    }

    public func score(_ x: Double) -> Double {
        var top = -Double.infinity, num = 0.0, den = 0.0
        for k in components.indices where weights[k] > 0 {
            let l = logWeights[k] + components[k].logPDF(x)
            if l == -.infinity { continue }
            let s = components[k].score(x)
            if l > top {
                let r = exp(top - l)
                num = num * r + s; den = den * r + 1; top = l
            } else {
                let w = exp(l - top)
                num += w * s; den += w
            }
        }
        return den > 0 ? num / den : 0
    }

    public func cdf(_ x: Double) -> Double {
        zip(weights, components).reduce(0) { $0 + $1.0 * $1.1.cdf(x) }
    }
    public func survival(_ x: Double) -> Double {
        zip(weights, components).reduce(0) { $0 + $1.0 * $1.1.survival(x) }
    }
    /// Weighted sum of the components' own cancellation-free masses.
    public func mass(from a: Double, to b: Double) -> Double {
        zip(weights, components).reduce(0) { $0 + $1.0 * $1.1.mass(from: a, to: b) }
    }

    public func quantile(_ p: Double) throws -> Double {
        try requireProbability(p)
        if p == 0 { return support.lowerBound }
        if p == 1 { return support.upperBound }
        let qs = try components.indices.filter { weights[$0] > 0 }.map { try components[$0].quantile(p) }
        var lo = qs.min()!, hi = qs.max()!
        if lo == hi { return lo }
        // The mixture's quantile lies between its components' quantiles at the same p.
        let width = hi - lo
        lo = max(lo - 1e-9 * width, support.lowerBound)
        hi = min(hi + 1e-9 * width, support.upperBound)
        return try numericQuantile(p, bracket: lo, hi)
    }

    public func sample(_ rng: RandomSource) -> Double {
        var u = rng.uniform()
        for k in components.indices {
            u -= weights[k]
            if u < 0 { return components[k].sample(rng) }
        }
        return components[components.count - 1].sample(rng)
    }
}

/// ln Σ exp(tᵢ), stable for very negative terms; −∞ for an empty list.
func logSumExp(_ terms: [Double]) -> Double {
    guard let top = terms.max(), top > -.infinity else { return -.infinity }
    var s = 0.0
    for t in terms { s += exp(t - top) }
    return top + log(s)
}
