import Analytic
import Foundation
import PropertyBased
import Sim
import Verification

/// A random finite-volume flow problem for property tests: a target of any ``FlowTarget``
/// family on its box, two starts drawn independently of it (``FlowStart``), an implicit-Euler
/// step and a grid.
///
/// Bounds (the statements' assumptions): the box is bounded and every target is positive on it
/// and connected (A1) with a Poincaré inequality (A3). The starts are independent of ρd, so on
/// the grid u₀ = ρ₀/ρd is bounded but can be huge (up to ~1e17 where a start sits where the
/// target is small, or next to a wall where a beta target vanishes; the targets' ranges keep
/// ρd above ~1e-16 of its peak on the box): that is deliberate, the
/// discrete D2–D4 hold for any bounded discrete u₀, and they are what the tests using these
/// cases check.
/// A target on a grid with a time step: what every random flow case shares.
public protocol FlowGridCase: Sendable, CustomStringConvertible {
    var target: FlowTarget { get }
    var step: Double { get }
    var cells: Int { get }
}

extension FlowGridCase {
    /// The case's finite-volume problem.
    public func problem(flow: FlowDivergence = .js) throws -> FlowProblem { try target.problem(cells: cells, flow: flow) }
}

public struct FlowCase: FlowGridCase {
    public var target: FlowTarget
    public var initial: FlowStart
    public var other: FlowStart
    public var step: Double
    public var cells: Int

    public var description: String {
        "target \(target), initial \(initial.description(on: target)), other initial \(other.description(on: target)), Δt \(step), \(cells) cells"
    }

    public func initialAverages(_ p: FlowProblem) throws -> [Double] { try initial.averages(p) }
    public func otherAverages(_ p: FlowProblem) throws -> [Double] { try other.averages(p) }

    /// The prologue the implicit-Euler property tests share: the case's problem and a
    /// stepper with fixed implicit-Euler steps of the case's size from `initial` (the case's
    /// initial averages by default).
    public func implicitEulerStepper(from initial: [Double]? = nil, flow: FlowDivergence = .js, recordsEnergy: Bool = false)
        throws -> (problem: FlowProblem, stepper: FlowStepper) {
        let p = try problem(flow: flow)
        var s = try FlowStepper(problem: p, initial: try initial ?? initialAverages(p), stepping: .implicitEuler(.fixed(step)))
        s.recordsEnergy = recordsEnergy
        return (p, s)
    }
}

/// Initial data with bounded ratio (assumption A2, as D6 and P2 need it, with a stated M): a
/// start q drawn independently of ρd (``FlowStart``), truncated to the box, when ρd is bounded
/// below there and the computed M = max uᵢ on the grid is at most ``maximumRatio``; otherwise
/// the same q in the form ρ₀ ∝ ρd·(c + q/max q), so that sup u₀/inf u₀ ≤ (1 + c)/c. The second
/// form covers ρd vanishing at a wall (a beta with a shape above 1: an independent start has
/// u₀ → ∞ there, outside A2) and starts whose mass sits where ρd is tiny (M up to 1e17 on these
/// targets: the D12 regime, where the collapse of such a lump after a long plateau is measured
/// by the D12 and A2 studies, not assumed here).
public struct BoundedRatioCase: FlowGridCase {
    public var target: FlowTarget
    public var start: FlowStart
    /// c of the ρd·(c + q/max q) form.
    public var floor: Double
    public var step: Double
    public var cells: Int
    /// The largest M an independent start may have (A2 with a stated bound).
    public static let maximumRatio = 1e4

    public var description: String {
        "target \(target), initial \(start.description(on: target)) (or ρd·(\(floor) + q/max q) when ρd vanishes at a wall or max u₀ > \(Self.maximumRatio)), Δt \(step), \(cells) cells"
    }

    public func initialAverages(_ p: FlowProblem) throws -> [Double] {
        if !target.vanishesAtWall {
            let rho0 = try start.averages(p)
            if rho0.indices.allSatisfy({ rho0[$0] * p.inverseTargetAverages[$0] <= Self.maximumRatio }) { return rho0 }
        }
        var ratio = start
        ratio.floor = floor
        return try ratio.averages(p)
    }
}

public enum RandomFlowProblems {
    /// Cells log-uniform in [60, 1000] (most cases small, so the suites stay fast).
    static func cellCounts() -> Generator<Int, some SendableSequenceType> {
        logUniform(60...1000).map { Int($0.rounded()) }
    }

    /// Random cases with an implicit-Euler step Δt ∈ [1e-4, 1e4] (log-uniform: "any step",
    /// from well below the diffusive time scale of a cell to far beyond the relaxation time),
    /// targets of every ``FlowTarget`` family, starts independent of the target.
    public static func cases() -> Generator<FlowCase, some SendableSequenceType> {
        zip(targets(), FlowStart.independent(), FlowStart.independent(), Gen.double(in: -4...4), cellCounts()).map {
            FlowCase(target: $0, initial: $1, other: $2, step: pow(10, $3), cells: $4)
        }
    }

