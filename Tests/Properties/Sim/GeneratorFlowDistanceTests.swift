import Foundation
import Testing
import PropertyBased
import TestSupport
import Sim
import Verification

/// The W₁ of ``GeneratorFlowDistance`` between a normal and a grid density, checked against
/// the closed form for two normals: when the grid density is the cell averages of
/// N(a₂, b₂²), its CDF is the linear interpolation of the exact CDF F₂ through the faces, so
/// the two W₁ differ by at most `∫|F₂ − F₂,h|` plus what lies outside the grid.
@Suite("W₁ between a normal and a finite-volume density", .stepBudget)
struct GeneratorFlowDistanceTests {
    @Test("W₁(N(a₁, b₁²), cell averages of N(a₂, b₂²)) equals the closed form within the interpolation bound", .shrinking(false))
    func matchesClosedForm() async {
        // a ∈ [−2, 2], b ∈ [0.3, 1.5] on [−10, 10]: every normal lies ≥ 5.3 sd inside the grid.
        let input = zip(Gen.double(in: -2...2), Gen.double(in: 0.3...1.5), Gen.double(in: -2...2), Gen.double(in: 0.3...1.5),
                        Gen.int(in: 200...1000))
        await propertyCheck(count: 40, input: input) { a1, b1, a2, b2, cells in
            failOnThrow("N(\(a1), \(b1)²) vs N(\(a2), \(b2)²) on \(cells) cells") {
                let grid = try Grid1D(lower: -10, upper: 10, cells: cells)
                let n2 = try Normal(mean: a2, standardDeviation: b2)
                let rho = grid.cellAverages(of: n2)
                let got = try GeneratorFlowDistance.w1(a: a1, b: b1, density: rho, grid: grid)
                let exact = try GeneratorFlowDistance.w1(a1, b1, a2, b2)
                // Linear interpolation error per cell ≤ (h²/8)·max_cell|φ₂'|, integrated over
                // the cell (h·that); |φ₂'(x)| = |x − a₂|φ₂(x)/b₂² peaks at |x − a₂| = b₂, so its
                // cell maximum is at an end or at that peak.
                let h = grid.spacing
                func dphi(_ x: Double) -> Double { abs(x - a2) / (b2 * b2) * exp(n2.logPDF(x)) }
                var interp = 0.0
                for i in 0..<cells {
                    let l = grid.face(i), r = grid.face(i + 1)
                    var mx = max(dphi(l), dphi(r))
                    for p in [a2 - b2, a2 + b2] where p > l && p < r { mx = max(mx, dphi(p)) }
                    interp += h * h * h / 8 * mx
                }
                // Outside the grid: F₂ (left) and 1 − F₂ (right) integrate to ≤ b₂φ(τ) each,
                // and the missing mass shifts F₂,h by at most that mass over the grid's length.
                let outsideMass = n2.mass(from: -.infinity, to: -10) + n2.mass(from: 10, to: .infinity)
                let tails = b2 * (exp(n2.logPDF(-10)) + exp(n2.logPDF(10))) * b2 + outsideMass * 20
                // Round-off: the face CDF sums `cells` products, each within a few ulps.
                let roundoff = Double(cells) * 4 * Double.ulpOfOne * 20
                let tol = got.error + interp + tails + roundoff
                #expect(abs(got.value - exact) <= tol, "W₁ \(got) vs closed form \(exact), bound \(tol)")
            }
        }
    }
}
