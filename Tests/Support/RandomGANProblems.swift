import Foundation
import Analytic
import Sim
import Verification
import PropertyBased

/// A random generator, discriminator and noise batch for the D8/D11 properties, kept as
/// plain numbers so a failure prints the whole problem.
public struct GANProblem: Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case affine, mlp }
    public var kind: Kind
    public var theta: [Double]
    /// Logistic discriminator weights on (1, x, x²).
    public var discriminatorWeights: [Double]
    public var eps: Double
    public var noiseSeed: UInt64
    public var batch: Int

    public var description: String {
        "\(kind) θ = \(theta), D = σ(\(discriminatorWeights) · (1, x, x²)), ε = \(eps), m = \(batch), noise seed \(noiseSeed)"
    }

    public var hidden: Int { (theta.count - 1) / 3 }

    public func affine() -> AffineGenerator { AffineGenerator(a: theta[0], b: theta[1]) }
    public func mlp() throws -> MLPGenerator { try MLPGenerator(hidden: hidden, parameters: theta) }
    public func discriminator() throws -> LogisticDiscriminator {
        try LogisticDiscriminator(features: .quadratic, weights: discriminatorWeights)
    }
    public func noise() -> [Double] { NoiseMode.random.batch(batch, rng: RandomSource(seed: noiseSeed)) }
}

public enum RandomGANProblems {
    /// Affine θ = (a, b) with a ∈ [−2, 2], b ∈ [0.3, 2]; MLP with 3 hidden units and every
    /// parameter in [−1.5, 1.5]. Discriminator weights: w₀ ∈ [−1, 1], w₁ ∈ [−1, 1],
    /// w₂ ∈ [−0.5, 0] (so D is bounded away from 1 in the tails and the loss stays O(1));
    /// ε log-uniform in [10⁻³, 10^(−0.5)]; m ∈ [16, 128].
    public static func problem(kind: GANProblem.Kind) -> Generator<GANProblem, some SendableSequenceType> {
        let count = kind == .affine ? 2 : 10
        let thetaGen = Gen.double(in: -1.5...1.5).array(of: count...count)
        let wGen = zip(Gen.double(in: -1...1), Gen.double(in: -1...1), Gen.double(in: -0.5...0))
        return zip(thetaGen, wGen, Gen.double(in: -3...(-0.5)), Gen.uint64(in: 1...UInt64(1 << 40)), Gen.int(in: 16...128))
            .map { theta, w, logEps, seed, m in
                var t = theta
                if kind == .affine { t[0] = 4 * t[0] / 3; t[1] = 0.3 + 1.7 * (t[1] + 1.5) / 3 }
                return GANProblem(kind: kind, theta: t, discriminatorWeights: [w.0, w.1, w.2],
                                  eps: pow(10, logEps), noiseSeed: seed, batch: m)
            }
    }
}

