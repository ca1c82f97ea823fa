import Foundation
import Testing
import PropertyBased
import TestSupport
import Analytic
import Sim

/// The reconstruction of cell averages used by the independent D1 and P5 measurements: on
/// exact cell averages of a known density its JS and its dissipation ∫ρ|v|² (v from D* and
/// the scores) must converge at order 2 in h to Analytic's quadrature of the exact densities.
@Suite("Reconstructed density from cell averages", .stepBudget)
struct ReconstructedDensityTests {
    /// Generator: target N(0,1) and start N(m, s²), m ∈ [−2, 2], s ∈ [0.6, 1.5], both truncated
    /// to [−6, 6] (ln u quadratic; the walls carry < 1e-9 of either density, so the mirror
    /// condition w' = 0 there costs nothing measurable). Cells 100, 200, 400: local orders of
    /// the dissipation and JS errors within 0.3 of 2 (the O(h⁴) terms; measured 1.996–2.000),
    /// and the relative error at 400 cells below 5e-3 (measured 1e-4 to 2e-4 for N(1.08, 1.22²):
    /// a constant of order 0.1–1 in (h/σ)², up to ~4× larger for the narrowest start).
    @Test("JS and ∫ρ|v|² of the reconstruction converge at order 2 to the quadrature of the exact densities",
          .shrinking(false))
    func convergesToExact() async {
        let input = zip(Gen.double(in: -2...2), Gen.double(in: 0.6...1.5))
        await propertyCheck(count: 8, input: input) { m, s in
            failOnThrow("start N(\(m), \(s)²)") {
                let rd = try Truncated(try Normal(mean: 0, standardDeviation: 1), lower: -6, upper: 6)
                let r0 = try Truncated(try Normal(mean: m, standardDeviation: s), lower: -6, upper: 6)
                let exactD = try Dissipation.compute(.js, data: rd, generator: r0)
                let exactJS = try Divergences.compute(.js, p: rd, q: r0)
                var dErr = [Double](), jErr = [Double]()
                let cells = [100, 200, 400]
                for n in cells {
                    let p = try FlowProblem(target: rd, lower: -6, upper: 6, cells: n)
                    let r = try ReconstructedDensity(cellAverages: try p.initialAverages(of: r0), problem: p)
                    dErr.append(abs(r.dissipation / exactD.value - 1))
                    jErr.append(abs(r.js / exactJS.value - 1))
                }
                let hs = cells.map { 12 / Double($0) }
                let d = try ConvergenceStudy(sizes: hs, errors: dErr), j = try ConvergenceStudy(sizes: hs, errors: jErr)
                #expect(d.localOrders.allSatisfy { abs($0 - 2) <= 0.3 } && dErr.last! < 5e-3, "dissipation: \(d)")
                #expect(j.localOrders.allSatisfy { abs($0 - 2) <= 0.3 } && jErr.last! < 5e-3, "JS: \(j)")
                // The quadrature references are far more accurate than the errors fitted.
                #expect(exactD.error < 1e-3 * dErr.last! * exactD.value && exactJS.error < 1e-3 * jErr.last! * exactJS.value)
            }
        }
    }

    @Test("Quantiles invert the scheme's face CDF; a cell with ρ = 0 is refused")
    func quantilesAndRefusal() throws {
        let rd = try Uniform(lower: 0, upper: 1)
        let p = try FlowProblem(target: rd, lower: 0, upper: 1, cells: 4)
        let r = try ReconstructedDensity(cellAverages: [0.5, 1.5, 1, 1], problem: p)
        // Face CDF 0, 0.125, 0.5, 0.75, 1: p = 0.3 lies 0.175/0.375 into the second cell.
        #expect(abs(try r.quantile(0.3) - (0.25 + 0.25 * 0.175 / 0.375)) <= 1e-15)
        #expect(abs(r.cdf(try r.quantile(0.3)) - 0.3) <= 1e-15)
        #expect(throws: (any Error).self) { _ = try ReconstructedDensity(cellAverages: [0, 2, 1, 1], problem: p) }
    }
}
