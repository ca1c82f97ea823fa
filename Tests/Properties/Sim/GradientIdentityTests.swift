import Foundation
import Testing
import PropertyBased
import TestSupport
import Sim
import Verification

/// D8 (derived): with the targets of eq. (22) held fixed, `∇_θ MSE = ε ∇_θ L` at the θ that
/// formed them, L the minimax generator loss `(1/m)Σ ln(1 − D(G_θ(zᵢ)))`. Any D, any G_θ.
///
/// Three numbers per problem, compared norm-wise: the analytic ∇MSE, the analytic ε∇L,
/// and central finite differences of MSE and of εL.
///
/// Finite-difference step: central differences have truncation error `h²|f'''|/6` and
/// round-off `δf/h` (δf the evaluation error of f); the sum is smallest near
/// `h ~ (3δf/|f'''|)^(1/3)`, i.e. `h = ε_mach^(1/3)·scale` for δf ~ ε_mach·|f|, which is
/// the step used (scale = max(1, |θ_k|)). Tolerance per component: the truncation error
/// estimated by Richardson from the steps h and 2h, `|D_h − D_2h|/3` (the leading h² terms
/// differ by a factor 4), plus the round-off bound `δf/h` with δf bounded below from the
/// sizes of the summed terms, times 2 for the estimate's own uncertainty.
@Suite("D8 gradient identity (derived)", .stepBudget)
struct GradientIdentityTests {
    static let u = Double.ulpOfOne

    /// Central difference of f along coordinate k with step h.
    static func central(_ f: ([Double]) -> Double, _ theta: [Double], _ k: Int, _ h: Double) -> Double {
        var p = theta, q = theta
        p[k] += h; q[k] -= h
        return (f(p) - f(q)) / (2 * h)
    }

    /// FD gradient and a per-component error bound (Richardson truncation + round-off).
    static func fdGradient(_ f: ([Double]) -> Double, _ theta: [Double],
                           roundoff: ([Double]) -> Double) -> (gradient: [Double], bound: [Double]) {
        var g = [Double](), b = [Double]()
        for k in theta.indices {
            let h = cbrt(u) * max(1, abs(theta[k]))
            let d1 = central(f, theta, k, h), d2 = central(f, theta, k, 2 * h)
            g.append(d1)
            b.append(2 * (abs(d1 - d2) / 3 + roundoff(theta) / h))
        }
        return (g, b)
    }

    static func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    static func diff(_ a: [Double], _ b: [Double]) -> [Double] { zip(a, b).map { $0 - $1 } }

