import Foundation
import Testing
import PropertyBased
import TestSupport
import Analytic
import Sim
import Verification

/// The 2D trajectory formats (`t,x,y,rho`, `t,x,y`) and `ganflow check`'s 2D runner.
@Suite("Check file in two dimensions", .stepBudget)
struct Check2DFileTests {
    /// A random 2D grid trajectory from a seed: 2–12 cells per axis, 1–4 times, values in [0, 2).
    static func randomGrid(_ seed: UInt64) -> GridTrajectory2D {
        var rng = SplitMix64(state: seed)
        let nx = 2 + rng.below(11), ny = 2 + rng.below(11), times = 1 + rng.below(4)
        func u(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(rng.next() >> 11) / Double(1 << 53) }
        let ax = u(-10, 10), hx = u(0.01, 2), ay = u(-10, 10), hy = u(0.01, 2)
        let xs = (0..<nx).map { ax + (Double($0) + 0.5) * hx }, ys = (0..<ny).map { ay + (Double($0) + 0.5) * hy }
        var rho = [[Double]]()
        for _ in 0..<times { rho.append((0..<(nx * ny)).map { _ in u(0, 2) }) }
        return GridTrajectory2D(times: (0..<times).map { Double($0) * 0.25 }, xCenters: xs, yCenters: ys, rho: rho)
    }

    @Test("A t,x,y,rho file round-trips through format and parse, rows in any order")
    func roundTrip() async {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            let g = Self.randomGrid(seed)
            failOnThrow("seed \(seed)") {
                var lines = TrajectoryCSV.format(g).split(separator: "\n").map(String.init)
                // Shuffle the rows within each time (the format allows any order there).
                var rng = SplitMix64(state: seed ^ 0x5eed)
                let per = g.xCenters.count * g.yCenters.count
                for k in g.times.indices {
                    let start = 1 + k * per
                    var block = Array(lines[start..<(start + per)])
                    block.shuffle(using: &rng)
                    lines.replaceSubrange(start..<(start + per), with: block)
                }
                guard case .grid2D(let back) = try TrajectoryCSV.parse(lines.joined(separator: "\n")) else {
                    Issue.record("not parsed as a 2D grid"); return
                }
                #expect(back.times == g.times)
                #expect(back.xCenters == g.xCenters)
                #expect(back.yCenters == g.yCenters)
                #expect(back.rho == g.rho)
            }
        }
    }

    @Test("A t,x,y file parses into points per time, columns in any order")
    func points() throws {
        guard case .samples2D(let s) = try TrajectoryCSV.parse("y,t,x\n1,0,2\n3,0,4\n5,1,6\n7,1,8\n") else {
            Issue.record("not 2D points"); return
        }
        #expect(s.times == [0, 1])
        #expect(s.points == [[SIMD2(2, 1), SIMD2(4, 3)], [SIMD2(6, 5), SIMD2(8, 7)]])
    }

    @Test("Malformed 2D files give the line number and the reason", arguments: [
        ("t,x,y,rho\n0,0.5,0.5,1\n0,1.5,0.5,1\n0,0.5,1.5,1\n", 2, "has 3 rows"),
        ("t,x,y,rho\n0,0.5,0.5,1\n0,1.5,0.5,1\n", 2, "at least 2 cells along each axis"),
        ("t,x,y,rho\n0,0.5,0.5,1\n0,1.5,0.5,1\n0,0.5,1.5,1\n0,0.5,1.5,2\n", 5, "appears twice"),
        ("t,x,y,rho\n0,0.5,0.5,1\n0,1.5,0.5,1\n0,3.5,0.5,1\n0,0.5,1.5,1\n0,1.5,1.5,1\n0,3.5,1.5,1\n", 3, "not on the uniform grid"),
        ("t,x,y,rho\n0,0.5,0.5,1\n0,1.5,0.5,1\n0,0.5,1.5,1\n0,1.5,1.5,1\n1,0.5,0.5,1\n1,1.5,0.5,1\n1,0.5,1.5,1\n1,1.7,1.5,1\n", 9, "not a cell centre"),
        ("t,x,y,rho\n0,0.5,0.5,1\n0,1.5,0.5,1\n0,0.5,1.5,1\n0,1.5,1.5,1\n1,0.5,0.5,1\n", 6, "has 1 rows"),
        ("t,x,y\n0,1,2\n", 2, "at least 2"),
        ("t,x,y,rho\n0,0.5,0.5\n", 2, "expected 4 fields"),
        ("t,x,z,rho\n0,0.5,0.5,1\n", 1, "t,x,y,rho or t,x,y"),
    ])
    func malformed(text: String, line: Int, reason: String) {
        TrajectoryParseContract.expectRefused(text, line: line, reason: reason)
    }

    /// Mutants of valid 2D files (grid and points): a line deleted, duplicated or moved, a
    /// field replaced by junk, a number nudged off the grid, a field or comma added or cut,
    /// the header changed. Every mutant either parses into a consistent file or is refused
    /// with a ``TrajectoryParseError`` whose line is within the file and whose message stays
    /// short (a quoted field is clipped): never a crash or another error.
    @Test("Fuzzed 2D files: parsed consistently or refused with a line and a short reason, never a crash")
    func fuzz() async {
        await propertyCheck(count: 300, input: Gen.uint64()) { seed in
            var rng = SplitMix64(state: seed)
            let g = Self.randomGrid(seed)
            var text = TrajectoryCSV.format(g)
            if rng.below(4) == 0 {
                text = "t,x,y\n" + g.times.flatMap { t in g.xCenters.map { "\(t),\($0),\($0 * 0.5)" } }.joined(separator: "\n")
            }
            let m = CSVMutationFuzzer.mutate(text, headers: ["t,x,y,rho", "t,x,y", "t,x,rho", "x,y,t,rho", "t,x,x,rho", "T,X,Y,RHO"],
                                             rng: &rng)
            TrajectoryParseContract.expectParsedOrRefused(m.text, lines: m.lines, seed: seed)
        }
    }
}
