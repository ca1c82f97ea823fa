import Foundation
import Analytic
import Sim
import Verification

/// The rows of `ganflow verify` in the order of docs/MATH.md §2, with the SVG figures of the report.
public struct VerifyOutcome: Sendable {
    public var rows: [StatementRow]
    public var figures: [ReportFigure]
    /// Statement ids with no row (their machinery is missing).
    public var missing: [String]
    public var seconds: Double
    public var passed: Bool { rows.allSatisfy { $0.verdict == .pass } }
}
