import Testing
import Analytic
import Foundation
import TestSupport

/// A deterministic mutation fuzzer for the spec parser over the committed corpus
/// Tests/Fixtures/spec-corpus.txt: a crash (or a stack overflow) kills the test process,
/// a hang trips the time limit, and the slowest parse is measured and reported.
@Suite("Density spec fuzzing")
struct DensitySpecFuzzTests {
    static var corpusURL: URL {
        // Tests/Properties/Analytic/<file> → repository root is four levels up.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Fixtures/spec-corpus.txt")
    }

    static let alphabet = Array("()*,.-+e0123456789 abcdefghijklmnopqrstuvwxyzNM\t".utf8)
    static let tokens = ["1e308", "-1e308", "5e-324", "nan", "inf", "-0", "0", "1e-320", "0x1p-1074",
                         "mixture(", "truncated(", "normal(0,1)", "beta(1e308,5)", "1*", ",", ")", "((((",
                         String(repeating: "9", count: 400), "uniform(-1e308,1e308)", "student(1e300,0,1)"]

    static func mutate(_ s: [UInt8], _ corpus: [[UInt8]], _ rng: inout SplitMix64) -> [UInt8] {
        var t = s
        for _ in 0...rng.below(3) {
            let i = rng.below(t.count + 1)
            switch rng.below(14) {
            case 0 where !t.isEmpty: t[min(i, t.count - 1)] = alphabet[rng.below(alphabet.count)]
            case 1: t.insert(alphabet[rng.below(alphabet.count)], at: i)
            case 2 where !t.isEmpty:
                let j = min(t.count, i + 1 + rng.below(8)); t.removeSubrange(min(i, t.count - 1)..<j)
            case 3: t.insert(contentsOf: Array(tokens[rng.below(tokens.count)].utf8), at: i)
            case 4:
                let other = corpus[rng.below(corpus.count)]
                let a = rng.below(other.count), b = min(other.count, a + rng.below(other.count + 1))
                t.insert(contentsOf: other[a..<b], at: i)
            case 5 where rng.below(3) == 0:
                // Deep nesting, valid or not.
                // Mostly within the length limit (the depth limit answers), sometimes
                // 11 000 deep (the length limit answers).
                let n = rng.below(8) == 0 ? 11_000 : 1 + rng.below(900)
                let wrap = rng.below(2) == 0 ? "mixture(1*" : "truncated("
                t = Array(String(repeating: wrap, count: n).utf8) + t
                if rng.below(2) == 0 { t += Array(String(repeating: wrap == "truncated(" ? ",-1,1)" : ")", count: n).utf8) }
            case 6:
                if !t.isEmpty { let a = rng.below(t.count); t += t[a...] }
            default:
                // Swap one number for an extreme one (keeps the structure valid).
                if let a = t.firstIndex(where: { (48...57).contains($0) }) {
                    var b = a
                    while b < t.count, ((48...57).contains(t[b]) || t[b] == 46 || t[b] == 101) { b += 1 }
                    t.replaceSubrange(a..<b, with: Array(tokens[rng.below(8)].utf8))
                }
            }
        }
        return t
    }

    @Test("4000 seeded mutants of the corpus: no crash, no hang; every result a density or a DensitySpecError quoting ≤ 80 characters",
          .timeLimit(.minutes(1)))
    func fuzz() throws {
        let corpus = try String(contentsOf: Self.corpusURL, encoding: .utf8)
            .split(separator: "\n").map { Array(String($0).utf8) }
        #expect(corpus.count >= 20)
        for s in corpus { #expect(throws: Never.self) { _ = try DensitySpec.parse(String(decoding: s, as: UTF8.self)) } }
        var rng = SplitMix64(state: 0x5EED_0F_6A4F)
        var parsed = 0, refused = 0, slowest = 0.0, slowestInput = ""
        let n = 4000
        for i in 0..<n {
            let m = String(decoding: Self.mutate(corpus[i % corpus.count], corpus, &rng), as: UTF8.self)
            let t0 = DispatchTime.now().uptimeNanoseconds
            do {
                let d = try DensitySpec.parse(m)
                parsed += 1
                _ = d.logPDF(0.5)
                _ = IntegrationNodes.nodes(for: [d])
            } catch let e as DensitySpecError {
                refused += 1
                let text = e.description
                #expect(!e.reason.isEmpty)
                // Quotes of the input are clipped: the message is bounded whatever the input.
                #expect(text.count <= 2 * DensitySpecError.quoteLimit + e.reason.count + 60, "\(text.prefix(300))")
            } catch {
                Issue.record("mutant \(i) threw a non-spec error: \(error)")
            }
            let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
            if dt > slowest { slowest = dt; slowestInput = String(m.prefix(60)) }
        }
        print("spec fuzzer: \(n) mutants, \(parsed) parsed, \(refused) refused, 0 crashes, slowest parse \(String(format: "%.4f", slowest)) s (\(slowestInput)…)")
        #expect(parsed + refused == n)
        // A hang detector, not a speed test: every spec is at most 10 000 characters and
        // 32 levels deep, so even the slowest parse is bounded far below this.
        #expect(slowest < 5, "slowest parse \(slowest) s: \(slowestInput)")
    }

    @Test("Parser limits: length, nesting depth (valid or unclosed, 11 000 deep), leaf count, weights, widths")
    func limits() throws {
        func refused(_ s: String, _ needle: String) {
            do {
                _ = try DensitySpec.parse(s)
                Issue.record("accepted: \(s.prefix(80))")
            } catch let e as DensitySpecError {
                #expect(e.description.contains(needle), "\(e.description.prefix(300))")
                #expect(e.description.count < 600)
            } catch { Issue.record("\(error)") }
        }
        let deep = String(repeating: "mixture(1*", count: 11_000) + "normal(0,1)" + String(repeating: ")", count: 11_000)
        refused(deep, "longer than 10000 characters")
        let deepShort = String(repeating: "truncated(", count: 500) + "normal(0,1)" + String(repeating: ",-1,1)", count: 500)
        refused(deepShort, "nesting deeper than 32")
        refused(String(repeating: "mixture(1*", count: 999), "nesting deeper than 32")
        let many = "mixture(" + (0..<5000).map { _ in "0.0002*normal(0,1)" }.joined(separator: ",") + ")"
        refused(many, "longer than 10000 characters")
        let leaves = "mixture(" + (0..<300).map { _ in "0.0033*normal(0,1)" }.joined(separator: ",") + ")"
        refused(leaves, "more than 200 leaf densities")
        refused("mixture(0.5*normal(0,1),0.6*normal(1,1))", "sum to")
        refused("mixture(-0.5*normal(0,1),1.5*normal(1,1))", "negative")
        refused("uniform(-1e308,1e308)", "overflows")
        refused("truncated(normal(0,1),1,1)", "a < b")
        refused("beta(1e308,5)", "[0.1, 1e10]")
        refused("normal(1e300,1)", "exceeds 1e15")
        refused("student(0.1,0,1)", "[0.5, 1e100]")
        // A mixture nested 30 deep parses, and linearly: each level caches its nodes.
        var s = "normal(0,1)"
        for i in 0..<30 { s = "mixture(0.5*\(s),0.5*normal(\(i),1))" }
        let d = try DensitySpec.parse(s)
        #expect(IntegrationNodes.nodes(for: [d]).count > 30)
    }
}
