import Foundation

/// Observed order of the Lagrangian scheme against an accurate finite-volume reference:
/// JS (the scheme's own functional `Σ Md(Iᵢ) f(u_{i+½})`), point values at interior
/// points (``LagrangianParticles/density(positions:at:)``) and relative point errors at tail
/// points, for N = N₀, 2N₀, 4N₀, …, each order a least-squares slope of ln error against
/// ln N over all refinements.
///
/// The reference is ``FiniteVolumeSolver`` (BDF2, tight tolerance), second order in h,
/// Richardson-extrapolated from M and M/2 cells; its own error is estimated from the
/// extrapolation one level coarser (see ``reference(target:initial:lower:upper:flow:time:points:cells:tolerance:)``)
/// and reported beside every reference value so that a comparison can require each
/// Lagrangian error to exceed it.
public struct LagrangianConvergenceStudy: Sendable {
    public struct Reference: Sendable {
        public var js: Double
        public var jsError: Double
        public var points: [Double]
        public var values: [Double]
        public var valueErrors: [Double]
    }

    public struct Row: Sendable, CustomStringConvertible {
        public var particles: Int
        public var js: Double
        public var jsError: Double
        /// max over the interior points of |ρ_N(x) − ρ_ref(x)|.
        public var interiorError: Double
        /// |ρ_N(x) − ρ_ref(x)|/ρ_ref(x) at each tail point.
        public var tailErrors: [Double]
        public var steps: Int
        public var description: String {
            String(format: "N = %5d  JS %.12f  |ΔJS| %.3e  interior max|Δρ| %.3e  tails rel. %@  steps %d",
                   particles, js, jsError, interiorError,
                   tailErrors.map { String(format: "%.3e", $0) }.joined(separator: " "), steps)
        }
    }

    public var reference: Reference
    public var rows: [Row]
    public var interiorPoints: [Double]
    public var tailPoints: [Double]

    /// An observed order: the least-squares slope p of −ln error against ln N, and its
    /// standard error from the fit's residual variance (GSL `multifit_linear`; 0 when the
    /// points lie exactly on a line, NaN with fewer than three refinements).
    public struct Order: Sendable, CustomStringConvertible {
        public var value: Double
        public var standardError: Double
        public var description: String { String(format: "%.3f ± %.3f", value, standardError) }
    }

    private func order(_ errors: [Double]) -> Order {
        let x = rows.map { log(Double($0.particles)) }, y = errors.map { log($0) }
        let p = -leastSquaresSlope(x, y)
        guard rows.count >= 3, let fit = try? LeastSquares.fit(design: x.map { [1, $0] }, observations: y) else {
            return Order(value: p, standardError: .nan)
        }
        return Order(value: p, standardError: fit.covariance[1][1].squareRoot())
    }
    public var jsOrder: Order { order(rows.map(\.jsError)) }
    public var interiorOrder: Order { order(rows.map(\.interiorError)) }
    public var tailOrders: [Order] { tailPoints.indices.map { k in order(rows.map { $0.tailErrors[k] }) } }

    /// The finite-volume reference at `time`: Richardson extrapolation of the second-order
    /// solutions on `cells` and `cells/2` cells, `Q = Q_M + (Q_M − Q_{M/2})/3` (error O(h⁴) for a
    /// smooth solution), with its error estimated from the same extrapolation one level
    /// coarser, `|Q − Q'|/15` where `Q'` uses `cells/2` and `cells/4`.
    public static func reference(target: any Density, initial: any Density, lower: Double, upper: Double,
                                 flow: FlowDivergence = .js, time: Double, points: [Double], cells: Int,
                                 tolerance: Double = 1e-11) throws -> Reference {
        func solve(_ m: Int) throws -> [Double] {
            let p = try FlowProblem(target: target, lower: lower, upper: upper, cells: m, flow: flow)
            let traj = try FiniteVolumeSolver(problem: p, stepping: .bdf2(.adaptive(tolerance: tolerance)))
                .solve(initial: initial, times: [time], probes: points)
            return [traj.snapshots[0].diagnostics.energy(of: flow)] + traj.snapshots[0].probes
        }
        let fine = try solve(cells), mid = try solve(cells / 2), coarse = try solve(cells / 4)
        let q = (0..<fine.count).map { (k: Int) -> Double in fine[k] + (fine[k] - mid[k]) / 3 }
        let q2 = (0..<fine.count).map { (k: Int) -> Double in mid[k] + (mid[k] - coarse[k]) / 3 }
        let err = (0..<fine.count).map { (k: Int) -> Double in abs(q[k] - q2[k]) / 15 }
        return Reference(js: q[0], jsError: err[0], points: points, values: Array(q.dropFirst()),
                         valueErrors: Array(err.dropFirst()))
    }

    /// Runs the Lagrangian solver for each N against `reference` (whose points are the
    /// interior points followed by the tail points).
    public static func run(target: any Density, initial: any Density, lower: Double, upper: Double,
                           flow: FlowDivergence = .js, time: Double, particles: [Int],
                           interiorPoints: [Double], tailPoints: [Double], reference: Reference,
                           stepping: TimeStepping = .variableOrder(tolerance: 1e-11),
                           budget: LagrangianBudget = LagrangianBudget()) throws -> LagrangianConvergenceStudy {
        let points = interiorPoints + tailPoints
        guard reference.points == points else {
            throw InvalidArgument("Lagrangian convergence study: the reference was computed at other points")
        }
        var rows = [Row]()
        for n in particles {
            let problem = try FlowProblem(target: target, lower: lower, upper: upper, cells: n, flow: flow)
            let solver = try LagrangianSolver(problem: problem, particles: n, stepping: stepping, budget: budget)
            let r = try solver.run(initial: initial, times: [time])
            let x = r.positions[0]
            let js = r.particles.energy(positions: x)
            let rho = r.particles.density(positions: x, at: points)
            let ni = interiorPoints.count
            let interior = (0..<ni).map { (k: Int) -> Double in abs(rho[k] - reference.values[k]) }.max() ?? .nan
            let tails = (ni..<points.count).map { (k: Int) -> Double in abs(rho[k] - reference.values[k]) / reference.values[k] }
            rows.append(Row(particles: n, js: js, jsError: abs(js - reference.js), interiorError: interior,
                            tailErrors: tails, steps: r.trajectory.steps.count))
        }
        return LagrangianConvergenceStudy(reference: reference, rows: rows, interiorPoints: interiorPoints,
                                          tailPoints: tailPoints)
    }
}

extension LagrangianConvergenceStudy: CustomStringConvertible {
    public var description: String {
        var s = String(format: "reference JS %.12f ± %.1e; points %@ values %@ (± %@)\n", reference.js, reference.jsError,
                       reference.points.map { String(format: "%g", $0) }.joined(separator: ","),
                       reference.values.map { String(format: "%.6e", $0) }.joined(separator: ","),
                       reference.valueErrors.map { String(format: "%.1e", $0) }.joined(separator: ","))
        for r in rows { s += "\(r)\n" }
        s += "observed orders (least squares ± standard error): JS \(jsOrder), interior point values \(interiorOrder), tails "
            + tailOrders.map(\.description).joined(separator: ", ")
        return s
    }
}
