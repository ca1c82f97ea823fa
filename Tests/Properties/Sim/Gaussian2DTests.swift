import Foundation
import Testing
import PropertyBased
import TestSupport
import Sim
import Verification

/// The 2D targets of the particle flow: bivariate normals with full covariance and their
/// mixtures (normalisation, score, sampling).
@Suite("2D Gaussian mixtures", .stepBudget)
struct Gaussian2DTests {
    struct Params: Sendable, CustomStringConvertible {
        var means: [Double], sds: [Double], correlations: [Double], weight: Double
        var description: String { "means \(means), sds \(sds), correlations \(correlations), w = \(weight)" }
        func density() throws -> GaussianMixture2D {
            try GaussianMixture2D(weights: [weight, 1 - weight], components: [
                try Gaussian2D(mean: SIMD2(means[0], means[1]), standardDeviations: SIMD2(sds[0], sds[1]), correlation: correlations[0]),
                try Gaussian2D(mean: SIMD2(means[2], means[3]), standardDeviations: SIMD2(sds[2], sds[3]), correlation: correlations[1]),
            ])
        }
    }

    /// Means in [−2, 2], standard deviations in [0.4, 1.5], correlations in [−0.9, 0.9],
    /// weights in [0.1, 0.9].
    static let params = zip(Gen.double(in: -2...2).array(of: 4...4), Gen.double(in: 0.4...1.5).array(of: 4...4),
                            Gen.double(in: -0.9...0.9).array(of: 2...2), Gen.double(in: 0.1...0.9))
        .map { Params(means: $0, sds: $1, correlations: $2, weight: $3) }

    /// Splitting points of the nested quadrature. Inner (over y at fixed x): each
    /// component's conditional mean `μ_y + ρσ_y/σ_x (x − μ_x)` and ± its conditional
    /// standard deviation `σ_y√(1−ρ²)`; outer (over x): each μ_x ± σ_x. Splitting at the
    /// marginal means μ_y instead leaves, for |x − μ_x| large and |ρ| near 1, a narrow
    /// conditional peak inside a semi-infinite piece, where QAGI can miss mass silently
    /// (measured: 6e-9 missing against an estimate of 2e-11, about 1 input in 100). The ±σ
    /// points keep the tail pieces' length unit (the outermost gap, see `Quadrature`) of the
    /// order of the integrand's width even when two components' points nearly coincide
    /// (with only the two means, QAGIL then reported divergence). 3000 random inputs: no
    /// failure, worst |value − 1| / (error budget) = 0.19.
    static func innerCuts(_ p: Params, at x: Double) -> [Double] {
        var cuts = [Double]()
        for k in 0..<2 {
            let r: Double = p.correlations[k]
            let sx: Double = p.sds[2 * k], sy: Double = p.sds[2 * k + 1]
            let centre: Double = p.means[2 * k + 1] + r * sy / sx * (x - p.means[2 * k])
            let spread: Double = sy * (1 - r * r).squareRoot()
            cuts += [centre - spread, centre, centre + spread]
        }
        return cuts
    }

    static func outerCuts(_ p: Params) -> [Double] {
        var cuts = [Double]()
        for k in 0..<2 {
            let m: Double = p.means[2 * k], s: Double = p.sds[2 * k]
            cuts += [m - s, m, m + s]
        }
        return cuts
    }

    @Test("the mixture integrates to one (nested adaptive quadrature)")
    func normalised() async {
        await checkEveryCase(8, of: Self.params) { p in
            let d = try p.density()
            let tol = QuadratureTolerance(absolute: 1e-11, relative: 1e-10)
            var innerError = 0.0
            let outer = try Quadrature.integrate({ x in
                // A failed inner integral returns NaN, which the outer QAGS reports as an error.
                guard let r = try? Quadrature.integrate({ y in d.pdf(SIMD2(x, y)) }, breakpoints: Self.innerCuts(p, at: x),
                                                        tolerance: tol) else { return .nan }
                innerError = max(innerError, r.error)
                return r.value
            }, breakpoints: Self.outerCuts(p), tolerance: tol)
            // Outer estimate plus the inner errors integrated over the ≤ 20-wide effective
            // range, with a factor 10 because GSL's estimates are estimates.
            #expect(abs(outer.value - 1) <= 10 * (outer.error + 20 * innerError), "\(outer), inner error \(innerError)")
        }
    }

