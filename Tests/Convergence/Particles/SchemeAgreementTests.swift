import Testing
import Foundation
import Sim
import Verification
import TestSupport

/// Two independent solvers of the JS flow (P5: one solution) must converge to each other.
@Suite("Finite volumes vs quantile particles", .stepBudget)
struct SchemeAgreementTests {
    /// Expected order 1 in 1/N (see ``SchemeAgreementStudy``); window ±0.2 (local orders,
    /// printed, measured 0.90–0.96). Also the particle scheme's energy must approach the FV
    /// JS: |JS_particles − JS_fv| must shrink along the refinements.
    @Test("W₁ distance between FV and Lagrangian solutions shrinks at order 1 in 1/N")
    func agreement() throws {
        let r = try SchemeAgreementStudy.run(particles: [50, 100, 200, 400], cellsPerParticle: 4, tolerance: 1e-9)
        print("FV vs quantile particles (N(−1.5, 0.7²) → N(0,1) on [−5, 5], t = 0.5):\n\(r)")
        #expect(abs(r.study.order - 1) <= 0.2, "\(r.study)")
        let gaps = r.rows.map { abs($0.jsParticles - $0.jsFiniteVolume) }
        #expect(zip(gaps, gaps.dropFirst()).allSatisfy { $1 < $0 }, "JS gaps \(gaps)")
    }

    /// The explicit Euler step of the particles is X + Δt·V(X) (what Algorithm 1 does): checked
    /// against the velocity formula of docs/MATH.md §3 computed here by hand on a small example.
    @Test("Explicit Euler step of the quantile particles is X + Δt·V(X), V from docs/MATH.md §3")
    func explicitStep() throws {
        let rd = try Uniform(lower: 0, upper: 1)
        let q = try QuantileParticles(target: rd, lower: 0, upper: 1, count: 3)
        let x = [0, 0.2, 0.5, 1.0]
        // u_{i+½} = (1/3)/(gap width) for the uniform target on [0, 1].
        let u = [1.0 / 3 / 0.2, 1.0 / 3 / 0.3, 1.0 / 3 / 0.5]
        let g = u.map { 0.5 * log(2 * $0 / (1 + $0)) }
        let v1 = -(g[1] - g[0]) / (0.5 * (0.5 - 0.0)), v2 = -(g[2] - g[1]) / (0.5 * (1.0 - 0.2))
        let step = q.explicitEulerStep(positions: x, step: 0.01)
        // Each quantity is a few floating-point operations from the same inputs: 1e-15 relative.
        #expect(abs(step[1] - (0.2 + 0.01 * v1)) <= 1e-15)
        #expect(abs(step[2] - (0.5 + 0.01 * v2)) <= 1e-15)
        #expect(step[0] == 0 && step[3] == 1)
    }
}
