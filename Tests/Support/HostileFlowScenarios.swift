import Analytic
import Foundation
import Sim
import Verification

/// Scenarios on which a default solver run once broke a structural guarantee, and the
/// integrators with the defaults of `ganflow simulate` (variable order NDF/BDF at local
/// tolerance 1e-6, BDF2 and implicit Euler at 1e-8).
public struct HostileFlowScenario: Sendable, CustomStringConvertible {
    public let name: String
    public let target: String
    public let initial: String
    public let lower: Double, upper: Double
    public let cells: Int
    public let times: [Double]

    public var description: String { name }

    public func problem(flow: FlowDivergence) throws -> (FlowProblem, [Double]) {
        let rd = try Truncated(try DensitySpec.parse(target), lower: lower, upper: upper)
        let r0 = try Truncated(try DensitySpec.parse(initial), lower: lower, upper: upper)
        let p = try FlowProblem(target: rd, lower: lower, upper: upper, cells: cells, flow: flow)
        return (p, try p.initialAverages(of: r0))
    }

    /// The default integrator wrote ρ ≈ −5e-10 here (positivity).
    public static let bimodal = HostileFlowScenario(
        name: "bimodal target, normal start", target: "mixture(0.5*normal(-2,0.6),0.5*normal(2,0.6))",
        initial: "normal(0,1)", lower: -6, upper: 6, cells: 200, times: [0, 0.5, 1, 2, 5, 10])
    /// χ² with the default integrator raised TV by 2.4e-8 between t = 1 and 2 here.
    public static let betaMixture = HostileFlowScenario(
        name: "uniform/beta mixture target, beta start", target: "mixture(0.3*uniform(0,1),0.7*beta(2,5))",
        initial: "beta(5,2)", lower: 0, upper: 1, cells: 200, times: [0, 0.5, 1, 2, 5, 10])
    /// S1 (far start, u₀ up to ~800).
    public static let s1 = HostileFlowScenario(
        name: "S1", target: "normal(0,1)", initial: "normal(-3,0.5)", lower: -8, upper: 8, cells: 200,
        times: [0, 1, 10, 50])

    public static let all = [bimodal, betaMixture, s1]
}

/// The integrators of `ganflow simulate --integrator`, at its default tolerances.
public enum DefaultIntegrator: String, CaseIterable, Sendable {
    case ndf, bdf, bdf2, implicitEuler = "implicit-euler"

    public var stepping: TimeStepping {
        switch self {
        case .ndf: return .variableOrder(tolerance: 1e-6, formula: .ndf)
        case .bdf: return .variableOrder(tolerance: 1e-6, formula: .bdf)
        case .bdf2: return .bdf2(.adaptive(tolerance: 1e-8))
        case .implicitEuler: return .implicitEuler(.adaptive(tolerance: 1e-8))
        }
    }

    /// Newton's tolerance of an adaptive step: ``ImplicitIntegrator/newtonFraction`` × tol.
    public var newtonTolerance: Double {
        guard case .adaptive(let tol) = stepping.control else { return .nan }
        return ImplicitIntegrator<FiniteVolumeSystem>.newtonFraction * tol
    }
}
