/// The divergences ganflow computes between two densities P (density p) and Q (q).
///
/// | kind | definition | range |
/// |---|---|---|
/// | `.js` | ½KL(P‖M) + ½KL(Q‖M), M = (P+Q)/2 | [0, ln 2] |
/// | `.kl` | KL(P‖Q) = ∫ p ln(p/q) | [0, ∞] |
/// | `.chi2` | χ²(P‖Q) = ∫ (p − q)²/q | [0, ∞] |
/// | `.tv` | ½ ∫ \|p − q\| | [0, 1] |
/// | `.hellinger2` | ½ ∫ (√p − √q)² | [0, 1] |
///
/// Natural logarithms throughout (docs/MATH.md §1).
public enum DivergenceKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case js, kl, chi2, tv, hellinger2

    public var description: String { rawValue }

    /// Whether the divergence is bounded for every pair (then it is never infinite).
    public var isBounded: Bool {
        switch self {
        case .js, .tv, .hellinger2: return true
        case .kl, .chi2: return false
        }
    }
}
