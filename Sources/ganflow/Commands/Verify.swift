import ArgumentParser
import Foundation
import Sim
import Report
import Verification

/// `ganflow verify`: the statements of MATH.md §2 as a table of measured rows.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the theorem battery (P1–P5, D1–D12, A1–A3) on built-in scenarios and print one row per statement.",
        discussion: "Progress goes to stderr; the table and the summary to stdout. Exit status 1 if any row fails.")

    @Flag(help: "Small grids and short horizons (under 30 s); the full run takes a few minutes.")
    var quick = false

    @Option(help: "Also write report.md and SVG figures into this directory.")
    var out: String?

    @Flag(help: "Write into --out even if the directory exists.")
    var force = false

    @Flag(help: "No progress lines on stderr.")
    var silent = false

    func run() throws {
        let progress = Progress(enabled: !silent)
        // Refuse an existing --out before spending minutes on the battery.
        let dir = try out.map { try ReportDirectory(path: $0, force: force) }
        progress.line("ganflow verify: \(quick ? "quick" : "full") run of \(VerifyRunner.groups.count) scenario groups")
        let outcome = VerifyRunner.run(size: VerifySize(quick: quick), progress: progress.line)
        print(VerifyReport.table(outcome.rows).plain())
        print("")
        print(VerifyReport.summary(outcome, quick: quick))
        if let dir {
            try dir.write("report.md", VerifyReport.markdown(outcome, quick: quick))
            for f in outcome.figures { try dir.write(f.file, f.plot.render()) }
            progress.line("report written to \(dir.url.path)/report.md with \(outcome.figures.count) figures")
        }
        if !outcome.passed { throw ExitCode(1) }
    }
}
