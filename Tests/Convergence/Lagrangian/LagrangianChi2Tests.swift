import Foundation
import Testing
import Analytic
import Sim
import Verification
import TestSupport

/// The Lagrangian scheme for the degenerate χ² flow (`Ψ' = 2u`: porous-medium type, with a
/// front where u falls to ≈ 0), docs/MATH.md §3.2 and ``LagrangianParticles``.
///
/// The S1 scenario (target N(0,1), start N(−3, 0.5²), domain [−8, 8]) has such a front: u₀
/// peaks at 807 near x = −4 and is below 1e-7 right of x = 0, and the front of the χ² flow
/// sweeps to the right (x ≈ 0.68 at t = 0.25) and to the left wall.
@Suite("Lagrangian scheme: the χ² flow and its front", .stepBudget)
struct LagrangianChi2Tests {
    /// On a uniform target the porous-medium profile `u = σ(x_f − x)₊` travels at speed 2σ
    /// (`u_t = (u²)_xx`), so every particle's velocity is exactly 2σ. Particles are placed at
    /// the levels' masses under this profile, with the front inside the last interval (where
    /// the front rule of ``LagrangianParticles`` models it); then the interval means are the
    /// profile at the barycentres (midpoints) and the front particle's one-sided width is
    /// exact, so the only error is rounding. Positions in [0, 1] carry an absolute error of
    /// about ε, so `uⱼ = mⱼ/wⱼ` is off by at most ≈ 2ε uⱼ/wⱼ, and `Vᵢ = 2(u_{i−1} − uᵢ)/Dᵢ` by
    /// `4ε(u_{i−1}/w_{i−1} + uᵢ/wᵢ)/Dᵢ` with `Dᵢ ≥ w_{i−1}/2` under either rule; allowed: twice
    /// that, relative to 2σ. (Next to the wall the first interval is 4e-6 wide: 6e-7 there.)
    @Test("A linear front on a uniform target: every particle, the front one included, moves at 2σ")
    func travelingWave() throws {
        let levels = try QuantileLevels(count: 40)
        let particles = try LagrangianParticles(target: try Uniform(lower: 0, upper: 1), lower: 0, upper: 1,
                                                levels: levels, flow: .chi2)
        let front = 0.6, m = levels.masses, n = levels.count
        let sigma = 2 / (front * front)  // total mass σ x_f²/2 = 1
        // From the front backwards: the mass σ((x_f − L)² − (x_f − R)²)/2 between L and R.
        var x = [Double](repeating: 0, count: n + 1)
        x[n] = 1
        var distance = 0.0  // x_f − R
        for j in stride(from: n - 1, through: 1, by: -1) {
            distance = (distance * distance + 2 * m[j] / sigma).squareRoot()
            x[j] = front - distance
        }
        #expect(abs(x[1] - (front - (front * front - 2 * m[0] / sigma).squareRoot())) < 1e-12)
        let v = particles.velocity(positions: x), u = particles.ratios(positions: x)
        let w = (0..<n).map { x[$0 + 1] - x[$0] }
        for i in 1..<n {
            let tolerance = 8 * Double.ulpOfOne * (u[i - 1] / w[i - 1] + u[i] / w[i]) / (0.5 * w[i - 1]) / (2 * sigma)
            #expect(abs(v[i] / (2 * sigma) - 1) <= tolerance, "particle \(i) at \(x[i]): V = \(v[i]), 2σ = \(2 * sigma)")
        }
    }

