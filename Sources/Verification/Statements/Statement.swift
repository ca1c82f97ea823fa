import Analytic
import Sim
/// A statement of docs/MATH.md §2: its id (P1…P5, D1…D12, A1…A3), the statement in words, and
/// its label.
public struct Statement: Sendable, Hashable, CustomStringConvertible {
    public let id: String
    public let words: String
    public let label: StatementLabel

    public init(id: String, words: String, label: StatementLabel) {
        self.id = id
        self.words = words
        self.label = label
    }

    public var description: String { "\(id) (\(label)): \(words)" }
}
