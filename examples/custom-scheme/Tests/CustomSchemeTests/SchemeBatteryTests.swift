import Testing
import Verification
import CustomScheme

/// ganflow's scheme battery run on the example's own scheme, and on two copies of it with
/// a planted defect that the battery must catch.
@Suite("Custom scheme through ganflow's battery")
struct SchemeBatteryTests {
    /// The JS flow toward N(0, 1) on [−4, 4] with 40 cells, from N(−0.5, 1) and, for the L¹
    /// contraction, N(1, 1.5²); explicit steps at 0.9 of the stable limit up to t = 60.
    ///
    /// Why t = 60 is long enough for the trend check (JS(T) ≤ 0.1·JS(0)): by docs/MATH.md §2
    /// D6, χ²(t) ≤ e^{−t/(C_P(1+M))} χ²(0), with C_P ≤ 1 (a normal truncated to an interval)
    /// and M = sup u₀ ≈ 6.5 (at x = −4). Between JS and χ², f(u)/(u − 1)² lies in
    /// [0.037, 0.35] for 0 ≤ u ≤ 6.5, so JS(t)/JS(0) ≤ 9.4 e^{−t/7.5} ≈ 3e-3 at t = 60: a
    /// margin of 30 over the required 0.1 for the continuous flow, which covers the
    /// scheme's spatial and temporal errors at this resolution.
    static func configuration() throws -> BatteryConfiguration {
        let problem = try SchemeProblem(target: try Normal(mean: 0, standardDeviation: 1),
                                        lower: -4, upper: 4, cells: 40, flow: .js)
        let first = try problem.cellAverages(of: try Normal(mean: -0.5, standardDeviation: 1))
        let second = try problem.cellAverages(of: try Normal(mean: 1, standardDeviation: 1.5))
        let ratios = (first + second).indices.map { i in
            (first + second)[i] / problem.targetAverages[i % problem.cells]
        }
        let dt = 0.9 * ExplicitFiniteVolumes.largestStableStep(for: problem, ratios: ratios.min()!...ratios.max()!)
        return try BatteryConfiguration(problem: problem, first: first, second: second,
                                        timeStep: dt, steps: Int((60 / dt).rounded(.up)))
    }

    @Test("The example's scheme passes every property of the battery")
    func correctSchemePasses() throws {
        let result = try FlowSchemeBattery.run(ExplicitFiniteVolumes(), configuration: try Self.configuration())
        #expect(result.passed, "\(result)")
        #expect(result.failures.isEmpty, "\(result)")
        #expect(result.check(.trendToTarget)!.measured <= 0.1, "\(result)")
    }

    @Test("A flipped flux sign is caught: the energy, JS and convex-functional checks fail")
    func flippedSignIsCaught() throws {
        let result = try FlowSchemeBattery.run(SignFlippedFiniteVolumes(), configuration: try Self.configuration())
        #expect(!result.passed, "\(result)")
        // Anti-diffusion raises every strictly convex functional at the first step; the
        // rise is of order Δt·∫ρ|v|², far above the round-off tolerance.
        #expect(result.check(.energyDecay)?.holds == false, "\(result)")
        #expect(result.check(.jsDecay)?.holds == false, "\(result)")
        #expect(result.check(.convexFunctionals)?.holds == false, "\(result)")
    }

    @Test("A lost interior face is caught by the trend check alone, with JS stuck above its D5 floor")
    func lostFaceIsCaught() throws {
        let c = try Self.configuration()
        let p = c.problem
        let face = p.cells / 2 - 1   // the face at x = 0
        let result = try FlowSchemeBattery.run(LostFaceFiniteVolumes(face: face), configuration: c)
        // Each half is conservative and monotone: every step-wise property holds and only
        // the trend fails.
        #expect(result.failures.map(\.property) == [.trendToTarget], "\(result)")

        // The floor: no mass crosses the lost face, so each half keeps its initial mass, and
        // by Jensen's inequality on each half JS(t) ≥ Σ_halves m_d f(m/m_d), with m and m_d
        // the masses of ρ₀ and of ρd on the half (docs/MATH.md §2 D5). For N(−0.5, 1)
        // against N(0, 1) the floor is about half of JS(0).
        let h = p.spacing, f = p.flow
        let halves = [0...face, (face + 1)...(p.cells - 1)]
        let floor = halves.map { half -> Double in
            let m = half.reduce(0) { $0 + h * c.first[$1] }
            let md = half.reduce(0) { $0 + h * p.targetAverages[$1] }
            return md * f.f(m / md)
        }.reduce(0, +)
        let js0 = (0..<p.cells).reduce(0) { $0 + h * p.targetAverages[$1] * f.f(c.first[$1] / p.targetAverages[$1]) }
        let ratio = result.check(.trendToTarget)!.measured
        // Both sums are of 40 terms of size ≤ 1; 1e-12 relative covers their round-off.
        #expect(ratio >= floor / js0 * (1 - 1e-12), "JS(T)/JS(0) = \(ratio), floor \(floor / js0)")
        #expect(floor / js0 > 0.1, "the floor alone rules out the trend: \(floor / js0)")
    }
}
