import Foundation
import Testing
import PropertyBased
import TestSupport
import Sim
import Verification

/// D9 (derived) and P3: with D = D*, the targets of eq. (22) are one explicit Euler step of
/// ODE (2); a fully flexible generator fitted exactly moves every sample to its target, so
/// Algorithm 1 is the explicit Euler scheme of the flow — for 1D quantile particles (the
/// Lagrangian scheme of docs/MATH.md §3) and for KDE particles (the particle method).
///
/// Round-off bounds: both sides compute `x + ε·w` with the same x; they differ by the
/// rounding of the additions (≤ u(|x| + |y|) each) and by the drift's relative error. The
/// drift is formed through exp/log (σ(η), a density ratio) of arguments of size |η| or
/// |ln ρ|: an absolute error u·|arg| there is a relative error u·|arg| after exp, so the
/// drift carries ≤ 16u(1 + |η| + |ln ρd| + |ln ρ|) relative error (16 counts the handful of
/// flops on each side).
@Suite("D9 Algorithm 1 = explicit Euler for ODE (2) (derived)", .stepBudget)
struct Algorithm1EquivalenceTests {
    static let u = Double.ulpOfOne

    struct AffineCase: Sendable, CustomStringConvertible {
        var target: MixtureParameters
        var a: Double, b: Double, eps: Double, m: Int
        var description: String { "target \(target), G = \(a) + \(b)z, ε = \(eps), m = \(m)" }
    }

    @Test("targets with D* are x + ε v(x), v = ½ ρd (s_d − s_ρ)/(ρ + ρd) the velocity of ODE (2)")
    func targetsAreEulerSteps() async {
        let input = zip(RandomDensities.normalMixture(), Gen.double(in: -2...2), Gen.double(in: 0.3...2),
                        Gen.double(in: 1e-3...0.5), Gen.int(in: 8...256))
            .map { AffineCase(target: $0, a: $1, b: $2, eps: $3, m: $4) }
        await checkEveryCase(40, of: input) { c in
            let target = try c.target.density()
            let g = AffineGenerator(a: c.a, b: c.b)
            let rho = try Normal(mean: c.a, standardDeviation: c.b)
            let z = NoiseMode.quantileNodes(c.m)
            let y = GeneratorObjectives.targets(g, noise: z, discriminator: OptimalDiscriminator(data: target, generator: rho), eps: c.eps)
            for (zi, yi) in zip(z, y) {
                let x = g.output(zi)
                // docs/MATH.md §1: v = −½∇ln(ρ/(ρ + ρd)) = ½ ρd/(ρ + ρd)·(s_d − s_ρ), from pdf values.
                let pd = target.pdf(x), pg = rho.pdf(x)
                let v = 0.5 * pd / (pg + pd) * (target.score(x) - rho.score(x))
                let logs = abs(target.logPDF(x)) + abs(rho.logPDF(x))
                let tol = 2 * Self.u * (abs(x) + abs(yi)) + c.eps * abs(v) * 16 * Self.u * (1 + 2 * logs)
                #expect(abs((yi - x) - c.eps * v) <= tol, "x = \(x): y − x = \(yi - x), εv = \(c.eps * v)")
            }
        }
    }

    struct QuantileCase: Sendable, CustomStringConvertible {
        var target: MixtureParameters
        var initialMean: Double, initialSD: Double
        var cells: Int, cfl: Double, steps: Int
        var description: String { "target \(target) on [−6, 6], initial N(\(initialMean), \(initialSD)²), N = \(cells), ε = \(cfl)·min gap², \(steps) steps" }
    }

    @Test("quantile particles with exact D*: every iteration of Algorithm 1 is one explicit Euler step of the Lagrangian scheme")
    func quantileParticlesAreLagrangianEuler() async {
        let input = zip(RandomDensities.normalMixture(means: -3...3, standardDeviations: 0.5...2),
                        Gen.double(in: -2...2), Gen.double(in: 0.5...2), Gen.int(in: 10...80), Gen.double(in: 0.01...0.1), Gen.int(in: 1...20))
            .map { QuantileCase(target: $0, initialMean: $1, initialSD: $2, cells: $3, cfl: $4, steps: $5) }
        await checkEveryCase(30, of: input) { c in
            let target = try c.target.density(on: -6, 6)
            let initial = try Truncated(try Normal(mean: c.initialMean, standardDeviation: c.initialSD), lower: -6, upper: 6)
            let lagrangian = try QuantileParticles(target: target, lower: -6, upper: 6, count: c.cells)
            var x = try lagrangian.initialPositions(of: initial)
            let gap = zip(x, x.dropFirst()).map { $1 - $0 }.min()!
            let alg = try QuantileParticleAlgorithm1(target: target, eps: c.cfl * gap * gap)
            #expect(try alg.initialParticles(from: initial, count: c.cells) == x)
            for step in 0..<c.steps {
                let y = try alg.targets(x)
                let e = lagrangian.explicitEulerStep(positions: x, step: alg.eps)
                // Both form ε·(difference of two logarithms of cell ratios)/(half span): the
                // logarithms g± carry ≤ 4u|g±| each (log1p/log of a rounded ratio), so the
                // drift differs by ≤ 8u(|g₊| + |g₋| + 1)/D; then the addition's rounding.
                let nd = Double(c.cells)
                for i in 1..<c.cells {
                    let gp = log1p(nd * target.mass(from: x[i], to: x[i + 1]))
                    let gm = log1p(nd * target.mass(from: x[i - 1], to: x[i]))
                    let d = 0.5 * (x[i + 1] - x[i - 1])
                    let tol = alg.eps * 8 * Self.u * (abs(gp) + abs(gm) + 1) / d + 2 * Self.u * (abs(x[i]) + abs(y[i]))
                    #expect(abs(y[i] - e[i]) <= tol, "step \(step), particle \(i): \(y[i]) vs \(e[i]) (tol \(tol))")
                }
                #expect(y[0] == e[0] && y[c.cells] == e[c.cells])
                x = y
            }
        }
    }

