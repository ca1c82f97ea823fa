import Analytic
import PropertyBased

/// Two random densities (see ``RandomDensityRecipe`` for the ranges), printed as specs.
public struct DensityPair: Sendable, CustomStringConvertible {
    public var p: RandomDensityRecipe
    public var q: RandomDensityRecipe
    public init(p: RandomDensityRecipe, q: RandomDensityRecipe) { self.p = p; self.q = q }
    public var description: String { "P = \(p)\n  Q = \(q)" }
    /// P and Q.
    public func densities() throws -> (p: any Density, q: any Density) { (try p.density(), try q.density()) }
}

/// Two normal densities P = N(μ₁, σ₁²), Q = N(μ₂, σ₂²).
public struct NormalPair: Sendable, CustomStringConvertible {
    public var mean1: Double, sd1: Double, mean2: Double, sd2: Double
    public init(mean1: Double, sd1: Double, mean2: Double, sd2: Double) {
        self.mean1 = mean1; self.sd1 = sd1; self.mean2 = mean2; self.sd2 = sd2
    }
    public var description: String { "P = normal(\(mean1),\(sd1)), Q = normal(\(mean2),\(sd2))" }
    public func densities() throws -> (Normal, Normal) {
        (try Normal(mean: mean1, standardDeviation: sd1), try Normal(mean: mean2, standardDeviation: sd2))
    }
}

extension RandomDensities {
    /// Pairs of random densities of every family.
    public static func anyPair(families: [String] = RandomDensityRecipe.allFamilies)
        -> Generator<DensityPair, some SendableSequenceType>
    {
        zip(anyDensity(families: families), anyDensity(families: families)).map { DensityPair(p: $0, q: $1) }
    }

    /// Normal pairs with means in `means` and standard deviations in `sds`.
    public static func normalPair(means: ClosedRange<Double> = -5...5, sds: ClosedRange<Double> = 0.2...5)
        -> Generator<NormalPair, some SendableSequenceType>
    {
        zip(Gen.double(in: means), Gen.double(in: sds), Gen.double(in: means), Gen.double(in: sds))
            .map { NormalPair(mean1: $0, sd1: $1, mean2: $2, sd2: $3) }
    }
}
