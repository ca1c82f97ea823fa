import Foundation
import Analytic

/// Algorithm 1 in 2D measured against the 2D flow (P3, D9 in d = 2).
///
/// With free particles and the plug-in D* of their KDE (a fixed bandwidth h), one iteration is
/// one explicit Euler step of size ε of the KDE particle flow (``ParticleFlow2D``), so
/// Algorithm 1 → the flow splits into two limits, each measured with its rate:
///
/// - ε → 0 at fixed particles: the mean particle distance `(1/N)Σ|xᵢ^ε(T) − xᵢ(T)|` to the same
///   particles integrated accurately (Heun, step ε_min/4; its own error estimated from a run at
///   twice the step) — an upper bound on W₁ between the two laws; order 1 expected (Euler).
/// - N → ∞: the KDE particles (Heun, Scott's bandwidth) against the finite-volume solution
///   ``FiniteVolumeSolver2D`` of the same flow, through the sum of the x- and y-marginal W₁
///   distances (``MarginalWasserstein``); the particles start on the tensor grid of the
///   initial normal's quantiles.
///
/// The distance of Algorithm 1's particles to the finite-volume solution is reported for each ε
/// too: at fixed N it sits on the floor of the second limit, and its excess over that floor is
/// bounded by the first (the triangle inequality, since each marginal W₁ ≤ the mean particle
/// distance).
public enum Algorithm1PlaneStudy {
    public struct Scenario: Sendable {
        public var target: Ring2D
        public var start: Normal2D
        public var time: Double
        public var box: Double
        public var cells: Int
        public init(target: Ring2D, start: Normal2D, time: Double, box: Double = 5, cells: Int = 60) {
            self.target = target; self.start = start; self.time = time; self.box = box; self.cells = cells
        }
        /// ring(4, 1.5, 0.5) from normal2(0.3, −0.2, 0.8, 0.8, 0) to T = 0.4 on [−5, 5]².
        public static func standard() throws -> Scenario {
            Scenario(target: try Ring2D(components: 4, radius: 1.5, sigma: 0.5),
                     start: try Normal2D(mx: 0.3, my: -0.2, sx: 0.8, sy: 0.8, r: 0), time: 0.4)
        }
        /// `q²` particles on the tensor grid of the start's quantiles.
        public func particles(_ q: Int) -> [SIMD2<Double>] {
            PlaneNoise.grid.batch(q * q, rng: RandomSource(seed: 1)).map { start.mean + start.standardDeviations * $0 }
        }
        /// The finite-volume solution at 0 and T on `cells` × `cells` cells of [−box, box]².
        public func flow(cells n: Int? = nil) throws -> (grid: Grid2D, initial: [Double], final: [Double]) {
            let g = try Grid2D(ax: -box, bx: box, ay: -box, by: box, nx: n ?? cells, ny: n ?? cells)
            let tr = try FiniteVolumeSolver2D(problem: try FlowProblem2D(target: target, grid: g, flow: .js))
                .solve(initial: start, times: [0, time])
            try tr.verify()
            return (g, tr.snapshots[0].density, tr.snapshots[1].density)
        }
    }

    public struct EpsilonRow: Sendable, CustomStringConvertible {
        public var eps: Double
        /// Mean particle distance to the accurately integrated particles at T.
        public var particleError: Double
        /// Marginal W₁ sum to the finite-volume solution at T.
        public var flowDistance: Double
        public var description: String {
            String(format: "ε %.4g: particle error %.3e, distance to the flow %.4e", eps, particleError, flowDistance)
        }
    }

    public struct EpsilonResult: Sendable {
        public var rows: [EpsilonRow]
        public var order: ConvergenceStudy
        /// Estimated error of the reference (Heun at step s against step 2s, times 1/3).
        public var referenceError: Double
        /// Marginal W₁ of the reference particles to the finite-volume solution at T (the floor).
        public var referenceFlowDistance: Double
        /// The same at T against the flow's start (how far the flow moved, for scale).
        public var referenceToStart: Double
    }

