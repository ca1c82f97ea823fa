import Foundation
import Analytic

/// P3 in d = 2 with the affine generator `G(z) = a + Bz`: Algorithm 1 (exact D*, exact least
/// squares, m fresh N(0, I₂) draws per minibatch) against its limit as ε → 0, m → ∞, the
/// projected flow θ(t) (``AffinePlaneProjectedFlow``, docs/MATH.md D10 in d = 2, derived).
///
/// After n = t/ε iterations the generator's law N(a, BBᵀ) is random; over independent seeds
/// the study reports the mean ± standard error of `W₂(G, θ(t))` (closed form,
/// ``AffinePlaneProjectedFlow/w2(_:_:)``) and fits its rates (``SeedAveragedRate``): in ε at
/// a fixed m, in m at a fixed ε. What the rates should be (derived, not the paper's): one
/// iteration is an explicit Euler step of the projected ODE plus the minibatch's error, whose
/// mean is O(ε/m) (the least-squares fit of a random design) and whose fluctuation is
/// O(ε/√m); over t/ε iterations the fluctuations add like a random walk to O(√(εt/m)). So
/// W₂ ≈ c₁ε + c₂√(ε/m): order 1 in ε where the first term dominates (m large), and
/// −½ in m where the second does (ε fixed), flattening towards the floor c₁ε.
///
/// An affine generator cannot follow ODE (2) out of the Gaussian family, so the FV flow is not
/// its limit; the free-particle study (``Algorithm1PlaneStudy``) measures Algorithm 1 against
/// the 2D flow itself.
public enum AffinePlaneAlgorithm1Study {
    /// ρd = ring(4, 1.5, 0.5); G₀ = (0.3, −0.2) + 0.8·z (the law normal2(0.3, −0.2, 0.8, 0.8, 0),
    /// the start of the free-particle study); horizon t = 1.
    public struct Scenario: Sendable, CustomStringConvertible {
        public var target: Ring2D
        public var start: AffineGenerator2D
        public var time: Double
        public static func standard() throws -> Scenario {
            Scenario(target: try Ring2D(components: 4, radius: 1.5, sigma: 0.5),
                     start: AffineGenerator2D(center: SIMD2(0.3, -0.2), scale: 0.8), time: 1)
        }
        public var description: String {
            "ρd = \(target.spec), G₀(z) = (\(start.a.x), \(start.a.y)) + \(start.b1.x)·z, t = \(time)"
        }
    }

    /// The settings: an ε series at `batchForEpsilons`, an m series at `epsForBatches`.
    public struct Plan: Sendable {
        public var seeds: Int
        public var firstSeed: UInt64 = 1
        public var epsilons: [Double]
        public var batchForEpsilons: Int
        public var batches: [Int]
        public var epsForBatches: Double

        public init(seeds: Int, epsilons: [Double], batchForEpsilons: Int, batches: [Int], epsForBatches: Double) {
            (self.seeds, self.epsilons, self.batchForEpsilons) = (seeds, epsilons, batchForEpsilons)
            (self.batches, self.epsForBatches) = (batches, epsForBatches)
        }

        /// The tests' plan: 16 seeds; ε = 0.2, 0.1, 0.05 at m = 4096;
        /// m = 64, 256, 1024 at ε = 0.05.
        public static let quick = Plan(seeds: 16, epsilons: [0.2, 0.1, 0.05], batchForEpsilons: 4096,
                                       batches: [64, 256, 1024], epsForBatches: 0.05)
        /// The quick verify run (a smoke run of the row): 12 seeds; ε = 0.2, 0.1, 0.05 at
        /// m = 4096; m = 64, 256, 1024 at ε = 0.1.
        public static let smoke = Plan(seeds: 12, epsilons: [0.2, 0.1, 0.05], batchForEpsilons: 4096,
                                       batches: [64, 256, 1024], epsForBatches: 0.1)
        /// The full verify run: 24 seeds; ε = 0.2 … 0.025 at m = 8192; m = 64 … 4096 at
        /// ε = 0.025.
        public static let full = Plan(seeds: 24, epsilons: [0.2, 0.1, 0.05, 0.025], batchForEpsilons: 8192,
                                      batches: [64, 256, 1024, 4096], epsForBatches: 0.025)
    }

    public struct Row: Sendable, CustomStringConvertible {
        public var eps: Double
        public var batch: Int
        public var w2: SeedMean
        public var description: String { "ε \(eps), m \(batch): W₂(G, θ(t)) = \(w2)" }
    }

