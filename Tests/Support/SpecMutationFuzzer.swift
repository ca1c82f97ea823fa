import Foundation
import Testing
import Analytic

/// A deterministic mutation fuzzer for the density spec parsers (1D and 2D): seeded byte-level
/// mutations of a committed corpus (Tests/Fixtures), each parsed once. A crash (or a stack
/// overflow) kills the test process, a hang trips the caller's time limit; every result must
/// be a density or a ``DensitySpecError`` whose quotes of the input are clipped, and the
/// slowest parse is measured and reported.
public struct SpecMutationFuzzer {
    /// Bytes a mutation inserts or substitutes one at a time.
    public static let alphabet = Array("()*,.-+e0123456789 abcdefghijklmnopqrstuvwxyzNM\t".utf8)
    /// Tokens a mutation inserts whole; the first eight are extreme numbers that replace a
    /// number while keeping the structure valid.
    public static let tokens = ["1e308", "-1e308", "5e-324", "nan", "inf", "-0", "0", "1e-320", "0x1p-1074",
                                "mixture(", "truncated(", "normal(0,1)", "beta(1e308,5)", "1*", ",", ")", "((((",
                                String(repeating: "9", count: 400), "uniform(-1e308,1e308)", "student(1e300,0,1)"]

    /// The lines of the corpus file `name` in Tests/Fixtures, as bytes.
    public static func corpus(_ name: String) throws -> [[UInt8]] {
        // Tests/Support/<this file> → the repository root is three levels up.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures/\(name)")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { Array(String($0).utf8) }
    }

    /// One to four mutations of `s`: a byte replaced, inserted or removed, a token or a slice
    /// of another corpus line inserted, deep nesting wrapped around it, a tail repeated, or
    /// a number swapped for an extreme one.
    public static func mutate(_ s: [UInt8], _ corpus: [[UInt8]], _ rng: inout SplitMix64) -> [UInt8] {
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

    /// What a run saw.
    public struct Tally: Sendable {
        public var parsed = 0
        public var refused = 0
        /// The slowest parse in seconds, and the first 60 characters of its input.
        public var slowest = 0.0
        public var slowestInput = ""
    }

    /// Parses every corpus line (each must parse), then `count` mutants of the corpus lines
    /// in turn (mutations drawing on `pool`, the corpus by default) with a generator seeded
    /// by `seed`. `parse` parses one spec and exercises the density it returns; any error
    /// but a ``DensitySpecError`` with a non-empty reason and a bounded message is recorded
    /// as a test issue, so is a corpus line that does not parse. Prints a summary line
    /// starting with `label`.
    public static func run(label: String, corpus: [[UInt8]], pool: [[UInt8]]? = nil, seed: UInt64, count: Int,
                           sourceLocation: SourceLocation = #_sourceLocation,
                           parse: (String) throws -> Void) -> Tally {
        #expect(corpus.count >= 20, sourceLocation: sourceLocation)
        for s in corpus {
            #expect(throws: Never.self, sourceLocation: sourceLocation) { try parse(String(decoding: s, as: UTF8.self)) }
        }
        var rng = SplitMix64(state: seed)
        var tally = Tally()
        for i in 0..<count {
            let m = String(decoding: mutate(corpus[i % corpus.count], pool ?? corpus, &rng), as: UTF8.self)
            let t0 = DispatchTime.now().uptimeNanoseconds
            do {
                try parse(m)
                tally.parsed += 1
            } catch let e as DensitySpecError {
                tally.refused += 1
                #expect(!e.reason.isEmpty, sourceLocation: sourceLocation)
                // Quotes of the input are clipped: the message is bounded whatever the input.
                #expect(e.description.count <= 2 * DensitySpecError.quoteLimit + e.reason.count + 60,
                        "\(e.description.prefix(300))", sourceLocation: sourceLocation)
            } catch {
                Issue.record("mutant \(i) threw a non-spec error: \(error) for \(m.prefix(80))", sourceLocation: sourceLocation)
            }
            let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9
            if dt > tally.slowest { tally.slowest = dt; tally.slowestInput = String(m.prefix(60)) }
        }
        print("\(label): \(count) mutants, \(tally.parsed) parsed, \(tally.refused) refused, 0 crashes, slowest parse \(String(format: "%.4f", tally.slowest)) s (\(tally.slowestInput)…)")
        #expect(tally.parsed + tally.refused == count, sourceLocation: sourceLocation)
        return tally
    }

    /// Records an issue unless `parse(spec)` throws a ``DensitySpecError`` whose message
    /// contains `needle` and stays under 600 characters.
    public static func expectRefused(_ spec: String, _ needle: String, sourceLocation: SourceLocation = #_sourceLocation,
                                     by parse: (String) throws -> Void) {
        do {
            try parse(spec)
            Issue.record("accepted: \(spec.prefix(80))", sourceLocation: sourceLocation)
        } catch let e as DensitySpecError {
            #expect(e.description.contains(needle), "\(e.description.prefix(300))", sourceLocation: sourceLocation)
            #expect(e.description.count < 600, sourceLocation: sourceLocation)
        } catch { Issue.record("\(error)", sourceLocation: sourceLocation) }
    }
}
