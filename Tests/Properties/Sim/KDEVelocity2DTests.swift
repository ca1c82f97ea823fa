import Foundation
import Testing
import PropertyBased
import TestSupport
import Sim

/// The 2D KDE velocity of the particle method and of Algorithm 1's plug-in D*
/// (``PlaneKDEDiscriminator``) against the analytic velocity `v = ½ D* (∇ln ρd − ∇ln ρ)`
/// (``PlaneOptimalDiscriminator``), on Gaussian laws where the KDE's bias is known exactly:
/// with the Gaussian product kernel of bandwidth h on both axes, `E ρ̂ = ρ_h = N(m, S + h²I)`
/// and `E ∇ρ̂ = ∇ρ_h` (a Gaussian convolved with a Gaussian). So the error splits into
///
/// - the bias `F(ρ_h, ∇ρ_h) − v`, O(h²) (smooth in h², derived), and
/// - the sampling error `F(ρ̂, ∇ρ̂) − F(ρ_h, ∇ρ_h)`, with (ρ̂, ∇ρ̂) a mean of N i.i.d. kernel
///   terms: to first order a normal with the delta-method variance `J C Jᵀ / N` (C the terms'
///   covariance, estimated from the same sample; J the Jacobian of F).
///
/// Here `F(r, g) = ½ σ(ln ρd − ln r) (∇ln ρd − g/r)` is the velocity as a function of the
/// density estimate and its gradient (docs/MATH.md §1, the JS velocity; derived).
@Suite("2D KDE velocity against the analytic velocity", .stepBudget)
struct KDEVelocity2DTests {
    struct Case: Sendable, CustomStringConvertible {
        var data: [Double], generator: [Double], h: Double, seed: UInt64
        var description: String { "ρd (mx, my, sx, sy, r) = \(data), ρ = \(generator), h = \(h), seed \(seed)" }
        static func gaussian(_ p: [Double], extraVariance v: Double = 0) throws -> Gaussian2D {
            try Gaussian2D(mean: SIMD2(p[0], p[1]), covariance: p[2] * p[2] + v, p[4] * p[2] * p[3], p[3] * p[3] + v)
        }
    }

    /// Means in [−1, 1], standard deviations in [0.6, 1.4], correlations in [−0.6, 0.6],
    /// h in [0.15, 0.4].
    static let params = zip(Gen.double(in: -1...1).array(of: 2...2), Gen.double(in: 0.6...1.4).array(of: 2...2),
                            Gen.double(in: -0.6...0.6)).map { $0 + $1 + [$2] }
    static let cases = zip(params, params, Gen.double(in: 0.15...0.4), Gen.uint64())
        .map { Case(data: $0, generator: $1, h: $2, seed: $3) }

    /// `J` of F at (r, g) for the data's log-density a and score s at the point: rows are
    /// the velocity's components, columns ∂/∂r, ∂/∂gx, ∂/∂gy.
    static func jacobian(a: Double, s: SIMD2<Double>, r: Double, g: SIMD2<Double>) -> [[Double]] {
        let sig = sigmoid(a - log(r)), dsig = sig * (1 - sig)
        let dr = 0.5 * dsig * (-1 / r) * (s - g / r) + 0.5 * sig * g / (r * r)
        return [[dr.x, -0.5 * sig / r, 0], [dr.y, 0, -0.5 * sig / r]]
    }

    /// Standard errors allowed. A run makes 20 cases × 5 points × 2 components = 200
    /// comparisons; at 7 SE a normal deviate exceeds the bound with probability 2.6e-12, so
    /// a run fails by chance with probability ≤ 200 × 2.6e-12 ≈ 5e-10. (At 5 SE that was
    /// 1e-4 per run under normality, and a soak met a deviation of 1.1e-3 against an SE of
    /// 2.2e-4, 5.09 SE: the delta method's normal law is only asymptotic.)
    static let allowedStandardErrors = 7.0

