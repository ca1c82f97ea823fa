import Testing
import PropertyBased
import Foundation
import Sim
import TestSupport

/// Random cell vectors for Richardson's combination: an "exact" state e ≥ 0, a local-error
/// direction c of either sign, and the two doubled-step results it would produce.
struct RichardsonCase: CustomStringConvertible {
    let seed: UInt64
    let exact: [Double], error: [Double]
    let area: Double

    init(seed: UInt64) {
        self.seed = seed
        var rng = SplitMix64(state: seed)
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(rng.next() >> 11) * 0x1p-53 }
        let n = 1 + rng.below(500)
        let scale = exp(uniform(log(1e-12), log(1e3)))
        exact = (0..<n).map { _ in scale * uniform(0, 1) }
        let size = exp(uniform(log(1e-12), log(1e-2)))
        error = (0..<n).map { _ in scale * size * uniform(-1, 1) }
        area = exp(uniform(log(1e-6), log(1)))
    }

    var description: String { "seed \(seed): \(exact.count) cells, area \(area)" }
}

@Suite("Local extrapolation of the 2D doubled step", .stepBudget)
struct LocalExtrapolationTests {
    static let eps = Double.ulpOfOne

    /// With S(τ) = e + c and S(τ/2)² = e + c/4 (a pure τ³ error, the leading term of a
    /// second-order step), R = (4S(τ/2)² − S(τ))/3 must be e: any other pair of weights
    /// leaves a multiple of c. Per cell the bound is the rounding of the test's own inputs
    /// (e + c, e + c/4: ε each, times 4/3 and 1/3) and of forming R (2ε(1+ε) of (4|a|+|b|)/3),
    /// in all ≤ 4ε(|e| + |c|) with room.
    @Test("R removes a pure τ³ error exactly, up to rounding",
          .shrinking(false))
    func removesLeadingError() async {
        await checkEveryCase(200, of: Gen.uint64().map { RichardsonCase(seed: $0) }) { c in
            let full = zip(c.exact, c.error).map { $0 + $1 }
            let half = zip(c.exact, c.error).map { $0 + $1 / 4 }
            let r = LocalExtrapolation.combine(half: half, halfAllowance: 0, full: full, fullAllowance: 0, area: c.area)
            var worst = 0.0
            for k in c.exact.indices {
                let bound = 4 * Self.eps * (abs(c.exact[k]) + abs(c.error[k]))
                worst = max(worst, abs(r.state[k] - c.exact[k]) / max(bound, .leastNormalMagnitude))
            }
            #expect(worst <= 1, "worst cell off by \(worst) of its rounding bound")
        }
    }
}
