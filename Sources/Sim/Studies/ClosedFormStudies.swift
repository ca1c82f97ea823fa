import Foundation

/// Finite volumes against the closed forms of docs/MATH.md §1 (derived facts, not the paper's).
public enum ClosedFormStudies {
    /// Errors of one grid against a closed form.
    public struct Row: Sendable {
        public var cells: Int
        public var l1: Double
        public var lInfinity: Double
    }

    public struct Result: Sendable, CustomStringConvertible {
        public var rows: [Row]
        /// Observed order of the L¹ error in h.
        public var l1: ConvergenceStudy
        /// Observed order of the L∞ error in h.
        public var lInfinity: ConvergenceStudy
        public var description: String { "L¹: \(l1)\nL∞: \(lInfinity)" }
    }

    /// KL flow (linear Fokker–Planck, Ψ(u) = u) with ρd = N(m, s²) and ρ₀ = N(m₀, s₀²), both
    /// restricted to [a, b]; exact solution on the line: the Ornstein–Uhlenbeck Gaussian with
    /// mean `m + (m₀ − m)e^{−t/s²}` and variance `s² + (s₀² − s²)e^{−2t/s²}`. The box must hold
    /// both Gaussians to round-off (≥ 8 standard deviations each side), so the line's solution
    /// is the box's to 1e-15. Time error: BDF2 with local tolerance `tolerance`.
    public static func ornsteinUhlenbeck(cells: [Int], m: Double = 0, s: Double = 1, m0: Double = 2, s0: Double = 0.5,
                                         lower: Double = -8, upper: Double = 8, time: Double = 1,
                                         tolerance: Double = 1e-12) throws -> Result {
        let target = try Truncated(try Normal(mean: m, standardDeviation: s), lower: lower, upper: upper)
        let initial = try Truncated(try Normal(mean: m0, standardDeviation: s0), lower: lower, upper: upper)
        let mean = m + (m0 - m) * exp(-time / (s * s))
        let variance = s * s + (s0 * s0 - s * s) * exp(-2 * time / (s * s))
        let exact = try Normal(mean: mean, standardDeviation: sqrt(variance))
        var rows = [Row]()
        for n in cells {
            let p = try FlowProblem(target: target, lower: lower, upper: upper, cells: n, flow: .kl)
            let rho = try FiniteVolumeSolver(problem: p, stepping: .bdf2(.adaptive(tolerance: tolerance)))
                .solve(initial: initial, times: [time]).snapshots[0].density
            rows.append(row(rho, exact: p.grid.cellAverages(of: exact), grid: p.grid))
        }
        return try result(rows, lower: lower, upper: upper)
    }

    /// χ² flow (Ψ(u) = u²) with flat ρd = 1/L on [a, b]: `∂ₜu = ∂ₓₓ(u²)`, whose Barenblatt
    /// solution centred at c is `U(t, x) = t^{−1/3}(C − (x − c)²/(12 t^{2/3}))₊` with ∫U = L,
    /// i.e. `(4/3)·C·√(12C) = L` (ρ = U/L has mass 1). Exact cell averages come from the
    /// antiderivative `C y − y³/36` (y = (x − c)t^{−1/3}, |y| ≤ √(12C)), not from point values,
    /// so the kink at the front is integrated exactly. Runs from t₀ to t₁ while the support
    /// half-width √(12C)·t^{1/3} stays inside the box (checked).
    public static func barenblatt(cells: [Int], lower: Double = -2, upper: Double = 2,
                                  start: Double = 0.01, end: Double = 0.1, tolerance: Double = 1e-11) throws -> Result {
        let length = upper - lower, c = 0.5 * (lower + upper)
        let bigC = pow(3 * length / (8 * sqrt(3)), 2.0 / 3.0)
        let radius = sqrt(12 * bigC)
        guard radius * pow(end, 1.0 / 3.0) < 0.5 * length else {
            throw InvalidArgument("Barenblatt study: the front reaches the wall before t = \(end)")
        }
        let target = try Uniform(lower: lower, upper: upper)
        func antiderivative(_ t: Double, _ x: Double) -> Double {
            let s = pow(t, 1.0 / 3.0)
            let y = min(max((x - c) / s, -radius), radius)
            return bigC * y - y * y * y / 36
        }
        func averages(_ g: Grid1D, _ t: Double) -> [Double] {
            (0..<g.cells).map { (antiderivative(t, g.face($0 + 1)) - antiderivative(t, g.face($0))) / (length * g.spacing) }
        }
        var rows = [Row]()
        for n in cells {
            let p = try FlowProblem(target: target, lower: lower, upper: upper, cells: n, flow: .chi2)
            let tr = try FiniteVolumeSolver(problem: p, stepping: .bdf2(.adaptive(tolerance: tolerance)))
                .solve(initialAverages: averages(p.grid, start), times: [end - start])
            rows.append(row(tr.snapshots[0].density, exact: averages(p.grid, end), grid: p.grid))
        }
        return try result(rows, lower: lower, upper: upper)
    }

    static func row(_ rho: [Double], exact: [Double], grid: Grid1D) -> Row {
        var l1 = 0.0, linf = 0.0
        for (a, b) in zip(rho, exact) { l1 += abs(a - b); linf = max(linf, abs(a - b)) }
        return Row(cells: grid.cells, l1: grid.spacing * l1, lInfinity: linf)
    }

    static func result(_ rows: [Row], lower: Double, upper: Double) throws -> Result {
        let h = rows.map { (upper - lower) / Double($0.cells) }
        return Result(rows: rows, l1: try ConvergenceStudy(sizes: h, errors: rows.map(\.l1)),
                      lInfinity: try ConvergenceStudy(sizes: h, errors: rows.map(\.lInfinity)))
    }
}
