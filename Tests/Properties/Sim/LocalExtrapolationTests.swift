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

    /// The switch and the record say what was accepted. The kept sub-steps of an adaptive
    /// TR-BDF2 step are the two half steps' path, so with extrapolation off the accepted state
    /// is the last sub-step's result S(τ/2)², bit for bit; with it on, a step recorded as
    /// extrapolated differs from S(τ/2)² (R − S(τ/2)² = (S(τ/2)² − S(τ))/3, zero only if the
    /// error estimate is), and one not so recorded equals it. Random 2D problems
    /// (``Flow2DCase``), four accepted steps each way.
    @Test("Extrapolation off accepts S(τ/2)²; on, the step record says whether R was accepted", .shrinking(false))
    func switchAndRecord() async {
        await checkEveryFlow2DStart(6) { c, start in
            let (p, rho0, supU) = start
            if c.refusedByChiSquared(supU: supU) { return }
            for on in [false, true] {
                var s = try SplitStepper2D(problem: p, initial: rho0, tolerance: 1e-4, initialStep: c.firstStep)
                s.recordsSubsteps = true
                s.localExtrapolation = on
                for _ in 0..<4 {
                    let r = try s.step(notBeyond: 1e6)
                    guard r.method == .trBDF2, let last = r.substeps.last else { continue }
                    let same = s.density.map(\.bitPattern) == last.after.map(\.bitPattern)
                    if !on { #expect(!r.extrapolated && same, "extrapolation off, yet the state is not S(τ/2)²") }
                    else if r.extrapolated {
                        // R rounds to S(τ/2)² only where S(τ/2)² and S(τ) differ by about an
                        // ulp in every cell, i.e. when the estimate area·Σ|a − b| is at most
                        // ~1.5ε·area·Σ|a| (4ε allowed).
                        let floor = 4 * Self.eps * p.grid.area * last.after.reduce(0) { $0 + abs($1) }
                        #expect(!same || r.errorEstimate <= floor, "recorded as extrapolated, yet equal to S(τ/2)² (estimate \(r.errorEstimate))")
                    }
                    else { #expect(same, "not extrapolated, yet not S(τ/2)²") }
                }
            }
        }
    }
}
