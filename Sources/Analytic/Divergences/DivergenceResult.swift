/// A divergence with its quadrature error estimate, or the statement that it is infinite.
public struct DivergenceResult: Sendable, Equatable, CustomStringConvertible {
    public var kind: DivergenceKind
    /// The value; `+∞` when ``isFinite`` is false.
    public var value: Double
    /// Estimated absolute error of `value` (sum of GSL's estimates over the pieces);
    /// 0 for an infinite divergence, which is decided by a rule, not computed.
    public var error: Double
    /// False when the divergence is +∞ (see ``TailFiniteness`` for the rules).
    public var isFinite = true
    /// Integrand evaluations used.
    public var evaluations: Int
    /// Why the divergence is infinite, in words; nil when finite.
    public var reason: String? = nil

    public init(kind: DivergenceKind, value: Double, error: Double, evaluations: Int) {
        self.kind = kind
        self.value = value
        self.error = error
        self.evaluations = evaluations
    }

    /// An infinite divergence, with the reason.
    public static func infinite(_ kind: DivergenceKind, reason: String, evaluations: Int = 0) -> DivergenceResult {
        var r = DivergenceResult(kind: kind, value: .infinity, error: 0, evaluations: evaluations)
        r.isFinite = false
        r.reason = reason
        return r
    }

    public var description: String {
        isFinite ? "\(kind) = \(value) ± \(error)" : "\(kind) = ∞ (\(reason ?? "infinite"))"
    }
}
