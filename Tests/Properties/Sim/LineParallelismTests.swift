import Testing
import PropertyBased
import Foundation
import Sim
import TestSupport

/// The 2D split solver's lines spread over the cores or kept on one: the same numbers.
@Suite("2D solver: lines on all cores or one give the same numbers", .stepBudget)
struct LineParallelismTests {
    /// Each line of a sweep is solved from its own input alone and the allowances are summed
    /// in line order, so parallel and serial sweeps must agree bit for bit — states, step
    /// sizes, error estimates, allowances and every sub-step's Newton residual. A line read
    /// from another line's slot, a lost write or an allowance summed in scheduling order
    /// breaks equality (no tolerance: none is owed). Random 2D problems (``Flow2DCase``), both
    /// sub-step methods, four accepted steps each.
    @Test("Serial and parallel sweeps: identical states, steps, estimates, allowances and residuals",
          .shrinking(false))
    func parallelEqualsSerial() async {
        await checkEveryFlow2DStart(8) { c, start in
            let (p, rho0, supU) = start
            if c.refusedByChiSquared(supU: supU) { return }
            for method in SubstepMethod2D.allCases {
                var runs = [[StepRecord2D]](), states = [[Double]]()
                for parallelism in [LineParallelism.serial, .parallel] {
                    var s = try SplitStepper2D(problem: p, initial: rho0, tolerance: 1e-4, initialStep: c.firstStep)
                    s.recordsSubsteps = true
                    s.substepMethod = method
                    s.lineParallelism = parallelism
                    runs.append(try (0..<4).map { _ in try s.step(notBeyond: 1e6) })
                    states.append(s.density)
                }
                func bits(_ v: [Double]) -> [UInt64] { v.map(\.bitPattern) }
                #expect(bits(states[0]) == bits(states[1]), "\(method): states differ")
                for (a, b) in zip(runs[0], runs[1]) {
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
