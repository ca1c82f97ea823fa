import Foundation
import Testing
import TestSupport

/// A deterministic mutation fuzzer over the command line's option values: each case takes a
/// valid invocation and replaces one option's value with a hostile one (empty, signs only,
/// non-finite, overflowing, subnormal, lists, binary, very long). Every case must end in
/// exit 0, 1 or 64 (usage) — a signal or a hang is a failure — with at most one line on
/// stderr of bounded length.
@Suite("Command-line argument fuzzer", .serialized)
struct ArgumentFuzzTests {
    static let hostile = ["", "-", "--", "nan", "inf", "-inf", "1e309", "-1e309", "0", "-0", "1e-320", "-1",
                          "99999999999999999999", "1,2,3", ",", ",,", "a", "0x10", " 1", "1 ", "\u{0}",
                          "normal(0,1", "mixture()", String(repeating: "(", count: 5_000),
                          String(repeating: "1,", count: 3_000) + "1", "ünïcødé", "'", "\\", "%s%n"]

    /// Valid invocations (cheap) and the options whose values the fuzzer replaces.
    static let bases: [(args: [String], options: [String])] = [
        (["simulate", "--target", "normal(0,1)", "--initial", "normal(-1,0.5)", "--domain", "-6,6", "--cells", "40",
          "--times", "0,0.5"], ["--target", "--initial", "--domain", "--cells", "--flow", "--scheme", "--probe",
                                "--integrator", "--tolerance"]),
        (["divergence", "--p", "normal(0,1)", "--q", "normal(1,2)"], ["--p", "--q", "--kind", "--domain"]),
        (["train", "--target", "normal(1,0.5)", "--iterations", "5", "--batch", "32"],
         ["--target", "--generator", "--discriminator", "--eps", "--iterations", "--batch", "--seed", "--noise",
          "--init", "--report-every"]),
        (["check", "examples/js-flow-good.csv", "--target", "normal(0,1)"],
         ["--target", "--domain", "--flow", "--cells", "--precision", "--resolve-l1", "--bootstrap-sigmas"]),
    ]

    @Test("120 mutated invocations: no crash, no hang, one bounded line on failure")
    func fuzz() throws {
        var rng = SplitMix64(state: 20261130)
        var statuses = [Int32: Int]()
        for _ in 0..<120 {
            let base = Self.bases[Int(rng.next() % UInt64(Self.bases.count))]
            let option = base.options[Int(rng.next() % UInt64(base.options.count))]
            let value = Self.hostile[Int(rng.next() % UInt64(Self.hostile.count))]
            var args = base.args
            if let i = args.firstIndex(of: option) { args[i + 1] = value } else { args += [option, value] }
            let r = try GanflowProcess.run(args, limit: 30)
            let shown = "\(args.prefix(3).joined(separator: " ")) … \(option) \(value.prefix(40))"
            statuses[r.status, default: 0] += 1
            #expect(!r.timedOut, "hang: \(shown)")
            let known = [0, 1, 64].contains(r.status)
            #expect(known, "\(shown): \(r)")
            if r.status != 0 {
                let lines = r.errorLines.count, longest = r.errorLines.map(\.count).max() ?? 0
                #expect(lines <= 1, "\(shown): \(r)")
                #expect(longest <= 300, "\(shown): stderr line of \(longest) characters")
            }
        }
        // The fuzzer must exercise both outcomes, or it is not testing anything.
        #expect(statuses[0, default: 0] > 0 && statuses.filter { $0.key != 0 }.values.reduce(0, +) > 0, "\(statuses)")
    }
}
