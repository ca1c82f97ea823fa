import Foundation
import Analytic
import Sim

/// What ``FlowSchemeBattery`` runs: the problem, two initial densities (two starts for the
/// L¹ contraction, D4), a time step and a number of steps, and the tolerances.
///
/// Default tolerances are round-off bounds, scaled by the grid size `N` and the number of
/// steps `n` (ε = machine epsilon); each is stated where it is computed, printed in every
/// result, and overridable. A scheme that solves a nonlinear system per step (Newton)
/// carries an extra error of the size of its solve tolerance: pass it as `stateError`
/// (absolute error per cell average), and every monotonicity slack grows by the change of
/// the functional that such an error can cause.
public struct BatteryConfiguration: Sendable {
    public var problem: SchemeProblem
    public var first: [Double]
    public var second: [Double]
    public var timeStep: Double
    public var steps: Int
    /// Absolute error per cell average the scheme's own solve leaves (0 for a direct or
    /// explicit update); enters every slack below.
    public var stateError: Double
    /// Required decrease of JS(ρd, ρ) over the run: JS(T) ≤ trendFactor · JS(0).
    public var trendFactor: Double
    /// Which checks decide ``BatteryResult/passed`` (all by default). A scheme that does not
    /// claim a property (BDF2 need not keep the maximum principle) can leave it out; the
    /// check is still measured and reported.
    public var required: Set<BatteryProperty>

    public init(problem: SchemeProblem, first: [Double], second: [Double],
                timeStep: Double, steps: Int, stateError: Double = 0,
                trendFactor: Double = 0.1,
                required: Set<BatteryProperty> = Set(BatteryProperty.allCases)) throws {
        guard first.count == problem.cells, second.count == problem.cells else {
            throw InvalidArgument("battery: initial data need \(problem.cells) cell averages, got \(first.count) and \(second.count)")
        }
        guard timeStep.isFinite, timeStep > 0, steps >= 1 else {
            throw InvalidArgument("battery: needs a positive time step and at least one step, got dt = \(timeStep), steps = \(steps)")
        }
        guard stateError >= 0, trendFactor > 0, trendFactor < 1 else {
            throw InvalidArgument("battery: needs stateError ≥ 0 and 0 < trendFactor < 1")
        }
        self.problem = problem
        self.first = first
        self.second = second
        self.timeStep = timeStep
        self.steps = steps
        self.stateError = stateError
        self.trendFactor = trendFactor
        self.required = required
    }

    /// Builds the two starts from densities (exact cell averages, renormalised on the domain).
    public init(problem: SchemeProblem, first: any Density, second: any Density,
                timeStep: Double, steps: Int, stateError: Double = 0,
                trendFactor: Double = 0.1,
                required: Set<BatteryProperty> = Set(BatteryProperty.allCases)) throws {
        try self.init(problem: problem, first: try problem.cellAverages(of: first),
                      second: try problem.cellAverages(of: second), timeStep: timeStep,
                      steps: steps, stateError: stateError, trendFactor: trendFactor,
                      required: required)
    }

    /// Round-off of one functional evaluation `Σ h ρdᵢ g(uᵢ)`: a sum of N terms loses at most
    /// N ε relative (Higham, recursive summation), and each term carries a cancellation
    /// error of a few ε times (1 + u) (e.g. JS's `u ln u − (1+u) ln((1+u)/2)` near u = 1);
    /// over the grid that is ≲ 16 ε N (F + 2) with 2 = the masses of ρ and ρd. Two
    /// evaluations are compared, hence the factor 2 folded into 16.
    func roundOffSlack(functionalValue f: Double) -> Double {
        16 * Double.ulpOfOne * Double(problem.cells) * (abs(f) + 2)
    }

    /// How much an error `stateError` per cell can move `Σ h ρdᵢ g(uᵢ)`: `Σ h |g'(uᵢ)| δ`,
    /// bounded with a difference quotient of g over [u − δ/ρd, u + δ/ρd] (no derivative needed).
    func solveSlack(_ rho: [Double], _ g: ConvexFunctional) -> Double {
        guard stateError > 0 else { return 0 }
        let target = problem.targetAverages, h = problem.spacing
        var s = 0.0
        for i in rho.indices where target[i] > 0 {
            let u = max(rho[i], 0) / target[i], du = stateError / target[i]
            let up = g.value(u + du), down = g.value(max(u - du, 0))
            let here = g.value(u)
            let change = max(abs(up - here), abs(here - down))
            s += target[i] * (change.isFinite ? change : 0)
        }
        return s * h
    }
}

/// The properties the battery measures (docs/MATH.md ids in the doc of each case).
public enum BatteryProperty: String, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    /// Σ h ρᵢ constant (D3).
    case massConservation = "mass"
    /// ρ ≥ 0 (D3).
    case positivity = "positivity"
    /// The flow's own energy Σ h ρd f(u) non-increasing at every step (P1 for JS).
    case energyDecay = "energy"
    /// JS(ρd, ρ) non-increasing at every step (P1; D2 for the KL and χ² flows).
    case jsDecay = "js"
    /// Every functional of ``ConvexFunctional/family`` non-increasing (D2).
    case convexFunctionals = "convex"
    /// min u and max u stay within their initial range (D3, maximum principle).
    case maximumPrinciple = "max-principle"
    /// ‖ρₜ − σₜ‖_L¹ non-increasing for two starts (D4).
    case l1Contraction = "l1-contraction"
    /// JS(T) ≤ trendFactor · JS(0) (P2).
    case trendToTarget = "trend"

    public var description: String { rawValue }
}
