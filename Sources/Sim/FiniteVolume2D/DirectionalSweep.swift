import Foundation
import CFluxKernels

/// One directional sub-step of ``SplitStepper2D``: the same 1D implicit problem solved on
/// every grid row (X) or every column (Y), each line by the tridiagonal Newton iteration on
/// its ``LineSystem``.
///
/// Two paths compute the same numbers (``LineKernel2D``): by default the lines go in bundles
/// of ``bundleWidth`` to the C kernel `ganflow_line_bundle_substep`, which interleaves them so
/// that every loop runs across lines on the vector units; the per-line Swift path
/// (``LineSystem``, ``NewtonIteration``) is the reference it is tested against, line for
/// line and bit for bit (`LineParallelismTests`).
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
    /// Each bundle's face weights and inverse target averages, interleaved (cell k of its
    /// line l at k·nb + l).
    private let bundles: [(lines: Range<Int>, weights: [Double], inverse: [Double])]
    /// Scratch of the bundled path kept between sweeps (each holds 11 work arrays of a bundle,
    /// 141 KB at 200-cell lines; allocating and zeroing them per chunk and sweep showed as 1.5%
    /// of the ring benchmark's samples).
    private let pool = ScratchPool()

    /// Lines per bundle (`GANFLOW_BUNDLE_WIDTH`): 8 doubles fill one 512-bit vector, and a
    /// bundle's 11 work arrays of 200-cell lines (141 KB) stay in the level-2 cache.
    static let bundleWidth = Int(GANFLOW_BUNDLE_WIDTH)

    init(systems: [LineSystem], alongX: Bool, nx: Int, ny: Int, otherSpacing: Double) {
        self.systems = systems; self.alongX = alongX; self.nx = nx; self.ny = ny; self.otherSpacing = otherSpacing
        let width = Self.bundleWidth
        bundles = stride(from: 0, to: systems.count, by: width).map { first in
            // Padding lines beyond the last: weights 0, inverse averages 1 (values 0: no update).
            let lines = first..<min(first + width, systems.count), nb = width
            let n = systems[first].dimension
            var w = [Double](repeating: 0, count: max(0, n - 1) * nb), inv = [Double](repeating: 1, count: n * nb)
            for (l, line) in lines.enumerated() {
                for k in 0..<n { inv[k * nb + l] = systems[line].inverseTargets[k] }
                for k in 0..<(n - 1) { w[k * nb + l] = systems[line].weights[k] }
            }
            return (lines, w, inv)
        }
    }

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

    /// Where a chunk of lines writes its outcome: the new values and (when kept) residuals of
    /// its cells and the mass allowance of each of its lines. Chunks own disjoint lines, so
    /// their writes never meet.
    private struct Destination {
        let values: UnsafeMutableBufferPointer<Double>
        let residual: UnsafeMutableBufferPointer<Double>
        let allowances: UnsafeMutableBufferPointer<Double>
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
             keepsResidual: Bool, parallelism: LineParallelism, kernel: LineKernel2D) -> (allowance: Double, residual: [Double])? {
        let length = alongX ? nx : ny
        let input = rho
        let spread: Bool
        switch parallelism {
        case .automatic: spread = nx * ny >= Self.parallelCells
        case .serial: spread = false
        case .parallel: spread = true
        }
        let count = bundles.count
        let chunks = spread ? min(count, 4 * ProcessInfo.processInfo.activeProcessorCount) : 1
        var residual = keepsResidual ? [Double](repeating: 0, count: nx * ny) : []
        var allowances = [Double](repeating: 0, count: systems.count)
        // A failed sweep leaves `rho` partly written; the caller discards it.
        let solved = rho.withUnsafeMutableBufferPointer { values in
            residual.withUnsafeMutableBufferPointer { r in
                allowances.withUnsafeMutableBufferPointer { a in
                    nonisolated(unsafe) let out = Destination(values: values, residual: r, allowances: a)
                    return (try? SeedParallel.map(chunks) { c -> Bool in
                        let bundleRange = (c * count / chunks)..<((c + 1) * count / chunks)
                        switch kernel {
                        case .bundled:
                            var scratch = pool.take(length: length)
                            defer { pool.give(scratch) }
                            for b in bundleRange {
                                guard solveBundle(b, input: input, tau: tau, method: method, keepsResidual: keepsResidual,
                                                  scratch: &scratch, into: out) else { return false }
                            }
                        case .perLine:
                            var scratch = Scratch(length: length)
                            for l in bundleRange.flatMap({ bundles[$0].lines }) {
                                for k in 0..<length { scratch.old[k] = alongX ? input[l * nx + k] : input[k * nx + l] }
                                guard let o = solveLine(systems[l], tau: tau, method: method, time: time,
                                                        keepsResidual: keepsResidual, scratch: &scratch) else { return false }
                                out.allowances[l] = o.allowance
                                for k in 0..<length {
                                    let cell = alongX ? l * nx + k : k * nx + l
                                    out.values[cell] = o.values[k]
                                    if keepsResidual { out.residual[cell] = o.residual[k] }
                                }
                            }
                        }
                        return true
                    }) ?? []
                }
            }
        }
        guard solved.count == chunks, solved.allSatisfy({ $0 }) else { return nil }
        var total = 0.0
        for a in allowances { total += a }
        return (total, residual)
    }

    /// Spare ``BundleScratch`` buffers, shared by the threads of a sweep (and by copies of the
    /// stepper, which share this reference) under a lock: a thread takes one for its chunk
    /// and gives it back. Their contents never carry over: every array is written before it is
    /// read in a sub-step.
    private final class ScratchPool: @unchecked Sendable {
        private let lock = NSLock()
        private var free: [BundleScratch] = []

        func take(length: Int) -> BundleScratch {
            lock.lock(); defer { lock.unlock() }
            if let i = free.lastIndex(where: { $0.length == length }) { return free.remove(at: i) }
            return BundleScratch(length: length)
        }

        func give(_ scratch: BundleScratch) {
            lock.lock(); defer { lock.unlock() }
            if free.count < 64 { free.append(scratch) }
        }
    }

    /// Per-thread scratch of the bundled path: the interleaved input, result, residual and the
    /// C kernel's 8 work arrays, for bundles of up to ``bundleWidth`` lines.
    private struct BundleScratch {
        let length: Int
        var old, y, residual, work: [Double]
        var allowance: [Double]
        init(length n: Int) {
            length = n
            let size = n * DirectionalSweep.bundleWidth
            old = [Double](repeating: 0, count: size); y = old; residual = old
            work = [Double](repeating: 0, count: 8 * size)
            allowance = [Double](repeating: 0, count: DirectionalSweep.bundleWidth)
        }
    }

    /// One bundle's sub-step through `ganflow_line_bundle_substep`, its lines' outcomes
    /// written to `out`; false when Newton failed on one of them.
    private func solveBundle(_ index: Int, input: [Double], tau: Double, method: SubstepMethod2D,
                             keepsResidual: Bool, scratch: inout BundleScratch, into out: Destination) -> Bool {
        let bundle = bundles[index], n = alongX ? nx : ny
        // Cell k of line `line` is at line·lineStride + k·cellStride in the grid.
        let cellStride = alongX ? 1 : nx, lineStride = alongX ? nx : 1
        let first = bundle.lines.lowerBound, count = bundle.lines.count
        input.withUnsafeBufferPointer { grid in
            scratch.old.withUnsafeMutableBufferPointer { old in
                ganflow_bundle_gather(grid.baseAddress!, first, count, n, cellStride, lineStride, old.baseAddress!)
            }
        }
        var step = ganflow_substep(tr_bdf2: method == .trBDF2 ? 1 : 0, tau: tau,
                                   h1: SubstepMethod2D.gamma * tau / 2, h2: SubstepMethod2D.bdfFactor * tau,
                                   stage_weight: SubstepMethod2D.stageWeight, start_weight: SubstepMethod2D.startWeight,
                                   max_iterations: Int32(Self.maxNewtonIterations))
        let kind: Int32 = switch systems[bundle.lines.lowerBound].kind { case .js: 0; case .kl: 1; case .chi2: 2 }
        let status = bundle.weights.withUnsafeBufferPointer { w in
            bundle.inverse.withUnsafeBufferPointer { inv in
                var description = ganflow_line_bundle(n: n, weights: w.baseAddress, inverse: inv.baseAddress,
                                                      spacing: systems[bundle.lines.lowerBound].spacing,
                                                      other: otherSpacing, kind: kind)
                return scratch.old.withUnsafeBufferPointer { old in
                    scratch.y.withUnsafeMutableBufferPointer { y in
                        scratch.allowance.withUnsafeMutableBufferPointer { a in
                            scratch.residual.withUnsafeMutableBufferPointer { r in
                                scratch.work.withUnsafeMutableBufferPointer { work in
                                    ganflow_line_bundle_substep(&description, &step, old.baseAddress, y.baseAddress, a.baseAddress,
                                                                keepsResidual ? r.baseAddress : nil, work.baseAddress)
                                }
                            }
                        }
                    }
                }
            }
        }
        guard status == 0 else { return false }
        for l in 0..<count { out.allowances[first + l] = scratch.allowance[l] }
        scratch.y.withUnsafeBufferPointer { y in
            ganflow_bundle_scatter(y.baseAddress!, first, count, n, cellStride, lineStride, out.values.baseAddress!)
        }
        if keepsResidual {
            scratch.residual.withUnsafeBufferPointer { r in
                ganflow_bundle_scatter(r.baseAddress!, first, count, n, cellStride, lineStride, out.residual.baseAddress!)
            }
        }
        return true
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
                           keepsResidual: Bool, scratch: inout Scratch) -> (values: [Double], allowance: Double, residual: [Double])? {
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
        return (y, allowance, keepsResidual ? scratch.newton.residual : [])
    }
}
