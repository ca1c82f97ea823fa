/// The text form of a 2D density, parsed into a ``PlaneDensity``.
///
/// Grammar (whitespace allowed between tokens, names case-insensitive):
/// ```
/// spec2 := normal2(mx, my, sx, sy, r) | product(spec, spec) | ring(k, radius, sigma)
///        | mixture(w₁*spec2, w₂*spec2, …) | truncated(spec2, ax, bx, ay, by)
/// ```
/// where `spec` is a 1D spec (``DensitySpec``), parsed by the 1D grammar. The limits are
/// the 1D ones, counted over the whole spec: at most ``DensitySpec/maximumLength``
/// characters, ``DensitySpec/maximumDepth`` levels of nesting (a product's factors nest one
/// level below it), ``DensitySpec/maximumLeaves`` leaves (each normal2, each 1D leaf of a
/// product, and each of a ring's k components counts one), weights ≥ 0 summing to 1 within
/// ``Mixture/weightSumTolerance``. Parameter ranges: ``AcceptedRanges2D``. A 1D density
/// where a 2D one is expected (or the reverse) is a ``DensitySpecError`` saying so.
/// Every density's ``PlaneDensity/spec`` parses back to a density with the same spec.
public enum DensitySpec2D {
    /// The names of 2D densities, for error messages.
    public static let knownNames = ["normal2", "product", "ring", "mixture", "truncated"]

    /// Parses `spec` into a 2D density; throws ``DensitySpecError``.
    public static func parse(_ spec: String) throws -> any PlaneDensity {
        var parser = DensitySpecParser(spec)
        return try parser.parseWhole2D()
    }

    /// Whether `spec` is a 2D spec: its first density name (after any `mixture(w*` and
    /// `truncated(` wrappers) is one of normal2, product or ring. For choosing the dimension
    /// of a command from its specs; a spec that is neither parses with the 1D grammar.
    public static func isTwoDimensional(_ spec: String) -> Bool {
        let lowered = spec.prefix(DensitySpec.maximumLength).lowercased()
        var name = ""
        for c in lowered {
            if c.isLetter || (c.isNumber && !name.isEmpty) { name.append(c); continue }
            if name == "mixture" || name == "truncated" || name.isEmpty { name = ""; continue }
            break
        }
        return ["normal2", "product", "ring"].contains(name)
    }
}
