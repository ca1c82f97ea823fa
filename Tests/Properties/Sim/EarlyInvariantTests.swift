import Foundation
import PropertyBased
import Testing
import Analytic
import Sim
import Verification
import TestSupport

/// An MLP whose Jacobian entry `scaledEntry` is multiplied by `factor`: a planted wrong
/// gradient (``MLPGenerator`` with one hand-written derivative off by a factor).
struct MisgradedMLP: ParametricGenerator {
    let inner: MLPGenerator
    let scaledEntry: Int
    let factor: Double
    var parameters: [Double] { inner.parameters }
    func with(parameters p: [Double]) throws -> MisgradedMLP {
        MisgradedMLP(inner: try inner.with(parameters: p), scaledEntry: scaledEntry, factor: factor)
    }
    func output(_ z: Double) -> Double { inner.output(z) }
    func jacobian(_ z: Double) -> [Double] {
        var j = inner.jacobian(z)
        j[scaledEntry] *= factor
        return j
    }
    var isLinearInParameters: Bool { false }
    func pushforwardDensity() throws -> (any Density)? { nil }
    var description: String { "misgraded(\(inner), entry \(scaledEntry) × \(factor))" }
}

/// Fail fast through cheap invariants checked before or during long runs (derived from the
/// standard: a broken scheme fails within seconds, with a message naming what is broken).
@Suite("Fail fast: cheap invariants end broken runs early, naming the property", .stepBudget)
struct EarlyInvariantTests {
    /// The structure guard's crawl detector: with a wrong flux sign every implicit-Euler
    /// candidate is rejected until the step is below round-off, then accepted, doubled and
    /// rejected again. Under a budget of 2000 attempts (and a wall-clock limit far beyond what
    /// those take), the run must end with the detector's error — which names the violated
    /// property — and not with the budget.
    @Test("A wrong flux sign ends in a 'structure broken' error within 2000 attempts, for every integrator",
          arguments: DefaultIntegrator.allCases)
    func flippedFluxFailsFast(integrator: DefaultIntegrator) throws {
        let (p, r0) = try Scenarios.s1(cells: 200)
        let sys = MonitoredNegatedFluxSystem(negated: NegatedFluxSystem(inner: FiniteVolumeSystem(problem: p)))
        let rho0 = try p.initialAverages(of: r0)
        let error = StepBudget.$current.withValue(StepBudget(maxAttempts: 2000, maxWallSeconds: 600)) { () -> (any Error)? in
            do {
                var it = try integrator.stepping.integrator(for: sys, initial: rho0)
                _ = try it.advance(to: 10)
                return nil
            } catch { return error }
        }
        guard case .stepFailed(_, _, let reason)? = error as? FlowError else {
            Issue.record("\(integrator): expected the structure detector's stepFailed, got \(String(describing: error))"); return
        }
        #expect(reason.contains("structure broken"), "\(integrator): \(reason)")
        let properties = ["positivity", "maximum principle", "monotone functionals", "mass"]
        #expect(properties.contains { reason.contains($0) }, "\(integrator): the message names no property: \(reason)")
    }

    /// The correct generators pass the Jacobian check for random parameters (the check must
    /// not refuse a right gradient: its tolerance covers central differences' truncation and
    /// round-off, see ``ParameterJacobianCheck``).
    @Test("Correct MLP and affine Jacobians pass the finite-difference check (random parameters)", .shrinking(false))
    func correctJacobiansPass() async {
        let input = zip(Gen.int(in: 1...6), Gen.double(in: -3...3).array(of: 19...19), Gen.double(in: -3...3), Gen.double(in: 0.1...3))
        await propertyCheck(count: 100, input: input) { hidden, theta, a, b in
            failOnThrow("H = \(hidden), θ = \(theta.prefix(3 * hidden + 1)), affine (\(a), \(b))") {
                try ParameterJacobianCheck.verify(try MLPGenerator(hidden: hidden, parameters: Array(theta.prefix(3 * hidden + 1))))
                try ParameterJacobianCheck.verify(AffineGenerator(a: a, b: b))
            }
        }
    }

    /// A factor in one Jacobian entry is refused when Algorithm 1 is set up — before any
    /// fit — with an error naming the parameter and both derivatives.
    @Test("An MLP gradient entry off by a factor is refused when Algorithm 1 is set up, naming the parameter",
          .shrinking(false))
    func wrongGradientRefused() async {
        let input = zip(Gen.int(in: 0...9), Gen.double(in: -1.5...1.5).array(of: 10...10), Gen.int(in: 0...2).map { [2.0, 0.5, -1.0][$0] })
        await propertyCheck(count: 30, input: input) { entry, theta, factor in
            failOnThrow("entry \(entry), θ = \(theta), factor \(factor)") {
                // v ≠ 0 and w, b moderate, so that every entry of J is non-zero at some node.
                var t = theta
                for k in 6..<9 where abs(t[k]) < 0.2 { t[k] = 0.2 }
                let g = MisgradedMLP(inner: try MLPGenerator(hidden: 3, parameters: t), scaledEntry: entry, factor: factor)
                do {
                    _ = try Algorithm1(target: try Normal(mean: 0, standardDeviation: 1), generator: g,
                                       configuration: .init(eps: 0.1, batch: 16, discriminator: .logistic(.quadratic, .ascent(steps: 1, rate: 0.1)),
                                                            update: .gradientSteps(count: 1, rate: 0.1)))
                    Issue.record("a Jacobian with entry \(entry) × \(factor) was accepted")
                } catch let e as ParameterJacobianMismatch {
                    #expect(e.parameter == entry, "\(e)")
                    #expect("\(e)".contains("gradient is wrong"), "\(e)")
                }
            }
        }
    }
}
