import Analytic
import Foundation
import Sim

/// A random 2D flow problem drawn from a seed (the property's input): a target among rings,
/// mixtures of correlated normals, and products with beta or uniform factors; an initial
/// density; a flow kind; a grid of 6–20 cells per side; a first step log-uniform in
/// [1e-3, 10] (any step: the structure must hold for every Δt).
///
/// Bounds (the statements' assumptions): the domain is a bounded box ([−4, 4] along normal
/// coordinates, [0, 1] along beta/uniform ones), the target's cell averages are positive in
/// every cell (A1 on the grid), and u₀ = ρ₀/ρd is bounded on the box (A2), though it can be
/// large where the initial density sits in the target's tail — deliberately.
public struct Flow2DCase: Sendable, CustomStringConvertible {
    public let seed: UInt64
    public let target: String
    public let initial: String
    public let flow: FlowDivergence
    public let box: (ax: Double, bx: Double, ay: Double, by: Double)
    public let nx: Int
    public let ny: Int
    public let firstStep: Double

    public init(seed: UInt64) {
        self.seed = seed
        var rng = SplitMix64(state: seed)
        let axes: (RandomPlaneSpecs.Axis, RandomPlaneSpecs.Axis)
        switch rng.below(4) {
        case 0:
            target = RandomPlaneSpecs.ring(&rng)
            axes = (.line, .line)
        case 1:
            let w = RandomPlaneSpecs.uniform(&rng, 0.2, 0.8)
            target = "mixture(\(w)*\(RandomPlaneSpecs.normal2(&rng)),\(1 - w)*\(RandomPlaneSpecs.normal2(&rng)))"
            axes = (.line, .line)
        default:
            let ax: RandomPlaneSpecs.Axis = rng.below(2) == 0 ? .unit : .line
            let ay: RandomPlaneSpecs.Axis = ax == .line || rng.below(2) == 0 ? .unit : .line
            target = "product(\(RandomPlaneSpecs.factor(&rng, ax)),\(RandomPlaneSpecs.factor(&rng, ay)))"
            axes = (ax, ay)
        }
        func range(_ a: RandomPlaneSpecs.Axis) -> (Double, Double) { a == .line ? (-4, 4) : (0, 1) }
        let (ax, bx) = range(axes.0), (ay, by) = range(axes.1)
        box = (ax, bx, ay, by)
        func loc(_ a: RandomPlaneSpecs.Axis, _ rng: inout SplitMix64) -> String {
            a == .line ? "normal(\(RandomPlaneSpecs.uniform(&rng, -2.5, 2.5)),\(RandomPlaneSpecs.uniform(&rng, 0.4, 1.5)))"
                : "normal(\(RandomPlaneSpecs.uniform(&rng, 0.1, 0.9)),\(RandomPlaneSpecs.uniform(&rng, 0.1, 0.4)))"
        }
        initial = "product(\(loc(axes.0, &rng)),\(loc(axes.1, &rng)))"
        flow = FlowDivergence.allCases[rng.below(3)]
        nx = 6 + rng.below(15)
        ny = 6 + rng.below(15)
        firstStep = exp(RandomPlaneSpecs.uniform(&rng, log(1e-3), log(10)))
    }

    public func problem() throws -> FlowProblem2D {
        try FlowProblem2D(target: try DensitySpec2D.parse(target),
                          grid: try Grid2D(ax: box.ax, bx: box.bx, ay: box.ay, by: box.by, nx: nx, ny: ny), flow: flow)
    }

    public func initialDensity() throws -> any PlaneDensity { try DensitySpec2D.parse(initial) }

    /// The case's problem, the initial cell averages ρ₀, and sup u₀ = maxᵢ ρ₀ᵢ/ρdᵢ.
    public func start() throws -> (problem: FlowProblem2D, rho0: [Double], supU: Double) {
        let p = try problem()
        let rho0 = try p.initialAverages(of: try initialDensity())
        let supU = zip(rho0, p.inverseTargetAverages).reduce(0.0) { max($0, $1.0 * $1.1) }
        return (p, rho0, supU)
    }

    /// Whether the solver refuses this case: the χ² flow refuses sup u₀ above
    /// ``SplitStepper2D/maximumChiSquaredRatio`` (its diffusivity 2u would stall the step
    /// size); the generator can draw an initial density deep in a narrow target's tail.
    public func refusedByChiSquared(supU: Double) -> Bool {
        flow == .chi2 && supU > SplitStepper2D.maximumChiSquaredRatio
    }

    public var description: String {
        "seed \(seed): \(flow) flow, target \(target), initial \(initial), \(nx)×\(ny) cells on [\(box.ax), \(box.bx)]×[\(box.ay), \(box.by)], first Δt \(firstStep)"
    }
}
