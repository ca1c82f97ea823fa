import Analytic
import Sim
/// Whether a statement is a claim of the paper (as the paper states it) or a consequence
/// worked out for this suite (docs/MATH.md marks these **(derived)**; they are never attributed
/// to the paper).
public enum StatementLabel: String, Sendable, Codable, CustomStringConvertible {
    case paperClaim = "paper claim"
    case derived = "derived"
    public var description: String { rawValue }
}
