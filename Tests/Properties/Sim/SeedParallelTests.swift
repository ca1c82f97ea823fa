import Testing
import PropertyBased
import TestSupport
import Sim

/// The per-seed runner of the P3 studies: running seeds on all cores must give exactly the
/// sequential results, in seed order, and report a failing seed's error.
@Suite("Seeds run in parallel give the sequential results in seed order", .stepBudget)
struct SeedParallelTests {
    struct SeedFailed: Error, Equatable { var seed: Int }

    /// A seed's "run": a few hundred steps of a seeded generator, so that the iterations
    /// overlap in time and a result written to the wrong slot would show.
    static func run(_ seed: Int) -> [UInt64] {
        var g = SplitMix(seed: UInt64(seed))
        return (0..<(200 + seed % 7)).map { _ in g.next() }
    }

    @Test("map equals the sequential map, bit for bit, for any count")
    func matchesSequential() async {
        await propertyCheck(count: 20, input: Gen.int(in: 0...64)) { count in
            failOnThrow("count = \(count)") {
                let parallel = try SeedParallel.map(count) { Self.run($0) }
                #expect(parallel == (0..<count).map(Self.run), "count = \(count)")
            }
        }
    }

    @Test("the error of the first failing seed is rethrown")
    func firstErrorRethrown() {
        #expect(throws: SeedFailed(seed: 3)) {
            _ = try SeedParallel.map(10) { i -> Int in
                if i == 3 || i == 8 { throw SeedFailed(seed: i) }
                return i
            }
        }
    }

    /// SplitMix64, enough for a deterministic workload.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
