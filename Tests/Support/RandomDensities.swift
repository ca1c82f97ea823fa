import Analytic
import PropertyBased

/// Parameters of a random normal mixture, kept as plain numbers so that a failing
/// property prints them (and their spec) and shrinking stays inside the bounds.
public struct MixtureParameters: Sendable, CustomStringConvertible {
    public var weights: [Double]
    public var means: [Double]
    public var standardDeviations: [Double]

    /// The mixture's spec, e.g. `mixture(0.3*normal(-1,0.5),0.7*normal(2,1))`.
    public var spec: String {
        "mixture(" + zip(weights, zip(means, standardDeviations))
            .map { "\($0)*normal(\($1.0),\($1.1))" }.joined(separator: ",") + ")"
    }
    public var description: String { spec }

    /// The density on the line.
    public func density() throws -> Mixture {
        try Mixture(weights: weights,
                    components: try zip(means, standardDeviations).map { try Normal(mean: $0, standardDeviation: $1) })
    }

    /// The density truncated to [a, b] and renormalised there.
    public func density(on a: Double, _ b: Double) throws -> Truncated {
        try Truncated(try density(), lower: a, upper: b)
    }
}

public enum RandomDensities {
    /// Mixtures of 1…`maxComponents` normals with means in `means`, standard deviations in
    /// `standardDeviations` and weights ≥ `minimumWeight` (normalised to sum to 1).
    public static func normalMixture(
        components: ClosedRange<Int> = 1...3,
        means: ClosedRange<Double> = -4...4,
        standardDeviations: ClosedRange<Double> = 0.3...2,
        minimumWeight: Double = 0.05
    ) -> Generator<MixtureParameters, some SendableSequenceType> {
        let one = zip(Gen.double(in: 0...1), Gen.double(in: means), Gen.double(in: standardDeviations))
        return one.array(of: components).map { parts in
            let raw = parts.map { minimumWeight + (1 - minimumWeight) * $0.0 }
            let total = raw.reduce(0, +)
            return MixtureParameters(weights: raw.map { $0 / total },
                                     means: parts.map(\.1),
                                     standardDeviations: parts.map(\.2))
        }
    }
}