    /// Observed order on S1 against a finite-volume reference, at t = 0.25 (front at x ≈ 0.68)
    /// and t = 1: the L¹ distance of the cell averages on a 500-cell grid and the error of JS.
    ///
    /// Reference: ``FiniteVolumeSolver`` (BDF2, local error 1e-10) with M = 500, 1000, 2000 and
    /// 4000 cells. Its L¹ converges at order 2 (measured ratio 3.98 per doubling), so the cell
    /// averages are Richardson-extrapolated `R = F₄₀₀₀ + (F₄₀₀₀ − F₂₀₀₀)/3`, error estimated as
    /// `‖R − R'‖₁/15` with R' from 1000 and 2000 cells. Its JS converges at order ≈ 1.8 only
    /// (the front: JS's `u ln u` at u → 0), so JS is extrapolated with the observed order p of
    /// 1000/2000/4000, `J + (J₄₀₀₀ − J₂₀₀₀)/(2ᵖ − 1)`, error estimated as the change of the result
    /// when p is taken from 500/1000/2000 instead. Each estimate must lie 10× below every
    /// Lagrangian error fitted.
    ///
    /// Theory: away from the front the scheme is second order (smooth u: barycentres, as for
    /// JS and KL). At the front u is only Lipschitz (slope σ behind, 0 ahead), and a scheme
    /// whose cells do not follow it is limited to first order there; the Lagrangian front is
    /// a particle, its one-sided width is exact for a linear profile (the test above), and its
    /// error comes from the curvature of u over the intervals at the front. Those carry the
    /// tail-refined masses (35/N⁴ at the end; u ∝ distance, so widths ∝ √mass ∝ N⁻²), so even
    /// a first-order error there is O(N⁻²): order 2 is expected, reached later than in the
    /// smooth case. Each fitted order must lie within 3 standard errors of 2 plus 0.15 (the
    /// drift of local orders over a factor 4 in N), as for JS and KL. Measured (N = 200, 400,
    /// 800): L¹ at t = 0.25 2.013 ± 0.003 (3.4e-4 → 2.1e-5), at t = 1 1.82 ± 0.25 (local
    /// orders 1.39, 2.25; 1.4e-4 → 1.1e-5), JS at t = 1 2.10 ± 0.01 (6.2e-7 → 3.4e-8); the
    /// reference's estimates 8.9e-9 and 5.7e-10 (L¹), 2.2e-9 (JS at t = 1; FV JS orders 1.78,
    /// 1.81). Time error: local tolerance 1e-9; JS and L¹ change by < 1e-3 relative between
    /// 1e-8 and 1e-9 at N = 400. Budgets: the 4000-cell reference takes ≈ 15 s alone but
    /// exhausted the 30 s test budget beside this suite's other tests on two cores, so 120 s.
    @Test("S1: L¹ at t = 0.25 and 1, JS at t = 1 converge at order 2 against the finite volumes",
          .stepBudget(StepBudget(maxAttempts: 1_000_000, maxWallSeconds: 120)))
    func order() throws {
        let target = try Truncated(try Normal(mean: 0, standardDeviation: 1), lower: -8, upper: 8)
        let initial = try Normal(mean: -3, standardDeviation: 0.5)
        let times = [0.25, 1.0], grid = 500
        func coarsen(_ rho: [Double]) -> [Double] {
            let k = rho.count / grid
            return (0..<grid).map { i in (0..<k).reduce(0) { $0 + rho[i * k + $1] } / Double(k) }
        }
        // FV at 500 … 4000 cells: (coarsened cell averages, JS) per time.
        var cells = [[[Double]]](), js = [[Double]]()
        for m in [500, 1000, 2000, 4000] {
            let p = try FlowProblem(target: target, lower: -8, upper: 8, cells: m, flow: .chi2)
            let traj = try FiniteVolumeSolver(problem: p, stepping: .bdf2(.adaptive(tolerance: 1e-10)))
                .solve(initial: initial, times: times)
            cells.append(traj.snapshots.map { coarsen($0.density) })
            js.append(traj.snapshots.map(\.diagnostics.js))
        }
        let h = 16 / Double(grid)
        func l1(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + abs($1.0 - $1.1) } * h }
        func richardson(_ fine: [Double], _ coarse: [Double]) -> [Double] { zip(fine, coarse).map { $0 + ($0 - $1) / 3 } }
        var refCells = [[Double]](), refCellError = [Double](), refJS = [Double](), refJSError = [Double]()
        for k in times.indices {
            let r = richardson(cells[3][k], cells[2][k]), r2 = richardson(cells[2][k], cells[1][k])
            refCells.append(r)
            refCellError.append(l1(r, r2) / 15)
            // J₄₀₀₀ + (J₄₀₀₀ − J₂₀₀₀)/(ratio − 1), ratio = 2ᵖ the observed error ratio per doubling.
            func extrapolated(ratio: Double) -> Double { js[3][k] + (js[3][k] - js[2][k]) / (ratio - 1) }
            let ratioFine = (js[2][k] - js[1][k]) / (js[3][k] - js[2][k])
            let ratioCoarse = (js[1][k] - js[0][k]) / (js[2][k] - js[1][k])
            let j = extrapolated(ratio: ratioFine)
            refJS.append(j)
            refJSError.append(abs(j - extrapolated(ratio: ratioCoarse)))
            print(String(format: "χ² flow, reference at t = %g: L¹ error ≤ %.2e, JS %.12f ± %.1e (FV JS orders %.2f, %.2f)",
                         times[k], refCellError[k], j, refJSError[k], log2(ratioCoarse), log2(ratioFine)))
        }
        let particles = [200, 400, 800]
        var l1Errors = [[Double]](repeating: [], count: times.count), jsErrors = [Double]()
        let problem = try FlowProblem(target: target, lower: -8, upper: 8, cells: grid, flow: .chi2)
        for n in particles {
            let solver = try LagrangianSolver(problem: problem, particles: n, stepping: .variableOrder(tolerance: 1e-9),
                                              budget: LagrangianBudget(maxSteps: 20_000, maxSeconds: 60))
            let run = try solver.run(initial: initial, times: times)
            for k in times.indices { l1Errors[k].append(l1(run.trajectory.snapshots[k].density, refCells[k])) }
            let j = run.particles.functional(positions: run.positions[1]) { FlowDivergence.js.f($0) }
            jsErrors.append(abs(j - refJS[1]))
            print(String(format: "χ² flow, N = %d: L¹ %.3e (t = 0.25), %.3e (t = 1); |ΔJS| %.3e (t = 1); %d steps",
                         n, l1Errors[0].last!, l1Errors[1].last!, jsErrors.last!, run.trajectory.steps.count))
        }
        let measured: [(String, [Double], Double)] = [("L¹ at t = 0.25", l1Errors[0], refCellError[0]),
                                                     ("L¹ at t = 1", l1Errors[1], refCellError[1]),
                                                     ("JS at t = 1", jsErrors, refJSError[1])]
        for (name, errors, reference) in measured {
            for (n, e) in zip(particles, errors) {
                #expect(e >= 10 * reference, "\(name), N = \(n): error \(e) vs the reference's \(reference)")
            }
            let o = fittedOrder(particles, errors)
            print("χ² flow, \(name): order \(String(format: "%.3f ± %.3f", o.value, o.standardError))")
            #expect(abs(o.value - 2) <= 3 * o.standardError + 0.15, "\(name): order \(o.value) ± \(o.standardError), errors \(errors)")
        }
    }

    /// Many particles: with 1600 tail-refined particles (end masses 5.5e-12) S1 runs to t = 5
    /// at the default stepping (before the front rule it stopped at t ≈ 0.18 with a step size
    /// underflow: the tail intervals piled up behind a lagging front, in the bulk of ρd, where
    /// their target masses are differences of O(1) CDF values). Measured: 5223 steps, 31 s
    /// on two cores (no other load; 3264 attempts reached only t = 0.02 in 30 s at load 8),
    /// so this test's budgets allow 120 s. The file passes ganflow check.
    @Test("S1 with 1600 particles runs past the old stop (to t = 1) and its CSV passes ganflow check",
          .stepBudget(StepBudget(maxAttempts: 1_000_000, maxWallSeconds: 120)))
    func manyParticles() throws {
        let normal = try Normal(mean: 0, standardDeviation: 1)
        let problem = try FlowProblem(target: try Truncated(normal, lower: -8, upper: 8), lower: -8, upper: 8,
                                      cells: 400, flow: .chi2)
        let solver = try LagrangianSolver(problem: problem, particles: 1600,
                                          budget: LagrangianBudget(maxSteps: 20_000, maxSeconds: 120))
        // To t = 1 (five times past where it used to stop); the run to t = 5 (5223 steps, 31 s)
        // is measured from the command line, too slow for the test suite.
        let times = [0, 0.25, 0.5, 1]
        let traj = try solver.solve(initial: try Normal(mean: -3, standardDeviation: 0.5), times: times)
        print("χ² flow, N = 1600: \(traj.steps.count) steps to t = \(times.last!)")
        let grid = GridTrajectory(times: times, centers: problem.grid.centers, rho: traj.snapshots.map(\.density))
        let r = try CheckRunner.run(try TrajectoryCSV.parse(TrajectoryCSV.format(grid)), target: normal,
                                    domain: (-8, 8), flow: .chi2)
        for c in r.checks { print("chi2, N = 1600: \(c)") }
        #expect(r.passed, "\(r.checks.filter { !$0.holds })")
    }

    /// Least-squares slope of −ln error against ln N, with its standard error.
    func fittedOrder(_ sizes: [Int], _ errors: [Double]) -> (value: Double, standardError: Double) {
        let x = sizes.map { log(Double($0)) }, y = errors.map { log($0) }
        let n = Double(x.count), mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let slope = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / sxx
        let residual = zip(x, y).reduce(0) { let r = $1.1 - my - slope * ($1.0 - mx); return $0 + r * r }
        return (-slope, x.count > 2 ? (residual / (n - 2) / sxx).squareRoot() : .nan)
    }
}
