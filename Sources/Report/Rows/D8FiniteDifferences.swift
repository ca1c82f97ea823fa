import Foundation
import Analytic
import Sim

/// Central finite differences of the two objectives of D8 (derived): the MSE against fixed
/// targets and the scaled minimax generator loss ε·L, each with a per-component error bound.
///
/// Step `h = ε_mach^(1/3)·max(1, |θ_k|)` (balances the h² truncation error against the
/// round-off δf/h). Bound per component: `2(|D_h − D_2h|/3 + δf/h)` — the Richardson estimate
/// of the truncation error (the leading h² terms of the two steps differ by a factor 4) plus
/// the round-off of the objective over the step, doubled for the estimate's own uncertainty.
/// δf: each of the m terms is formed from numbers of size |G|, |y| (MSE) or |ln ρd|, |ln ρ|
/// (the logit of L), with a few ulps of those sizes; the m-term sum adds m·ε_mach·|f|.
enum D8FiniteDifferences {
    static let u = Double.ulpOfOne

    static func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    static func gradient(_ f: ([Double]) throws -> Double, at theta: [Double],
                         roundoff: Double) throws -> (gradient: [Double], bound: [Double]) {
        var g = [Double](), b = [Double]()
        for k in theta.indices {
            let h = cbrt(u) * max(1, abs(theta[k]))
            func central(_ step: Double) throws -> Double {
                var p = theta, q = theta
                p[k] += step; q[k] -= step
                return (try f(p) - f(q)) / (2 * step)
            }
            let d1 = try central(h), d2 = try central(2 * h)
            g.append(d1)
            b.append(2 * (abs(d1 - d2) / 3 + roundoff / h))
        }
        return (g, b)
    }

    static func mse<G: ParametricGenerator>(_ g: G, noise z: [Double], targets y: [Double]) throws -> (gradient: [Double], bound: [Double]) {
        let m = Double(z.count)
        var delta = 0.0
        for (zi, yi) in zip(z, y) {
            let gi = g.output(zi)
            delta += 2 / m * abs(gi - yi) * 4 * u * (abs(gi) + abs(yi))
        }
        delta += m * u * GeneratorObjectives.mse(g, noise: z, targets: y)
        return try gradient({ GeneratorObjectives.mse(try g.with(parameters: $0), noise: z, targets: y) },
                            at: g.parameters, roundoff: delta)
    }

    static func scaledLoss<G: ParametricGenerator>(_ g: G, noise z: [Double], discriminator d: OptimalDiscriminator,
                                                   eps: Double) throws -> (gradient: [Double], bound: [Double]) {
        let m = Double(z.count)
        var delta = 0.0
        for zi in z {
            let x = g.output(zi)
            delta += (8 * u * (abs(d.data.logPDF(x)) + abs(d.generator.logPDF(x))) + 2 * u * abs(d.logOneMinusD(x))) / m
        }
        delta = eps * (delta + m * u * abs(GeneratorObjectives.generatorLoss(g, noise: z, discriminator: d)))
        return try gradient({ eps * GeneratorObjectives.generatorLoss(try g.with(parameters: $0), noise: z, discriminator: d) },
                            at: g.parameters, roundoff: delta)
    }
}
