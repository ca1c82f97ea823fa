import Foundation

/// Code verification by the method of manufactured solutions (docs/MATH.md §3):
/// `u*(t, x) = 1 + α e^{−t} cos(π(x − a)/(b − a))` (zero flux at both ends),
/// `S = ρd ∂ₜu* − ∂ₓ(ρd Ψ'(u*) ∂ₓu*)` with `ρd' = ρd·score`, on a truncated normal target.
public struct ManufacturedSolutionStudy: Sendable {
    public var target: any Density
    public var lower: Double
    public var upper: Double
    public var amplitude: Double
    public var flow: FlowDivergence
    public var finalTime: Double

    /// Default: ρd = N(0,1) on [−2, 2], α = 0.5 (u* ∈ [0.5, 1.5]), JS flow, T = 0.5.
    public init(target: (any Density)? = nil, lower: Double = -2, upper: Double = 2, amplitude: Double = 0.5,
                flow: FlowDivergence = .js, finalTime: Double = 0.5) throws {
        self.target = try target ?? Truncated(try Normal(mean: 0, standardDeviation: 1), lower: lower, upper: upper)
        self.lower = lower; self.upper = upper
        self.amplitude = amplitude; self.flow = flow; self.finalTime = finalTime
    }

    public func exactRatio(_ t: Double, _ x: Double) -> Double {
        1 + amplitude * exp(-t) * cos(.pi * (x - lower) / (upper - lower))
    }

    public var source: ManufacturedSource {
        let k = Double.pi / (upper - lower), a = amplitude, lo = lower
        let target = self.target, flow = self.flow
        return ManufacturedSource { t, x in
            let e = a * exp(-t), c = cos(k * (x - lo)), s = sin(k * (x - lo))
            let u = 1 + e * c, ut = -e * c, ux = -e * k * s, uxx = -e * k * k * c
            let rd = target.pdf(x), rdx = rd * target.score(x)
            let div = rdx * flow.psiPrime(u) * ux + rd * flow.psiSecond(u) * ux * ux + rd * flow.psiPrime(u) * uxx
            return rd * ut - div
        }
    }

    public func problem(cells: Int) throws -> FlowProblem {
        try FlowProblem(target: target, lower: lower, upper: upper, cells: cells, flow: flow, source: source)
    }

    /// Exact cell averages of ρd·u*(t, ·).
    public func exactAverages(_ grid: Grid1D, at t: Double) -> [Double] {
        grid.cellAverages { self.target.pdf($0) * self.exactRatio(t, $0) }
    }

    /// L¹ error `h Σ|ρᵢ − ρᵢ*|` at T against the exact solution, for each grid.
    /// Time error is made negligible by BDF2 with local tolerance `tolerance`.
    public func spaceStudy(cells: [Int], tolerance: Double = 1e-12) throws -> ConvergenceStudy {
        var sizes = [Double](), errors = [Double]()
        for n in cells {
            let p = try problem(cells: n)
            let rho0 = exactAverages(p.grid, at: 0)
            let tr = try FiniteVolumeSolver(problem: p, stepping: .bdf2(.adaptive(tolerance: tolerance)))
                .solve(initialAverages: rho0, times: [finalTime])
            let exact = exactAverages(p.grid, at: finalTime)
            let rho = tr.snapshots[0].density
            sizes.append(p.grid.spacing)
            errors.append(p.grid.spacing * zip(rho, exact).reduce(0) { $0 + abs($1.0 - $1.1) })
        }
        return try ConvergenceStudy(sizes: sizes, errors: errors)
    }

    /// L¹ error at T of fixed-step time integration on one grid, against a reference on
    /// the same grid (BDF2 with local tolerance 1e-13): the time error alone.
    public func timeStudy(cells: Int, steps: [Int], scheme: (StepControl) -> TimeStepping) throws -> ConvergenceStudy {
        let p = try problem(cells: cells)
        let rho0 = exactAverages(p.grid, at: 0)
        let reference = try FiniteVolumeSolver(problem: p, stepping: .bdf2(.adaptive(tolerance: 1e-13)))
            .solve(initialAverages: rho0, times: [finalTime]).snapshots[0].density
        var sizes = [Double](), errors = [Double]()
        for n in steps {
            let dt = finalTime / Double(n)
            let rho = try FiniteVolumeSolver(problem: p, stepping: scheme(.fixed(dt)))
                .solve(initialAverages: rho0, times: [finalTime]).snapshots[0].density
            sizes.append(dt)
            errors.append(p.grid.spacing * zip(rho, reference).reduce(0) { $0 + abs($1.0 - $1.1) })
        }
        return try ConvergenceStudy(sizes: sizes, errors: errors)
    }
}

extension ManufacturedSolutionStudy {
    /// Observed order of the constant-step k-step formula (``VariableOrderBDF`` at fixed
    /// order k = `order`, fixed step Δt = (end − start)/n for each n of `steps`), started at
    /// `start` from the values at `start − j·Δt`, j = 0…k, of a reference solution (BDF2,
    /// local tolerance 1e-13, on the same grid).
    ///
    /// The errors are Richardson differences `‖y_{Δt}(end) − y_{Δt/2}(end)‖₁` (each n is
    /// paired with 2n): they behave like `(1 − 2⁻ᵏ)CΔtᵏ` and do not contain the reference's
    /// own error (about 4e-10 here, which would hide orders 4 and 5 at fine steps). The
    /// reference enters only through the starting values, as a smooth perturbation of the
    /// solution that both runs of a pair carry alike.
    public func multistepTimeStudy(cells: Int, order k: Int, formula: BackwardDifferenceFormula,
                                   steps: [Int], start: Double, end: Double) throws -> ConvergenceStudy {
        let p = try problem(cells: cells)
        let rho0 = exactAverages(p.grid, at: 0)
        let counts = steps + steps.map { 2 * $0 }
        guard let coarsest = counts.min(), start - Double(k) * (end - start) / Double(coarsest) >= 0 else {
            throw InvalidArgument("multistep study: start \(start) leaves no room for \(k) starting values")
        }
        // One reference run through every starting time needed.
        var times = Set<Double>()
        for n in counts {
            let dt = (end - start) / Double(n)
            for j in 0...k { times.insert(start - Double(j) * dt) }
        }
        let sorted = times.sorted()
        let reference = try FiniteVolumeSolver(problem: p, stepping: .bdf2(.adaptive(tolerance: 1e-13)))
            .solve(initialAverages: rho0, times: sorted)
        var at = [Double: [Double]]()
        for (t, snap) in zip(sorted, reference.snapshots) { at[t] = snap.density }
        func solution(_ n: Int) throws -> [Double] {
            let dt = (end - start) / Double(n)
            let history = (0...k).map { at[start - Double($0) * dt]! }
            var integrator = try VariableOrderBDF(system: FiniteVolumeSystem(problem: p), history: history,
                                                  time: start, step: dt, formula: formula)
            _ = try integrator.advance(to: end)
            return integrator.state
        }
        var sizes = [Double](), errors = [Double]()
        for n in steps {
            let coarse = try solution(n), fine = try solution(2 * n)
            sizes.append((end - start) / Double(n))
            errors.append(p.grid.spacing * zip(coarse, fine).reduce(0) { $0 + abs($1.0 - $1.1) })
        }
        return try ConvergenceStudy(sizes: sizes, errors: errors)
    }
}
