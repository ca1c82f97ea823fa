/// Why one divergence between two densities could not be computed: the kind and the
/// reason in words (a mass the nodes could not account for, an error estimate too large
/// for the value, a result outside the divergence's range, an overflow, a refused
/// parameter range). Other kinds of the same pair are unaffected.
public struct DivergenceFailure: Error, CustomStringConvertible, Sendable, Equatable {
    public var kind: DivergenceKind
    public var reason: String

    public init(kind: DivergenceKind, reason: String) {
        self.kind = kind
        self.reason = DivergenceFailure.clipped(reason)
    }

    public var description: String { "\(kind): \(reason)" }

    /// Reasons quote specs; keep them to one readable line (≤ 400 characters).
    static func clipped(_ s: String) -> String {
        s.count <= 400 ? s : String(s.prefix(397)) + "..."
    }
}
