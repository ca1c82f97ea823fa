import Foundation
import Analytic
import Sim
import Verification

/// Rows D7 and D8: the optimal discriminator and the gradient identity of the generator step.
enum DiscriminatorRows {
    static var groups: [VerifyRunner.Group] {
        [("optimal discriminator and gradient identity", ["D7", "D8"], rows)]
    }

    static func s(_ id: String) -> Statement { StatementCatalogue.statement(id) }

    static func rows(_ size: VerifySize) throws -> RowGroup {
        let data = try Normal(mean: 0, standardDeviation: 1)
        let generator = try Normal(mean: -3, standardDeviation: 0.5)
        // D7: V(D*, ρ) = −ln 4 + 2 JS, and D* beats perturbations σ(t* + δ·bump).
        let vStar = try GANValue.optimal(data: data, generator: generator)
        let js = try Divergences.compute(.js, p: data, q: generator)
        let identityGap = abs(vStar.value - (-log(4) + 2 * js.value))
        let identityTolerance = 4 * (vStar.error + 2 * js.error) + 1e-13
        let dstar = OptimalDiscriminator(data: data, generator: generator)
        var bestPerturbed = -Double.infinity
        for delta in [-0.5, -0.1, 0.1, 0.5] {
            for centre in [-3.0, -1.5, 0] {
                let v = try GANValue.value(ofLogit: { x in dstar.logit(x) + delta * exp(-(x - centre) * (x - centre)) },
                                           data: data, generator: generator)
                bestPerturbed = max(bestPerturbed, v.value - v.error)
            }
        }
        let fixed = try GANValue.optimal(data: data, generator: data)
        let d7 = identityGap <= identityTolerance && bestPerturbed < vStar.value - vStar.error
            && abs(fixed.value + log(4)) <= 4 * fixed.error + 1e-13
        var g = RowGroup()
        g.rows.append(StatementRow(s("D7"), scenario: "ρd = normal(0,1), ρ = normal(−3,0.5) on the line (quadrature); perturbations σ(t* + δ e^{−(x−c)²}), δ ∈ {±0.1, ±0.5}, c ∈ {−3, −1.5, 0}", measurements: [
            Measurement("|V(D*, ρ) − (−ln 4 + 2 JS)|", identityGap, "≤ 4× the quadrature error estimates = \(NumberText.short(identityTolerance))"),
            Measurement("V(D*, ρ)", vStar.value),
            Measurement("V(D*) − best perturbed V (upper end)", vStar.value - bestPerturbed, "> its error \(NumberText.short(vStar.error))"),
            Measurement("V(D*, ρd) + ln 4", fixed.value + log(4), "0 at the fixed point")],
            holds: d7))
        // D8: ∇θ MSE = ε ∇θ L at the θ that formed the targets (affine generator, exact D*),
        // each side by central finite differences of its own objective (MSE with the targets
        // held fixed; ε·L), never through the drift formula both analytic gradients share.
        let eps = 0.05
        let z = NoiseMode.quantileNodes(size.quick ? 256 : 1024)
        var worst = 0.0, worstBound = 0.0, worstAnalytic = 0.0
        for (a, b) in [(-3.0, 0.5), (0.3, 1.2), (1.0, 2.0)] {
            let gen = AffineGenerator(a: a, b: b)
            let d = OptimalDiscriminator(data: data, generator: try gen.pushforwardDensity()!)
            let y = GeneratorObjectives.targets(gen, noise: z, discriminator: d, eps: eps)
            let fm = try D8FiniteDifferences.mse(gen, noise: z, targets: y)
            let fl = try D8FiniteDifferences.scaledLoss(gen, noise: z, discriminator: d, eps: eps)
            let scale = D8FiniteDifferences.norm(fl.gradient)
            worst = max(worst, D8FiniteDifferences.norm(zip(fm.gradient, fl.gradient).map { $0 - $1 }) / scale)
            worstBound = max(worstBound, (D8FiniteDifferences.norm(fm.bound) + D8FiniteDifferences.norm(fl.bound)) / scale)
            // The shared analytic formula, for comparison with the finite differences.
            let gm = GeneratorObjectives.mseGradient(gen, noise: z, targets: y)
            worstAnalytic = max(worstAnalytic, D8FiniteDifferences.norm(zip(gm, fm.gradient).map { $0 - $1 }) / scale)
        }
        // The difference of the two finite-difference gradients is within the sum of their
        // error bounds (Richardson truncation estimate + round-off over the step, doubled),
        // and those bounds are small (< 1e-4 relative) so that a wrong identity shows.
        let d8 = worst <= worstBound && worstBound < 1e-4
        g.rows.append(StatementRow(s("D8"), scenario: "affine G(z) = a + bz at (a, b) ∈ {(−3, 0.5), (0.3, 1.2), (1, 2)}, exact D* against ρd = normal(0,1), ε = \(eps), \(z.count) quantile nodes; central finite differences of MSE and of εL", measurements: [
            Measurement("max ‖FD∇MSE − FD∇(εL)‖/‖FD∇(εL)‖", worst, "≤ the finite differences' error bound \(NumberText.short(worstBound)) (< 1e-4)"),
            Measurement("max ‖∇MSE (analytic) − FD∇MSE‖/‖FD∇(εL)‖", worstAnalytic, "for comparison")],
            holds: d8))
        return g
    }
}
