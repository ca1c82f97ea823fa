import Foundation
import Testing
import PropertyBased
import TestSupport
import Sim
import Verification

/// The binned FFT KDE against the direct O(N²) one (derived error bound in
/// ``BinnedKernelDensity1D``: ≤ 0.0997Δ²/h³ for ρ̂, ≤ 0.138Δ²/h⁴ for ρ̂', plus FFT round-off).
@Suite("Particle KDE: binned FFT estimate within its derived bound of the direct one", .stepBudget)
struct ParticleKDETests {
    struct Cloud: Sendable, CustomStringConvertible {
        var mixture: MixtureParameters, n: Int, seed: UInt64, perBandwidth: Int
        var description: String { "\(n) draws of \(mixture) (seed \(seed)), \(perBandwidth) grid points per bandwidth" }
    }

    @Test("at every particle, |binned − direct| ≤ the derived bound, for density and derivative")
    func withinBound() async {
        let input = zip(RandomDensities.normalMixture(), Gen.int(in: 200...3000), Gen.uint64(in: 1...UInt64(1 << 40)), Gen.int(in: 4...32))
            .map { Cloud(mixture: $0, n: $1, seed: $2, perBandwidth: $3) }
        await checkEveryCase(12, of: input) { c in
            let x = try c.mixture.density().sample(count: c.n, rng: RandomSource(seed: c.seed))
            let h = try BandwidthRule.silverman.bandwidth(x)
            let direct = try KernelDensity1D(points: x, bandwidth: h).evaluate(x)
            let binned = try BinnedKernelDensity1D(points: x, bandwidth: h, pointsPerBandwidth: c.perBandwidth)
            let b = binned.evaluate(x)
            // FFT round-off: ≲ ε·log₂(L)·Σ|terms| ≤ 8ε·log₂(L)·max ρ̂ (the convolution sums
            // non-negative terms for ρ̂; for ρ̂' the kernel's |K'| sum is ≤ max ρ̂/h·2).
            let maxDensity = direct.density.max()!
            let fftRound = 8 * Double.ulpOfOne * log2(Double(binned.gridDensity.count * 4)) * maxDensity
            for i in x.indices {
                #expect(abs(b.density[i] - direct.density[i]) <= binned.densityErrorBound + fftRound)
                #expect(abs(b.derivative[i] - direct.derivative[i]) <= binned.derivativeErrorBound + 2 * fftRound / h)
            }
        }
    }

    @Test("the binned error falls with observed order 2 in the grid spacing")
    func orderTwoInSpacing() throws {
        let x = try Mixture(weights: [0.3, 0.7], components: [try Normal(mean: -1, standardDeviation: 0.5), try Normal(mean: 1.5, standardDeviation: 1)])
            .sample(count: 3000, rng: RandomSource(seed: 3))
        let h = try BandwidthRule.silverman.bandwidth(x)
        let direct = try KernelDensity1D(points: x, bandwidth: h).evaluate(x)
        let per = [4, 8, 16]
        let errs = try per.map { p -> Double in
            let b = try BinnedKernelDensity1D(points: x, bandwidth: h, pointsPerBandwidth: p).evaluate(x)
            return zip(b.density, direct.density).map { abs($0 - $1) }.max()!
        }
        let order = leastSquaresSlope(per.map { log(h / Double($0)) }, errs.map(log))
        // Linear binning and linear interpolation are both O(Δ²): theory 2, ±0.3 for the
        // leading constant's variation between grids.
        #expect(abs(order - 2) < 0.3, "observed order \(order), errors \(errs)")
    }
}