    @Test("KDE velocity = smoothed-law velocity within 7 delta-method standard errors (N = 20000)", .shrinking(false))
    func samplingError() async {
        await checkEveryCase(20, of: Self.cases) { c in
            let data = try Case.gaussian(c.data), law = try Case.gaussian(c.generator)
            let smoothed = try Case.gaussian(c.generator, extraVariance: c.h * c.h)
            let rng = RandomSource(seed: c.seed)
            let n = 20_000
            let x = law.sample(count: n, rng: rng)
            let kde = try KernelDensity2D(points: x, bandwidth: SIMD2(c.h, c.h))
            let plugIn = PlaneKDEDiscriminator(data: data, estimate: kde)
            let exactSmoothed = PlaneOptimalDiscriminator(data: data, generator: smoothed)
            // Evaluation points: the generator's mean and ±0.7 sd along each axis, where
            // ρ ≥ e^{−0.49/(2(1−r²))}·peak keeps the relative sampling error of ρ̂ ≤ ~5%, so the
            // delta method's neglected second-order term (≈ its square) is far below 7 SE.
            let m = SIMD2(c.generator[0], c.generator[1]), sd = SIMD2(c.generator[2], c.generator[3])
            let points = [m, m + SIMD2(0.7 * sd.x, 0), m - SIMD2(0.7 * sd.x, 0), m + SIMD2(0, 0.7 * sd.y), m - SIMD2(0, 0.7 * sd.y)]
            for p in points {
                // The N kernel terms (K, ∂xK, ∂yK) and their mean and covariance.
                var mean = [0.0, 0, 0], terms = [[Double]]()
                terms.reserveCapacity(n)
                let norm = 1 / (2 * Double.pi * c.h * c.h)
                for xj in x {
                    let t = (p - xj) / c.h
                    let k = norm * exp(-0.5 * (t * t).sum())
                    let row = [k, -k * t.x / c.h, -k * t.y / c.h]
                    terms.append(row)
                    for a in 0..<3 { mean[a] += row[a] / Double(n) }
                }
                var cov = [[Double]](repeating: [0, 0, 0], count: 3)
                for row in terms { for a in 0..<3 { for b in 0..<3 { cov[a][b] += (row[a] - mean[a]) * (row[b] - mean[b]) / Double(n - 1) } } }
                let e = kde.evaluate(p)
                // The KDE's own sums agree with these means to round-off (N terms, relative ~Nε).
                #expect(abs(e.density - mean[0]) <= 1e-10 * mean[0], "ρ̂ \(e.density) vs \(mean[0]) at \(p)")
                let j = Self.jacobian(a: data.logPDF(p), s: data.score(p), r: smoothed.pdf(p), g: smoothed.pdf(p) * smoothed.score(p))
                let vKDE = plugIn.drift(p), vSmoothed = exactSmoothed.drift(p)
                for comp in 0..<2 {
                    var variance = 0.0
                    for a in 0..<3 { for b in 0..<3 { variance += j[comp][a] * cov[a][b] * j[comp][b] } }
                    let se = (variance / Double(n)).squareRoot()
                    #expect(abs(vKDE[comp] - vSmoothed[comp]) <= Self.allowedStandardErrors * se,
                            "component \(comp) at \(p): KDE \(vKDE[comp]), smoothed law \(vSmoothed[comp]), SE \(se)")
                }
            }
        }
    }

    @Test("the KDE's bias: the smoothed-law velocity differs from the exact one by O(h²) (observed order 2)")
    func biasOrderTwo() throws {
        let data = try Gaussian2D(mean: SIMD2(0.5, -0.3), standardDeviations: SIMD2(1, 0.8), correlation: 0.3)
        let law = [-0.4, 0.2, 0.9, 1.2, -0.4]
        let exact = PlaneOptimalDiscriminator(data: data, generator: try Case.gaussian(law))
        let points = [SIMD2(0.0, 0), SIMD2(-1, 0.5), SIMD2(0.6, 1.1), SIMD2(-0.2, -1)]
        let hs = [0.2, 0.1, 0.05]
        let errors = try hs.map { h in
            let smoothed = PlaneOptimalDiscriminator(data: data, generator: try Case.gaussian(law, extraVariance: h * h))
            return points.map { p -> Double in let d = smoothed.drift(p) - exact.drift(p); return (d * d).sum().squareRoot() }.reduce(0, +)
        }
        let study = try ConvergenceStudy(sizes: hs, errors: errors)
        // ρ_h is smooth in h² with relative corrections h²/λ (λ ≥ 0.36·(1 − 0.16) the smallest
        // covariance eigenvalue): over h ≤ 0.2 they move the fitted slope by ≲ 0.1.
        #expect(abs(study.order - 2) < 0.1, "\(study)")
    }
}
