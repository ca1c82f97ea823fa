import Foundation
import Analytic
import Sim

/// The package's finite-volume solver (docs/MATH.md §3) seen through the ``FlowScheme`` door:
/// Sim's `FlowStepper` on the problem's grid, one call of `advance(to:)` per battery step.
/// With `.implicitEuler(.fixed(Δt))` every discrete guarantee of the battery holds for any
/// step (convexity of the discrete energies); variable-step BDF2 need not keep them.
public struct FiniteVolumeScheme: FlowScheme, Sendable {
    public var stepping: TimeStepping
    public init(stepping: TimeStepping) { self.stepping = stepping }

    public var name: String { "finite volumes, \(stepping)" }

    /// Newton's residual bound turned into an error per cell average: the Jacobian
    /// `a₀I − Δt ∂F` is a column-diagonally-dominant M-matrix (conservative two-point
    /// fluxes), so `‖δρ‖₁ ≤ ‖G‖₁/a₀ ≤ ‖G‖₁` (a₀ ≥ 1), and `‖δρ‖∞ ≤ ‖δρ‖₁/h`. For fixed steps the
    /// Newton tolerance is Sim's `ImplicitIntegrator.fixedNewtonTolerance` in the L¹ norm `hΣ|Gᵢ|`.
    public static func stateError(cellWidth h: Double) -> Double {
        ImplicitIntegrator<FiniteVolumeSystem>.fixedNewtonTolerance / h
    }

    public func makeState(from initial: [Double], in problem: SchemeProblem) throws -> FlowStepper {
        var s = try FlowStepper(problem: problem.flowProblem, initial: initial, stepping: stepping)
        s.recordsEnergy = false
        return s
    }

    public func advance(_ state: FlowStepper, by dt: Double, in problem: SchemeProblem) throws -> FlowStepper {
        var s = state
        _ = try s.advance(to: s.time + dt)
        return s
    }

    public func cellAverages(of state: FlowStepper, in problem: SchemeProblem) throws -> [Double] { state.density }
}

/// The Lagrangian (quantile-particle) scheme of docs/MATH.md §3 through the door: `N + 1`
/// particles at the mass quantiles of the initial cell averages (their piecewise-linear
/// CDF), advanced by the implicit integrator of Sim's `QuantileParticles`, and reported as the
/// exact cell averages of the particles' piecewise-constant density.
public struct QuantileParticleScheme: FlowScheme, Sendable {
    public var particles: Int
    public var stepping: @Sendable (Double) -> TimeStepping
    public init(particles: Int, stepping: @escaping @Sendable (Double) -> TimeStepping = { .implicitEuler(.fixed($0)) }) {
        self.particles = particles
        self.stepping = stepping
    }

    public var name: String { "quantile particles (N = \(particles))" }

    public struct State { let system: QuantileParticles; var positions: [Double] }

    public func makeState(from initial: [Double], in p: SchemeProblem) throws -> State {
        let system = try QuantileParticles(target: p.target, lower: p.lower, upper: p.upper,
                                           count: particles, flow: p.flow)
        let h = p.spacing
        let total = initial.reduce(0) { $0 + max($1, 0) } * h
        guard total > 0 else { throw InvalidArgument("quantile particles: the initial density has no mass") }
        // Xₖ = the point where the piecewise-linear CDF of the cell averages reaches k/N.
        var x = [p.lower]
        var cell = 0, below = 0.0
        for k in 1..<particles {
            let level = Double(k) / Double(particles) * total
            while cell < p.cells - 1, below + max(initial[cell], 0) * h < level {
                below += max(initial[cell], 0) * h
                cell += 1
            }
            let inCell = max(initial[cell], 0) * h
            let fraction = inCell > 0 ? min(max((level - below) / inCell, 0), 1) : 0.5
            x.append(max(p.face(cell) + fraction * h, x.last!.nextUp))
        }
        x.append(p.upper)
        return State(system: system, positions: x)
    }

    public func advance(_ state: State, by dt: Double, in problem: SchemeProblem) throws -> State {
        var s = state
        s.positions = try state.system.integrate(from: state.positions, to: dt, stepping: stepping(dt))
        return s
    }

    public func cellAverages(of state: State, in p: SchemeProblem) throws -> [Double] {
        state.system.cellAverages(positions: state.positions,
                                  on: try Grid1D(lower: p.lower, upper: p.upper, cells: p.cells))
    }
}
