/// Seeded line-level mutations of a CSV text, for fuzzing the trajectory file parsers
/// (1D and 2D): a line deleted, duplicated, moved or swapped; a field replaced by junk (empty,
/// words, nan, inf, 1e400, 500 digits, a hex float, a byte-order mark); a number nudged off its
/// grid; a comma added; a line cut short; the header replaced by another (valid or not).
public enum CSVMutationFuzzer {
    /// Field values a mutation substitutes.
    public static let junk = ["", "abc", "nan", "inf", "-0", "1e400", String(repeating: "9", count: 500),
                              "0x1p3", " ", "1,2", "\u{FEFF}"]

    /// One to three mutations of `text`; `headers` are the header lines a mutation may put
    /// first. Returns the mutant and its number of lines.
    public static func mutate(_ text: String, headers: [String], rng: inout SplitMix64) -> (text: String, lines: Int) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for _ in 0..<(1 + rng.below(3)) {
            let i = rng.below(lines.count)
            switch rng.below(8) {
            case 0: lines.remove(at: i); if lines.isEmpty { lines = [""] }
            case 1: lines.insert(lines[i], at: rng.below(lines.count))
            case 2:
                var f = fields(lines[i])
                f[rng.below(f.count)] = junk[rng.below(junk.count)]
                lines[i] = f.joined(separator: ",")
            case 3:
                var f = fields(lines[i])
                let k = rng.below(f.count)
                if let v = Double(f[k]) { f[k] = "\(v + [1e-3, 0.37, -5, 1e-9][rng.below(4)])" }
                lines[i] = f.joined(separator: ",")
            case 4: lines[i] += ","
            case 5: lines[i] = String(lines[i].prefix(rng.below(lines[i].count + 1)))
            case 6: lines[0] = headers[rng.below(headers.count)]
            default: lines.swapAt(i, rng.below(lines.count))
            }
        }
        return (lines.joined(separator: "\n"), lines.count)
    }

    static func fields(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }
}
