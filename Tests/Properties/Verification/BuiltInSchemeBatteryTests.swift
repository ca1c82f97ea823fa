import Testing
import PropertyBased
import TestSupport
import Sim
import Verification

/// The package's own solvers through the ``FlowScheme`` door.
@Suite("Built-in schemes through the battery", .stepBudget)
struct BuiltInSchemeBatteryTests {
    @Test("Finite volumes with implicit Euler pass every step-wise check for a large fixed step (D2, D3, D4, P1)")
    func implicitEulerPasses() async {
        // JS and KL flows: the χ² flow's Ψ = u² reaches 1e14 in the tails of these random
        // starts (u₀ ~ 1e7 at the walls), where the solver's Newton iteration with a large
        // fixed step does not converge (a limit of the solver, reported; not a battery check).
        await propertyCheck(count: 10, input: BatteryInput.generator(flows: [.js, .kl])) { input in
            failOnThrow("\(input)") {
                let base = try input.configuration()
                // Δt = 0.5 is ~100× the explicit CFL limit: the guarantees hold for any step.
                let c = try BatteryConfiguration(
                    problem: base.problem, first: base.first, second: base.second, timeStep: 0.5, steps: 30,
                    stateError: FiniteVolumeScheme.stateError(cellWidth: base.problem.spacing),
                    required: base.required)
                let r = try FlowSchemeBattery.run(FiniteVolumeScheme(stepping: .implicitEuler(.fixed(0.5))), configuration: c)
                #expect(r.passed, "\(r)")
            }
        }
    }

    @Test("Finite volumes with fixed-step BDF2 conserve mass and reach the target on S1-like data")
    func bdf2Trend() throws {
        let (p, a, b) = try FlowSchemeBatteryTests.fixedProblem()
        // BDF2 is not monotone, so only mass and the trend are required; the rest is measured.
        let c = try BatteryConfiguration(problem: p, first: a, second: b, timeStep: 0.05, steps: 400,
                                         stateError: FiniteVolumeScheme.stateError(cellWidth: p.spacing),
                                         required: [.massConservation, .trendToTarget])
        let r = try FlowSchemeBattery.run(FiniteVolumeScheme(stepping: .bdf2(.fixed(0.05))), configuration: c)
        #expect(r.passed, "\(r)")
    }

    @Test("Quantile particles conserve mass, stay non-negative and reach the target")
    func quantileParticles() throws {
        let (p, a, b) = try FlowSchemeBatteryTests.fixedProblem()
        let c = try BatteryConfiguration(problem: p, first: a, second: b, timeStep: 0.1, steps: 200,
                                         required: [.massConservation, .positivity, .trendToTarget])
        let r = try FlowSchemeBattery.run(QuantileParticleScheme(particles: 200), configuration: c)
        #expect(r.passed, "\(r)")
    }
}
