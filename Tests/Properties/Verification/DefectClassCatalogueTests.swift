import Foundation
import Testing

/// docs/DEFECT-CLASSES.md cannot rot: it lists the classes of plausible implementation
/// defects the suite must catch, each under a heading `## N. title` with the tests that fail
/// when a defect of that class is planted (backticked `Module.Suite/function` names, resolved
/// as in ``TheoremCatalogueTests``). Every class names at least one test, and every named
/// test exists; the file is linked from docs/THEOREMS.md.
@Suite("Defect-class catalogue")
struct DefectClassCatalogueTests {
    struct DefectClass {
        var heading: String
        var tests: [String] = []
    }

    static func classes() throws -> [DefectClass] {
        let url = TheoremCatalogueTests.root.appendingPathComponent("docs/DEFECT-CLASSES.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let testName = try Regex(#"`((?:Properties|Convergence)\.[A-Za-z_][A-Za-z0-9_]*/[A-Za-z_][A-Za-z0-9_]*)`"#)
        var out = [DefectClass]()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                out.append(DefectClass(heading: String(line.dropFirst(3))))
                continue
            }
            guard !out.isEmpty else { continue }
            for m in line.matches(of: testName) {
                out[out.count - 1].tests.append(String(line[m.range].dropFirst().dropLast()))
            }
        }
        return out
    }

    @Test("Each defect class names at least one catching test, and every named test exists")
    func everyClassHasExistingTests() throws {
        let classes = try Self.classes()
        // The eight classes: grid diagnostic factor, default quadrature tolerance, NDF
        // coefficient, KDE bandwidth, Algorithm 1 seed, flux sign, Newton acceptance, MLP gradient.
        #expect(classes.count >= 8, "docs/DEFECT-CLASSES.md lists \(classes.count) classes, expected at least 8")
        for c in classes {
            #expect(!c.tests.isEmpty, "defect class '\(c.heading)' names no test")
            for t in c.tests {
                #expect(TheoremCatalogueTests.exists(t), "defect class '\(c.heading)': no @Test \(t) in Tests/")
            }
        }
    }

    @Test("docs/THEOREMS.md links the defect-class catalogue")
    func linkedFromTheorems() throws {
        let text = try String(contentsOf: TheoremCatalogueTests.root.appendingPathComponent("docs/THEOREMS.md"),
                              encoding: .utf8)
        #expect(text.contains("(DEFECT-CLASSES.md)"), "docs/THEOREMS.md does not link DEFECT-CLASSES.md")
    }
}
