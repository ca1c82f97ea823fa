import Foundation
import Testing
import PropertyBased
import TestSupport
import Sim

/// The 2D generators of Algorithm 1: parameter Jacobians against central differences, the
/// exact least-squares step reproduces an affine map, and the gradient steps' closed form for
/// free particles.
@Suite("2D generators of Algorithm 1", .stepBudget)
struct PlaneGeneratorTests {
    @Test("the 2D MLP's parameter Jacobian matches central differences (Richardson error estimate)")
    func mlpJacobian() async {
        await checkEveryCase(30, of: zip(Gen.uint64(), Gen.int(in: 1...6), Gen.double(in: -2...2), Gen.double(in: -2...2))) { seed, h, zx, zy in
            let g = try MLPGenerator2D.random(hidden: h, center: SIMD2(0.5, -0.5), rng: RandomSource(seed: seed))
            let z = SIMD2(zx, zy), j = g.jacobian(z)
            for k in g.parameters.indices {
                func central(_ step: Double) throws -> SIMD2<Double> {
                    var p = g.parameters, m = g.parameters
                    p[k] += step; m[k] -= step
                    return (try g.with(parameters: p).output(z) - (try g.with(parameters: m).output(z))) / (2 * step)
                }
                // O(step²) truncation, estimated from steps s and 2s; round-off ≤ 4ε|G|/s.
                let s = 1e-4, d1 = try central(s), d2 = try central(2 * s)
                let scale = 1 + (g.output(z) * g.output(z)).sum().squareRoot()
                let tol = 2 * abs((d2 - d1).max()) + 2 * abs((d2 - d1).min()) + 8 * Double.ulpOfOne * scale / s
                #expect(abs(d1.x - j.x[k]) <= tol && abs(d1.y - j.y[k]) <= tol, "θ[\(k)]: differences \(d1), Jacobian (\(j.x[k]), \(j.y[k])), tolerance \(tol)")
            }
        }
    }

    @Test("exact least squares onto targets of an affine map recovers that map")
    func affineLeastSquaresExact() async {
        await checkEveryCase(30, of: Gen.double(in: -3...3).array(of: 6...6)) { p in
            let truth = try AffineGenerator2D(center: .zero, scale: 1).with(parameters: p)
            let z = PlaneNoise.halton.batch(50, rng: RandomSource(seed: 1))
            let fit = try AffineGenerator2D(center: .zero, scale: 1).fitted(noise: z, targets: z.map(truth.output), update: .exactLeastSquares)
            // A well-conditioned 100 × 6 problem (Halton nodes): backward-stable SVD gives
            // parameters within ~κ·ε·|θ|; 1e-12 is far above that and far below any real error.
            for (a, b) in zip(fit.parameters, p) { #expect(abs(a - b) <= 1e-12 * (1 + abs(b)), "\(fit.parameters) vs \(p)") }
        }
    }

    @Test("free particles: K gradient steps on the MSE equal their closed form (1 − 2η/m)^K")
    func particleGradientSteps() throws {
        let ring = try PlaneTarget(try Ring2D(components: 3, radius: 1, sigma: 0.5))
        let x0 = PlaneNoise.halton.batch(20, rng: RandomSource(seed: 1))
        var exact = try PlaneParticleAlgorithm1(target: ring, particles: x0, eps: 0.1, discriminator: .kde(.fixed(0.4)))
        var steps = try PlaneParticleAlgorithm1(target: ring, particles: x0, eps: 0.1, discriminator: .kde(.fixed(0.4)),
                                                update: .gradientSteps(count: 3, rate: 2))
        try exact.step(); try steps.step()
        for i in x0.indices {
            // Iterate the 3 steps by hand: x ← x − η·2(x − y)/m.
            var x = x0[i]
            let y = exact.particles[i]
            for _ in 0..<3 { x -= 2 * 2 * (x - y) / 20 }
            let d = steps.particles[i] - x
            // Positions are O(1); the closed form and the 3 hand steps each round ~10 times: ≤ 1e-13.
            #expect((d * d).sum().squareRoot() <= 1e-13, "particle \(i): \(steps.particles[i]) vs \(x)")
        }
    }
}
