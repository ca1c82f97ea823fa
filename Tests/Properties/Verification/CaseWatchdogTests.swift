import Foundation
import Testing
import TestSupport

/// The watchdog every `checkEveryCase` property case runs under: a case past its report limit
/// has its input written out, a case that returns in time writes nothing. The abort limit
/// (ending the process) is not exercised here; it is the same timer with `exit(1)`.
@Suite("Property-case watchdog: a hung case names its input")
struct CaseWatchdogTests {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var stored = [String]()
        func append(_ s: String) { lock.lock(); stored.append(s); lock.unlock() }
        var all: [String] { lock.lock(); defer { lock.unlock() }; return stored }
    }

    // Margins: each comparison of timer and case leaves 2.5–3 s of slack, far beyond the
    // scheduling stalls of a loaded two-core machine (the suite's worst, under a concurrent
    // build, is well below a second); both cases only sleep, so the wait costs no processor.

    @Test("A case running past the report limit is reported with its input")
    func reportsSlowCase() async throws {
        let lines = Lines()
        let slow = await CaseWatchdog.watching({ "input 42" }, reportAfter: 0.05, abortAfter: 600,
                                               report: { lines.append($0) }) { () async -> Int in
            try? await Task.sleep(nanoseconds: 3_000_000_000)
            return 7
        }
        #expect(slow == 7)
        #expect(lines.all.count == 1 && lines.all.first?.contains("input 42") == true, "\(lines.all)")
    }

    @Test("A case returning before the report limit is not reported, not even after the limit has passed")
    func quietQuickCase() async throws {
        let quiet = Lines()
        let quick = await CaseWatchdog.watching({ "input 43" }, reportAfter: 3, abortAfter: 600,
                                                report: { quiet.append($0) }) { 8 }
        // Past the limit the cancelled timer must still be silent.
        try await Task.sleep(nanoseconds: 3_500_000_000)
        #expect(quick == 8)
        #expect(quiet.all.isEmpty, "\(quiet.all)")
    }
}
