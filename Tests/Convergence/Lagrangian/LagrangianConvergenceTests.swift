import Foundation
import Testing
import Sim
import TestSupport

/// Observed order of the Lagrangian scheme (tail-refined masses, BDF2 at a tight tolerance so
/// that the time error is negligible) on S1 — target N(0,1), start N(−3, 0.5²), domain
/// [−8, 8], JS flow — against a Richardson-extrapolated finite-volume reference (4000, 2000
/// and 1000 cells) whose own error estimate is required to be 10× below every error fitted.
@Suite("Lagrangian scheme: observed order on S1", .stepBudget)
struct LagrangianConvergenceTests {
    static let time = 1.0
    static let particles = [100, 200, 400, 800]
    static let interior = [-2.0, -1, 0, 1]
    static let tails = [-5.0, -4, 3.5]

    /// Theory: second order in 1/N (centred differences of f'(u) on a smoothly stretched
    /// mesh; `u_{i+½}` is the ρd-weighted interval mean, a midpoint value to O(Δ²); the point
    /// reconstruction interpolates linearly between barycentres). Each order must lie within
    /// 3 standard errors of its least-squares fit of 2, plus 0.15 for the pre-asymptotic
    /// drift of local orders over a factor 8 in N (a fit whose points lie exactly on a line
    /// has standard error 0, so the allowance is what remains). Measured with the default
    /// stretching order 4: JS 2.001 ± 0.000, interior 1.86 ± 0.31 (the worst interior point,
    /// x = −2, sits where linear interpolation's phase error varies with N), tails
    /// 2.27, 2.20, 2.36 (order 3 gave JS 2.22 ± 0.05, interior 2.27 ± 0.35). Tail points (ρ from 2e-3 down to 1e-8 of its maximum, where the
    /// tail-refined particles are sparse and the reconstruction is u constant against ρd over
    /// a whole interval) are required to converge at order ≥ 1 (measured 1.4–1.7).
    @Test("JS and interior point values converge at order 2, tails at least at order 1")
    func order() throws {
        let rd = try Normal(mean: 0, standardDeviation: 1), r0 = try Normal(mean: -3, standardDeviation: 0.5)
        let ref = try LagrangianConvergenceStudy.reference(target: rd, initial: r0, lower: -8, upper: 8, time: Self.time,
                                                           points: Self.interior + Self.tails, cells: 4000)
        let s = try LagrangianConvergenceStudy.run(target: rd, initial: r0, lower: -8, upper: 8, time: Self.time,
                                                   particles: Self.particles, interiorPoints: Self.interior,
                                                   tailPoints: Self.tails, reference: ref,
                                                   budget: LagrangianBudget(maxSteps: 20_000, maxSeconds: 40))
        print("Lagrangian scheme on S1 at t = \(Self.time):\n\(s)")
        // The reference must be far more accurate than the errors being fitted (10×).
        for r in s.rows {
            #expect(r.jsError >= 10 * ref.jsError, "N = \(r.particles): JS error \(r.jsError) vs reference error \(ref.jsError)")
            #expect(r.interiorError >= 10 * ref.valueErrors[..<Self.interior.count].max()!, "N = \(r.particles)")
        }
        for (name, o) in [("JS", s.jsOrder), ("interior point values", s.interiorOrder)] {
            #expect(abs(o.value - 2) <= 3 * o.standardError + 0.15, "\(name): order \(o)")
        }
        for (x, o) in zip(Self.tails, s.tailOrders) { #expect(o.value >= 1, "tail x = \(x): order \(o)") }
    }
}
