import Foundation

/// Convergence of the particle discretisations of ODE (2) to the finite-volume flow as the
/// number of particles grows (docs/MATH.md §3), measured in the Wasserstein-1 distance between
/// CDFs at a fixed time, `W₁ = ∫|F_particles − F_FV| dx`.
public enum ParticleConvergenceStudy {
    public struct Row: Sendable, CustomStringConvertible {
        public var particles: Int
        public var wasserstein: Double
        /// max of |Xᵢ − Q_FV(i/N)| over the particles with i/N in the central window
        /// (Lagrangian study only; NaN otherwise).
        public var quantileError: Double = .nan
        public var description: String { "N = \(particles): W₁ = \(wasserstein), quantile error \(quantileError)" }
    }

    public struct Result: Sendable {
        public var rows: [Row]
        /// −(least-squares slope of ln W₁ against ln N): the observed rate in N.
        public var observedRate: Double
        /// The same for the quantile error (Lagrangian study only).
        public var quantileRate: Double = .nan
    }

    /// The finite-volume reference CDF at time T on `cells` cells of the target's support
    /// (BDF2, adaptive, tolerance 1e-10): faces and CDF values there.
    public static func referenceCDF(target: any Density, initial: any Density, time: Double,
                                    cells: Int = 2000) throws -> (faces: [Double], cdf: [Double]) {
        let problem = try FlowProblem(target: target, lower: target.support.lowerBound, upper: target.support.upperBound, cells: cells)
        let traj = try FiniteVolumeSolver(problem: problem, stepping: .bdf2(.adaptive(tolerance: 1e-10)))
            .solve(initial: initial, times: [time])
        let rho = traj.snapshots.last!.density
        let h = problem.grid.spacing
        var cdf = [0.0]
        for r in rho { cdf.append(cdf.last! + r * h) }
        return (problem.grid.faces, cdf)
    }

    /// W₁ between a CDF given at increasing points (linear between them) and the reference,
    /// by the trapezoid rule on the reference faces (error O(h²) for the piecewise-smooth
    /// integrand; h = domain/cells).
    static func wasserstein(_ f: (Double) -> Double, reference: (faces: [Double], cdf: [Double])) -> Double {
        var s = 0.0
        var prev = abs(f(reference.faces[0]) - reference.cdf[0])
        for k in 1..<reference.faces.count {
            let cur = abs(f(reference.faces[k]) - reference.cdf[k])
            s += 0.5 * (prev + cur) * (reference.faces[k] - reference.faces[k - 1])
            prev = cur
        }
        return s
    }

    /// Lagrangian (quantile) particles integrated accurately (BDF2, local tolerance
    /// `tolerance`) to T, for each N in `counts`, against the finite-volume flow.
    ///
    /// The quantile error is taken over `window` (default the central half): the end gaps
    /// spread their mass 1/N uniformly out to the walls, so the extreme particles resolve a
    /// filling tail mode only at O(1/N) in W₁ and converge slowly in position; the
    /// interior converges at the scheme's order.
    public static func lagrangianToFlow(target: any Density, initial: any Density, time: Double,
                                        counts: [Int], window: ClosedRange<Double> = 0.25...0.75,
                                        tolerance: Double = 1e-10, referenceCells: Int = 2000) throws -> Result {
        let ref = try referenceCDF(target: target, initial: initial, time: time, cells: referenceCells)
        var rows = [Row]()
        for n in counts {
            let lag = try QuantileParticles(target: target, lower: target.support.lowerBound, upper: target.support.upperBound, count: n)
            let x = try lag.integrate(from: try lag.initialPositions(of: initial), to: time,
                                      stepping: .bdf2(.adaptive(tolerance: tolerance)))
            // Quantiles of the reference: invert its piecewise-linear CDF at i/N.
            var qe = 0.0, k = 0
            for i in 1..<n {
                let p = Double(i) / Double(n)
                while k < ref.cdf.count - 2, ref.cdf[k + 1] < p { k += 1 }
                let q = ref.faces[k] + (p - ref.cdf[k]) / (ref.cdf[k + 1] - ref.cdf[k]) * (ref.faces[k + 1] - ref.faces[k])
                if window.contains(p) { qe = max(qe, abs(x[i] - q)) }
            }
            rows.append(Row(particles: n, wasserstein: wasserstein({ lag.cdf(positions: x, at: $0) }, reference: ref), quantileError: qe))
        }
        let ln = rows.map { log(Double($0.particles)) }
        return Result(rows: rows, observedRate: -leastSquaresSlope(ln, rows.map { log($0.wasserstein) }),
                      quantileRate: -leastSquaresSlope(ln, rows.map { log($0.quantileError) }))
    }

    /// KDE particles (Heun steps of size `dt`, bandwidth rule `bandwidth`, `method` KDE) started at the quantiles `(i − ½)/N` of `initial`, against the
    /// finite-volume flow on the target's support. `lineTarget` is the target on the whole
    /// line that the particles see (the FV target is its truncation to a box holding all
    /// but a negligible part of the mass).
    public static func kdeToFlow(target: any Density, lineTarget: any Density, initial: any Density, time: Double,
                                 counts: [Int], dt: Double, bandwidth: BandwidthRule = .silverman,
                                 method: KDEMethod = .binned(pointsPerBandwidth: 32), referenceCells: Int = 2000) throws -> Result {
        let ref = try referenceCDF(target: target, initial: initial, time: time, cells: referenceCells)
        var rows = [Row]()
        for n in counts {
            var x = try (1...n).map { try initial.quantile((Double($0) - 0.5) / Double(n)) }
            let flow = ParticleFlow1D(target: lineTarget, bandwidth: bandwidth, method: method)
            let steps = Int((time / dt).rounded(.up))
            x = try flow.run(x, dt: time / Double(steps), steps: steps, scheme: .heun)
            x.sort()
            // Empirical CDF, linearly interpolated between the mid-rank points (i − ½)/N.
            let f: (Double) -> Double = { y in
                var lo = 0, hi = x.count
                while lo < hi { let mid = (lo + hi) / 2; if x[mid] <= y { lo = mid + 1 } else { hi = mid } }
                if lo == 0 { return 0 }
                if lo == x.count { return 1 }
                let a = x[lo - 1], b = x[lo]
                return (Double(lo) - 0.5 + (y - a) / (b - a)) / Double(x.count)
            }
            rows.append(Row(particles: n, wasserstein: wasserstein(f, reference: ref)))
        }
        return Result(rows: rows, observedRate: -leastSquaresSlope(rows.map { log(Double($0.particles)) }, rows.map { log($0.wasserstein) }))
    }
}
