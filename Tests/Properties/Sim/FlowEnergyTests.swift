import Testing
import Foundation
import PropertyBased
import TestSupport
import Sim
import Verification

/// P1 (the paper's claim, in its discrete form) and D2 (derived): along implicit Euler,
/// JS and every convex functional `h Σ ρdᵢ g(uᵢ)` are non-increasing at every step, for any
/// Δt, up to the Newton-residual bound of ``StepBounds/convexIncrease``. Implicit Euler only:
/// BDF2 is not a convex combination of steps and need not decrease them.
/// Shrinking is off in this suite: each case runs a solver, and shrinking a failure would
/// re-run it hundreds of times; the failing input and seed are printed either way.
@Suite("Flow energy (P1, D2)", .stepBudget)
struct FlowEnergyTests {
    @Test("Implicit Euler: JS(ρd, ρ) non-increasing at every accepted step (P1)", .shrinking(false))
    func jsDecreases() async {
        await propertyCheck(count: 25, input: RandomFlowProblems.cases()) { c in
            failOnThrow("\(c)") {
                let p = try c.problem()
                var s = try FlowStepper(problem: p, initial: try c.initialDensity(), stepping: .implicitEuler(.fixed(c.step)))
                var e = Diagnostics.energy(s.density, problem: p)
                for k in 1...20 {
                    let before = s.density
                    let r = try s.step(notBeyond: Double(k) * c.step)
                    let tol = StepBounds.convexIncrease(
                        before: before, after: s.density, residual: s.lastResidual, problem: p,
                        g: FlowDivergence.js.f, gPrime: FlowDivergence.js.fPrime, scale: StepBounds.jsTermScale)
                    #expect(r.energy <= e + tol, "step \(k): JS \(e) → \(r.energy), allowed rise \(tol)")
                    #expect(r.energy <= e + r.energyResidualBound + tol)
                    e = r.energy
                }
            }
        }
    }

    /// A convex g from a random family: |u − c|^p (p ∈ [1, 3], c ∈ [0, 3]), u ln u, (√u − 1)².
    struct ConvexCase: CustomStringConvertible {
        var flow: FlowCase
        var kind: Int
        var c: Double
        var p: Double
        var description: String { "\(flow); g = \(name)" }
        var name: String { ["|u − \(c)|^\(p)", "u ln u", "(√u − 1)²"][kind] }
        func g(_ u: Double) -> Double {
            switch kind {
            case 0: return pow(abs(u - c), p)
            case 1: return u > 0 ? u * log(u) : 0
            default: return (sqrt(u) - 1) * (sqrt(u) - 1)
            }
        }
        /// A (sub)gradient of g.
        func gPrime(_ u: Double) -> Double {
            switch kind {
            case 0: return p * pow(abs(u - c), p - 1) * (u >= c ? 1 : -1)
            case 1: return log(max(u, Double.leastNormalMagnitude)) + 1
            default: return u > 0 ? 1 - 1 / sqrt(u) : -1 / sqrt(Double.leastNormalMagnitude)
            }
        }
        /// Size of the parts of g that cancel in floating point.
        func scale(_ u: Double) -> Double { kind == 1 ? u * abs(log(max(u, Double.leastNormalMagnitude))) + u : (kind == 2 ? u + 1 : 0) }
    }

    @Test("Implicit Euler: every convex functional of a random family non-increasing (D2)", .shrinking(false))
    func convexFunctionals() async {
        let gen = zip(RandomFlowProblems.cases(), Gen.int(in: 0...2), Gen.double(in: 0...3), Gen.double(in: 1...3)).map {
            ConvexCase(flow: $0, kind: $1, c: $2, p: $3)
        }
        await propertyCheck(count: 30, input: gen) { c in
            failOnThrow("\(c)") {
                let p = try c.flow.problem()
                var s = try FlowStepper(problem: p, initial: try c.flow.initialDensity(), stepping: .implicitEuler(.fixed(c.flow.step)))
                s.recordsEnergy = false
                let phi: ([Double]) -> Double = { rho in
                    p.grid.spacing * rho.indices.reduce(0.0) { $0 + p.targetAverages[$1] * c.g(max(0, rho[$1] * p.inverseTargetAverages[$1])) }
                }
                for k in 1...15 {
                    let before = s.density
                    _ = try s.step(notBeyond: Double(k) * c.flow.step)
                    let tol = StepBounds.convexIncrease(before: before, after: s.density, residual: s.lastResidual,
                                                        problem: p, g: c.g, gPrime: c.gPrime, scale: c.scale)
                    #expect(phi(s.density) <= phi(before) + tol, "step \(k): \(phi(before)) → \(phi(s.density)), allowed rise \(tol)")
                }
            }
        }
    }
}
