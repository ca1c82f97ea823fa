import Foundation
import Report
import Verification

/// What `ganflow verify` prints and writes: a compact table for the terminal (id,
/// verdict, the row's headline measurement, the statement in short; at most
/// ``terminalWidth`` columns), the full table with every measurement in report.md, and
/// the same rows as JSON.
enum VerifyReport {
    /// Widest line of the terminal table.
    static let terminalWidth = 120

    /// Column budgets of the terminal table: id 3, verdict 7 (its header), headline 56, statement the rest
    /// (three separators of two spaces).
    static func compactTable(_ rows: [StatementRow]) -> String {
        let headline = 56
        let statement = terminalWidth - 3 - 7 - headline - 3 * 2
        return TextTable(header: ["id", "verdict", "headline measurement", "statement"],
                         rows: rows.map { r in
                             [r.statement.id, r.verdict.rawValue, r.measurements.first?.description ?? r.note, r.statement.words]
                         }).plain(maxWidths: [3, 7, headline, statement])
    }

    static func fullTable(_ rows: [StatementRow]) -> TextTable {
        TextTable(header: ["id", "statement", "label", "scenario", "measured", "verdict"],
                  rows: rows.map { r in
                      [r.statement.id, r.statement.words, r.statement.label.rawValue, r.scenario,
                       r.measurementsText + (r.note.isEmpty ? "" : " — " + r.note), r.verdict.rawValue]
                  })
    }

    static func summary(_ o: VerifyOutcome, quick: Bool) -> String {
        let failed = o.rows.filter { $0.verdict == .fail }
        var s = "\(o.rows.count) rows, \(o.rows.count - failed.count) pass, \(failed.count) fail"
        s += " (\(quick ? "quick" : "full") run, \(NumberText.short(o.seconds)) s)"
        if !failed.isEmpty { s += "; failed: " + failed.map(\.statement.id).joined(separator: ", ") }
        if !o.missing.isEmpty { s += "; no row (machinery missing): " + o.missing.joined(separator: ", ") }
        return s
    }

    static func markdown(_ o: VerifyOutcome, quick: Bool) -> String {
        var md = "# ganflow verify\n\n"
        md += "The statements of docs/MATH.md §2 (paper claims P1–P5; derived statements D1–D12 and the suite's "
        md += "assumptions A1–A3, labelled *derived*) measured on built-in scenarios.\n\n"
        md += "**Summary:** " + summary(o, quick: quick) + "\n\n"
        md += fullTable(o.rows).markdown() + "\n\n## Figures\n\n"
        for f in o.figures {
            md += "### \(f.plot.title)\n\n\(f.caption)\n\n![\(f.plot.title)](\(f.file))\n\n"
        }
        return md
    }

    /// The JSON document of `verify --json`.
    struct Document: Encodable {
        struct Row: Encodable {
            struct Item: Encodable {
                let name: String
                let value: JSONNumber
                let reference: String
            }
            let id: String
            let label: String
            let statement: String
            let scenario: String
            let verdict: String
            let measurements: [Item]
            let note: String
            let seconds: JSONNumber
        }
        let run: String
        let seconds: JSONNumber
        let passed: Bool
        let rows: [Row]
        let missing: [String]
    }

    static func document(_ o: VerifyOutcome, quick: Bool) -> Document {
        Document(run: quick ? "quick" : "full", seconds: JSONNumber(o.seconds), passed: o.passed,
                 rows: o.rows.map { r in
                     Document.Row(id: r.statement.id, label: r.statement.label.rawValue, statement: r.statement.words,
                                  scenario: r.scenario, verdict: r.verdict.rawValue,
                                  measurements: r.measurements.map { .init(name: $0.name, value: JSONNumber($0.value), reference: $0.reference) },
                                  note: r.note, seconds: JSONNumber(r.seconds))
                 }, missing: o.missing)
    }
}
