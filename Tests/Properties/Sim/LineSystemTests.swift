import Testing
import PropertyBased
import Foundation
import Sim
import TestSupport

/// A random grid line of the 2D split solver with a Newton system to form on it.
struct RandomLine: CustomStringConvertible {
    let seed: UInt64
    let system: LineSystem
    let y: [Double], constant: [Double]
    let a0: Double, h: Double

    init(seed: UInt64) {
        self.seed = seed
        var rng = SplitMix64(state: seed)
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(rng.next() >> 11) * 0x1p-53 }
        func logUniform(_ a: Double, _ b: Double) -> Double { exp(uniform(log(a), log(b))) }
        let n = 1 + rng.below(40)
        let kind = FlowDivergence.allCases[rng.below(FlowDivergence.allCases.count)]
        system = LineSystem(weights: (0..<max(0, n - 1)).map { _ in logUniform(1e-6, 1e4) },
                            inverseTargets: (0..<n).map { _ in logUniform(1e-3, 1e6) },
                            spacing: logUniform(1e-3, 1), kind: kind)
        // Mostly positive values, some exact zeros and some negative ones (Newton iterates
        // can dip below 0, where Ψ is extended).
        var ys = [Double]()
        for _ in 0..<n {
            switch rng.below(8) {
            case 0: ys.append(0)
            case 1: ys.append(-logUniform(1e-12, 1))
            default: ys.append(logUniform(1e-12, 1e3))
            }
        }
        y = ys
        constant = (0..<n).map { _ in uniform(-1e3, 0) }
        a0 = rng.below(2) == 0 ? 1 : logUniform(0.1, 10)
        h = logUniform(1e-6, 1e3)
    }

    var description: String { "seed \(seed): \(system.kind) line of \(y.count) cells, a₀ = \(a0), h = \(h)" }
}

@Suite("2D line system: the fused Newton pass", .stepBudget)
struct LineSystemTests {
    /// The fused pass (Ψ and Ψ' once per cell) must give exactly what the protocol's default
    /// gives from separate evaluations of F and its Jacobian: it forms every sum and product
    /// in the same order, so any difference — even one ulp — means a term was reordered or
    /// mis-indexed. Bitwise, hence no tolerance.
    @Test("G(y), the Newton matrix, ‖G‖ and the round-off floor equal the separate evaluations bit for bit",
          .shrinking(false))
    func fusedEqualsSeparate() async {
        await checkEveryCase(300, of: Gen.uint64().map { RandomLine(seed: $0) }) { c in
            let n = c.y.count
            func scratch() -> ([Double], [Double], [Double], [Double], [Double]) {
                let v = [Double](repeating: .nan, count: n), e = [Double](repeating: .nan, count: max(0, n - 1))
                return (v, v, e, v, e)
            }
            var (rhs1, res1, lo1, di1, up1) = scratch()
            var (rhs2, res2, lo2, di2, up2) = scratch()
            let fused = c.system.newtonSystem(0, c.y, a0: c.a0, constant: c.constant, step: c.h, rhs: &rhs1,
                                              residual: &res1, lower: &lo1, diagonal: &di1, upper: &up1)
            let separate = c.system.separateNewtonSystem(0, c.y, a0: c.a0, constant: c.constant, step: c.h, rhs: &rhs2,
                                                         residual: &res2, lower: &lo2, diagonal: &di2, upper: &up2)
            func same(_ a: [Double], _ b: [Double]) -> Bool { a.map(\.bitPattern) == b.map(\.bitPattern) }
            #expect(fused.norm.bitPattern == separate.norm.bitPattern, "‖G‖ \(fused.norm) vs \(separate.norm)")
            #expect(fused.roundOff.bitPattern == separate.roundOff.bitPattern, "floor \(fused.roundOff) vs \(separate.roundOff)")
            #expect(same(rhs1, rhs2), "F differs")
            #expect(same(res1, res2), "G differs")
            #expect(same(di1, di2) && same(lo1, lo2) && same(up1, up2), "Newton matrix differs")
        }
    }
}
