import Analytic
import PropertyBased

/// A random density of any family, nested in mixtures and truncations, built
/// deterministically from a list of numbers in [0, 1]. The numbers are what the
/// generator draws and shrinks; the description prints the spec they build, so a failing
/// property shows the density (and the numbers, to rebuild it).
///
/// Parameter ranges (the assumptions of the properties that use it): normal σ ∈ [0.3, 2],
/// laplace b ∈ [0.3, 2], logistic s ∈ [0.3, 1.5], student ν ∈ [1.5, 10] and σ ∈ [0.3, 2],
/// beta a, b ∈ [0.6, 6], uniform width ∈ [0.2, 4], locations in [−4, 4]; mixtures of 2–3
/// such leaves with weights ≥ 0.05; truncations to [F⁻¹(p₁), F⁻¹(p₂)] with
/// p₁ ∈ [0.001, 0.6] and p₂ − p₁ ≥ 0.05, so every truncation keeps at least 5 % of its
/// base's mass.
public struct RandomDensityRecipe: Sendable, CustomStringConvertible {
    public var numbers: [Double]
    /// Leaf families allowed (names as in specs).
    public var families: [String]

    public static let allFamilies = ["normal", "laplace", "logistic", "student", "beta", "uniform"]

    public init(numbers: [Double], families: [String] = RandomDensityRecipe.allFamilies) {
        self.numbers = numbers
        self.families = families
    }

    public var description: String {
        let built: String
        do { built = try density().spec } catch { built = "unbuildable: \(error)" }
        return "\(built)  [numbers: \(numbers)]"
    }

    /// When false, the recipe builds a leaf or a mixture, never a truncation.
    public var allowTruncation = true

    /// The same recipe without truncations (positive on the line for unbounded families).
    public var withoutTruncation: RandomDensityRecipe {
        var r = self
        r.allowTruncation = false
        return r
    }

    /// The density the numbers describe.
    public func density() throws -> any Density {
        var cursor = Cursor(numbers: numbers)
        var kind = cursor.next()
        if !allowTruncation { kind *= 0.75 }
        if kind < 0.45 { return try leaf(&cursor) }
        if kind < 0.75 { return try mixture(&cursor) }
        let base: any Density = cursor.next() < 0.5 ? try leaf(&cursor) : try mixture(&cursor)
        return try truncate(base, &cursor)
    }

    private func leaf(_ c: inout Cursor) throws -> any Density {
        let family = families[min(families.count - 1, Int(c.next() * Double(families.count)))]
        let u1 = c.next(), u2 = c.next(), u3 = c.next()
        let loc = -4 + 8 * u1
        switch family {
        case "normal": return try Normal(mean: loc, standardDeviation: 0.3 + 1.7 * u2)
        case "laplace": return try Laplace(location: loc, scale: 0.3 + 1.7 * u2)
        case "logistic": return try Logistic(location: loc, scale: 0.3 + 1.2 * u2)
        case "student": return try StudentT(degreesOfFreedom: 1.5 + 8.5 * u3, location: loc, scale: 0.3 + 1.7 * u2)
        case "beta": return try Beta(0.6 + 5.4 * u2, 0.6 + 5.4 * u3)
        default: return try Uniform(lower: loc, upper: loc + 0.2 + 3.8 * u2)
        }
    }

    private func mixture(_ c: inout Cursor) throws -> any Density {
        let n = c.next() < 0.5 ? 2 : 3
        var raw = [Double](), parts = [any Density]()
        for _ in 0..<n {
            raw.append(0.05 + 0.95 * c.next())
            parts.append(try leaf(&c))
        }
        let total = raw.reduce(0, +)
        var weights = raw.map { $0 / total }
        // Make the typed weights sum to 1 up to rounding: the last one takes the rest.
        weights[n - 1] = 1 - weights[0..<(n - 1)].reduce(0, +)
        return try Mixture(weights: weights, components: parts)
    }

    private func truncate(_ base: any Density, _ c: inout Cursor) throws -> any Density {
        let p1 = 0.001 + 0.599 * c.next()
        let p2 = p1 + 0.05 + (0.999 - p1 - 0.05) * c.next()
        return try Truncated(base, lower: try base.quantile(p1), upper: try base.quantile(p2))
    }

    private struct Cursor {
        var numbers: [Double]
        var i = 0
        mutating func next() -> Double {
            defer { i += 1 }
            return numbers.isEmpty ? 0.5 : min(1, max(0, numbers[i % numbers.count]))
        }
    }
}

extension RandomDensities {
    /// Random densities of every family (see ``RandomDensityRecipe`` for the ranges).
    public static func anyDensity(families: [String] = RandomDensityRecipe.allFamilies)
        -> Generator<RandomDensityRecipe, some SendableSequenceType>
    {
        Gen.double(in: 0...1).array(of: 20).map { RandomDensityRecipe(numbers: $0, families: families) }
    }
}
