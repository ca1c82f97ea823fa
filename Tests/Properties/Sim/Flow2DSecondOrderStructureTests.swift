import Testing
import PropertyBased
import Analytic
import Foundation
import Sim
import TestSupport

/// D2 and D3 (derived) at every accepted step of the 2D split solver with its default
/// second-order (TR-BDF2) sub-steps and its implicit-Euler fallback, on random problems
/// (``Flow2DCase``), checked here from the states alone against the run's initial u-range:
///
/// - a TR-BDF2 step has no exact-step guarantee; the solver accepts it only if the computed
///   state keeps the structure, so the bounds are round-off only: ρ ≥ −16ε·max ρ, u within
///   the initial [lo, hi] up to 4ε relative plus that floor, mass within the step's recorded
///   allowance (Newton residuals and stage rounding) plus 2(N + 8)ε of the masses, and every
///   ``MonitoredFunctional`` (JS, KL, χ², TV, H², L⁴) non-increasing up to (8 + N)ε of its
///   terms' sizes (``MonitoredFunctional/termScale(_:)``) in each of the two evaluations;
/// - an implicit-Euler step is within its recorded L¹ residual R of the exact composition,
///   which keeps mass, ρ ≥ 0 and the range: each bound widens by R plus 72Nε of the mass
///   (the rounding of its six sub-steps' sums, as ``Trajectory2D/verify()``). Its functionals
///   are checked sub-step by sub-step in the implicit-Euler structure suite.
/// Shrinking is off: each case runs a solver; the failing seed and case are printed.
@Suite("2D flow structure with second-order sub-steps (D2, D3)", .stepBudget)
struct Flow2DSecondOrderStructureTests {
    static let eps = Double.ulpOfOne

