import Foundation
import Analytic
import Sim
import Verification

/// P1, P2, D2, D3 and D4 on the 2D split finite-volume solver: JS flow toward the ring
/// ring(4, 2, 0.5) on [−4, 4]² from a centred start N(0, 0.6² I) (mass where the target is
/// thin: u₀ up to ~2·10³ at the centre, the saturated regime of D12).
///
/// Every per-step allowance is derived as in the 2D property tests: an implicit-Euler
/// sub-step's computed state is within its L¹ Newton residual R of the exact sub-step, which
/// keeps mass, ρ ≥ 0, u within its range, and lowers every convex functional; a functional may
/// rise by at most A Σ|g'(u')|·(|r| + 8ε(2|ρ'| + 2|ρ| + |r|)) plus (8 + N)ε of its terms. A
/// second-order (TR-BDF2) step has no such guarantee and is checked on its own states: a
/// functional may rise by the rounding of its two evaluations only, and mass, positivity and
/// the range as for every step (its recorded allowance bounds its mass change).
enum Grid2DRows {
    static var groups: [VerifyRunner.Group] {
        [("2D grid solver, ring target", ["P1", "P2", "D2", "D3", "D4"], rows)]
    }

    struct Functional: Sendable {
        let name: String
        let g: @Sendable (Double) -> Double
        let gPrime: @Sendable (Double) -> Double
        let scale: @Sendable (Double) -> Double
    }

    static let functionals: [Functional] = [
        Functional(name: "JS", g: { FlowDivergence.js.f($0) }, gPrime: { FlowDivergence.js.fPrime($0) },
                   scale: { ($0 > 0 ? $0 * abs(log($0)) : 0) + (1 + $0) * abs(log((1 + $0) / 2)) + 1 }),
        Functional(name: "KL", g: { FlowDivergence.kl.f($0) }, gPrime: { log($0) }, scale: { ($0 > 0 ? $0 * abs(log($0)) : 0) + $0 + 1 }),
        Functional(name: "χ²", g: { ($0 - 1) * ($0 - 1) }, gPrime: { 2 * ($0 - 1) }, scale: { $0 * $0 + 1 }),
        Functional(name: "H²", g: { let s = $0.squareRoot() - 1; return s * s }, gPrime: { 1 - 1 / $0.squareRoot() }, scale: { $0 + 1 }),
    ]

    /// Largest excess of each functional's rise over its allowance, over the given transitions
    /// (before, after, per-cell residual or nil): ≤ 0 when the statement holds. With a residual
    /// (an implicit-Euler sub-step) the allowance adds A Σ|g'(u')|·(|r| + its rounding); without
    /// one (a whole TR-BDF2 step, accepted by the solver's guard on its own state) only the
    /// rounding of the two evaluations.
    static func excess(_ moves: [(before: [Double], after: [Double], residual: [Double]?)], _ p: FlowProblem2D) -> [Double] {
        let a = p.grid.area, n = p.grid.count, inv = p.inverseTargetAverages, rd = p.targetAverages
        let eps = Double.ulpOfOne
        return functionals.map { f in
            var worst = -Double.infinity
            for m in moves {
                var rise = 0.0, size = 0.0, phi0 = 0.0, phi1 = 0.0
                for k in 0..<n {
                    let u1 = max(0, m.after[k] * inv[k]), u0 = max(0, m.before[k] * inv[k])
                    if let res = m.residual {
                        let r = abs(res[k]) + 8 * eps * (2 * abs(m.after[k]) + 2 * abs(m.before[k]) + abs(res[k]))
                        if r != 0 { rise += u1 > 0 ? abs(f.gPrime(u1)) * r : .infinity }
                    }
                    size += rd[k] * (abs(f.g(u1)) + f.scale(u1) + abs(f.g(u0)) + f.scale(u0))
                    phi0 += rd[k] * f.g(u0); phi1 += rd[k] * f.g(u1)
                }
                worst = max(worst, a * (phi1 - phi0) - (a * rise + Double(8 + n) * eps * a * size))
            }
            return worst
        }
    }

