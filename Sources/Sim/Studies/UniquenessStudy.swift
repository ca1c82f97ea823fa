import Foundation

/// P5 (paper claim: one solution for a given initial datum), measured through three
/// independent discretisations of the JS flow that must converge to one solution: finite
/// volumes (cell averages), quantile (Lagrangian) particles and KDE particles. At each
/// refinement level L the pairwise Wasserstein-1 distances `∫|F_a − F_b| dx` at time T are
/// computed; they must fall at the rate of the slower scheme of each pair.
///
/// Refinement: FV `cells₀·L` cells (second order in h: W₁ error O(L⁻²)); quantile particles
/// `particles₀·L` (W₁ O(1/N) = O(L⁻¹), the end gaps, see ``SchemeAgreementStudy``); KDE
/// particles `kde₀·L²` started at the mid-rank quantiles of ρ₀ (no sampling noise), Heun
/// with Δt ≤ `kdeStep` — their bias O(bandwidth²) = O(N^(−2/5)) = O(L^(−4/5)) dominates.
/// Expected rates in L: FV–Lagrangian 1, FV–KDE 4/5, Lagrangian–KDE 4/5.
///
/// CDFs: FV piecewise linear through the face masses; Lagrangian piecewise linear through
/// (Xᵢ, i/N); KDE particles the empirical CDF interpolated between mid-ranks (i − ½)/N.
/// W₁ by the trapezoid rule on a uniform mesh of 8 points per finest FV cell over the box
/// widened by 1 on each side (KDE particles live on the line).
public enum UniquenessStudy {
    public struct Row: Sendable {
        public var level: Int
        public var cells: Int
        public var quantileParticles: Int
        public var kdeParticles: Int
        public var fvLagrangian: Double
        public var fvKDE: Double
        public var lagrangianKDE: Double
    }

    public struct Result: Sendable, CustomStringConvertible {
        public var rows: [Row]
        /// Observed orders in 1/L of the three pairwise distances.
        public var fvLagrangian: ConvergenceStudy
        public var fvKDE: ConvergenceStudy
        public var lagrangianKDE: ConvergenceStudy
        public var description: String {
            rows.map { "L = \($0.level) (FV \($0.cells) cells, quantile N = \($0.quantileParticles), KDE N = \($0.kdeParticles)): W₁ FV–Lagrangian \($0.fvLagrangian), FV–KDE \($0.fvKDE), Lagrangian–KDE \($0.lagrangianKDE)" }
                .joined(separator: "\n")
                + "\nFV–Lagrangian: \(fvLagrangian)\nFV–KDE: \(fvKDE)\nLagrangian–KDE: \(lagrangianKDE)"
        }
    }

    /// Defaults: ρd = N(0,1) (truncated to [−5, 5] for the two box schemes, on the line for
    /// the KDE particles: the mass outside is 6e-7), ρ₀ = N(−1.5, 0.7²) truncated, T = 0.5.
    public static func run(levels: [Int], cells0: Int = 100, particles0: Int = 50, kde0: Int = 250,
                           lower: Double = -5, upper: Double = 5, time: Double = 0.5,
                           kdeStep: Double = 0.01, tolerance: Double = 1e-10) throws -> Result {
        let line = try Normal(mean: 0, standardDeviation: 1)
        let rd = try Truncated(line, lower: lower, upper: upper)
        let r0 = try Truncated(try Normal(mean: -1.5, standardDeviation: 0.7), lower: lower, upper: upper)
        let finest = cells0 * (levels.max() ?? 1)
        let meshPoints = 8 * finest + 16 * Int(Double(finest) / (upper - lower))
        var rows = [Row]()
        for level in levels {
            // Finite volumes.
            let p = try FlowProblem(target: rd, lower: lower, upper: upper, cells: cells0 * level)
            let rho = try FiniteVolumeSolver(problem: p, stepping: .bdf2(.adaptive(tolerance: tolerance)))
                .solve(initial: r0, times: [time]).snapshots[0].density
            let fv = finiteVolumeCDF(rho, grid: p.grid)
            // Quantile particles.
            let q = try QuantileParticles(target: rd, lower: lower, upper: upper, count: particles0 * level)
            let x = try q.integrate(from: try q.initialPositions(of: r0), to: time, stepping: .bdf2(.adaptive(tolerance: tolerance)))
            // KDE particles.
            let n = kde0 * level * level
            let flow = ParticleFlow1D(target: line, bandwidth: .silverman, method: .binned(pointsPerBandwidth: 32))
            let steps = Int((time / kdeStep).rounded(.up))
            var y = try flow.run(try (1...n).map { try r0.quantile((Double($0) - 0.5) / Double(n)) },
                                 dt: time / Double(steps), steps: steps, scheme: .heun)
            y.sort()
            let kde: (Double) -> Double = { t in empiricalCDF(sorted: y, at: t) }
            let lag: (Double) -> Double = { t in q.cdf(positions: x, at: t) }
            let a = lower - 1, b = upper + 1
            rows.append(Row(level: level, cells: p.grid.cells, quantileParticles: q.count, kdeParticles: n,
                            fvLagrangian: wasserstein(fv, lag, from: a, to: b, points: meshPoints),
                            fvKDE: wasserstein(fv, kde, from: a, to: b, points: meshPoints),
                            lagrangianKDE: wasserstein(lag, kde, from: a, to: b, points: meshPoints)))
        }
        let sizes = levels.map { 1 / Double($0) }
        return Result(rows: rows,
                      fvLagrangian: try ConvergenceStudy(sizes: sizes, errors: rows.map(\.fvLagrangian)),
                      fvKDE: try ConvergenceStudy(sizes: sizes, errors: rows.map(\.fvKDE)),
                      lagrangianKDE: try ConvergenceStudy(sizes: sizes, errors: rows.map(\.lagrangianKDE)))
    }

    /// The finite-volume CDF: linear between the faces through the cumulative masses Σhρᵢ;
    /// 0 left of the box, the total mass (1 to round-off) right of it.
    static func finiteVolumeCDF(_ rho: [Double], grid: Grid1D) -> (Double) -> Double {
        var c = [0.0]
        for r in rho { c.append(c.last! + r * grid.spacing) }
        return { y in
            if y <= grid.lower { return 0 }
            if y >= grid.upper { return c.last! }
            let s = (y - grid.lower) / grid.spacing
            let j = min(Int(s), grid.cells - 1)
            return c[j] + (s - Double(j)) * (c[j + 1] - c[j])
        }
    }

    /// Empirical CDF of sorted points, linear between the mid-ranks (i − ½)/N; 0 below the
    /// first point and 1 above the last.
    static func empiricalCDF(sorted x: [Double], at y: Double) -> Double {
        var lo = 0, hi = x.count
        while lo < hi { let mid = (lo + hi) / 2; if x[mid] <= y { lo = mid + 1 } else { hi = mid } }
        if lo == 0 { return 0 }
        if lo == x.count { return 1 }
        let a = x[lo - 1], b = x[lo]
        return (Double(lo) - 0.5 + (b > a ? (y - a) / (b - a) : 0)) / Double(x.count)
    }

    /// ∫ₐᵇ|F − G| by the trapezoid rule on `points` equal intervals.
    static func wasserstein(_ f: (Double) -> Double, _ g: (Double) -> Double, from a: Double, to b: Double,
                            points m: Int) -> Double {
        var s = 0.0
        for k in 0...m {
            let y = a + (b - a) * Double(k) / Double(m)
            s += ((k == 0 || k == m) ? 0.5 : 1) * abs(f(y) - g(y))
        }
        return s * (b - a) / Double(m)
    }
}
