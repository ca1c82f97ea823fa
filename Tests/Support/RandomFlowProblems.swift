import Analytic
import Foundation
import PropertyBased
import Sim
import Verification

/// A random finite-volume flow problem for property tests: a target and one or two initial
/// densities, all normal mixtures truncated to the domain, and an implicit-Euler step.
///
/// Bounds (the statements' assumptions): the domain is a bounded interval [−4, 4], so every
/// target is smooth and positive on a connected domain (A1) and satisfies a Poincaré
/// inequality (A3); u₀ = ρ₀/ρd is bounded on the box (A2), though it can be large (up to
/// ~1e30 where an initial component sits in the target's far tail: that is deliberate,
/// the discrete D2–D4 hold for any bounded u₀). Target components have standard deviations
/// ≥ 0.7 and means in [−1.5, 1.5], so the target's smallest cell mass on the box stays far
/// above underflow.
public struct FlowCase: Sendable, CustomStringConvertible {
    public var target: MixtureParameters
    public var initial: MixtureParameters
    public var other: MixtureParameters
    public var step: Double
    public var cells: Int
    public static let lower = -4.0, upper = 4.0

    public var description: String {
        "target \(target.spec), initial \(initial.spec), other initial \(other.spec), Δt \(step), \(cells) cells on [\(FlowCase.lower), \(FlowCase.upper)]"
    }

    public func problem(flow: FlowDivergence = .js) throws -> FlowProblem {
        try FlowProblem(target: try target.density(on: FlowCase.lower, FlowCase.upper),
                        lower: FlowCase.lower, upper: FlowCase.upper, cells: cells, flow: flow)
    }
    public func initialDensity() throws -> Truncated { try initial.density(on: FlowCase.lower, FlowCase.upper) }
    public func otherDensity() throws -> Truncated { try other.density(on: FlowCase.lower, FlowCase.upper) }
}

/// Initial data with bounded ratio (assumption A2 by construction): `u₀ = φ/Σhρdφ` with
/// `φ(x) = 1 + Σₖ aₖ cos(kπ(x − a)/(b − a))`, k = 1…4, Σ|aₖ| ≤ 0.9, so
/// `0.1 ≤ φ ≤ 1.9` and `sup u₀ ≤ 19 inf u₀`.
public struct BoundedRatioCase: Sendable, CustomStringConvertible {
    public var target: MixtureParameters
    public var coefficients: [Double]
    public var step: Double
    public var cells: Int

    public var description: String {
        "target \(target.spec), φ coefficients \(coefficients), Δt \(step), \(cells) cells on [\(FlowCase.lower), \(FlowCase.upper)]"
    }

    public func problem(flow: FlowDivergence = .js) throws -> FlowProblem {
        try FlowProblem(target: try target.density(on: FlowCase.lower, FlowCase.upper),
                        lower: FlowCase.lower, upper: FlowCase.upper, cells: cells, flow: flow)
    }

    /// Cell averages `ρdᵢ φ(xᵢ)` normalised to mass 1.
    public func initialAverages(_ problem: FlowProblem) -> [Double] {
        let g = problem.grid
        let phi: (Double) -> Double = { x in
            var s = 1.0
            for (k, a) in coefficients.enumerated() {
                s += a * cos(Double(k + 1) * .pi * (x - g.lower) / g.length)
            }
            return s
        }
        let raw = (0..<g.cells).map { problem.targetAverages[$0] * phi(g.center($0)) }
        let mass = raw.reduce(0, +) * g.spacing
        return raw.map { $0 / mass }
    }
}

public enum RandomFlowProblems {
    static func targets() -> Generator<MixtureParameters, some SendableSequenceType> {
        RandomDensities.normalMixture(components: 1...3, means: -1.5...1.5, standardDeviations: 0.7...1.5)
    }
    static func initials() -> Generator<MixtureParameters, some SendableSequenceType> {
        RandomDensities.normalMixture(components: 1...2, means: -2.5...2.5, standardDeviations: 0.5...1.5)
    }

    /// Random cases with an implicit-Euler step Δt ∈ [0.005, 1e4] (log-uniform: "any step",
    /// from well below the diffusive time scale of a cell to far beyond the relaxation time)
    /// on 60–120 cells.
    public static func cases() -> Generator<FlowCase, some SendableSequenceType> {
        zip(targets(), initials(), initials(), Gen.double(in: -2.3...4), Gen.int(in: 60...120)).map {
            FlowCase(target: $0, initial: $1, other: $2, step: pow(10, $3), cells: $4)
        }
    }

    /// Random cases with bounded u₀ (A2), Δt ∈ [0.005, 1e4] (log-uniform), 60–120 cells.
    public static func boundedRatioCases() -> Generator<BoundedRatioCase, some SendableSequenceType> {
        zip(targets(), Gen.double(in: -1...1).array(of: 4), Gen.double(in: -2.3...4), Gen.int(in: 60...120)).map {
            let total = $1.reduce(0) { $0 + abs($1) }
            let scale = total > 0.9 ? 0.9 / total : 1
            return BoundedRatioCase(target: $0, coefficients: $1.map { $0 * scale }, step: pow(10, $2), cells: $3)
        }
    }
}

extension FlowCase {
    /// The prologue the implicit-Euler property tests share: the case's problem and a
    /// stepper with fixed implicit-Euler steps of the case's size from `initial` (the case's
    /// initial density by default), not recording the energy.
    public func implicitEulerStepper(from initial: (any Density)? = nil, flow: FlowDivergence = .js)
        throws -> (problem: FlowProblem, stepper: FlowStepper) {
        let p = try problem(flow: flow)
        var s = try FlowStepper(problem: p, initial: try initial ?? initialDensity(), stepping: .implicitEuler(.fixed(step)))
        s.recordsEnergy = false
        return (p, s)
    }
}
