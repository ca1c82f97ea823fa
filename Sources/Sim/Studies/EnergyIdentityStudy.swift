import Foundation

/// D1 (derived), energy identity `JS(0) − JS(T) = ∫₀ᵀ ∫ρ_t|v_t|² dt`, measured on the
/// finite-volume solution with the right-hand side computed independently of the scheme.
///
/// Left: `JS(0)` by Analytic's quadrature of the exact ρd and ρ₀; `JS(T)` = ∫ρd f(u_h) on the
/// ``ReconstructedDensity`` of the final snapshot. Right: at each of `snapshots + 1` equally
/// spaced times the dissipation ∫ρ_h|v|² with v from Analytic's `Velocity` (D* and the
/// scores) on the reconstruction — never the scheme's discrete dissipation −dE/dt — and in
/// time the composite Simpson rule (error O(δt⁴)). The snapshots come from BDF2 at local
/// tolerance `tolerance` (time error far below the spatial one).
///
/// What remains is the spatial error of the scheme and of the reconstruction, both O(h²):
/// the mismatch `|JS(0) − JS(T) − ∫∫ρ|v|²|` is expected to fall at order 2 in h. A scheme
/// whose weights were wrong (a flux that is not ρd∇Ψ(u), a wrong Ψ) would still dissipate
/// its own energy exactly, but not this one: the mismatch would stall at O(1).
public enum EnergyIdentityStudy {
    public struct Row: Sendable, CustomStringConvertible {
        public var cells: Int
        public var energyDrop: Double
        public var dissipationIntegral: Double
        public var mismatch: Double { abs(energyDrop - dissipationIntegral) }
        public var description: String {
            "\(cells) cells: JS(0) − JS(T) = \(energyDrop), ∫∫ρ|v|² = \(dissipationIntegral), mismatch \(mismatch)"
        }
    }

    /// The rows and the order of the mismatch in h.
    public typealias Result = StudyRows<Row>

    /// Defaults: ρd = N(0,1), ρ₀ = N(−1.5, 0.7²), both on [−5, 5]; T = 2; 200 Simpson
    /// intervals (δt = 0.01: Simpson's error ~δt⁴·T·max|∂⁴ₜD|/180, below 1e-9 here).
    /// `schemeFlow` is the flow the finite-volume scheme integrates: `.js` for the identity;
    /// another flow (other weights Ψ) shows that the measurement can fail.
    public static func run(cells: [Int], target: (any Density)? = nil, initial: (any Density)? = nil,
                           lower: Double = -5, upper: Double = 5, finalTime: Double = 2,
                           snapshots: Int = 200, tolerance: Double = 1e-10,
                           schemeFlow: FlowDivergence = .js) throws -> Result {
        guard snapshots >= 2, snapshots % 2 == 0 else {
            throw InvalidArgument("energy identity study: Simpson's rule needs an even number of intervals ≥ 2, got \(snapshots)")
        }
        let rd = try target ?? Truncated(try Normal(mean: 0, standardDeviation: 1), lower: lower, upper: upper)
        let r0 = try initial ?? Truncated(try Normal(mean: -1.5, standardDeviation: 0.7), lower: lower, upper: upper)
        let js0 = try Divergences.compute(.js, p: rd, q: r0).value
        let times = (0...snapshots).map { finalTime * Double($0) / Double(snapshots) }
        let dt = finalTime / Double(snapshots)
        var rows = [Row]()
        for n in cells {
            let p = try FlowProblem(target: rd, lower: lower, upper: upper, cells: n, flow: schemeFlow)
            let traj = try FiniteVolumeSolver(problem: p, stepping: .bdf2(.adaptive(tolerance: tolerance)))
                .solve(initial: r0, times: times)
            var integral = 0.0
            for (k, snap) in traj.snapshots.enumerated() {
                let weight: Double = (k == 0 || k == snapshots) ? 1 : (k % 2 == 1 ? 4 : 2)
                integral += weight * (try ReconstructedDensity(cellAverages: snap.density, problem: p)).dissipation
            }
            integral *= dt / 3
            let jsT = try ReconstructedDensity(cellAverages: traj.snapshots.last!.density, problem: p).js
            rows.append(Row(cells: n, energyDrop: js0 - jsT, dissipationIntegral: integral))
        }
        return Result(rows: rows, study: try ConvergenceStudy(sizes: cells.map { (upper - lower) / Double($0) },
                                                              errors: rows.map(\.mismatch)))
    }
}
