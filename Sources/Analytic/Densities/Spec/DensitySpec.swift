/// The text form of a density, parsed into a ``Density``.
///
/// Grammar (whitespace allowed between any two tokens, names case-insensitive):
/// ```
/// spec      := normal(μ, σ) | laplace(μ, b) | logistic(μ, s) | student(ν, μ, σ)
///            | beta(a, b) | uniform(a, b)
///            | mixture(w₁*spec, w₂*spec, …) | truncated(spec, a, b)
/// ```
/// Numbers are Swift `Double` literals (`-1.5e-3`). Every parameter must be finite;
/// scales σ, b, s, ν and beta's a, b must be > 0; `uniform` and `truncated` need a < b;
/// mixture weights must be ≥ 0 and sum to 1 within ``Mixture/weightSumTolerance``.
/// Anything else is a ``DensitySpecError`` quoting the spec and the offending part.
///
/// Every density's ``Density/spec`` parses back to an equal density
/// (``DensitySpec/equal(_:_:)``): parameters are printed in Swift's shortest
/// round-tripping decimal form.
public enum DensitySpec {
    /// The families with plain numeric parameters: name, parameter names, and which
    /// parameters must be strictly positive.
    struct Family: Sendable {
        let name: String
        let parameters: [String]
        let positive: Set<Int>
    }

    static let families: [Family] = [
        Family(name: "normal", parameters: ["μ", "σ"], positive: [1]),
        Family(name: "laplace", parameters: ["μ", "b"], positive: [1]),
        Family(name: "logistic", parameters: ["μ", "s"], positive: [1]),
        Family(name: "student", parameters: ["ν", "μ", "σ"], positive: [0, 2]),
        Family(name: "beta", parameters: ["a", "b"], positive: [0, 1]),
        Family(name: "uniform", parameters: ["a", "b"], positive: []),
    ]

    /// Every name the parser knows, for error messages.
    public static let knownNames = families.map(\.name) + ["mixture", "truncated"]

    /// Longest spec accepted, in characters.
    public static let maximumLength = 10_000
    /// Deepest nesting of mixtures and truncations accepted (a leaf alone is depth 1). The
    /// recursive-descent parser recurses once per level, so this also bounds its stack.
    public static let maximumDepth = 32
    /// Most leaf densities (normal, beta, …) one spec may contain: integration costs
    /// grow with leaves × nodes, and 200 keeps a divergence within seconds.
    public static let maximumLeaves = 200

    /// Parses `spec` into a density; throws ``DensitySpecError``.
    public static func parse(_ spec: String) throws -> any Density {
        var parser = DensitySpecParser(spec)
        return try parser.parseWhole()
    }

    /// Structural equality of two densities: same family, same parameters bit for bit
    /// (mixtures: same weights and equal components in order; truncations: same bounds
    /// and equal bases). Densities of other conforming types compare by their specs.
    public static func equal(_ x: any Density, _ y: any Density) -> Bool {
        switch (x, y) {
        case let (a as Normal, b as Normal): return a == b
        case let (a as Laplace, b as Laplace): return a == b
        case let (a as Logistic, b as Logistic): return a == b
        case let (a as StudentT, b as StudentT): return a == b
        case let (a as Beta, b as Beta): return a == b
        case let (a as Uniform, b as Uniform): return a == b
        case let (a as Mixture, b as Mixture):
            return a.weights == b.weights && a.components.count == b.components.count
                && zip(a.components, b.components).allSatisfy { equal($0, $1) }
        case let (a as Truncated, b as Truncated):
            return a.lower == b.lower && a.upper == b.upper && equal(a.base, b.base)
        default:
            return type(of: x) == type(of: y) && x.spec == y.spec
        }
    }
}
