import Foundation
import Verification
import Analytic
import Sim

/// One row of `ganflow verify`: the statement, the scenario it was measured on, the
/// measurements, and the verdict.
public struct StatementRow: Sendable, CustomStringConvertible {
    public let statement: Statement
    public let scenario: String
    public let measurements: [Measurement]
    public let verdict: Verdict
    /// Seconds the row took.
    public var seconds: Double
    /// What the measurements mean or why the row failed (e.g. the error a computation threw).
    public var note: String = ""

    public init(statement: Statement, scenario: String, measurements: [Measurement], verdict: Verdict, seconds: Double = 0) {
        self.statement = statement
        self.scenario = scenario
        self.measurements = measurements
        self.verdict = verdict
        self.seconds = seconds
    }

    /// A row whose verdict is whether every condition holds.
    public init(_ statement: Statement, scenario: String, measurements: [Measurement], holds: Bool) {
        self.init(statement: statement, scenario: scenario, measurements: measurements, verdict: holds ? .pass : .fail)
    }

    public var measurementsText: String { measurements.map(\.description).joined(separator: "; ") }

    public var description: String {
        "\(statement.id) [\(verdict)] \(scenario): \(measurementsText)"
    }
}
