import Sim
import Report
import Verification

/// The Markdown of `ganflow verify --out DIR`: the table of rows, the summary, and the
/// figures (SVG files beside report.md).
enum VerifyReport {
    static func table(_ rows: [StatementRow]) -> TextTable {
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
        md += "The statements of MATH.md §2 (paper claims P1–P5; derived statements D1–D12 and the suite's "
        md += "assumptions A1–A3, labelled *derived*) measured on built-in scenarios.\n\n"
        md += "**Summary:** " + summary(o, quick: quick) + "\n\n"
        md += table(o.rows).markdown() + "\n\n## Figures\n\n"
        for f in o.figures {
            md += "### \(f.plot.title)\n\n\(f.caption)\n\n![\(f.plot.title)](\(f.file))\n\n"
        }
        return md
    }
}
