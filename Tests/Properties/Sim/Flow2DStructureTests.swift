import Testing
import PropertyBased
import Analytic
import Foundation
import Sim
import TestSupport

/// D2 and D3 (derived) for the 2D split solver, checked at every implicit-Euler sub-step of
/// every accepted step on random problems (``Flow2DCase``).
///
/// Tolerances, all from the sub-step's Newton residual r = ρ' − ρ − τF_dir(ρ') (per cell) and
/// round-off: the mean-value Newton matrix M̄ of a line is an M-matrix with unit column sums,
/// so the computed line is within ‖M̄⁻¹r‖₁ ≤ ‖r‖₁ (L¹, times the cell area) of the exact
/// implicit-Euler line, which conserves mass, keeps ρ ≥ 0 and keeps u within the line's
/// [min u, max u]. For a convex g, Φ(ρ') − Φ(ρ) ≤ A Σ g'(u')(ρ' − ρ) = A Σ g'(u')(τF + r) and
/// Σ g'(u')F ≤ 0 (Ψ and g' increasing), so Φ rises by at most A Σ|g'(u') r| plus the round-off
/// of evaluating Φ twice ((8 + N)ε relative to its terms' sizes, as in 1D).
/// Shrinking is off: each case runs a solver; the failing seed and case are printed.
@Suite("2D flow structure (D2, D3)", .stepBudget)
struct Flow2DStructureTests {
    static let eps = Double.ulpOfOne

    struct Convex: Sendable {
        let name: String
        let g: @Sendable (Double) -> Double
        let gPrime: @Sendable (Double) -> Double
        let scale: @Sendable (Double) -> Double
    }

    static let functionals: [Convex] = [
        Convex(name: "JS", g: { FlowDivergence.js.f($0) }, gPrime: { FlowDivergence.js.fPrime($0) }, scale: { StepBounds.jsTermScale($0) }),
        Convex(name: "KL", g: { FlowDivergence.kl.f($0) }, gPrime: { log($0) },
               scale: { ($0 > 0 ? $0 * abs(log($0)) : 0) + $0 + 1 }),
        Convex(name: "χ²", g: { ($0 - 1) * ($0 - 1) }, gPrime: { 2 * ($0 - 1) }, scale: { $0 * $0 + 1 }),
        Convex(name: "H²", g: { let s = $0.squareRoot() - 1; return s * s }, gPrime: { 1 - 1 / $0.squareRoot() }, scale: { $0 + 1 }),
    ]