    static func rows(_ size: VerifySize) throws -> RowGroup {
        let (lo, hi) = (-4.0, 4.0)
        let n = size.quick ? 24 : 32
        let horizon = size.quick ? 20.0 : 60.0
        let target = try Truncated2D(try Ring2D(components: 4, radius: 2, sigma: 0.5), ax: lo, bx: hi, ay: lo, by: hi)
        let start = try Truncated2D(try Normal2D(mx: 0, my: 0, sx: 0.6, sy: 0.6, r: 0), ax: lo, bx: hi, ay: lo, by: hi)
        let other = try Truncated2D(try Normal2D(mx: 1, my: -0.5, sx: 0.9, sy: 0.6, r: 0.4), ax: lo, bx: hi, ay: lo, by: hi)
        let grid = try Grid2D(ax: lo, bx: hi, ay: lo, by: hi, nx: n, ny: n)
        let p = try FlowProblem2D(target: target, grid: grid, flow: .js)
        let scenario = "2D: JS flow, ρd = ring(4,2,0.5), ρ0 = N(0, 0.6²I), both on [−4,4]², \(n)×\(n) cells"
        let a = grid.area, eps = Double.ulpOfOne
        let rho0 = try p.initialAverages(of: start)
        var s = try SplitStepper2D(problem: p, initial: rho0)
        s.recordsSubsteps = true
        let d0 = Diagnostics2D(density: rho0, problem: p)
        var worst = [Double](repeating: -.infinity, count: functionals.count)
        var massAllowance = 0.0, worstMass = -Double.infinity, worstMin = -Double.infinity, worstRange = -Double.infinity
        var steps = 0, secondOrder = 0
        // Snapshots for the heat maps: the solver lands on each of these times exactly.
        let shown = [1.0, 5.0, horizon]
        var snapshots: [(time: Double, density: [Double])] = [(0, rho0)]
        while s.time < horizon {
            let before = s.density
            let next = shown.first { $0 > s.time }!
            let r = try s.step(notBeyond: next)
            if s.time == next { snapshots.append((next, s.density)) }
            steps += 1
            let moves = r.method == .implicitEuler
                ? r.substeps.map { (before: $0.before, after: $0.after, residual: Optional($0.residual)) }
                : [(before: before, after: s.density, residual: nil)]
            if r.method == .trBDF2 { secondOrder += 1 }
            for (k, e) in excess(moves, p).enumerated() { worst[k] = max(worst[k], e) }
            massAllowance += r.residual + 72 * Double(grid.count) * eps
            let d = Diagnostics2D(density: s.density, problem: p)
            worstMass = max(worstMass, abs(d.mass - d0.mass) - massAllowance)
            for k in s.density.indices {
                let slack = massAllowance + 4 * eps * a * p.targetAverages[k] * d0.uMax
                worstMin = max(worstMin, -a * s.density[k] - slack)
                worstRange = max(worstRange, a * (s.density[k] - d0.uMax * p.targetAverages[k]) - slack,
                                 a * (d0.uMin * p.targetAverages[k] - s.density[k]) - slack)
            }
        }
        let dT = Diagnostics2D(density: s.density, problem: p)
        var g = RowGroup()
        g.figures.append(ReportFigure(file: "grid2d-ring-heatmaps.svg",
            caption: "The 2D JS flow toward ρd = ring(4, 2, 0.5) from N(0, 0.6²I) on [−4, 4]² (\(n) × \(n) cells): cell averages of ρ_t at t = \(snapshots.map { NumberText.short($0.time) }.joined(separator: ", ")) beside ρd, one colour scale (white 0, dark = the largest value shown).",
            plot: try SVGHeatMap(title: "2D JS flow toward a ring: ρ_t beside ρd", box: (lo, hi, lo, hi),
                                 panels: snapshots.map { SVGHeatMap.Panel("ρ at t = \(NumberText.short($0.time))", nx: n, ny: n, values: $0.density) }
                                     + [SVGHeatMap.Panel("ρd", nx: n, ny: n, values: p.targetAverages)])))
        g.rows.append(StatementRow(StatementCatalogue.statement("P1"), scenario: scenario + ", step-doubling tolerance 1e-6",
            measurements: [Measurement("JS(0)", d0.js), Measurement("JS(\(NumberText.short(horizon)))", dT.js),
                           Measurement("largest JS rise over its allowance, any step (TR-BDF2, \(secondOrder) of \(steps)) or implicit-Euler sub-step", worst[0], "≤ 0")],
            holds: worst[0] <= 0))
        g.rows.append(StatementRow(StatementCatalogue.statement("D2"), scenario: scenario,
            measurements: zip(functionals, worst).dropFirst().map { Measurement("largest \($0.name) rise over its allowance", $1, "≤ 0") },
            holds: worst.dropFirst().allSatisfy { $0 <= 0 }))
        g.rows.append(StatementRow(StatementCatalogue.statement("D3"), scenario: scenario,
            measurements: [Measurement("mass change beyond its allowance", worstMass, "≤ 0"),
                           Measurement("largest −A·ρ beyond its allowance", worstMin, "≤ 0"),
                           Measurement("largest exit of u from [\(NumberText.short(d0.uMin)), \(NumberText.short(d0.uMax))]", worstRange, "≤ 0")],
            holds: worstMass <= 0 && worstMin <= 0 && worstRange <= 0))
        // P2: the scenario's statement is that the flow reaches ρd; measured by JS(T)/JS(0) and
        // TV(T), with the criterion JS(T) ≤ 1e-3·JS(0) stated for this scenario (observed, not
        // derived: no discrete Poincaré constant is computed in 2D).
        g.rows.append(StatementRow(StatementCatalogue.statement("P2"), scenario: scenario + ", criterion JS(T) ≤ 1e-3·JS(0) (stated, not derived)",
            measurements: [Measurement("JS(T)/JS(0), T = \(NumberText.short(horizon))", dT.js / d0.js, "≤ 1e-3"),
                           Measurement("TV(T)", dT.tv)],
            holds: dT.js <= 1e-3 * d0.js))
        // D4: both starts advanced by the same fixed step sequence (Δt = 0.01, growing 10% a
        // step): each exact sub-step is an L¹ contraction, so ‖ρ − σ‖₁ may rise by at most
        // the two runs' residuals plus the round-off of the distance (2Nε of the masses).
        var x = try SplitStepper2D(problem: p, initial: rho0)
        var y = try SplitStepper2D(problem: p, initial: try p.initialAverages(of: other))
        var tau = 0.01, dist = a * zip(x.density, y.density).reduce(0) { $0 + abs($1.0 - $1.1) }
        let dist0 = dist
        var worstRise = -Double.infinity
        let t4 = size.quick ? 5.0 : 10.0
        while x.time < t4 {
            let rx = try x.fixedStep(tau, method: .implicitEuler), ry = try y.fixedStep(tau, method: .implicitEuler)
            let next = a * zip(x.density, y.density).reduce(0) { $0 + abs($1.0 - $1.1) }
            worstRise = max(worstRise, next - dist - (rx.residual + ry.residual + 4 * Double(grid.count) * eps * 2))
            dist = next
            tau *= 1.1
        }
        g.rows.append(StatementRow(StatementCatalogue.statement("D4"), scenario: scenario + ", second start N((1,−0.5), [[0.81,0.216],[0.216,0.36]]), equal fixed steps of implicit-Euler sub-steps",
            measurements: [Measurement("‖ρ − σ‖₁ at t = 0", dist0), Measurement("at t = \(NumberText.short(x.time))", dist),
                           Measurement("largest rise per step over its allowance", worstRise, "≤ 0")],
            holds: worstRise <= 0))
        return g
    }
}
