import Testing
import Analytic
import Foundation
import Sim
import TestSupport

/// Order in time of the 2D split solver: Strang splitting X(Δt/2) Y(Δt) X(Δt/2) of TR-BDF2
/// line sub-steps is second order in time, of implicit-Euler sub-steps first order. Measured
/// on one fixed spatial grid (so only the time error varies) against a Richardson reference
/// from two finer step sizes, fitting the observed order by least squares over four step
/// sizes.
@Suite("2D split solver: order in time", .stepBudget)
struct SplitTimeOrderTests {
    static let horizon = 0.4

    /// JS flow toward N(0, I) on [−5, 5]² (48 × 48 cells) from a correlated Gaussian with
    /// u₀ ≤ ~2.3 on the box: smooth, far from the saturated regime, so no structure guard
    /// refusal is expected and what is measured is the time scheme.
    static func problem() throws -> (FlowProblem2D, [Double]) {
        let box = (lo: -5.0, hi: 5.0)
        let target = try Truncated2D(try Normal2D(mx: 0, my: 0, sx: 1, sy: 1, r: 0), ax: box.lo, bx: box.hi, ay: box.lo, by: box.hi)
        let start = try Truncated2D(try Normal2D(mx: 0.8, my: -0.5, sx: 0.8, sy: 1.2, r: 0.3), ax: box.lo, bx: box.hi, ay: box.lo, by: box.hi)
        let grid = try Grid2D(ax: box.lo, bx: box.hi, ay: box.lo, by: box.hi, nx: 48, ny: 48)
        let p = try FlowProblem2D(target: target, grid: grid, flow: .js)
        return (p, try p.initialAverages(of: start))
    }

    /// A fixed step of the solver: one Strang step with the given sub-steps, or the adaptive
    /// path's extrapolated step (``SplitStepper2D/extrapolatedFixedStep(_:)``).
    enum StepKind {
        case strang(SubstepMethod2D)
        case extrapolated
        var order: Int {
            switch self {
            case .strang(let m): return m.order
            case .extrapolated: return 3
            }
        }
    }

    /// The state at `horizon` after `steps` fixed steps, and the number of steps not taken
    /// as asked (guard fallbacks, or an extrapolated step that kept S(τ/2)²).
    static func solve(_ p: FlowProblem2D, _ rho0: [Double], steps: Int, kind: StepKind) throws -> ([Double], Int) {
        var s = try SplitStepper2D(problem: p, initial: rho0)
        let tau = horizon / Double(steps)
        var fallbacks = 0
        for _ in 0..<steps {
            switch kind {
            case .strang(let method):
                let r = try s.fixedStep(tau, method: method)
                if r.fallback != nil { fallbacks += 1 }
            case .extrapolated:
                let r = try s.extrapolatedFixedStep(tau)
                if r.fallback != nil || !r.extrapolated { fallbacks += 1 }
            }
        }
        return (s.density, fallbacks)
    }

    static func l1(_ a: [Double], _ b: [Double], area: Double) -> Double {
        area * zip(a, b).reduce(0) { $0 + abs($1.0 - $1.1) }
    }

    /// Errors at `horizon` for `counts` steps against the Richardson reference
    /// `(2ᵖρ(Δt_f) − ρ(2Δt_f))/(2ᵖ − 1)` from the two finest step counts, and that reference's
    /// own error estimate ‖ρ(Δt_f) − reference‖₁ (the reference is better than ρ(Δt_f), so
    /// this bounds its error up to the higher-order remainder).
    static func study(_ kind: StepKind, counts: [Int], reference: Int) throws
        -> (dt: [Double], errors: [Double], referenceError: Double, fallbacks: Int) {
        let (p, rho0) = try problem()
        let a = p.grid.area, w = pow(2.0, Double(kind.order))
        let (fine, f1) = try solve(p, rho0, steps: 2 * reference, kind: kind)
        let (coarse, f2) = try solve(p, rho0, steps: reference, kind: kind)
        let ref = zip(fine, coarse).map { (w * $0 - $1) / (w - 1) }
        var dt = [Double](), e = [Double](), fallbacks = f1 + f2
        for n in counts {
            let (rho, f) = try solve(p, rho0, steps: n, kind: kind)
            fallbacks += f
            dt.append(horizon / Double(n)); e.append(l1(rho, ref, area: a))
        }
        return (dt, e, l1(fine, ref, area: a), fallbacks)
    }