    @Test("the score is the gradient of the log-density (central differences, Richardson error estimate)")
    func scoreIsGradient() async {
        let input = zip(Self.params, Gen.double(in: -4...4), Gen.double(in: -4...4))
        await propertyCheck(count: 50, input: input) { p, x, y in
            failOnThrow {
                let d = try p.density()
                let s = d.score(SIMD2(x, y))
                for k in 0..<2 {
                    func central(_ h: Double) -> Double {
                        var e = SIMD2<Double>.zero; e[k] = h
                        return (d.logPDF(SIMD2(x, y) + e) - d.logPDF(SIMD2(x, y) - e)) / (2 * h)
                    }
                    // h = ε^(1/3) balances O(h²) truncation against ε|ln p|/h round-off; the
                    // truncation is estimated from steps h and 2h, the round-off bounded by
                    // 4ε·|ln p|/h; factor 2 for the estimate's own error.
                    let h = cbrt(Double.ulpOfOne) * max(1, abs(k == 0 ? x : y))
                    let d1 = central(h), d2 = central(2 * h)
                    let tol = 2 * (abs(d1 - d2) / 3 + 4 * Double.ulpOfOne * abs(d.logPDF(SIMD2(x, y))) / h)
                    #expect(abs(s[k] - d1) <= tol, "axis \(k): score \(s[k]), FD \(d1), tol \(tol)")
                }
            }
        }
    }

    @Test("samples have the mixture's mean and covariance within 5 standard errors")
    func sampling() throws {
        let p = Params(means: [-1, 0.5, 1.5, -0.5], sds: [0.6, 1.2, 0.9, 0.5], correlations: [0.7, -0.4], weight: 0.3)
        let d = try p.density()
        let n = 40_000
        let xs = d.sample(count: n, rng: RandomSource(seed: 5))
        // Exact moments of the mixture.
        let w = [0.3, 0.7]
        let mu = SIMD2(w[0] * p.means[0] + w[1] * p.means[2], w[0] * p.means[1] + w[1] * p.means[3])
        var second = [0.0, 0.0, 0.0]  // E[x²], E[xy], E[y²]
        for c in 0..<2 {
            let mx = p.means[2 * c], my = p.means[2 * c + 1], sx = p.sds[2 * c], sy = p.sds[2 * c + 1], r = p.correlations[c]
            second[0] += w[c] * (sx * sx + mx * mx)
            second[1] += w[c] * (r * sx * sy + mx * my)
            second[2] += w[c] * (sy * sy + my * my)
        }
        let varx = second[0] - mu.x * mu.x, vary = second[2] - mu.y * mu.y
        let mean = xs.reduce(SIMD2<Double>.zero, +) / Double(n)
        #expect(abs(mean.x - mu.x) < 5 * (varx / Double(n)).squareRoot())
        #expect(abs(mean.y - mu.y) < 5 * (vary / Double(n)).squareRoot())
        let cov = xs.reduce(0) { $0 + ($1.x - mu.x) * ($1.y - mu.y) } / Double(n)
        let exactCov = second[1] - mu.x * mu.y
        // Standard error of a sample covariance ≤ √(E[(X−μx)²(Y−μy)²]/n) ≤ √(E[(X−μx)⁴]E[(Y−μy)⁴])^½/√n;
        // bounded here by the empirical fourth moments.
        let m4x = xs.reduce(0) { $0 + pow($1.x - mu.x, 4) } / Double(n), m4y = xs.reduce(0) { $0 + pow($1.y - mu.y, 4) } / Double(n)
        #expect(abs(cov - exactCov) < 5 * pow(m4x * m4y, 0.25) / Double(n).squareRoot(), "covariance \(cov) vs \(exactCov)")
    }

    @Test("a covariance that is not positive definite is refused")
    func refusesBadCovariance() {
        #expect(throws: InvalidArgument.self) { try Gaussian2D(mean: .zero, covariance: 1, 2, 1) }
        #expect(throws: InvalidArgument.self) { try Gaussian2D(mean: .zero, covariance: 0, 0, 1) }
        #expect(throws: InvalidArgument.self) { try Gaussian2D(mean: SIMD2(.nan, 0), covariance: 1, 0, 1) }
    }
}