    /// Random cases with bounded u₀ (A2, see ``BoundedRatioCase``), Δt ∈ [1e-4, 1e4]
    /// (log-uniform), 60–1000 cells.
    public static func boundedRatioCases() -> Generator<BoundedRatioCase, some SendableSequenceType> {
        zip(targets(), FlowStart.independent(), Gen.double(in: 0.05...1), Gen.double(in: -4...4), cellCounts()).map {
            BoundedRatioCase(target: $0, start: $1, floor: $2, step: pow(10, $3), cells: $4)
        }
    }
}

/// What the D6 and P2 tests set up from a ``BoundedRatioCase``: the problem, ρ₀, an upper bound
/// on C_P^h (``PoincareCertificate``), M = max uᵢ over the cells and χ²(ρ₀‖ρd) on the grid.
public struct BoundedRatioStart {
    public let problem: FlowProblem
    public let initial: [Double]
    public let poincare: Double
    public let ratioBound: Double
    public let chi2: Double

    /// A stepper from ρ₀ (not recording the energy).
    public func stepper(_ stepping: TimeStepping) throws -> FlowStepper {
        var s = try FlowStepper(problem: problem, initial: initial, stepping: stepping)
        s.recordsEnergy = false
        return s
    }

    /// The discrete D6 step bound for the step the stepper just took: the contraction factor
    /// f = Δt/(C_P^h(1 + M)) of `χ²ₙ₊₁(1 + f) ≤ χ²ₙ` and its slack
    /// (``StepBounds/chiSquaredStepSlack(density:residual:problem:factor:)``).
    ///
    /// A step the solver took as a stationary carry (the state a discrete equilibrium to
    /// rounding, carried unchanged without solving the implicit equation) has no Newton
    /// residual; its implicit-Euler residual is then `rᵢ = −Δt Fᵢ(ρ)`, evaluated here with each
    /// |Fᵢ| widened by the rounding of its two flux differences,
    /// `4ε Σ_faces w(|Ψ_left| + |Ψ_right| + 1)` (Ψ and u = ρ/ρd each rounded, the difference
    /// and the product by w once more). As the factor is Δt/(C(1+M)) too, Δt cancels from the
    /// bound's fixed point.
    public func poincareStep(_ record: StepRecord, of s: FlowStepper) -> (factor: Double, slack: Double) {
        let factor = record.step / (poincare * (1 + ratioBound))
        var residual = s.lastResidual
        if residual.count != s.density.count { residual = Self.stationaryResidual(s.density, problem, step: record.step) }
        return (factor, StepBounds.chiSquaredStepSlack(density: s.density, residual: residual,
                                                       problem: problem, factor: factor))
    }

    /// |Δt Fᵢ(ρ)| plus its rounding bound, per cell (see ``poincareStep(_:of:)``).
    static func stationaryResidual(_ rho: [Double], _ p: FlowProblem, step: Double) -> [Double] {
        let n = rho.count, w = p.faceWeights
        let psi = rho.indices.map { p.flow.psi(rho[$0] * p.inverseTargetAverages[$0]) }
        var f = [Double](repeating: 0, count: n), round = f
        for k in 0..<(n - 1) {
            let flux = w[k] * (psi[k + 1] - psi[k])
            let e = 4 * Double.ulpOfOne * w[k] * (abs(psi[k]) + abs(psi[k + 1]) + 1)
            f[k] += flux; f[k + 1] -= flux
            round[k] += e; round[k + 1] += e
        }
        return f.indices.map { step * (abs(f[$0]) + round[$0]) }
    }
}

extension BoundedRatioCase {
    public func setUp() throws -> BoundedRatioStart {
        let p = try problem()
        let rho0 = try initialAverages(p)
        return BoundedRatioStart(problem: p, initial: rho0, poincare: try PoincareCertificate.constant(p),
                                 ratioBound: rho0.indices.map { rho0[$0] * p.inverseTargetAverages[$0] }.max()!,
                                 chi2: Diagnostics(density: rho0, problem: p).chi2)
    }
}

/// One accepted step of ``FlowCase/forEachImplicitEulerStep(_:recordsEnergy:_:)``.
public struct ImplicitEulerStep {
    /// 1-based step number.
    public let number: Int
    public let problem: FlowProblem
    public let before: [Double]
    public let after: [Double]
    /// The Newton residual of the accepted iterate (`ρⁿ⁺¹ − ρⁿ − ΔtF(ρⁿ⁺¹)`).
    public let residual: [Double]
    public let record: StepRecord
}

extension FlowCase {
    /// Steps implicit Euler with the case's fixed Δt from its initial averages to
    /// t = Δt, 2Δt, …, `steps`·Δt (a step the solver cuts is followed by the rest of the
    /// interval) and hands every accepted step to `check`.
    public func forEachImplicitEulerStep(_ steps: Int, recordsEnergy: Bool = false,
                                         _ check: (ImplicitEulerStep) throws -> Void) throws {
        let (p, first) = try implicitEulerStepper(recordsEnergy: recordsEnergy)
        var s = first, number = 0
        for k in 1...steps {
            while s.time < Double(k) * step {
                let before = s.density
                let r = try s.step(notBeyond: Double(k) * step)
                number += 1
                try check(ImplicitEulerStep(number: number, problem: p, before: before, after: s.density,
                                            residual: s.lastResidual, record: r))
            }
        }
    }
}
