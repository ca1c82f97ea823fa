import Foundation

/// P5 at the level of ODE (2) (paper claim: unique solution), by the superposition
/// principle: characteristics `dX/dt = v_t(X)`, integrated through the finite-volume
/// solution's velocity, push ρ₀ forward to ρ_t; in 1D they keep their order.
///
/// Velocity: at each snapshot, Analytic's `Velocity` (D* and the scores) on the
/// ``ReconstructedDensity`` of the cell averages (second order in h). Time: the classical
/// Runge–Kutta method with step 2δ, its stages at the snapshots t, t + δ, t + 2δ (BDF2 output
/// at local tolerance 1e-10), so no interpolation in time. The velocity is only Lipschitz
/// across the centres (w'' jumps there), so RK4 is not used at order 4: δ ∝ h keeps its error
/// O(h²) at worst.
///
/// Measure (derived): in 1D the flow map is monotone, so the characteristic started at the
/// p-quantile of ρ₀ ends at the p-quantile of ρ_T. At the levels pⱼ = (j − ½)/J the mean of
/// |X_T(pⱼ) − Q_T^h(pⱼ)| (Q_T^h the FV quantile function) is the midpoint rule for
/// `∫₀¹|X_T(F₀⁻¹(p)) − Q_T^h(p)| dp` = W₁(X_T#ρ₀, ρ_T^h); it must fall at order 2 in h.
public enum CharacteristicsStudy {
    public struct Row: Sendable, CustomStringConvertible {
        public var cells: Int
        public var snapshots: Int
        /// Mean over the levels of |X_T − Q_T^h| (W₁ estimate).
        public var wasserstein: Double
        public var maxDeviation: Double
        /// min over steps and neighbours of (X_{j+1} − Xⱼ)(t) / (X_{j+1} − Xⱼ)(0); > 0 iff the
        /// trajectories stayed ordered.
        public var minGapRatio: Double
        public var description: String {
            "\(cells) cells, \(snapshots) snapshots: W₁(X_T#ρ₀, ρ_T) ≈ \(wasserstein), max |X_T − Q_T| \(maxDeviation), min gap ratio \(minGapRatio)"
        }
    }

    /// The rows and the order of the W₁ estimate in h.
    public typealias Result = StudyRows<Row>

    /// The velocity fields of a finite-volume trajectory (one per snapshot) and the times.
    public struct VelocityFields {
        public let times: [Double]
        public let fields: [Velocity]
        public let final: ReconstructedDensity

        public init(problem: FlowProblem, initial: any Density, time: Double, intervals: Int,
                    tolerance: Double = 1e-10) throws {
            guard intervals >= 2, intervals % 2 == 0 else {
                throw InvalidArgument("characteristics: RK4 over snapshots needs an even number of intervals ≥ 2, got \(intervals)")
            }
            let ts = (0...intervals).map { time * Double($0) / Double(intervals) }
            let traj = try FiniteVolumeSolver(problem: problem, stepping: .bdf2(.adaptive(tolerance: tolerance)))
                .solve(initial: initial, times: ts)
            let recs = try traj.snapshots.map { try ReconstructedDensity(cellAverages: $0.density, problem: problem) }
            times = ts
            fields = recs.map { Velocity(.js, data: problem.target, generator: $0) }
            final = recs.last!
        }

        /// RK4 through the snapshots from `starts` (ascending); the end points and the
        /// smallest ratio of a neighbour gap to its initial value over all steps.
        public func transport(_ starts: [Double]) -> (positions: [Double], minGapRatio: Double) {
            var x = starts
            let gaps0 = zip(starts, starts.dropFirst()).map { $1 - $0 }
            var minRatio = Double.infinity
            for m in stride(from: 0, to: fields.count - 1, by: 2) {
                let h = times[m + 2] - times[m]
                let v0 = fields[m], vh = fields[m + 1], v1 = fields[m + 2]
                x = x.map { x0 in
                    let k1 = v0(x0), k2 = vh(x0 + 0.5 * h * k1), k3 = vh(x0 + 0.5 * h * k2), k4 = v1(x0 + h * k3)
                    return x0 + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
                }
                for (j, g0) in gaps0.enumerated() where g0 > 0 { minRatio = min(minRatio, (x[j + 1] - x[j]) / g0) }
            }
            return (x, minRatio)
        }
    }

    /// Defaults: ρd = N(0,1), ρ₀ = N(−1.5, 0.7²), both truncated to [−5, 5], T = 0.5; level L has
    /// `cells0·L` cells and `intervals0·L` snapshot intervals; J = `levels` quantile levels.
    public static func run(refinements: [Int], cells0: Int = 100, intervals0: Int = 50, quantileLevels: Int = 200,
                           lower: Double = -5, upper: Double = 5, time: Double = 0.5) throws -> Result {
        let rd = try Truncated(try Normal(mean: 0, standardDeviation: 1), lower: lower, upper: upper)
        let r0 = try Truncated(try Normal(mean: -1.5, standardDeviation: 0.7), lower: lower, upper: upper)
        let ps = (1...quantileLevels).map { (Double($0) - 0.5) / Double(quantileLevels) }
        let starts = try ps.map { try r0.quantile($0) }
        var rows = [Row]()
        for l in refinements {
            let p = try FlowProblem(target: rd, lower: lower, upper: upper, cells: cells0 * l)
            let v = try VelocityFields(problem: p, initial: r0, time: time, intervals: intervals0 * l)
            let (x, ratio) = v.transport(starts)
            let q = try ps.map { try v.final.quantile($0) }
            let dev = zip(x, q).map { abs($0 - $1) }
            rows.append(Row(cells: p.grid.cells, snapshots: intervals0 * l + 1,
                            wasserstein: dev.reduce(0, +) / Double(dev.count), maxDeviation: dev.max()!, minGapRatio: ratio))
        }
        return Result(rows: rows, study: try ConvergenceStudy(sizes: refinements.map { (upper - lower) / Double(cells0 * $0) },
                                                              errors: rows.map(\.wasserstein)))
    }
}
