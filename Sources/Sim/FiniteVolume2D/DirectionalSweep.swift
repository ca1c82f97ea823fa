import Foundation

/// One directional sub-step of ``SplitStepper2D``: the same 1D implicit problem solved on
/// every grid row (X) or every column (Y), each line by the tridiagonal Newton iteration on
/// its ``LineSystem``.
///
/// The lines of one sweep are independent problems, solved on all cores or on one
/// (``LineParallelism``). A line's result depends on that line's input alone, and the lines'
/// mass allowances are summed in line order after the sweep, so the numbers are the same bit
/// for bit on any number of cores and under any scheduling (tested:
/// `LineParallelismTests`).
struct DirectionalSweep {
    let systems: [LineSystem]
    let alongX: Bool
    let nx: Int, ny: Int
    /// The cell width across the lines (a line's L¹ norm times it is its share of the 2D norm).
    let otherSpacing: Double

    /// Under ``LineParallelism/automatic``, grids with fewer cells are swept on one thread.
    /// A chosen threshold, not a measured crossover: a sweep of 100 × 100 cells takes about
    /// 0.6 ms of processor time (ring benchmark), so below 4096 cells it is a few tenths of a
    /// millisecond, where waking other threads is a visible share.
    static let parallelCells = 4096

    /// Newton iterations per line before a sub-step is declared failed (then Δt shrinks).
    static let maxNewtonIterations = 30

    /// Per-thread scratch of a line solve.
    private struct Scratch {
        var newton: NewtonIteration
        var old, constant, f: [Double]
        init(length n: Int) {
            newton = NewtonIteration(dimension: n)
            old = [Double](repeating: 0, count: n); constant = old; f = old
        }
    }

    /// One line's outcome: its new values, its mass allowance (hx·hy units) and, when kept,
    /// its last Newton residual.
    private struct LineOutcome {
        var values: [Double]
        var allowance: Double
        var residual: [Double]
    }

    /// The sweep over every line of `rho` with sub-step length τ. Returns the summed mass
    /// allowance and (when `keepsResidual`) every cell's last Newton residual, row-major; nil
    /// when Newton failed on some line.
    ///
    /// Allowance per line: for implicit Euler its L¹ Newton residual; for TR-BDF2
    /// `w(r₁ + c₁) + r₂ + c₂` with r the stages' L¹ residuals, c = 2ε·A·Σ|terms| the rounding
    /// of each stage's constant (ΣF telescopes only to round-off), and w = 1/(γ(2−γ)) the
    /// weight with which stage 1's mass error enters.
    func run(_ rho: inout [Double], tau: Double, method: SubstepMethod2D, time: Double,
             keepsResidual: Bool, parallelism: LineParallelism) -> (allowance: Double, residual: [Double])? {
        let lines = alongX ? ny : nx, length = alongX ? nx : ny
        let input = rho
        let spread: Bool
        switch parallelism {
        case .automatic: spread = nx * ny >= Self.parallelCells
        case .serial: spread = false
        case .parallel: spread = true
        }
        let chunks = spread ? min(lines, 4 * ProcessInfo.processInfo.activeProcessorCount) : 1
        let solved = try? SeedParallel.map(chunks) { c -> [LineOutcome]? in
            var scratch = Scratch(length: length)
            var out = [LineOutcome]()
            for l in (c * lines / chunks)..<((c + 1) * lines / chunks) {
                for k in 0..<length { scratch.old[k] = alongX ? input[l * nx + k] : input[k * nx + l] }
                guard let o = solveLine(systems[l], tau: tau, method: method, time: time,
                                        keepsResidual: keepsResidual, scratch: &scratch) else { return nil }
                out.append(o)
            }
            return out
        }
        guard let solved else { return nil }
        var total = 0.0
        var residual = keepsResidual ? [Double](repeating: 0, count: nx * ny) : []
        var l = 0
        for chunk in solved {
            guard let chunk else { return nil }
            for o in chunk {
                total += o.allowance
                for k in 0..<length {
                    let cell = alongX ? l * nx + k : k * nx + l
                    rho[cell] = o.values[k]
                    if keepsResidual { residual[cell] = o.residual[k] }
                }
                l += 1
            }
        }
        return (total, residual)
    }

    /// One line's Newton solve of `y − h F(y) = −c` from the guess in `y`; the L¹ residual
    /// (line norm) or nil. Newton runs to the round-off floor or 1e-15 of the line's L¹ mass:
    /// far below any time tolerance, and the residual itself enters the allowance.
    private func newton(_ sys: LineSystem, h: Double, time: Double, lineMass: Double,
                        iterate y: inout [Double], scratch: inout Scratch) -> Double? {
        let tol = max(1e-15 * lineMass, 1e-300)
        return scratch.newton.solve(sys, time: time, a0: 1, constant: scratch.constant, step: h, iterate: &y,
                                    tolerance: tol, maxIterations: Self.maxNewtonIterations,
                                    verifiesResidual: true)?.residualNorm
    }

    /// One line's sub-step from `scratch.old` (``SubstepMethod2D`` states both methods).
    private func solveLine(_ sys: LineSystem, tau: Double, method: SubstepMethod2D, time: Double,
                           keepsResidual: Bool, scratch: inout Scratch) -> LineOutcome? {
        let length = scratch.old.count, other = otherSpacing
        let lineMass = sys.norm(scratch.old)
        var y = scratch.old
        let allowance: Double
        switch method {
        case .implicitEuler:
            for k in 0..<length { scratch.constant[k] = -scratch.old[k] }
            guard let r = newton(sys, h: tau, time: time, lineMass: lineMass, iterate: &y, scratch: &scratch) else { return nil }
            allowance = other * r
        case .trBDF2:
            let h1 = SubstepMethod2D.gamma * tau / 2, h2 = SubstepMethod2D.bdfFactor * tau
            let w1 = SubstepMethod2D.stageWeight, w0 = SubstepMethod2D.startWeight
            _ = sys.evaluate(time, scratch.old, rhs: &scratch.f)
            var c1 = 0.0, c2 = 0.0
            for k in 0..<length {
                scratch.constant[k] = -(scratch.old[k] + h1 * scratch.f[k])
                c1 += abs(scratch.old[k]) + h1 * abs(scratch.f[k])
            }
            guard let r1 = newton(sys, h: h1, time: time, lineMass: lineMass, iterate: &y, scratch: &scratch) else { return nil }
            for k in 0..<length {
                scratch.constant[k] = -(w1 * y[k] - w0 * scratch.old[k])
                c2 += w1 * abs(y[k]) + w0 * abs(scratch.old[k])
            }
            guard let r2 = newton(sys, h: h2, time: time, lineMass: lineMass, iterate: &y, scratch: &scratch) else { return nil }
            let scale = other * sys.spacing * 2 * Double.ulpOfOne
            allowance = w1 * (other * r1 + scale * c1) + other * r2 + scale * c2
        }
        return LineOutcome(values: y, allowance: allowance, residual: keepsResidual ? scratch.newton.residual : [])
    }
}
