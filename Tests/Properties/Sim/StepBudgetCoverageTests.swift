import Foundation
import Testing
import Sim
import TestSupport

/// Fail fast needs a budget on every solver run of the suite: ``StepBudget/current`` defaults
/// to ``StepBudget/standard`` (an hour per run, for real runs), so a suite without the
/// `.stepBudget` trait lets a broken scheme run on for minutes. Every suite in a test file
/// that can reach a solver (one that imports Sim, Verification or Report) must carry the trait.
/// Analytic-only files cannot start a solver; EndToEnd runs `ganflow` in a child process
/// under its own time limit.
@Suite("Every solver run in the tests is under the test step budget", .stepBudget)
struct StepBudgetCoverageTests {
    static let testsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("Each @Suite in a test file importing Sim, Verification or Report carries .stepBudget")
    func everySolverSuiteHasABudget() throws {
        var checked = 0, missing = [String]()
        for folder in ["Properties", "Convergence"] {
            let root = Self.testsRoot.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
                Issue.record("cannot list \(root.path)"); continue
            }
            for case let url as URL in files where url.pathExtension == "swift" {
                let text = try String(contentsOf: url, encoding: .utf8)
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let reachesSolver = lines.contains { l in
                    ["import Sim", "import Verification", "import Report"].contains(l.trimmingCharacters(in: .whitespaces))
                }
                guard reachesSolver else { continue }
                // The attribute runs from a line starting with "@Suite(" to the declaration
                // it decorates (the first line holding "struct " or "class ").
                var i = 0
                while i < lines.count {
                    guard lines[i].trimmingCharacters(in: .whitespaces).hasPrefix("@Suite(") else { i += 1; continue }
                    var attribute = String(lines[i])
                    var j = i
                    while !(lines[j].contains("struct ") || lines[j].contains("class ")), j + 1 < lines.count {
                        j += 1
                        attribute += "\n" + lines[j]
                    }
                    checked += 1
                    if !attribute.contains(".stepBudget") {
                        missing.append("\(folder)/\(url.lastPathComponent): \(attribute.prefix(100))")
                    }
                    i = j + 1
                }
            }
        }
        #expect(checked >= 30, "only \(checked) suites found under \(Self.testsRoot.path): is the test tree where expected?")
        #expect(missing.isEmpty, "suites that can run a solver without the test step budget:\n\(missing.joined(separator: "\n"))")
    }
}
