/// Whether a statement is a claim of the paper (as the seed states it) or a consequence
/// worked out for this suite (MATH.md marks these **(derived)**; they are never attributed
/// to the paper).
public enum StatementLabel: String, Sendable, Codable, CustomStringConvertible {
    case paperClaim = "paper claim"
    case derived = "derived"
    public var description: String { rawValue }
}

/// A statement of MATH.md §2: its id (P1…P5, D1…D12, A1…A3), the statement in words, and
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

/// The verdict of one row: the statement's prediction held on the scenario, or it failed.
/// For an observed (not proved) effect such as D12 the prediction is the effect's
/// direction (e.g. the plateau grows with sup u₀), and the row says so in its figures.
public enum Verdict: String, Sendable, Codable, CustomStringConvertible {
    case pass = "pass"
    case fail = "FAIL"
    public var description: String { rawValue }
}

/// A measured figure of a row: a name, a value and how to read it (e.g.
/// "max JS increase per step", 0, "≤ 1e-15 round-off").
public struct Figure: Sendable, CustomStringConvertible {
    public let name: String
    public let value: Double
    /// What the value is compared with, in words ("bound 0.31", "theory 2"); may be empty.
    public let reference: String

    public init(_ name: String, _ value: Double, _ reference: String = "") {
        self.name = name
        self.value = value
        self.reference = reference
    }

    public var description: String {
        let v = Figure.format(value)
        return reference.isEmpty ? "\(name) = \(v)" : "\(name) = \(v) (\(reference))"
    }

    /// Four significant digits, scientific outside [1e-3, 1e4).
    public static func format(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == 0 { return "0" }
        let a = abs(x)
        if a >= 1e-3 && a < 1e4 {
            var s = String(format: "%.4g", x)
            if s.contains("e") { s = String(format: "%.4f", x) }
            return s
        }
        return String(format: "%.3e", x)
    }
}

/// One row of `ganflow verify`: the statement, the scenario it was measured on, the
/// figures, and the verdict.
public struct StatementRow: Sendable, CustomStringConvertible {
    public let statement: Statement
    public let scenario: String
    public let figures: [Figure]
    public let verdict: Verdict
    /// Seconds the row took.
    public var seconds: Double
    /// What the figures mean or why the row failed (e.g. the error a computation threw).
    public var note: String = ""

    public init(statement: Statement, scenario: String, figures: [Figure], verdict: Verdict, seconds: Double = 0) {
        self.statement = statement
        self.scenario = scenario
        self.figures = figures
        self.verdict = verdict
        self.seconds = seconds
    }

    /// A row whose verdict is whether every condition holds.
    public init(_ statement: Statement, scenario: String, figures: [Figure], holds: Bool) {
        self.init(statement: statement, scenario: scenario, figures: figures, verdict: holds ? .pass : .fail)
    }

    public var figuresText: String { figures.map(\.description).joined(separator: "; ") }

    public var description: String {
        "\(statement.id) [\(verdict)] \(scenario): \(figuresText)"
    }
}