    /// Algorithm 1 with q² free particles and the KDE plug-in D* (bandwidth h) at each ε.
    public static func epsilon(_ s: Scenario, q: Int = 18, bandwidth h: Double = 0.3,
                               eps: [Double] = [0.1, 0.05, 0.025]) throws -> EpsilonResult {
        let target = try PlaneTarget(s.target)
        let x0 = s.particles(q)
        let flow = ParticleFlow2D(target: target, bandwidth: .fixed(h))
        let dt = eps.min()! / 4
        func steps(_ d: Double) throws -> Int {
            let n = (s.time / d).rounded()
            guard abs(n * d - s.time) <= 1e-9 * s.time else { throw InvalidArgument("T = \(s.time) is not a multiple of the step \(d)") }
            return Int(n)
        }
        let ref = try flow.run(x0, dt: dt, steps: try steps(dt), scheme: .heun)
        let coarse = try flow.run(x0, dt: 2 * dt, steps: try steps(2 * dt), scheme: .heun)
        // Heun is second order: error(dt) ≈ (error(2dt) − error(dt))/3.
        let refErr = meanDistance(ref, coarse) / 3
        let fv = try s.flow()
        var rows = [EpsilonRow]()
        for e in eps {
            var a = try PlaneParticleAlgorithm1(target: target, particles: x0, eps: e, discriminator: .kde(.fixed(h)))
            try a.run(iterations: try steps(e))
            rows.append(EpsilonRow(eps: e, particleError: meanDistance(a.particles, ref),
                                   flowDistance: try MarginalWasserstein.marginalSum(samples: a.particles, grid: fv.grid, density: fv.final)))
        }
        return EpsilonResult(rows: rows, order: try ConvergenceStudy(sizes: eps, errors: rows.map(\.particleError)),
                             referenceError: refErr,
                             referenceFlowDistance: try MarginalWasserstein.marginalSum(samples: ref, grid: fv.grid, density: fv.final),
                             referenceToStart: try MarginalWasserstein.marginalSum(samples: ref, grid: fv.grid, density: fv.initial))
    }

    public struct ParticleRow: Sendable, CustomStringConvertible {
        public var particles: Int
        public var flowDistance: Double
        /// The same distance against the solution on a grid of 2/3 the cells per axis: the
        /// grid's own share of the distance.
        public var coarseGridDistance: Double
        public var description: String {
            String(format: "N %d: distance to the flow %.4e (coarser grid %.4e)", particles, flowDistance, coarseGridDistance)
        }
    }

    /// KDE particles (Heun, step `dt`, Scott's bandwidth) for each q² against the flow.
    public static func particles(_ s: Scenario, q: [Int] = [8, 16, 32], dt: Double = 0.02) throws -> (rows: [ParticleRow], order: ConvergenceStudy) {
        let target = try PlaneTarget(s.target)
        let fv = try s.flow(), coarse = try s.flow(cells: 2 * s.cells / 3)
        let n = Int((s.time / dt).rounded())
        var rows = [ParticleRow]()
        for k in q {
            let x = try ParticleFlow2D(target: target, bandwidth: .scott).run(s.particles(k), dt: dt, steps: n, scheme: .heun)
            rows.append(ParticleRow(particles: k * k,
                                    flowDistance: try MarginalWasserstein.marginalSum(samples: x, grid: fv.grid, density: fv.final),
                                    coarseGridDistance: try MarginalWasserstein.marginalSum(samples: x, grid: coarse.grid, density: coarse.final)))
        }
        return (rows, try ConvergenceStudy(sizes: rows.map { 1 / Double($0.particles) }, errors: rows.map(\.flowDistance)))
    }

    static func meanDistance(_ a: [SIMD2<Double>], _ b: [SIMD2<Double>]) -> Double {
        zip(a, b).map { (($0 - $1) * ($0 - $1)).sum().squareRoot() }.reduce(0, +) / Double(max(1, a.count))
    }
}
