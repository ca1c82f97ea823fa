import Testing
import TestSupport
import Foundation
import Sim
import Verification

/// Set-up of the finite-volume problem (docs/MATH.md §3): exact cell averages, gap cells, errors.
@Suite("Flow problem set-up", .stepBudget)
struct FlowProblemTests {
    /// Far in a right tail F(b) − F(a) cancels to 0; the cancellation-free mass does not.
    /// Against the midpoint value h·pdf(x_c): for a Gaussian the cell mass is
    /// h·pdf(x_c)·(1 + (z² − 1)h²/(24σ²) + O((zh/σ)⁴)), z = (x_c − μ)/σ; at z ≤ 10, h = 0.016,
    /// σ = 0.6 the correction is ≤ 99·0.016²/(24·0.36) = 0.3 % and the next term ~1e-5, so 1 %
    /// relative agreement must hold (a cancelled value, 0, cannot).
    @Test("Cell averages in a far right tail are exact, not cancelled to 0")
    func tailAverages() throws {
        let n = try Normal(mean: 2, standardDeviation: 0.6)
        let g = try Grid1D(lower: -8, upper: 8, cells: 1000)
        let avg = g.cellAverages(of: n)
        for i in (g.cells - 5)..<g.cells {
            let mid = n.pdf(g.center(i))
            #expect(avg[i] > 0 && abs(avg[i] / mid - 1) <= 0.01, "cell \(i): \(avg[i]) vs midpoint \(mid)")
        }
    }

    @Test("A target cell average that underflows inside the support is an error, not a division by zero")
    func underflowIsAnError() throws {
        let target = try Truncated(try Normal(mean: 0, standardDeviation: 0.2), lower: -40, upper: 40)
        #expect(throws: FlowError.self) { try FlowProblem(target: target, lower: -40, upper: 40, cells: 200) }
    }

    @Test("Gap cells are inactive, carry no flux, and initial mass there is rejected")
    func gapCells() throws {
        let target = try Mixture(weights: [0.5, 0.5], components: [try Uniform(lower: -2, upper: -0.5), try Uniform(lower: 0.5, upper: 2)])
        let p = try FlowProblem(target: target, lower: -2, upper: 2, cells: 40)
        let inactive = p.active.indices.filter { !p.active[$0] }
        #expect(!inactive.isEmpty && inactive.allSatisfy { abs(p.grid.center($0)) < 0.5 })
        for i in inactive {
            if i > 0 { #expect(p.faceWeights[i - 1] == 0) }
            if i < p.grid.cells - 1 { #expect(p.faceWeights[i] == 0) }
        }
        let spread = try Truncated(try Normal(mean: 0, standardDeviation: 1), lower: -2, upper: 2)
        #expect(throws: FlowError.self) { try p.initialAverages(of: spread) }
    }
}