    static func check<G: ParametricGenerator>(_ g: G, _ d: LogisticDiscriminator, _ z: [Double], _ eps: Double,
                                              _ problem: GANProblem) throws {
        let y = GeneratorObjectives.targets(g, noise: z, discriminator: d, eps: eps)
        let gm = GeneratorObjectives.mseGradient(g, noise: z, targets: y)
        let gl = GeneratorObjectives.generatorLossGradient(g, noise: z, discriminator: d).map { eps * $0 }
        let m = Double(z.count)

        // Analytic identity to round-off. Each residual G − y = −ε·drift is formed by a
        // subtraction of numbers of size |G|, |y|, so it carries an absolute error
        // ≤ 2u(|G| + |y|) beyond the drift's own few-ulp relative error (≤ 8u: σ, η', a
        // product, a sum); the Jacobian entries multiply both sides alike.
        // Both sides then sum m products: each sum errs by ≤ m·u·Σ|Jᵢ rᵢ| (worst-case
        // recursive summation), counted twice.
        var bound = [Double](repeating: 0, count: gm.count)
        for (zi, yi) in zip(z, y) {
            let gi = g.output(zi)
            let err = 2 * u * (abs(gi) + abs(yi)) + 8 * u * abs(gi - yi)
            for (k, j) in g.jacobian(zi).enumerated() {
                bound[k] += 2 / m * abs(j) * (err + 2 * m * u * abs(gi - yi))
            }
        }
        #expect(norm(diff(gm, gl)) <= norm(bound), "∇MSE \(gm) vs ε∇L \(gl) for \(problem)")

        // Finite differences of the two objectives.
        let mse: ([Double]) -> Double = { th in GeneratorObjectives.mse(try! g.with(parameters: th), noise: z, targets: y) }
        let loss: ([Double]) -> Double = { th in eps * GeneratorObjectives.generatorLoss(try! g.with(parameters: th), noise: z, discriminator: d) }
        // Evaluation error of MSE: each residual rᵢ has absolute error ≤ 2u(|Gᵢ| + |yᵢ|) +
        // u·Σ|Jθ| (the generator's own sum), squared and summed: δMSE ≤ (2/m)Σ|rᵢ|·δrᵢ + m·u·MSE.
        let mseRound: ([Double]) -> Double = { th in
            let gg = try! g.with(parameters: th)
            var s = 0.0
            for (zi, yi) in zip(z, y) {
                let gi = gg.output(zi)
                let scale = zip(th, gg.jacobian(zi)).reduce(0) { $0 + abs($1.0 * $1.1) } + abs(gi)
                s += 2 / m * abs(gi - yi) * (2 * u * (abs(gi) + abs(yi)) + 4 * u * scale)
            }
            return s + m * u * mse(th)
        }
        // Evaluation error of εL: ln(1 − D) = −softplus(η) with η from a 3-term sum; an error
        // δη moves it by D·δη ≤ δη, δη ≤ 4u(Σ|wⱼφⱼ| + |η'|·δG), δG ≤ 4u·Σ|Jθ|; plus the m-term sum.
        let lossRound: ([Double]) -> Double = { th in
            let gg = try! g.with(parameters: th)
            var s = 0.0
            for zi in z {
                let x = gg.output(zi)
                let scale = zip(th, gg.jacobian(zi)).reduce(0) { $0 + abs($1.0 * $1.1) } + abs(x)
                let terms = zip(d.weights, d.features.features(x)).reduce(0) { $0 + abs($1.0 * $1.1) }
                s += (4 * u * (terms + abs(d.logitDerivative(x)) * 4 * u * scale) + 2 * u * abs(d.logOneMinus(x))) / m
            }
            return eps * (s + m * u * abs(GeneratorObjectives.generatorLoss(gg, noise: z, discriminator: d)))
        }
        let fm = fdGradient(mse, g.parameters, roundoff: mseRound)
        let fl = fdGradient(loss, g.parameters, roundoff: lossRound)
        #expect(norm(diff(gm, fm.gradient)) <= norm(fm.bound) + norm(bound), "∇MSE \(gm) vs FD \(fm.gradient) (bound \(norm(fm.bound))) for \(problem)")
        #expect(norm(diff(gl, fl.gradient)) <= norm(fl.bound) + norm(bound), "ε∇L \(gl) vs FD \(fl.gradient) (bound \(norm(fl.bound))) for \(problem)")
        // The check must be able to fail: the FD bounds are far below the gradients' size.
        #expect(norm(fm.bound) < 1e-3 * norm(gm) || norm(gm) < 1e-12, "FD bound \(norm(fm.bound)) not small against |∇MSE| = \(norm(gm))")
    }

    @Test("affine generator, random logistic D: ∇MSE = ε∇L, both equal to finite differences", .shrinking(false))
    func affine() async {
        await propertyCheck(count: 40, input: RandomGANProblems.problem(kind: .affine)) { p in
            failOnThrow { try Self.check(p.affine(), try p.discriminator(), p.noise(), p.eps, p) }
        }
    }

    @Test("one-hidden-layer MLP, random logistic D: ∇MSE = ε∇L, both equal to finite differences", .shrinking(false))
    func mlp() async {
        await propertyCheck(count: 40, input: RandomGANProblems.problem(kind: .mlp)) { p in
            failOnThrow { try Self.check(try p.mlp(), try p.discriminator(), p.noise(), p.eps, p) }
        }
    }

    @Test("the identity holds only at the θ that formed the targets")
    func onlyAtFormingTheta() throws {
        // A control that shows the check can fail: move θ after forming the targets and the
        // two gradients part by far more than the bound.
        let g = AffineGenerator(a: 0.3, b: 1.1)
        let d = try LogisticDiscriminator(features: .quadratic, weights: [0.2, -0.5, -0.3])
        let z = NoiseMode.quantiles.batch(64, rng: RandomSource(seed: 1))
        let y = GeneratorObjectives.targets(g, noise: z, discriminator: d, eps: 0.1)
        let moved = AffineGenerator(a: 0.5, b: 1.0)
        let gm = GeneratorObjectives.mseGradient(moved, noise: z, targets: y)
        let gl = GeneratorObjectives.generatorLossGradient(moved, noise: z, discriminator: d).map { 0.1 * $0 }
        #expect(Self.norm(Self.diff(gm, gl)) > 0.1 * Self.norm(gl))
    }
}