    struct KDECase: Sendable, CustomStringConvertible {
        var target: MixtureParameters
        var seed: UInt64, n: Int, eps: Double
        var description: String { "target \(target), \(n) particles from seed \(seed), ε = \(eps)" }
    }

    @Test("1D KDE particles: one iteration of Algorithm 1 with D = ρd/(ρd + ρ̂) is one Euler step of the particle method")
    func kdeParticles1D() async {
        let input = zip(RandomDensities.normalMixture(), Gen.uint64(in: 1...UInt64(1 << 40)), Gen.int(in: 20...300), Gen.double(in: 1e-3...0.3))
            .map { KDECase(target: $0, seed: $1, n: $2, eps: $3) }
        await checkEveryCase(30, of: input) { c in
            let target = try c.target.density()
            let rng = RandomSource(seed: c.seed)
            var x = (0..<c.n).map { _ in 1.5 * rng.standardNormal() + 0.5 }
            let flow = ParticleFlow1D(target: target, bandwidth: .silverman, method: .direct)
            for _ in 0..<3 {
                let y = try KDEParticleAlgorithm1.step(x, target: target, eps: c.eps)
                let e = try flow.eulerStep(x, dt: c.eps)
                let kde = try KernelDensity1D(points: x, bandwidth: try BandwidthRule.silverman.bandwidth(x))
                for i in x.indices {
                    let lr = log(kde.evaluate(x[i]).density), ld = target.logPDF(x[i])
                    let tol = 2 * Self.u * (abs(x[i]) + abs(y[i])) + abs(e[i] - x[i]) * 16 * Self.u * (1 + 2 * (abs(lr) + abs(ld)))
                    #expect(abs(y[i] - e[i]) <= tol, "particle \(i): \(y[i]) vs \(e[i])")
                }
                x = y
            }
        }
    }

    struct KDE2DCase: Sendable, CustomStringConvertible {
        var means: [Double], seed: UInt64, n: Int, eps: Double, correlation: Double
        var description: String { "2D mixture means \(means), correlation \(correlation), \(n) particles from seed \(seed), ε = \(eps)" }
    }

    @Test("2D KDE particles: one iteration of Algorithm 1 with D = ρd/(ρd + ρ̂) is one Euler step of the particle method")
    func kdeParticles2D() async {
        let input = zip(Gen.double(in: -3...3).array(of: 4...4), Gen.uint64(in: 1...UInt64(1 << 40)), Gen.int(in: 20...200),
                        Gen.double(in: 1e-3...0.3), Gen.double(in: -0.8...0.8))
            .map { KDE2DCase(means: $0, seed: $1, n: $2, eps: $3, correlation: $4) }
        await checkEveryCase(20, of: input) { c in
            let target = try GaussianMixture2D(weights: [0.4, 0.6], components: [
                try Gaussian2D(mean: SIMD2(c.means[0], c.means[1]), standardDeviations: SIMD2(0.7, 1.2), correlation: c.correlation),
                try Gaussian2D(mean: SIMD2(c.means[2], c.means[3]), standardDeviations: SIMD2(1.0, 0.5), correlation: -c.correlation),
            ])
            let rng = RandomSource(seed: c.seed)
            let x = (0..<c.n).map { _ in SIMD2(rng.standardNormal(), 1.5 * rng.standardNormal()) }
            let flow = ParticleFlow2D(target: target, bandwidth: .scott)
            let y = try KDEParticleAlgorithm1.step(x, target: target, eps: c.eps)
            let e = try flow.eulerStep(x, dt: c.eps)
            let kde = try flow.densityEstimate(x)
            for i in x.indices {
                let lr = log(kde.evaluate(x[i]).density), ld = target.logPDF(x[i])
                let rel: Double = 16 * Self.u * (1 + 2 * (abs(lr) + abs(ld)))
                for k in 0..<2 {
                    let tol: Double = 2 * Self.u * (abs(x[i][k]) + abs(y[i][k])) + rel * abs(e[i][k] - x[i][k])
                    #expect(abs(y[i][k] - e[i][k]) <= tol, "particle \(i), axis \(k): \(y[i]) vs \(e[i])")
                }
            }
        }
    }
}
