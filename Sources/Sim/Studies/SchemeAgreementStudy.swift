import Foundation

/// Finite volumes against the quantile-particle scheme as both refine (JS flow): two
/// independent discretisations of the same flow must approach each other.
///
/// Distance: the Wasserstein-1 distance `∫|F_FV − F_particles|` of their CDFs (the FV CDF
/// is piecewise linear through the face values, the particle CDF piecewise linear through
/// (Xᵢ, i/N)). The piecewise-constant-between-quantiles representation alone is O(1/N) in
/// W₁ (each gap of mass 1/N is smeared over its width, and the tail gaps are O(1) wide), so
/// the expected order in 1/N is 1.
public enum SchemeAgreementStudy {
    public struct Row: Sendable, CustomStringConvertible {
        public var particles: Int
        public var cells: Int
        public var wasserstein: Double
        public var jsFiniteVolume: Double
        public var jsParticles: Double
        public var description: String {
            "N \(particles), cells \(cells): W₁ \(wasserstein), JS fv \(jsFiniteVolume), particles \(jsParticles)"
        }
    }

    /// The rows and the order of the W₁ distance in 1/N.
    public typealias Result = StudyRows<Row>

    /// Defaults: ρd = N(0,1), ρ₀ = N(−1.5, 0.7²) on [−5, 5], t = 0.5; FV with `cellsPerParticle`·N
    /// cells, both with BDF2 at local tolerance `tolerance`.
    public static func run(particles: [Int], cellsPerParticle: Int = 4, target: (any Density)? = nil,
                           initial: (any Density)? = nil, lower: Double = -5, upper: Double = 5,
                           time: Double = 0.5, tolerance: Double = 1e-10) throws -> Result {
        let rd = try target ?? Truncated(try Normal(mean: 0, standardDeviation: 1), lower: lower, upper: upper)
        let r0 = try initial ?? Truncated(try Normal(mean: -1.5, standardDeviation: 0.7), lower: lower, upper: upper)
        var rows = [Row]()
        for n in particles {
            let q = try QuantileParticles(target: rd, lower: lower, upper: upper, count: n)
            let x = try q.integrate(from: try q.initialPositions(of: r0), to: time, stepping: .bdf2(.adaptive(tolerance: tolerance)))
            let p = try FlowProblem(target: rd, lower: lower, upper: upper, cells: cellsPerParticle * n)
            let rho = try FiniteVolumeSolver(problem: p, stepping: .bdf2(.adaptive(tolerance: tolerance)))
                .solve(initial: r0, times: [time]).snapshots[0].density
            // W₁ by the trapezoid rule on a fine uniform mesh (8 points per FV cell); both CDFs
            // are piecewise linear, so the error is O(mesh²) at their kinks only.
            let h = p.grid.spacing
            var faceCDF = [0.0]
            for r in rho { faceCDF.append(faceCDF.last! + r * h) }
            let m = 8 * p.grid.cells
            var w1 = 0.0
            for k in 0...m {
                let y = lower + (upper - lower) * Double(k) / Double(m)
                let s = (y - lower) / h
                let j = min(Int(s), p.grid.cells - 1)
                let fv = faceCDF[j] + (s - Double(j)) * (faceCDF[j + 1] - faceCDF[j])
                let weight = (k == 0 || k == m) ? 0.5 : 1
                w1 += weight * abs(fv - q.cdf(positions: x, at: y))
            }
            w1 *= (upper - lower) / Double(m)
            rows.append(Row(particles: n, cells: p.grid.cells, wasserstein: w1,
                            jsFiniteVolume: Diagnostics(density: rho, problem: p).js, jsParticles: q.energy(positions: x)))
        }
        return Result(rows: rows, study: try ConvergenceStudy(sizes: particles.map { 1 / Double($0) }, errors: rows.map(\.wasserstein)))
    }
}
