import Foundation

/// A watchdog for one property case: a case still running after ``reportAfter`` seconds has
/// its input written to standard error (so that a hang names the input that hangs, which
/// `propertyCheck` prints only when a case returns), and one still running after
/// ``abortAfter`` seconds ends the test process with exit status 1, so that a hung case fails
/// the run instead of holding it until an outer time limit.
///
/// Why these limits: the whole test suite takes under a minute on two cores, and its
/// costliest property case well under ten seconds; a case at 60 s is hung or starved, and at
/// 180 s — three times the whole suite, enough for a machine loaded twice over — it is hung.
public enum CaseWatchdog {
    public static let reportAfter = 60.0
    public static let abortAfter = 180.0

    /// Runs `body` under the watchdog; `label` is evaluated only if a limit is reached.
    /// `report` receives the line at ``reportAfter`` (standard error by default); the limits
    /// are parameters so that the watchdog itself can be tested in a fraction of a second.
    public static func watching<T>(_ label: @escaping () -> String,
                                   reportAfter: Double = CaseWatchdog.reportAfter,
                                   abortAfter: Double = CaseWatchdog.abortAfter,
                                   report: @escaping @Sendable (String) -> Void = { CaseWatchdog.write($0) },
                                   _ body: () async throws -> T) async rethrows -> T {
        let describe = UncheckedLabel(make: label)
        let reportItem = DispatchWorkItem {
            report("case still running after \(reportAfter) s: \(describe.text())")
        }
        // The abort line does not evaluate the label: a hang inside the input's own
        // description (which the report at `reportAfter` evaluates) must still end the run.
        let abortItem = DispatchWorkItem {
            CaseWatchdog.write("case still running after \(abortAfter) s, ending the test run as hung (its input is on the line reported at \(reportAfter) s)")
            exit(1)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + reportAfter, execute: reportItem)
        DispatchQueue.global().asyncAfter(deadline: .now() + abortAfter, execute: abortItem)
        defer { reportItem.cancel(); abortItem.cancel() }
        return try await body()
    }

    /// One line on standard error, the input cut to 2000 characters.
    public static func write(_ line: String) {
        let text = line.count > 2000 ? String(line.prefix(2000)) + " …" : line
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// The label closure, handed to the watchdog's queue; it reads only the case's input,
    /// a value the case does not mutate.
    private struct UncheckedLabel: @unchecked Sendable {
        let make: () -> String
        func text() -> String { make() }
    }
}