    @Test("Every accepted step (TR-BDF2 or its implicit-Euler fallback): mass, ρ ≥ 0, u within the initial range; every monitored convex functional non-increasing over TR-BDF2 steps",
          .shrinking(false))
    func structure() async {
        await checkEveryFlow2DStart(24) { c, start in
            let (p, rho0, supU) = start
            // The refusal is tested in the implicit-Euler suite.
            if c.refusedByChiSquared(supU: supU) { return }
            var s = try SplitStepper2D(problem: p, initial: rho0, tolerance: 1e-4, initialStep: c.firstStep)
            #expect(s.substepMethod == .trBDF2)
            let a = p.grid.area, n = p.grid.count
            let rd = p.targetAverages, inv = p.inverseTargetAverages
            let lo = rho0.indices.reduce(Double.infinity) { min($0, rho0[$1] * inv[$1]) }
            let hi = rho0.indices.reduce(-Double.infinity) { max($0, rho0[$1] * inv[$1]) }
            var methods = [String]()
            for _ in 0..<6 {
                let before = s.density
                let r = try s.step(notBeyond: 1e6)
                let after = s.density
                methods.append(r.method == .trBDF2 ? "T" : "E")
                let m0 = a * before.reduce(0, +), m1 = a * after.reduce(0, +)
                let am = a * before.reduce(0) { $0 + abs($1) } + a * after.reduce(0) { $0 + abs($1) }
                let second = r.method == .trBDF2
                let extra = second ? 0 : r.residual + 72 * Double(n) * Self.eps * abs(m0)
                #expect(abs(m1 - m0) <= r.residual + 2 * Double(n + 8) * Self.eps * am + extra,
                        "\(r.method): mass \(m0) → \(m1), allowance \(r.residual)")
                let top = after.max()!
                let floor = 16 * Self.eps * max(0, top)
                for k in after.indices {
                    let slack = a * floor + extra
                    #expect(a * after[k] >= -slack, "\(r.method): ρ = \(after[k]) in cell \(k)")
                    #expect(a * (after[k] - hi * rd[k] * (1 + 4 * Self.eps)) <= slack, "\(r.method): u = \(after[k] * inv[k]) > \(hi)")
                    #expect(a * (lo * rd[k] * (1 - 4 * Self.eps) - after[k]) <= slack, "\(r.method): u = \(after[k] * inv[k]) < \(lo)")
                }
                guard second else { continue }
                for f in MonitoredFunctional.allCases {
                    var phi0 = 0.0, phi1 = 0.0, size = 0.0
                    for k in 0..<n {
                        let u0 = before[k] * inv[k], u1 = after[k] * inv[k]
                        phi0 += rd[k] * f.g(u0); phi1 += rd[k] * f.g(u1)
                        size += rd[k] * (f.termScale(u0) + f.termScale(u1))
                    }
                    let tol = Double(8 + n) * Self.eps * a * size
                    #expect(a * (phi1 - phi0) <= tol, "TR-BDF2 step: \(f.rawValue) rose by \(a * (phi1 - phi0)) > \(tol)")
                }
            }
            print("2D second-order structure: \(c.flow), \(c.nx)×\(c.ny), steps \(methods.joined())")
        }
    }

    @Test("Fixed TR-BDF2 steps from a one-cell spike: the guard refuses the overshooting ones, the implicit-Euler retake keeps ρ ≥ 0 and u within range")
    func fallback() throws {
        // KL flow (Ψ' = 1) toward the uniform density on [−4, 4]² (20 × 20, h = 0.4): the heat
        // equation, each line's rates up to 4/h² = 25. Start N((1.5, −1), 0.1²I), whose mass
        // sits in about one cell. TR-BDF2's amplification of a mode with rate λ is R(−λΔt),
        // negative for λΔt ≳ 3 (about −0.2 near λΔt = 10, derived from its two stages), so
        // the spike's high-frequency modes leave negative cells (about −2% of the spike in
        // an independent dense-matrix computation of this split step for Δt = 1 … 5): at
        // least one of these steps must be refused. Whatever the guard decides, the accepted
        // state must keep the structure.
        let b = (lo: -4.0, hi: 4.0)
        let target = Product2D(try Uniform(lower: b.lo, upper: b.hi), try Uniform(lower: b.lo, upper: b.hi))
        let start = try Truncated2D(try Normal2D(mx: 1.5, my: -1, sx: 0.1, sy: 0.1, r: 0), ax: b.lo, bx: b.hi, ay: b.lo, by: b.hi)
        let p = try FlowProblem2D(target: target, grid: try Grid2D(ax: b.lo, bx: b.hi, ay: b.lo, by: b.hi, nx: 20, ny: 20), flow: .kl)
        let rho0 = try p.initialAverages(of: start)
        let a = p.grid.area, n = Double(p.grid.count), m0 = a * rho0.reduce(0, +)
        var refused = [Double]()
        for tau in [0.05, 0.2, 1, 2, 5] {
            var s = try SplitStepper2D(problem: p, initial: rho0)
            let r = try s.fixedStep(tau)
            if let v = r.fallback {
                refused.append(tau)
                #expect(r.method == .implicitEuler && s.fallbacks == 1)
                print("2D fallback at Δt = \(tau): \(v)")
            }
            let hi = s.initialRange.upperBound, lo = s.initialRange.lowerBound
            let slack = r.method == .implicitEuler ? r.residual + 72 * n * Self.eps * m0 : 16 * Self.eps * a * s.density.max()!
            for k in s.density.indices {
                let rd = p.targetAverages[k], edge = 4 * Self.eps * a * rd * hi
                #expect(a * s.density[k] >= -slack, "Δt \(tau), \(r.method): ρ = \(s.density[k]) in cell \(k)")
                #expect(a * (s.density[k] - hi * rd) <= slack + edge, "Δt \(tau), \(r.method): u above \(hi) in cell \(k)")
                #expect(a * (lo * rd - s.density[k]) <= slack + edge, "Δt \(tau), \(r.method): u below \(lo) in cell \(k)")
            }
        }
        #expect(!refused.isEmpty, "no TR-BDF2 step was refused for Δt in 0.05 … 5")
    }

    @Test("The guard names each broken property of a hand-made candidate: a negative cell, u above the range, a mass change, a JS rise")
    func guardVerdicts() throws {
        let target = try Truncated2D(try Normal2D(mx: 0, my: 0, sx: 1, sy: 1, r: 0), ax: -3, bx: 3, ay: -3, by: 3)
        let p = try FlowProblem2D(target: target, grid: try Grid2D(ax: -3, bx: 3, ay: -3, by: 3, nx: 6, ny: 6), flow: .js)
        let rd = p.targetAverages
        // A: u = 1 + 0.5·(k mod 2) (range [1, 1.5]), B: moved toward ρd (u = 1 + 0.25·(k mod 2)), mass renormalised.
        let a = rd.indices.map { rd[$0] * (1 + 0.5 * Double($0 % 2)) }
        let ma = a.reduce(0, +)
        var b = rd.indices.map { rd[$0] * (1 + 0.25 * Double($0 % 2)) }
        let mb = b.reduce(0, +)
        b = b.map { $0 * ma / mb }
        let range = (a.indices.map { a[$0] / rd[$0] }.min()!)...(a.indices.map { a[$0] / rd[$0] }.max()!)
        func verdict(_ c: [Double], from x: [Double]) -> StructureViolation? {
            StructureGuard2D.violation(from: StructureGuard2D.state(x, problem: p), to: StructureGuard2D.state(c, problem: p),
                                       candidate: c, problem: p, range: range, massAllowance: 0)
        }
        // B has A's mass and u in about {1.11, 1.39}, inside A's range [1, 1.5], closer to 1.
        #expect(verdict(b, from: a) == nil)
        var neg = b; neg[3] = -1e-6
        if case .negativeDensity = verdict(neg, from: a) {} else { Issue.record("negative cell: \(String(describing: verdict(neg, from: a)))") }
        var high = b; high[7] = 1.6 * rd[7]; high[8] -= 1.6 * rd[7] - b[7]
        if case .maximumPrinciple = verdict(high, from: a) {} else { Issue.record("u above range: \(String(describing: verdict(high, from: a)))") }
        let heavier = b.map { $0 * (1 + 1e-9) }
        if case .massChange = verdict(heavier, from: a) {} else { Issue.record("mass: \(String(describing: verdict(heavier, from: a)))") }
        // From B back to A: equal mass, inside the range, but u spread further from 1, so
        // every strictly convex functional (JS first) rises.
        if case .functionalIncrease(let name, _, _) = verdict(a, from: b) {
            #expect(name == "js")
        } else { Issue.record("JS rise: \(String(describing: verdict(a, from: b)))") }
    }
}
