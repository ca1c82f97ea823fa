import Testing
import PropertyBased
import TestSupport
import Sim
import Verification

/// The package's own solvers through the ``FlowScheme`` door.
@Suite("Built-in schemes through the battery", .stepBudget)
struct BuiltInSchemeBatteryTests {
    /// Runs `scheme` through the battery on `problem` from `first` and `second` and expects
    /// it to pass the `required` checks (the rest are measured and reported).
    static func expectPasses<S: FlowScheme>(_ scheme: S, on problem: SchemeProblem, from first: [Double], _ second: [Double],
                                            timeStep: Double, steps: Int, stateError: Double = 0,
                                            required: Set<BatteryProperty>,
                                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        let c = try BatteryConfiguration(problem: problem, first: first, second: second, timeStep: timeStep, steps: steps,
                                         stateError: stateError, required: required)
        let r = try FlowSchemeBattery.run(scheme, configuration: c)
        #expect(r.passed, "\(r)", sourceLocation: sourceLocation)
    }

    @Test("Finite volumes with implicit Euler pass every step-wise check for a large fixed step (D2, D3, D4, P1)")
    func implicitEulerPasses() async {
        // JS and KL flows: the χ² flow's Ψ = u² reaches 1e14 in the tails of these random
        // starts (u₀ ~ 1e7 at the walls), where the solver's Newton iteration with a large
        // fixed step does not converge (a limit of the solver, reported; not a battery check).
        await checkEveryCase(10, of: BatteryInput.generator(flows: [.js, .kl])) { input in
            let base = try input.configuration()
            // Δt = 0.5 is ~100× the explicit CFL limit: the guarantees hold for any step.
            try Self.expectPasses(FiniteVolumeScheme(stepping: .implicitEuler(.fixed(0.5))), on: base.problem,
                                  from: base.first, base.second, timeStep: 0.5, steps: 30,
                                  stateError: FiniteVolumeScheme.stateError(cellWidth: base.problem.spacing),
                                  required: base.required)
        }
    }

    @Test("Finite volumes with fixed-step BDF2 conserve mass and reach the target on S1-like data")
    func bdf2Trend() throws {
        let (p, a, b) = try FlowSchemeBatteryTests.fixedProblem()
        // BDF2 is not monotone, so only mass and the trend are required; the rest is measured.
        try Self.expectPasses(FiniteVolumeScheme(stepping: .bdf2(.fixed(0.05))), on: p, from: a, b, timeStep: 0.05, steps: 400,
                              stateError: FiniteVolumeScheme.stateError(cellWidth: p.spacing),
                              required: [.massConservation, .trendToTarget])
    }

    @Test("Quantile particles conserve mass, stay non-negative and reach the target")
    func quantileParticles() throws {
        let (p, a, b) = try FlowSchemeBatteryTests.fixedProblem()
        try Self.expectPasses(QuantileParticleScheme(particles: 200), on: p, from: a, b, timeStep: 0.1, steps: 200,
                              required: [.massConservation, .positivity, .trendToTarget])
    }
}
