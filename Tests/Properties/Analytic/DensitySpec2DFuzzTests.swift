import Testing
import Analytic
import Foundation
import TestSupport

/// The mutation fuzzer of TestSupport (``SpecMutationFuzzer``) on the 2D spec parser over
/// the committed 2D corpus Tests/Fixtures/spec2-corpus.txt plus 2D tokens: no crash, no
/// hang, every result a 2D density or a ``DensitySpecError`` with bounded quotes (no
/// `.timeLimit`, for the reason given at ``DensitySpecFuzzTests``).
@Suite("2D density spec fuzzing")
struct DensitySpec2DFuzzTests {
    @Test("4000 seeded mutants of the 2D corpus: no crash, no hang; every result a 2D density or a DensitySpecError quoting ≤ 80 characters")
    func fuzz() throws {
        let corpus = try SpecMutationFuzzer.corpus("spec2-corpus.txt")
        let extra = ["normal2(", "product(", "ring(", "ring(201,1,1)", "ring(2.5,1,1)", "normal2(0,0,1,1,1)",
                     "truncated(normal2(0,0,1,1,0),-1,1,-1,1)", "normal(0,1)", "0.5*ring(4,2,0.3)"].map { Array($0.utf8) }
        let tally = SpecMutationFuzzer.run(label: "2D spec fuzzer", corpus: corpus, pool: corpus + extra,
                                           seed: 0x2D5E_ED0F_6A4F, count: 4000) { m in
            let d = try DensitySpec2D.parse(m)
            _ = d.logPDF(0.5, -0.25)
            // Round trip of the printed spec (bounded output).
            _ = try DensitySpec2D.parse(d.spec)
        }
        #expect(tally.parsed > 20 && tally.refused > 20, "parsed \(tally.parsed), refused \(tally.refused): the mutants must exercise both paths")
        // A hang detector, not a speed test: specs are bounded in length, depth and leaves.
        #expect(tally.slowest < 5, "slowest parse \(tally.slowest) s: \(tally.slowestInput)")
    }

    @Test("2D parser limits and clear errors: length, depth, leaves (ring components count), weights, ranges, 1D where 2D is expected")
    func limits() throws {
        func refused(_ s: String, _ needle: String, sourceLocation: SourceLocation = #_sourceLocation) {
            SpecMutationFuzzer.expectRefused(s, needle, sourceLocation: sourceLocation) { _ = try DensitySpec2D.parse($0) }
        }
        refused(String(repeating: "mixture(1*", count: 1100) + "ring(2,1,1)" + String(repeating: ")", count: 1100),
                "longer than 10000 characters")
        refused(String(repeating: "truncated(", count: 40) + "ring(2,1,1)" + String(repeating: ",-1,1,-1,1)", count: 40),
                "nesting deeper than 32")
        refused("mixture(0.5*ring(150,1,1),0.5*ring(60,1,1))", "more than 200 leaf densities")
        refused("mixture(" + (0..<201).map { _ in "0.004975124378109453*normal2(0,0,1,1,0)" }.joined(separator: ","), "more than 200")
        refused("mixture(0.5*ring(3,1,1),0.6*normal2(0,0,1,1,0))", "sum to")
        refused("normal2(0,0,1,1,0.9995)", "[-0.999, 0.999]")
        refused("normal2(0,0,0,1,0)", "must be > 0")
        refused("normal2(1e300,0,1,1,0)", "exceeds 1e15")
        refused("ring(0,1,1)", "1...200")
        refused("ring(2.5,1,1)", "whole number")
        refused("ring(3,-1,1)", "radius must be ≥ 0")
        refused("normal(0,1)", "is a 1D density where a 2D one is expected")
        refused("mixture(0.5*normal(0,1),0.5*ring(2,1,1))", "1D density where a 2D one")
        refused("product(normal(0,1))", "expected \",\"")
        refused("product(normal(0,1),ring(2,1,1))", "unknown density")
        refused("truncated(normal2(0,0,1,1,0),1,1,0,1)", "ax < bx")
        refused("truncated(normal2(0,0,1,1,0),0,1,0)", "expected \",\"")
        refused("truncated(normal2(0,0,0.1,0.1,0),50,51,50,51)", "no mass")
        refused("product(beta(2,2),beta(2,2)) x", "unexpected text")
        #expect(DensitySpec2D.isTwoDimensional("mixture(0.5*ring(2,1,1),0.5*normal2(0,0,1,1,0))"))
        #expect(DensitySpec2D.isTwoDimensional("truncated(product(normal(0,1),normal(0,1)),-1,1,-1,1)"))
        #expect(!DensitySpec2D.isTwoDimensional("mixture(0.5*normal(0,1),0.5*normal(2,1))"))
    }
}
