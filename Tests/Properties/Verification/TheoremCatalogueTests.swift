import Foundation
import Testing
import Sim
import Verification
import TestSupport

/// docs/THEOREMS.md and docs/MATH.md cannot rot: every statement of docs/MATH.md §2 is in
/// the catalogue and in THEOREMS.md with its label, and every test THEOREMS.md names exists in
/// the test sources.
///
/// Test names are written `Module.TypeName/functionName` (e.g.
/// `Properties.FlowEnergyTests/jsDecreases`): the type is a suite declared in a file under
/// `Tests/Module/`, and the function is a `@Test` of that file.
@Suite("Theorem catalogue", .stepBudget)
struct TheoremCatalogueTests {
    /// The repository root, found from this file's path (Tests/Properties/Verification/<this file>).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Entry {
        var id: String
        var label: String = ""
        var tests: [String] = []
    }

    /// Sections `## ID — title`, a line `Label: …`, and backticked test names anywhere in the
    /// section.
    static func entries() throws -> [Entry] {
        let text = try String(contentsOf: root.appendingPathComponent("docs/THEOREMS.md"), encoding: .utf8)
        var out = [Entry]()
        let testName = try Regex(#"`((?:Properties|Convergence)\.[A-Za-z_][A-Za-z0-9_]*/[A-Za-z_][A-Za-z0-9_]*)`"#)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                let id = line.dropFirst(3).split(separator: " ").first.map(String.init) ?? ""
                out.append(Entry(id: id))
                continue
            }
            guard !out.isEmpty else { continue }
            if line.hasPrefix("Label:") {
                out[out.count - 1].label = line.dropFirst(6).trimmingCharacters(in: .whitespaces)
            }
            for m in line.matches(of: testName) {
                out[out.count - 1].tests.append(String(line[m.range].dropFirst().dropLast()))
            }
        }
        return out
    }

    /// What a test source file declares: the types it declares or extends (`struct T`,
    /// `extension T`) and its `@Test` functions.
    struct SourceDeclarations: Sendable {
        var types = Set<String>()
        var tests = Set<String>()

        /// A `func name(` line is a test when an `@Test` attribute stands above it: the walk up
        /// passes over the attribute's continuation lines and comments, and stops at a line
        /// ending in a brace (the end of the previous declaration).
        init(lines: [String]) {
            let trimmed = lines.map { $0.trimmingCharacters(in: .whitespaces) }
            for (i, t) in trimmed.enumerated() {
                let words = t.split(separator: " ")
                for (k, w) in words.enumerated() where k + 1 < words.count {
                    let next = words[k + 1]
                    if w == "struct" || w == "extension" {
                        types.insert(String(next.prefix { $0 != ":" && $0 != "<" && $0 != "{" }))
                    } else if w == "func", let paren = next.firstIndex(of: "(") {
                        var j = i - 1
                        while j >= 0 {
                            if trimmed[j].hasPrefix("@Test") { tests.insert(String(next[..<paren])); break }
                            if trimmed[j].hasSuffix("{") || trimmed[j].hasSuffix("}") { break }
                            j -= 1
                        }
                    }
                }
            }
        }
    }

    /// The declarations of every Swift file under `Tests/<Module>/` (any subfolder), by
    /// module, read once per process: the catalogues look up a few hundred names.
    static let testSources: [String: [SourceDeclarations]] = {
        var out = [String: [SourceDeclarations]]()
        let tests = root.appendingPathComponent("Tests")
        for module in (try? FileManager.default.contentsOfDirectory(atPath: tests.path)) ?? [] {
            let dir = tests.appendingPathComponent(module)
            for file in FileManager.default.subpaths(atPath: dir.path) ?? [] where file.hasSuffix(".swift") {
                guard let text = try? String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8) else { continue }
                out[module, default: []].append(SourceDeclarations(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)))
            }
        }
        return out
    }()

    /// Whether `Module.Type/function` names a `@Test` function of a file under Tests/Module
    /// (any subfolder) that declares `Type`.
    static func exists(_ name: String) -> Bool {
        let parts = name.split(separator: "/")
        guard parts.count == 2 else { return false }
        let head = parts[0].split(separator: ".")
        guard head.count == 2 else { return false }
        let type = String(head[1]), function = String(parts[1])
        return (testSources[String(head[0])] ?? []).contains { $0.types.contains(type) && $0.tests.contains(function) }
    }

    struct MathStatement {
        var id: String
        /// The words (letters and spaces) after `*Label — `: "paper claim" or "derived".
        var label: String = ""
        /// Whether the derived label carries the full sentence that keeps it from being read
        /// as the paper's.
        var disclaims = false
    }

    /// The statements of docs/MATH.md §2: headings `### ID — title` between the line starting
    /// `## 2.` and the next `## `, each followed by a line `*Label — …*`. Headings in §2 whose
    /// first word is not an id of the form P1, D12, A3 are not statements and are returned
    /// with an empty id so that a test can reject them.
    static func mathStatements() throws -> [MathStatement] {
        try mathStatements(in: String(contentsOf: root.appendingPathComponent("docs/MATH.md"), encoding: .utf8))
    }

    static func mathStatements(in text: String) throws -> [MathStatement] {
        var inSection = false
        var out = [MathStatement]()
        let idPattern = try Regex(#"^[PDA][0-9]+$"#)
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("## ") {
                inSection = line.hasPrefix("## 2.")
                continue
            }
            guard inSection else { continue }
            if line.hasPrefix("### ") {
                let word = line.dropFirst(4).split(separator: " ").first.map(String.init) ?? ""
                out.append(MathStatement(id: word.wholeMatch(of: idPattern) != nil ? word : ""))
                continue
            }
            if line.hasPrefix("*Label — "), !out.isEmpty, out[out.count - 1].label.isEmpty {
                let rest = line.dropFirst("*Label — ".count)
                let words = rest.prefix { $0.isLetter || $0 == " " }
                out[out.count - 1].label = words.trimmingCharacters(in: .whitespaces)
                out[out.count - 1].disclaims = rest.contains("derived: worked out for this suite, not a statement of the paper")
            }
        }
        return out
    }

    @Test("docs/MATH.md §2 states exactly the catalogue's statements, in order, each labelled as the catalogue labels it")
    func mathStatementsMatchCatalogue() throws {
        let statements = try Self.mathStatements()
        #expect(!statements.contains { $0.id.isEmpty }, "a heading in docs/MATH.md §2 is not a statement id")
        let ids = statements.map(\.id)
        #expect(ids == StatementCatalogue.all.map(\.id))
        #expect(ids == (try Self.entries()).map(\.id), "docs/MATH.md §2 and docs/THEOREMS.md list different ids")
        for (m, s) in zip(statements, StatementCatalogue.all) {
            #expect(m.label == s.label.rawValue, "\(m.id): docs/MATH.md labels it '\(m.label)', the catalogue '\(s.label)'")
            if s.label == .derived {
                #expect(m.disclaims, "\(m.id): a derived statement must say it is not a statement of the paper")
            }
        }
    }

    @Test("The docs/MATH.md reader sees only §2, rejects non-id headings and reads both labels")
    func mathReaderRejects() throws {
        let text = """
            ## 1. Objects
            ### P9 — outside §2, ignored
            ## 2. Statements
            ### P1 — a claim
            *Label — paper claim (Huang & Zhang 2023).*
            ### D1 — derived, with the sentence
            *Label — derived: worked out for this suite, not a statement of the paper.*
            ### D2 — derived, without it
            *Label — derived.*
            ### Notes — not a statement
            ## 3. Discretisations
            ### A1 — outside §2, ignored
            """
        let s = try Self.mathStatements(in: text)
        #expect(s.map(\.id) == ["P1", "D1", "D2", ""])
        #expect(s.map(\.label) == ["paper claim", "derived", "derived", ""])
        #expect(s.map(\.disclaims) == [false, true, false, false])
    }

    @Test("THEOREMS.md lists exactly the statements of docs/MATH.md §2, in order, with their labels")
    func idsAndLabels() throws {
        let entries = try Self.entries()
        #expect(entries.map(\.id) == StatementCatalogue.all.map(\.id))
        for (e, s) in zip(entries, StatementCatalogue.all) {
            #expect(e.label == s.label.rawValue, "\(e.id): label '\(e.label)', catalogue says '\(s.label)'")
        }
    }

    @Test("Every statement names at least one test")
    func everyStatementHasATest() throws {
        for e in try Self.entries() {
            #expect(!e.tests.isEmpty, "\(e.id) names no test")
        }
    }

    @Test("Every named test exists in the test sources")
    func namedTestsExist() throws {
        for e in try Self.entries() {
            for t in e.tests {
                #expect(Self.exists(t), "\(e.id): no @Test \(t) in Tests/")
            }
        }
    }

    @Test("The resolver rejects names that do not exist")
    func resolverRejects() {
        #expect(Self.exists("Properties.TheoremCatalogueTests/namedTestsExist"))
        #expect(!Self.exists("Properties.TheoremCatalogueTests/noSuchTest"))
        #expect(!Self.exists("Properties.NoSuchSuite/namedTestsExist"))
        #expect(!Self.exists("Convergence.TheoremCatalogueTests/namedTestsExist"))
        // A helper that is not a @Test does not count.
        #expect(!Self.exists("Properties.TheoremCatalogueTests/entries"))
    }
}
