import ArgumentParser
import Foundation
import Report
import Verification

/// `ganflow verify [ID …]`: the statements of docs/MATH.md §2 as rows measured on built-in
/// scenarios (the main job: `ganflow` with no arguments runs it).
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the statements P1–P5, D1–D12, A1–A3 on built-in scenarios (a row each, some in 1D and in 2D).",
        discussion: """
        The terminal table shows each row's id, verdict, headline measurement and statement \
        (at most 120 columns); --out DIR writes report.md with every measurement and the SVG \
        figures, --json prints every measurement as one JSON object. Progress goes to stderr. \
        The full run takes about 200 s of processor time (its seed studies use both cores of a \
        two-core machine), --quick about 10 s. Exit status 1 if any row fails.
        """)

    @Argument(help: "Statement ids to run (e.g. P1 D6); all when none are given.")
    var ids: [String] = []

    @Flag(help: "Small grids and short horizons (about a third of the full run's time).")
    var quick = false

    @Option(help: "Also write report.md and the SVG figures into this directory (all or nothing).")
    var out: String?

    @Flag(help: "Replace the --out directory if it exists.")
    var force = false

    @Flag(help: "No progress lines on stderr.")
    var silent = false

    @OptionGroup var output: JSONOptions

    func validate() throws {
        let known = StatementCatalogue.all.map(\.id)
        for id in ids where !known.contains(id.uppercased()) {
            throw ValidationError("unknown statement '\(InputEcho.clip(id, 20))' (known: \(known.joined(separator: " ")))")
        }
    }

    func run() throws {
        let progress = Progress(enabled: !silent)
        // Refuse an unusable --out before spending seconds on the rows.
        let dir = try out.map { try ReportDirectory(path: $0, force: force) }
        let only = ids.isEmpty ? nil : Set(ids.map { $0.uppercased() })
        let groups = only.map { w in VerifyRunner.groups.filter { !w.isDisjoint(with: $0.ids) } } ?? VerifyRunner.groups
        progress.line("ganflow verify: \(quick ? "quick" : "full") run of \(groups.count) scenario groups")
        var outcome = VerifyRunner.run(size: VerifySize(quick: quick), only: only, progress: progress.line)
        if let only { outcome.rows = outcome.rows.filter { only.contains($0.statement.id) } }
        if output.json {
            try JSONOutput.print(VerifyReport.document(outcome, quick: quick))
        } else {
            print(VerifyReport.compactTable(outcome.rows))
            print("")
            print(VerifyReport.summary(outcome, quick: quick))
        }
        if let dir {
            try dir.writeAll([("report.md", VerifyReport.markdown(outcome, quick: quick))]
                             + outcome.figures.map { ($0.file, $0.plot.render()) })
            progress.line("report written to \(dir.url.path)/report.md with \(outcome.figures.count) figures")
        }
        if !outcome.passed { throw ExitCode(1) }
    }
}