    @Test("TR-BDF2 sub-steps in Strang splitting: observed order in time ≥ 1.8 (fit over Δt = 0.1 … 0.0125), no guard fallback")
    func secondOrder() throws {
        let r = try Self.study(.strang(.trBDF2), counts: [4, 8, 16, 32], reference: 64)
        let order = leastSquaresSlope(r.dt.map { log($0) }, r.errors.map { log($0) })
        print("2D time order, TR-BDF2: Δt \(r.dt), L1 errors \(r.errors), reference error \(r.referenceError), observed order \(order)")
        // The reference must be 10× better than the finest error fitted, or the fit would
        // measure the reference.
        #expect(r.referenceError <= 0.1 * r.errors.last!, "reference error \(r.referenceError) vs \(r.errors.last!)")
        #expect(r.fallbacks == 0, "\(r.fallbacks) steps fell back to implicit Euler: the fit would not measure TR-BDF2")
        // Theory: 2. Lower bound 1.8 (the statement); above 2.2 the reference or the fit is suspect.
        #expect(order >= 1.8 && order <= 2.2, "observed order \(order), errors \(r.errors)")
    }

    @Test("Implicit-Euler sub-steps: observed order in time 1 (the same fit tells first from second order)")
    func firstOrder() throws {
        // Δt = 0.2 … 0.025: against the reference from 128 and 256 steps, whose own error
        // (about ‖ρ(Δt_f) − reference‖₁ ≈ 2e-5) stays a tenth of the finest fitted error.
        let r = try Self.study(.strang(.implicitEuler), counts: [2, 4, 8, 16], reference: 128)
        let order = leastSquaresSlope(r.dt.map { log($0) }, r.errors.map { log($0) })
        print("2D time order, implicit Euler: Δt \(r.dt), L1 errors \(r.errors), reference error \(r.referenceError), observed order \(order)")
        #expect(r.referenceError <= 0.1 * r.errors.last!, "reference error \(r.referenceError) vs \(r.errors.last!)")
        // Theory: 1; ±0.2 for pre-asymptotic curvature of a 4-point fit.
        #expect(abs(order - 1) <= 0.2, "observed order \(order), errors \(r.errors)")
    }

    @Test("The adaptive path's step — Richardson's combination of S(Δt) and S(Δt/2)² — is third order in time (fit over Δt = 0.1 … 0.0125), never refused")
    func extrapolatedThirdOrder() throws {
        let r = try Self.study(.extrapolated, counts: [4, 8, 16, 32], reference: 64)
        let order = leastSquaresSlope(r.dt.map { log($0) }, r.errors.map { log($0) })
        print("2D time order, extrapolated TR-BDF2: Δt \(r.dt), L1 errors \(r.errors), reference error \(r.referenceError), observed order \(order)")
        #expect(r.referenceError <= 0.1 * r.errors.last!, "reference error \(r.referenceError) vs \(r.errors.last!)")
        #expect(r.fallbacks == 0, "\(r.fallbacks) steps were not the extrapolated TR-BDF2 step: the fit would not measure it")
        // Theory (derived, LocalExtrapolation): 3. Below 2.7 the τ³ term was not removed
        // (second order would fit 2); above 3.3 the reference or the fit is suspect.
        #expect(order >= 2.7 && order <= 3.3, "observed order \(order), errors \(r.errors)")
    }
}
