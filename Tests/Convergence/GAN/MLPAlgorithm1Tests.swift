import Foundation
import Testing
import TestSupport
import Sim

/// The measuring instrument of P3 with an MLP generator (``QuantileNodeLaw``): the law of
/// G(Z) read at quantile nodes, with an exact W₁ bound. The study itself
/// (``MLPAlgorithm1Study``: 20 seeds, joint refinement, under-trained D) takes about 40 s of
/// processor time and runs in `ganflow verify`'s full run (row P3, which CI runs), with the
/// same 4-standard-error margins.
@Suite("P3 with an MLP generator: the quantile-node law and its W₁ bound", .stepBudget)
struct MLPAlgorithm1Tests {
    @Test("The quantile-node W₁ of N(0, 1) is exact: it matches a direct quadrature of |Φ⁻¹ − ẑ| and falls like 1/M")
    func nodeDistance() throws {
        // ∫₀¹|Φ⁻¹(p) − ẑ(p)|dp cell by cell in p with the midpoint rule on 2000 sub-points per
        // cell (the integrand is smooth in each half-cell except at the node, where it has a
        // kink worth δ²·max|Φ⁻¹'|; M = 50 keeps that below 1e-9 away from the end cells,
        // whose tails the closed form covers exactly): agreement to 1e-6 relative.
        let m = 50
        let exact = try QuantileNodeLaw.nodeDistance(m)
        let nodes = try QuantileNodeLaw.nodes(m)
        let z = try Normal(mean: 0, standardDeviation: 1)
        var direct = 0.0
        let sub = 2000
        for j in 1..<(m - 1) {
            for k in 0..<sub {
                let p = (Double(j) + (Double(k) + 0.5) / Double(sub)) / Double(m)
                direct += abs(try z.quantile(p) - nodes[j]) / Double(m * sub)
            }
        }
        // The end cells: ∫|x − z|φ over a half-line, from the closed form (checked in the middle).
        let a = try z.quantile(1 / Double(m)), zj = nodes[0]
        let end = 2 * z.pdf(zj) - z.pdf(a) - zj * (2 * z.cdf(zj) - z.cdf(a))
        direct += 2 * end
        #expect(abs(direct - exact) <= 1e-6 * exact, "closed form \(exact) vs direct \(direct)")
        let w1000 = try QuantileNodeLaw.nodeDistance(1000), w4000 = try QuantileNodeLaw.nodeDistance(4000)
        let order = log(w1000 / w4000) / log(4)
        #expect(abs(order - 1) < 0.15, "W₁(N, ẑ_M) falls at order \(order) in M, expected about 1 (log factors)")
    }
}
