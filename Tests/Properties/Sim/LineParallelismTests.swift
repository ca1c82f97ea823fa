import Testing
import PropertyBased
import Foundation
import Sim
import TestSupport

/// The 2D split solver's lines solved one at a time in Swift, or in bundles of 8 by the C
/// kernel, on one core or all: the same numbers.
@Suite("2D solver: per-line or bundled lines, on all cores or one, give the same numbers", .stepBudget)
struct LineParallelismTests {
    /// Each line of a sweep is solved from its own input alone and the allowances are summed
    /// in line order, so parallel and serial sweeps must agree bit for bit — states, step
    /// sizes, error estimates, allowances and every sub-step's Newton residual. The bundled C
    /// kernel performs each line's operations in the per-line Swift path's order (Ψ, the fused
    /// Newton pass, the two-sided elimination, the stopping rule, the stage constants and
    /// allowances), so it must agree bit for bit with it too. A line read from another line's
    /// slot or lane, a lost write, a reordered sum, a padding lane leaking into a real one or an
    /// allowance summed in scheduling order breaks equality (no tolerance: none is owed).
    /// Random 2D problems (``Flow2DCase``: 6–20 cells a side, so full and padded bundles), all
    /// three flows, both sub-step methods, four accepted steps each.
    @Test("Per-line serial, bundled serial and bundled parallel sweeps: identical states, steps, estimates, allowances and residuals",
          .shrinking(false))
    func parallelEqualsSerial() async {
        await checkEveryFlow2DStart(8) { c, start in
            let (p, rho0, supU) = start
            if c.refusedByChiSquared(supU: supU) { return }
            for method in SubstepMethod2D.allCases {
                var runs = [[StepRecord2D]](), states = [[Double]]()
                for (kernel, parallelism) in [(LineKernel2D.perLine, LineParallelism.serial), (.bundled, .serial), (.bundled, .parallel)] {
                    var s = try SplitStepper2D(problem: p, initial: rho0, tolerance: 1e-4, initialStep: c.firstStep)
                    s.recordsSubsteps = true
                    s.substepMethod = method
                    s.lineParallelism = parallelism
                    s.lineKernel = kernel
                    runs.append(try (0..<4).map { _ in try s.step(notBeyond: 1e6) })
                    states.append(s.density)
                }
                func bits(_ v: [Double]) -> [UInt64] { v.map(\.bitPattern) }
                for r in 1..<runs.count {
                    #expect(bits(states[0]) == bits(states[r]), "\(method), configuration \(r): states differ")
                    for (a, b) in zip(runs[0], runs[r]) {
                        #expect(a.time.bitPattern == b.time.bitPattern && a.step.bitPattern == b.step.bitPattern,
                                "\(method): t \(a.time) vs \(b.time), Δt \(a.step) vs \(b.step)")
                        #expect(a.errorEstimate.bitPattern == b.errorEstimate.bitPattern
                                && a.residual.bitPattern == b.residual.bitPattern,
                                "\(method): estimate \(a.errorEstimate) vs \(b.errorEstimate), allowance \(a.residual) vs \(b.residual)")
                        #expect(a.substeps.count == b.substeps.count
                                && zip(a.substeps, b.substeps).allSatisfy { bits($0.after) == bits($1.after) && bits($0.residual) == bits($1.residual) },
                                "\(method): sub-steps differ")
                    }
                }
            }
        }
    }
}
