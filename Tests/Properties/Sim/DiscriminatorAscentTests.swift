import Foundation
import Testing
import PropertyBased
import TestSupport
import Sim
import Verification

/// Step 4 of Algorithm 1: the logistic discriminator `D = σ(wᵀφ(x))` ascends (21),
/// `V(w) = (1/m)Σ ln D(xᵢ) + (1/m)Σ ln(1 − D(gᵢ)) = −(1/m)Σ softplus(−wᵀφ(xᵢ)) − (1/m)Σ softplus(wᵀφ(gᵢ))`.
///
/// Random problems: weights in [−1, 1] (quadratic features, w₂ ∈ [−0.5, 0.5]) or radial
/// features with 1–3 centres in [−3, 3] and width in [0.5, 2]; 2–64 data and generated samples
/// in [−4, 4] from a seeded source. Every bound below is derived from these ranges.
@Suite("Discriminator ascent on (21): gradient and ascent step", .stepBudget)
struct DiscriminatorAscentTests {
    struct Problem: Sendable, CustomStringConvertible {
        var radial: Bool
        var weights: [Double]
        var centers: [Double]
        var width: Double
        var seed: UInt64
        var m: Int
        var features: DiscriminatorFeatures { radial ? .radial(centers: centers, width: width) : .quadratic }
        func samples() -> (data: [Double], generated: [Double]) {
            let rng = RandomSource(seed: seed)
            return ((0..<m).map { _ in -4 + 8 * rng.uniform() }, (0..<m).map { _ in -4 + 8 * rng.uniform() })
        }
        func discriminator() throws -> LogisticDiscriminator { try LogisticDiscriminator(features: features, weights: weights) }
        var description: String { "\(features), w = \(weights), m = \(m), sample seed \(seed)" }
    }

    static func problems() -> Generator<Problem, some SendableSequenceType> {
        zip(Gen.bool, Gen.double(in: -1...1).array(of: 6...6), Gen.double(in: -3...3).array(of: 1...3),
                              Gen.double(in: 0.5...2), Gen.uint64(in: 1...UInt64(1 << 40)), Gen.int(in: 2...64))
        .map { radial, w, c, s, seed, m in
            var weights = Array(w.prefix(3 + (radial ? c.count : 0)))
            weights[2] *= 0.5
            return Problem(radial: radial, weights: weights, centers: c, width: s, seed: seed, m: m)
        }
    }

    /// Σ|terms| of V: each softplus(±η) ≤ |η| + ln 2, |η| ≤ Σ|wⱼ||φⱼ|.
    static func termScale(_ d: LogisticDiscriminator, _ xs: [Double]) -> Double {
        xs.reduce(0) { acc, x in acc + zip(d.weights, d.features.features(x)).reduce(0) { $0 + abs($1.0 * $1.1) } + log(2.0) }
            / Double(xs.count)
    }

    /// `count` random problems, each with its discriminator and its data and generated
    /// samples; a thrown error fails the case, labelled with the problem.
    static func forEveryProblem(_ count: Int, sourceLocation: SourceLocation = #_sourceLocation,
                                _ body: (Problem, LogisticDiscriminator, [Double], [Double]) throws -> Void) async {
        await checkEveryCase(count, of: problems(), sourceLocation: sourceLocation) { p in
            let (x, g) = p.samples()
            try body(p, try p.discriminator(), x, g)
        }
    }

    @Test("∇_w of (21) equals central finite differences within the derived truncation and round-off bound",
          .shrinking(false))
    func gradientMatchesFiniteDifferences() async {
        await Self.forEveryProblem(200) { p, d, x, g in
            let grad = d.objectiveGradient(data: x, generated: g)
            let h = 1e-4
            let u = Double.ulpOfOne
            // Round-off of V: each softplus to a few ulps of its size and m additions per
            // mean, so |δV| ≤ (m + 8)·u·(scale of the data terms + of the generated terms).
            let dV = Double(p.m + 8) * u * (Self.termScale(d, x) + Self.termScale(d, g))
            for j in d.weights.indices {
                var wp = d.weights, wm = d.weights
                wp[j] += h; wm[j] -= h
                let vp = try LogisticDiscriminator(features: d.features, weights: wp).objective(data: x, generated: g)
                let vm = try LogisticDiscriminator(features: d.features, weights: wm).objective(data: x, generated: g)
                let fd = (vp - vm) / (2 * h)
                // Truncation h²/6·|∂³V/∂wⱼ³|: ∂³softplus(±η)/∂wⱼ³ = ±σ''(η)φⱼ³ with
                // |σ''| ≤ 1/(6√3), summed over the two means; plus the round-off 2|δV|/(2h)
                // of the quotient and (m + 8)·u·Σ|terms| of the analytic gradient.
                let phi3 = (x + g).map { pow(abs(d.features.features($0)[j]), 3) }.max()!
                let truncation = h * h / 6 * (1 / (6 * 3.0.squareRoot())) * 2 * phi3
                let phiMax = (x + g).map { abs(d.features.features($0)[j]) }.max()!
                let tol = truncation + dV / h + Double(p.m + 8) * u * 2 * phiMax
                #expect(abs(fd - grad[j]) <= tol, "∂V/∂w\(j): analytic \(grad[j]), finite difference \(fd), bound \(tol) for \(p)")
            }
        }
    }

    @Test("one ascent step of size 1/L raises (21) by at least |∇V|²/(2L), L = ¼·λmax(E_d φφᵀ + E_g φφᵀ)",
          .shrinking(false))
    func ascentStepRaisesObjective() async {
        await Self.forEveryProblem(200) { p, start, x, g in
            var d = start
            // −Hessian = E_d[D(1−D)φφᵀ] + E_g[D(1−D)φφᵀ] ≼ ¼(E_d φφᵀ + E_g φφᵀ) since
            // D(1 − D) ≤ ¼, so ∇V is L-Lipschitz and the ascent lemma gives
            // V(w + g/L) ≥ V(w) + |g|²/(2L) (docs/MATH.md D7's concave objective).
            let k = d.weights.count
            var a = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
            for (xs, n) in [(x, Double(x.count)), (g, Double(g.count))] {
                for s in xs {
                    let f = d.features.features(s)
                    for i in 0..<k { for j in 0..<k { a[i][j] += f[i] * f[j] / n } }
                }
            }
            let lipschitz = 0.25 * (try SymmetricEigen(a)).values.last! * (1 + 1e-12)
            let grad = d.objectiveGradient(data: x, generated: g)
            let norm2 = grad.reduce(0) { $0 + $1 * $1 }
            let before = d.objective(data: x, generated: g)
            let scaleBefore = Self.termScale(d, x) + Self.termScale(d, g)
            try d.train(data: x, generated: g, how: .ascent(steps: 1, rate: 1 / lipschitz))
            let after = d.objective(data: x, generated: g)
            let u = Double.ulpOfOne
            let roundoff = 2 * Double(p.m + 8) * u * (scaleBefore + Self.termScale(d, x) + Self.termScale(d, g))
            #expect(after - before >= norm2 / (2 * lipschitz) - roundoff,
                    "V rose by \(after - before) < |∇V|²/(2L) = \(norm2 / (2 * lipschitz)) (L = \(lipschitz)) for \(p)")
        }
    }
}
