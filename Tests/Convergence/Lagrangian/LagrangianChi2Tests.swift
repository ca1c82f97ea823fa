import Foundation
import Testing
import Analytic
import Sim
import Verification
import TestSupport

/// The Lagrangian scheme for the degenerate χ² flow (`Ψ' = 2u`: porous-medium type, with a
/// front where u falls to ≈ 0), docs/MATH.md §3.2 and ``LagrangianParticles``.
///
/// The S1 scenario (target N(0,1), start N(−3, 0.5²), domain [−8, 8]) has such a front: u₀
/// peaks at 807 near x = −4 and is below 1e-7 right of x = 0, and the front of the χ² flow
/// sweeps to the right (x ≈ 0.68 at t = 0.25) and to the left wall.
@Suite("Lagrangian scheme: the χ² flow and its front", .stepBudget)
struct LagrangianChi2Tests {
    /// On a uniform target the porous-medium profile `u = σ(x_f − x)₊` travels at speed 2σ
    /// (`u_t = (u²)_xx`), so every particle's velocity is exactly 2σ. Particles are placed at
    /// the levels' masses under this profile, with the front inside the last interval (where
    /// the front rule of ``LagrangianParticles`` models it); then the interval means are the
    /// profile at the barycentres (midpoints) and the front particle's one-sided width is
    /// exact, so the only error is rounding. Positions in [0, 1] carry an absolute error of
    /// about ε, so `uⱼ = mⱼ/wⱼ` is off by at most ≈ 2ε uⱼ/wⱼ, and `Vᵢ = 2(u_{i−1} − uᵢ)/Dᵢ` by
    /// `4ε(u_{i−1}/w_{i−1} + uᵢ/wᵢ)/Dᵢ` with `Dᵢ ≥ w_{i−1}/2` under either rule; allowed: twice
    /// that, relative to 2σ. (Next to the wall the first interval is 4e-6 wide: 6e-7 there.)
    @Test("A linear front on a uniform target: every particle, the front one included, moves at 2σ")
    func travelingWave() throws {
        let levels = try QuantileLevels(count: 40)
        let particles = try LagrangianParticles(target: try Uniform(lower: 0, upper: 1), lower: 0, upper: 1,
                                                levels: levels, flow: .chi2)
        let front = 0.6, m = levels.masses, n = levels.count
        let sigma = 2 / (front * front)  // total mass σ x_f²/2 = 1
        // From the front backwards: the mass σ((x_f − L)² − (x_f − R)²)/2 between L and R.
        var x = [Double](repeating: 0, count: n + 1)
        x[n] = 1
        var distance = 0.0  // x_f − R
        for j in stride(from: n - 1, through: 1, by: -1) {
            distance = (distance * distance + 2 * m[j] / sigma).squareRoot()
            x[j] = front - distance
        }
        #expect(abs(x[1] - (front - (front * front - 2 * m[0] / sigma).squareRoot())) < 1e-12)
        let v = particles.velocity(positions: x), u = particles.ratios(positions: x)
        let w = (0..<n).map { x[$0 + 1] - x[$0] }
        for i in 1..<n {
            let tolerance = 8 * Double.ulpOfOne * (u[i - 1] / w[i - 1] + u[i] / w[i]) / (0.5 * w[i - 1]) / (2 * sigma)
            #expect(abs(v[i] / (2 * sigma) - 1) <= tolerance, "particle \(i) at \(x[i]): V = \(v[i]), 2σ = \(2 * sigma)")
        }
    }
}
