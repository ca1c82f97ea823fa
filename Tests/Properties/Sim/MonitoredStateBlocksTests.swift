import Testing
import PropertyBased
import Foundation
import Sim
import TestSupport

/// A random grid state for the monitored figures: densities with exact zeros and small
/// negative values (Newton iterates), target averages over twelve decades, some inactive cells.
struct MonitoredGrid: CustomStringConvertible {
    let seed: UInt64
    let rho: [Double], rd: [Double], active: [Bool]
    init(seed: UInt64) {
        self.seed = seed
        var rng = SplitMix64(state: seed)
        func uniform() -> Double { Double(rng.next() >> 11) * 0x1p-53 }
        let n = 4096 + rng.below(8192)
        rd = (0..<n).map { _ in exp2(-30 + 40 * uniform()) }
        rho = rd.map { d in
            switch rng.below(12) {
            case 0: return 0
            case 1: return -1e-18 * uniform()
            default: return d * exp2(-20 + 30 * uniform())
            }
        }
        active = (0..<n).map { _ in rng.below(20) != 0 }
    }
    var description: String { "seed \(seed): \(rho.count) cells" }
}

@Suite("The step guard's figures summed in blocks on all cores", .stepBudget)
struct MonitoredStateBlocksTests {
    /// Summed in 8 blocks, each figure is another rounding of the same exact sum: the two
    /// computed values are each within their own ``MonitoredState/roundOff`` of it (the block
    /// bound is derived in `MonitoredState.init`), so they differ by at most the sum of the two
    /// bounds. The extremes are exact either way. A block skipped, counted twice or mixed with
    /// another state's cells moves a figure by a whole block's share, far beyond the bounds.
    @Test("8 blocks and one pass: the same extremes, and every functional and the mass within both rounding bounds")
    func blocksAgreeWithOnePass() async {
        await checkEveryCase(40, of: Gen.uint64().map { MonitoredGrid(seed: $0) }) { c in
            let inv = c.rd.map { 1 / $0 }
            let h = 0.01
            let one = MonitoredState(density: c.rho, targetAverages: c.rd, inverseTargetAverages: inv,
                                     active: c.active, spacing: h, scale: 3)
            let eight = MonitoredState(density: c.rho, targetAverages: c.rd, inverseTargetAverages: inv,
                                       active: c.active, spacing: h, scale: 3, blocks: 8)
            #expect(one.minimum == eight.minimum && one.maximum == eight.maximum)
            #expect(one.uMinimum == eight.uMinimum && one.uMaximum == eight.uMaximum)
            let massBound = 2 * Double(c.rho.count + 8) * Double.ulpOfOne * one.absoluteMass
            #expect(abs(one.mass - eight.mass) <= massBound, "mass \(one.mass) vs \(eight.mass)")
            for (k, g) in MonitoredFunctional.allCases.enumerated() {
                let d = abs(one.functionals[k] - eight.functionals[k]), bound = one.roundOff[k] + eight.roundOff[k]
                #expect(d <= bound, "\(g): one pass \(one.functionals[k]), 8 blocks \(eight.functionals[k]), |Δ| \(d) > \(bound)")
            }
        }
    }
}
