import Testing
import Foundation
import PropertyBased
import TestSupport
import Analytic
import Sim

/// The tests' own C_P^h (``PoincareCertificate``, an inertia count) against a closed form and
/// against the library's dense generalised eigen-solve (``DiscretePoincare``).
@Suite("Discrete Poincaré certificate", .stepBudget)
struct PoincareCertificateTests {
    /// Uniform target on [a, b] with N cells: the pencil is (1/(Lh))·Laplacian against
    /// (h/L)·I, so λₖ = (4/h²) sin²(kπ/(2N)) and C_P^h = h²/(4 sin²(π/(2N))) exactly (derived).
    /// The certificate is an upper bound within 1e-9 (its margin) + 1e-12 (bisection width and
    /// the closed form's own rounding, a few ε) relative.
    @Test("Uniform target: the certificate is the closed form h²/(4 sin²(π/2N)), from above, within its margin",
          arguments: [2, 3, 60, 997, 4000])
    func uniformClosedForm(cells: Int) throws {
        let p = try FlowProblem(target: try Uniform(lower: -1.3, upper: 2.1), lower: -1.3, upper: 2.1, cells: cells)
        let h = p.grid.spacing, s = sin(Double.pi / Double(2 * cells))
        let exact = h * h / (4 * s * s)
        let c = try PoincareCertificate.constant(p)
        #expect(c >= exact * (1 - 1e-12) && c <= exact * (1 + 1e-9 + 1e-12), "certificate \(c), closed form \(exact)")
    }

    /// On the widened random targets the dense solve (GSL, via a Cholesky factor of the cell
    /// masses) has error ≲ 8Nε·λ_max/λ₁ in λ₁ (relative), λ_max ≤ Gershgorin's max 2(c_{i−1} + cᵢ)/mᵢ:
    /// the two must agree within that plus the certificate's margin, and the certificate must
    /// not be below the dense value by more than that (it is an upper bound). Grids up to 300
    /// cells (the dense solve is O(N³)). The largest relative gap is printed.
    @Test("Random widened targets: certificate and dense eigen-solve agree within the dense solve's error bound", .shrinking(false))
    func againstDenseSolve() async {
        let input = zip(RandomFlowProblems.targets(), Gen.int(in: 60...300))
        await checkEveryCase(15, of: input) { target, cells in
            let p = try target.problem(cells: cells)
            let cert = try PoincareCertificate.constant(p), dense = try DiscretePoincare.constant(p)
            let h = p.grid.spacing
            let c = p.faceWeights.map { $0 * h }, m = p.targetAverages.map { $0 * h }
            var top = 0.0
            for i in m.indices { top = max(top, 2 * ((i > 0 ? c[i - 1] : 0) + (i < c.count ? c[i] : 0)) / m[i]) }
            let denseError = 8 * Double(cells) * Double.ulpOfOne * top * cert
            let gap = abs(cert - dense) / cert
            #expect(gap <= denseError + 1e-9 + 1e-12, "certificate \(cert), dense \(dense), dense error bound \(denseError)")
            print("C_P^h certificate \(cert), dense \(dense), relative gap \(gap), dense bound \(denseError), \(target)")
        }
    }
}
