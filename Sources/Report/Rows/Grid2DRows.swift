import Foundation
import Analytic
import Sim
import Verification

/// P1, P2, D2, D3 and D4 on the 2D split finite-volume solver: JS flow toward the ring
/// ring(4, 2, 0.5) on [−4, 4]² from a centred start N(0, 0.6² I) (mass where the target is
/// thin: u₀ up to ~2·10³ at the centre, the saturated regime of D12).
///
/// Every per-step allowance is derived as in the 2D property tests: a sub-step's computed
/// state is within its L¹ Newton residual R of the exact implicit-Euler sub-step, which keeps
/// mass, ρ ≥ 0, u within its range, and lowers every convex functional; a functional may rise
/// by at most A Σ|g'(u')|·(|r| + 8ε(2|ρ'| + 2|ρ| + |r|)) plus (8 + N)ε of its terms.
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

    /// Largest excess of each functional's rise over its allowance, over the sub-steps of one
    /// step (≤ 0 when the statement holds).
    static func excess(_ subs: [Substep2D], _ p: FlowProblem2D) -> [Double] {
        let a = p.grid.area, n = p.grid.count, inv = p.inverseTargetAverages, rd = p.targetAverages
        let eps = Double.ulpOfOne
        return functionals.map { f in
            var worst = -Double.infinity
            for sub in subs {
                var rise = 0.0, size = 0.0, phi0 = 0.0, phi1 = 0.0
                for k in 0..<n {
                    let u1 = max(0, sub.after[k] * inv[k]), u0 = max(0, sub.before[k] * inv[k])
                    let r = abs(sub.residual[k]) + 8 * eps * (2 * abs(sub.after[k]) + 2 * abs(sub.before[k]) + abs(sub.residual[k]))
                    if r != 0 { rise += u1 > 0 ? abs(f.gPrime(u1)) * r : .infinity }
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
        var steps = 0
        while s.time < horizon {
            let r = try s.step(notBeyond: horizon)
            steps += 1
            for (k, e) in excess(r.substeps, p).enumerated() { worst[k] = max(worst[k], e) }
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
        g.rows.append(StatementRow(StatementCatalogue.statement("P1"), scenario: scenario + ", step-doubling tolerance 1e-6",
            measurements: [Measurement("JS(0)", d0.js), Measurement("JS(\(NumberText.short(horizon)))", dT.js),
                           Measurement("largest JS rise over its allowance, any sub-step of \(steps) steps", worst[0], "≤ 0")],
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
            let rx = try x.fixedStep(tau), ry = try y.fixedStep(tau)
            let next = a * zip(x.density, y.density).reduce(0) { $0 + abs($1.0 - $1.1) }
            worstRise = max(worstRise, next - dist - (rx.residual + ry.residual + 4 * Double(grid.count) * eps * 2))
            dist = next
            tau *= 1.1
        }
        g.rows.append(StatementRow(StatementCatalogue.statement("D4"), scenario: scenario + ", second start N((1,−0.5), [[0.81,0.216],[0.216,0.36]]), equal fixed steps",
            measurements: [Measurement("‖ρ − σ‖₁ at t = 0", dist0), Measurement("at t = \(NumberText.short(x.time))", dist),
                           Measurement("largest rise per step over its allowance", worstRise, "≤ 0")],
            holds: worstRise <= 0))
        return g
    }
}