    public struct Result: Sendable {
        public var scenario: Scenario
        public var plan: Plan
        public var reference: AffinePlaneProjectedFlow
        /// W₂ of G₀'s law to θ(t): how far the projected flow moved.
        public var startDistance: Double
        /// A bound on how far the reference's own error moves any W₂ here:
        /// `√6 · error` (the coupling bound of ``AffinePlaneProjectedFlow/w2(_:_:)``).
        public var referenceW2Error: Double
        public var epsilonRows: [Row]
        public var batchRows: [Row]
        public var epsilonRate: SeedAveragedRate
        public var batchRate: SeedAveragedRate

        /// How far the reference's error can move each fitted rate: a shift of every mean by
        /// at most δ moves each ln mean by at most η = δ/(min mean − δ), and the least-squares
        /// slope `Σ cₖ ln meanₖ`, `cₖ = (xₖ − x̄)/Σ(x − x̄)²` (x = ln size), by at most η Σ|cₖ|
        /// (2/ln R for three equally spaced sizes spanning a factor R, 2.4/ln R for four).
        /// Infinite when δ reaches the smallest mean.
        public var epsilonRateReferenceShare: Double {
            AffinePlaneAlgorithm1Study.slopeShare(sizes: plan.epsilons, smallestMean: epsilonRows.map(\.w2.mean).min()!, shift: referenceW2Error)
        }
        public var batchRateReferenceShare: Double {
            AffinePlaneAlgorithm1Study.slopeShare(sizes: plan.batches.map(Double.init), smallestMean: batchRows.map(\.w2.mean).min()!,
                                                  shift: referenceW2Error)
        }
    }

    /// The largest change of the fitted log-log slope over `sizes` when every mean (the
    /// smallest `smallestMean`) moves by at most `shift` (see
    /// ``Result/epsilonRateReferenceShare``); infinite when the shift reaches the smallest mean.
    public static func slopeShare(sizes: [Double], smallestMean: Double, shift: Double) -> Double {
        guard shift < smallestMean else { return .infinity }
        let x = sizes.map { log($0) }, mean = x.reduce(0, +) / Double(x.count)
        let spread = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return shift / (smallestMean - shift) * x.reduce(0) { $0 + abs($1 - mean) } / spread
    }

    /// W₂(G_n, θ(t)) for each seed of one setting (seeds in parallel, results in seed order).
    public static func distances(_ s: Scenario, reference: AffineGenerator2D, eps: Double, batch: Int,
                                 seeds: Int, firstSeed: UInt64) throws -> [Double] {
        let target = try PlaneTarget(s.target)
        let n = Int((s.time / eps).rounded())
        guard n >= 1, abs(Double(n) * eps - s.time) <= 1e-12 * s.time else {
            throw InvalidArgument("ε = \(eps) does not divide t = \(s.time) into whole iterations")
        }
        return try SeedParallel.map(seeds) { i in
            var a = try Algorithm1Plane(target: target, generator: s.start,
                                        configuration: .init(eps: eps, batch: batch, noise: .random, discriminator: .exact,
                                                             seed: firstSeed + UInt64(i)))
            try a.run(iterations: n)
            return AffinePlaneProjectedFlow.w2(a.generator, reference)
        }
    }

    public static func run(_ s: Scenario, plan: Plan) throws -> Result {
        let target = try PlaneTarget(s.target)
        let ref = try AffinePlaneProjectedFlow.solve(target: target, start: s.start, time: s.time)
        func row(_ eps: Double, _ m: Int) throws -> Row {
            Row(eps: eps, batch: m, w2: try SeedMean(try distances(s, reference: ref.generator, eps: eps, batch: m,
                                                                   seeds: plan.seeds, firstSeed: plan.firstSeed)))
        }
        let er = try plan.epsilons.map { try row($0, plan.batchForEpsilons) }
        let br = try plan.batches.map { try row(plan.epsForBatches, $0) }
        return Result(scenario: s, plan: plan, reference: ref,
                      startDistance: AffinePlaneProjectedFlow.w2(s.start, ref.generator),
                      referenceW2Error: 6.0.squareRoot() * ref.error, epsilonRows: er, batchRows: br,
                      epsilonRate: try SeedAveragedRate(sizes: plan.epsilons, means: er.map(\.w2)),
                      batchRate: try SeedAveragedRate(sizes: plan.batches.map(Double.init), means: br.map(\.w2)))
    }
}
