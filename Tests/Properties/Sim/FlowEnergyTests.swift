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
        await checkEveryImplicitEulerStep(cases: 25, steps: 20, recordsEnergy: true) { s in
            let e = Diagnostics.energy(s.before, problem: s.problem), r = s.record
            let tol = StepBounds.convexIncrease(
                before: s.before, after: s.after, residual: s.residual, problem: s.problem,
                g: FlowDivergence.js.f, gPrime: FlowDivergence.js.fPrime, scale: StepBounds.jsTermScale)
            #expect(r.energy <= e + tol, "step \(s.number): JS \(e) → \(r.energy), allowed rise \(tol)")
            #expect(r.energy <= e + r.energyResidualBound + tol)
        }
    }

    /// A convex g from a random family: |u − c|^p (p ∈ [1, 3], c ∈ [0, 3]), u ln u, (√u − 1)².
    enum ConvexG: CustomStringConvertible {
        case power(c: Double, p: Double), entropy, hellinger
        var description: String {
            switch self {
            case let .power(c, p): return "|u − \(c)|^\(p)"
            case .entropy: return "u ln u"
            case .hellinger: return "(√u − 1)²"
            }
        }
        func g(_ u: Double) -> Double {
            switch self {
            case let .power(c, p): return pow(abs(u - c), p)
            case .entropy: return u > 0 ? u * log(u) : 0
            case .hellinger: return (sqrt(u) - 1) * (sqrt(u) - 1)
            }
        }
        /// A (sub)gradient of g.
        func gPrime(_ u: Double) -> Double {
            switch self {
            case let .power(c, p): return p * pow(abs(u - c), p - 1) * (u >= c ? 1 : -1)
            case .entropy: return log(max(u, Double.leastNormalMagnitude)) + 1
            case .hellinger: return u > 0 ? 1 - 1 / sqrt(u) : -1 / sqrt(Double.leastNormalMagnitude)
            }
        }
        /// Size of the parts of g that cancel in floating point.
        func scale(_ u: Double) -> Double {
            switch self {
            case .power: return 0
            case .entropy: return u * abs(log(max(u, Double.leastNormalMagnitude))) + u
            case .hellinger: return u + 1
            }
        }
    }

    @Test("Implicit Euler: every convex functional of a random family non-increasing (D2)", .shrinking(false))
    func convexFunctionals() async {
        let gen = zip(RandomFlowProblems.cases(), Gen.int(in: 0...2), Gen.double(in: 0...3), Gen.double(in: 1...3)).map {
            (flow: $0, g: [ConvexG.power(c: $2, p: $3), .entropy, .hellinger][$1])
        }
        await checkEveryCase(30, of: gen) { flow, c in
            try flow.forEachImplicitEulerStep(15) { s in
                let p = s.problem
                let phi: ([Double]) -> Double = { rho in
                    p.grid.spacing * rho.indices.reduce(0.0) { $0 + p.targetAverages[$1] * c.g(max(0, rho[$1] * p.inverseTargetAverages[$1])) }
                }
                let tol = StepBounds.convexIncrease(before: s.before, after: s.after, residual: s.residual,
                                                    problem: p, g: c.g, gPrime: c.gPrime, scale: c.scale)
                #expect(phi(s.after) <= phi(s.before) + tol, "step \(s.number): \(phi(s.before)) → \(phi(s.after)), allowed rise \(tol)")
            }
        }
    }
}
