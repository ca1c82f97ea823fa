/// Why a density spec could not be parsed: the spec, where in it the problem is, the
/// offending part quoted, and the reason.
///
/// ```
/// invalid density spec "mixture(0.5*normal(0,1),0.6*normal(2,1))": weights sum to 1.1, not 1 (at column 1: "mixture(0.5*normal(0,1),0.6*normal(2,1))")
/// ```
public struct DensitySpecError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The whole spec as given.
    public let spec: String
    /// Offset of the offending part in `spec`, in characters from 0.
    public let position: Int
    /// The offending part of the spec (a name, a number, a call), or "" at the end.
    public let part: String
    /// What is wrong with it.
    public let reason: String

    public init(spec: String, position: Int, part: String, reason: String) {
        self.spec = spec
        self.position = position
        self.part = part
        self.reason = reason
    }

    /// One line: the spec, the reason, the 1-based column and the quoted part.
    /// Quotes of the spec and of the part are cut to ``quoteLimit`` characters: a
    /// 100 000-character spec must not be echoed back whole.
    public var description: String {
        let what = part.isEmpty ? "end of spec" : "\"\(Self.clip(part))\""
        return "invalid density spec \"\(Self.clip(spec))\": \(reason) (at column \(position + 1): \(what))"
    }

    /// Longest quote of user input in a message.
    public static let quoteLimit = 80

    static func clip(_ s: String) -> String {
        s.count <= quoteLimit ? s : String(s.prefix(quoteLimit - 3)) + "..."
    }
}
