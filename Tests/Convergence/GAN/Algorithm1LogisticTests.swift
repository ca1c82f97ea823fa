import Foundation
import Testing
import TestSupport
import Sim
import Verification

/// Algorithm 1 as the paper writes it — random minibatches, a logistic discriminator on
/// (1, x, x²) trained to its optimum each iteration, exact least squares for the affine
/// generator — recovers a Gaussian target's mean and standard deviation (D7 makes the
/// discriminator family contain D*, D10 makes the target the fixed point).
@Suite("Algorithm 1 with a logistic discriminator recovers a Gaussian target", .stepBudget)
struct Algorithm1LogisticTests {
    @Test("time-averaged (a, |b|) equals the target's (μ, σ) within 4 batch-means standard errors")
    func recoversMeanAndSD() throws {
        let target = try Normal(mean: 1.5, standardDeviation: 0.7)
        var alg = try Algorithm1(target: target, generator: AffineGenerator(a: -1, b: 2),
                                 configuration: .init(eps: 0.5, batch: 256, noise: .random,
                                                      discriminator: .logistic(.quadratic, .optimum(penalty: 0)),
                                                      update: .exactLeastSquares, seed: 11))
        var path = [[Double]]()
        try alg.run(iterations: 600) { _, g in path.append([g.a, abs(g.b)]) }
        // Burn-in of 200 iterations: the same start with D* (no noise) reaches the fixed
        // point to 1e-12 in fewer (checked here), so the start is forgotten; the rest
        // fluctuates around the fixed point with the discriminator's O(1/√m) noise.
        let noiseless = try ProjectedFlowStudy.algorithm1FixedPoint(target, start: (-1, 2), eps: 0.5, batch: 256, maxIterations: 200)
        #expect(noiseless.converged, "\(noiseless)")
        let tail = Array(path.dropFirst(200))
        // Batch means: 10 batches of 40 iterations, each far longer than the correlation
        // time (≈ 4/ε = 8 iterations), give an honest standard error of the overall mean.
        for (k, truth) in [(0, 1.5), (1, 0.7)] {
            let batches = stride(from: 0, to: tail.count, by: 40).map { s in
                tail[s..<min(s + 40, tail.count)].reduce(0) { $0 + $1[k] } / Double(min(40, tail.count - s))
            }
            let mean = batches.reduce(0, +) / Double(batches.count)
            let sd = (batches.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(batches.count - 1)).squareRoot()
            let se = sd / Double(batches.count).squareRoot()
            #expect(abs(mean - truth) < 4 * se, "parameter \(k): mean \(mean) ± \(se), truth \(truth)")
            // And the fluctuation itself is the discriminator's noise, small at m = 256.
            #expect(sd < 0.05, "parameter \(k): batch sd \(sd)")
        }
    }
}