    @Test("Every sub-step: mass to the Newton residual, ρ ≥ 0, u within the line's range, JS, KL, χ², H² non-increasing",
          .shrinking(false))
    func structure() async {
        await checkEveryFlow2DStart(24) { c, start in
            let (p, rho0, supU) = start
            // Where the χ² flow refuses the start, the refusal naming its limit is the property.
            if c.refusedByChiSquared(supU: supU) {
                do {
                    _ = try SplitStepper2D(problem: p, initial: rho0)
                    Issue.record("sup u₀ = \(supU) accepted for the chi2 flow")
                } catch let e as InvalidArgument {
                    #expect(e.message.contains("1e8"), "\(e)")
                }
                return
            }
            var s = try SplitStepper2D(problem: p, initial: rho0, tolerance: 1e-4, initialStep: c.firstStep)
            s.recordsSubsteps = true
            s.substepMethod = .implicitEuler
            let a = p.grid.area, n = p.grid.count, nx = p.grid.nx
            let rd = p.targetAverages, inv = p.inverseTargetAverages
            var checked = 0
            for _ in 0..<6 {
                let r = try s.step(notBeyond: 1e6)
                #expect(r.substeps.count == 6)
                for sub in r.substeps {
                    checked += 1
                    let before = sub.before, after = sub.after, res = sub.residual
                    let resL1 = a * res.reduce(0) { $0 + abs($1) }
                    // Mass: Σ F_dir telescopes on every line; round-off of the sums as in 1D.
                    let m0 = a * before.reduce(0, +), m1 = a * after.reduce(0, +)
                    let flux = a * after.indices.reduce(0.0) { $0 + abs(after[$1] - before[$1] - res[$1]) }
                    #expect(abs(m1 - m0) <= resL1 + 4 * Double(n) * Self.eps * (abs(m0) + flux), "mass \(m0) → \(m1)")
                    // Positivity and the maximum principle, line by line.
                    let lines = sub.alongX ? p.grid.ny : nx, length = sub.alongX ? nx : p.grid.ny
                    for l in 0..<lines {
                        let idx = (0..<length).map { sub.alongX ? l * nx + $0 : $0 * nx + l }
                        // The computed residual carries the round-off of forming
                        // G = ρ' − ρ − τF (≤ 8ε per cell of |ρ'| + |ρ| + τ|F|, and
                        // τ|F| ≤ |ρ' − ρ| + |r|), added to the L¹ deviation bound.
                        let lineRes = a * idx.reduce(0) { $0 + abs(res[$1]) }
                            + 8 * Self.eps * a * idx.reduce(0) { $0 + 2 * abs(after[$1]) + 2 * abs(before[$1]) + abs(res[$1]) }
                        let us = idx.map { before[$0] * inv[$0] }
                        let lo = us.min()!, hi = us.max()!
                        for k in idx {
                            #expect(a * after[k] >= -lineRes, "ρ \(after[k]) < 0 at \(k)")
                            let slack = lineRes + 4 * Self.eps * a * rd[k] * max(abs(hi), abs(lo))
                            #expect(a * (after[k] - hi * rd[k]) <= slack, "u \(after[k] * inv[k]) > line max \(hi)")
                            #expect(a * (lo * rd[k] - after[k]) <= slack, "u \(after[k] * inv[k]) < line min \(lo)")
                        }
                    }
                    for f in Self.functionals {
                        var rise = 0.0, size = 0.0, phi0 = 0.0, phi1 = 0.0
                        for k in 0..<n {
                            let u1 = max(0, after[k] * inv[k]), u0 = max(0, before[k] * inv[k])
                            // g'(u')·(r + its round-off 8ε(2|ρ'| + 2|ρ| + |r|)).
                            let r = abs(res[k]) + 8 * Self.eps * (2 * abs(after[k]) + 2 * abs(before[k]) + abs(res[k]))
                            if r != 0 && u1 > 0 { rise += abs(f.gPrime(u1)) * r }
                            if r != 0 && u1 == 0 && f.gPrime(0).isFinite { rise += abs(f.gPrime(0)) * r }
                            if r != 0 && u1 == 0 && !f.gPrime(0).isFinite { rise = .infinity }
                            size += rd[k] * (abs(f.g(u1)) + f.scale(u1) + abs(f.g(u0)) + f.scale(u0))
                            phi0 += rd[k] * f.g(u0); phi1 += rd[k] * f.g(u1)
                        }
                        let tol = a * rise + Double(8 + n) * Self.eps * a * size
                        #expect(a * (phi1 - phi0) <= tol, "\(f.name) rose by \(a * (phi1 - phi0)) > \(tol)")
                    }
                }
            }
            #expect(checked == 36)
        }
    }

    @Test("The public right-hand side F(ρ): conservative (Σ F = 0 to round-off) and zero at ρ = ρd to round-off")
    func rightHandSide() async {
        await propertyCheck(count: 30, input: Gen.uint64()) { seed in
            let c = Flow2DCase(seed: seed)
            failOnThrow("\(c)") {
                let p = try c.problem()
                let rho = try p.initialAverages(of: try c.initialDensity())
                let f = p.rightHandSide(rho)
                let total = f.reduce(0, +), size = f.reduce(0) { $0 + abs($1) }
                #expect(abs(total) <= 4 * Double(f.count) * Self.eps * size, "Σ F = \(total)")
                // ρ = ρd: u = ρd·(1/ρd) is 1 within 2ε, so each face's flux is within
                // w·Ψ'(1)·4ε of 0 (Ψ'(1) ≤ 2 for the three flows): |Fᵢⱼ| ≤ 8ε·Σ adjacent w.
                let g = p.grid, nx = g.nx, ny = g.ny
                let fd = p.rightHandSide(p.targetAverages)
                for j in 0..<ny {
                    for i in 0..<nx {
                        var w = 0.0
                        if i > 0 { w += p.xWeights[j * (nx - 1) + i - 1] }
                        if i < nx - 1 { w += p.xWeights[j * (nx - 1) + i] }
                        if j > 0 { w += p.yWeights[i * (ny - 1) + j - 1] }
                        if j < ny - 1 { w += p.yWeights[i * (ny - 1) + j] }
                        #expect(abs(fd[g.index(i, j)]) <= 8 * Self.eps * w, "F at ρd = \(fd[g.index(i, j)]) in cell (\(i), \(j))")
                    }
                }
            }
        }
    }
}
