import Foundation
import Testing

/// Every command the README shows (`.build/release/ganflow …` lines in its code blocks) runs
/// with the documented outcome: exit 0, or exit 1 where the line says `# fails`. A README
/// example that stops working fails here — or, for the `ganflow verify` examples (the main
/// job, ~10 s of CPU, most of it the same rows the suite's own tests compute), in `ci/test`,
/// which runs them as written once per CI run; a test here checks that it does.
@Suite("README examples, run through the built binary")
struct ReadmeExampleTests {
    /// The README's example command lines, split into words like a POSIX shell does for
    /// single-quoted and plain words (the README uses nothing else).
    static func examples() throws -> [(line: String, words: [String], fails: Bool)] {
        let text = try String(contentsOf: GanflowProcess.root.appendingPathComponent("README.md"), encoding: .utf8)
        var out: [(String, [String], Bool)] = []
        var inBlock = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if raw.hasPrefix("```") { inBlock.toggle(); continue }
            guard inBlock, raw.hasPrefix(".build/release/ganflow") else { continue }
            let line = String(raw)
            let fails = line.contains("# fails")
            let command = line.split(separator: "#", maxSplits: 1).first.map(String.init) ?? line
            out.append((line, try shellWords(command), fails))
        }
        return out
    }

    static func shellWords(_ s: String) throws -> [String] {
        var words = [String](), current = "", quoted = false, inWord = false
        for c in s {
            if quoted {
                if c == "'" { quoted = false } else { current.append(c) }
            } else if c == "'" {
                quoted = true; inWord = true
            } else if c == " " || c == "\t" {
                if inWord { words.append(current); current = ""; inWord = false }
            } else {
                current.append(c); inWord = true
            }
        }
        if quoted { throw CocoaError(.formatting) }
        if inWord { words.append(current) }
        return words
    }

    @Test("The README shows at least one example of every subcommand")
    func everySubcommandShown() throws {
        let shown = Set(try Self.examples().compactMap { $0.words.dropFirst().first })
        for sub in ["verify", "simulate", "check", "divergence", "train"] {
            #expect(shown.contains(sub), "README has no example of ganflow \(sub)")
        }
    }

    @Test("ci/test runs the README's verify examples, with the same line selection as here")
    func verifyExamplesRunInCI() throws {
        let script = try String(contentsOf: GanflowProcess.root.appendingPathComponent("ci/test"), encoding: .utf8)
        #expect(script.contains(#"grep -E '^\.build/release/ganflow verify' README.md"#), "ci/test no longer selects the README's verify lines")
        #expect(script.split(separator: "\n").contains("readme_verify_examples"), "ci/test defines but does not call readme_verify_examples")
        #expect(try Self.examples().contains { $0.words.dropFirst().first == "verify" }, "the README shows no verify example")
    }

    @Test("Every README example other than verify runs with its documented exit status")
    func examplesRun() throws {
        let scratch = try GanflowProcess.scratch()
        defer { try? FileManager.default.removeItem(at: scratch) }
        for e in try Self.examples() where e.words.dropFirst().first != "verify" {
            // Paths under /tmp in the README go to a scratch folder instead.
            let args = e.words.dropFirst().map { w -> String in
                w.hasPrefix("/tmp/") ? scratch.appendingPathComponent(String(w.dropFirst(5))).path : w
            }
            let r = try GanflowProcess.run(Array(args), limit: 120)
            #expect(!r.timedOut, "\(e.line): \(r)")
            #expect(r.status == (e.fails ? 1 : 0), "\(e.line): \(r)")
            #expect(!r.stdout.isEmpty, "\(e.line) printed nothing")
            if e.fails {
                // A failed verdict is the table's last line, not a stray error line.
                #expect(!r.stderr.contains("ExitCode"), "\(e.line): \(r)")
            }
        }
    }
}
