import Testing
import PropertyBased
import TestSupport
import Analytic
import Foundation

/// A random density and a probability level in it, printed together.
struct DensityAtLevel: CustomStringConvertible {
    var recipe: RandomDensityRecipe
    var level: Double
    var description: String { "p = \(level) in \(recipe)" }
}

/// A far-tail interval [μ + zσ, μ + (z + w)σ] of a normal or Laplace density.
struct TailInterval: CustomStringConvertible {
    var location: Double
    var scale: Double
    var z: Double
    var w: Double
    var description: String { "location \(location), scale \(scale), [z, z+w] = [\(z), \(z + w)]" }

    /// Locations in [−5, 5], scales in [0.1, 3], widths w in [0.05, 2], `z` scale lengths out.
    static func generator(z: ClosedRange<Double>) -> Generator<TailInterval, some SendableSequenceType> {
        zip(Gen.double(in: -5...5), Gen.double(in: 0.1...3), Gen.double(in: z), Gen.double(in: 0.05...2))
            .map { TailInterval(location: $0, scale: $1, z: $2, w: $3) }
    }

    /// The density's mass on [μ + zσ, μ + (z + w)σ] (`side` 1) or its mirror image (`side` −1).
    func mass(of d: any Density, side: Double = 1) -> Double {
        let near = location + side * z * scale, far = location + side * (z + w) * scale
        return d.mass(from: min(near, far), to: max(near, far))
    }
}

@Suite("Density")
struct DensityTests {
    /// GSL's error estimate includes its own round-off term; the allowance covers summing
    /// ≤ 40 pieces (one per node interval) of total size 1: 40ε ≈ 9e-15, rounded to 1e-14.
    static let sumRoundOff = 1e-14

    /// ∫ₐᵇ pdf by ``Quadrature/integrate(_:from:to:breakpoints:tolerance:)`` at `nodes`, its
    /// error checked by a second evaluation on bisected panels (the nodes in [a, b] with the
    /// finite ends, and their midpoints): the error used is at least the two values'
    /// difference plus the second's estimate. GSL's estimate alone was optimistic at beta
    /// poles: 3× at beta(4.95, 0.611)'s pole at 1 (total mass, 1 run in 15), and 6× for the
    /// survival beyond 0.927 of a mixture with a beta(3.34, 0.618) component (1.1e-13 off
    /// against 2e-14; 1 suite run in 28).
    static func crossCheckedMass(_ d: any Density, from a: Double, to b: Double, nodes: [Double]) throws -> QuadratureResult {
        let first = try Quadrature.integrate({ d.pdf($0) }, from: a, to: b, breakpoints: nodes)
        let inside = ([a, b].filter(\.isFinite) + nodes.filter { $0 > a && $0 < b }).sorted()
        let midpoints = zip(inside, inside.dropFirst()).map { 0.5 * ($0 + $1) }
        let second = try Quadrature.integrate({ d.pdf($0) }, from: a, to: b, breakpoints: (nodes + midpoints).sorted())
        return QuadratureResult(value: first.value, error: max(first.error, abs(first.value - second.value) + second.error),
                                evaluations: first.evaluations + second.evaluations)
    }

    @Test("Every density (each family, random mixtures and truncations) integrates to 1", .shrinking(false))
    func integratesToOne() async {
        await checkEveryCase(60, of: RandomDensities.anyDensity()) { recipe in
            let d = try recipe.density()
            let s = d.support
            let nodes = IntegrationNodes.nodes(for: [d])
            let r = try Self.crossCheckedMass(d, from: s.lowerBound, to: s.upperBound, nodes: nodes)
            // A truncation divides by Z = F(b) − F(a) (or the survival form); each of
            // the two CDF values carries an absolute error ≤ 1e-13 (the allowance of
            // the CDF test below), so Z is off by ≤ 2e-13 relative to 1/Z.
            let normaliserError = (d as? Truncated).map { 2e-13 / $0.normaliser } ?? 0
            #expect(abs(r.value - 1) <= r.error + Self.sumRoundOff + normaliserError, "\(d.spec): \(r)")
        }
    }

    @Test("CDF and quantile round-trip on the small-probability side", .shrinking(false))
    func quantileRoundTrip() async {
        let input = zip(RandomDensities.anyDensity(), Gen.double(in: -6 ... -0.000_001))
            .map { DensityAtLevel(recipe: $0, level: $1 < -3 ? pow(10, $1) : 1 - pow(10, -(6 + $1))) }
        await checkEveryCase(60, of: input) { item in
            let d = try item.recipe.density()
            let p = item.level
            let x = try d.quantile(p)
            // Tolerance 1e-9 relative in the small tail probability for untruncated
            // densities: Brent stops at a bracket of 1e-13(1 + |x|) and the hazard
            // rate pdf/F of these families at p ≥ 1e-6 is ≤ ~50 (normal, σ ≥ 0.3,
            // 4.8σ out), so the residual is ≲ 1e-11 relative; GSL's inverses stop their
            // Newton steps at a step of 1e-10·x (quadratic convergence leaves far
            // less). 1e-9 covers both and still rejects a wrong branch or bracket.
            // Near a truncation bound the small-side probability is ≈ pdf·(bound − x),
            // so the hazard rate is unbounded there: add the root's own uncertainty,
            // pdf(x)·δx with δx = 2·1e-13(1 + |x|) (twice Brent's stopping bracket).
            let slack = 2 * d.pdf(x) * 2e-13 * (1 + abs(x))
            if p <= 0.5 {
                #expect(abs(d.cdf(x) - p) <= 1e-9 * p + slack, "\(d.spec): F(\(x)) = \(d.cdf(x)) ≠ \(p)")
            } else {
                #expect(abs(d.survival(x) - (1 - p)) <= 1e-9 * (1 - p) + slack, "\(d.spec): S(\(x)) = \(d.survival(x)) ≠ \(1 - p)")
            }
            #expect(d.support.contains(x))
        }
    }

    @Test("CDF and survival equal the quadrature of the pdf (each on its small side)", .shrinking(false))
    func cdfMatchesQuadrature() async {
        let input = zip(RandomDensities.anyDensity(), Gen.double(in: 0.001...0.999))
            .map { DensityAtLevel(recipe: $0, level: $1) }
        await checkEveryCase(40, of: input) { item in
            let d = try item.recipe.density()
            let x = try d.quantile(item.level)
            let nodes = IntegrationNodes.nodes(for: [d])
            let s = d.support
            let (exact, r) = d.cdf(x) <= 0.5
                ? (d.cdf(x), try Self.crossCheckedMass(d, from: s.lowerBound, to: x, nodes: nodes))
                : (d.survival(x), try Self.crossCheckedMass(d, from: x, to: s.upperBound, nodes: nodes))
            // Allowance for the closed-form CDFs: GSL's P/Q functions (Cody's erfc,
            // incomplete beta continued fractions) are accurate to a few 1e-15
            // relative; 1e-13 relative allows 50 such errors through truncation
            // ratios and mixture sums.
            #expect(abs(exact - r.value) <= r.error + Self.sumRoundOff + 1e-13 * exact,
                    "\(d.spec) at x = \(x): closed form \(exact), quadrature \(r)")
        }
    }

    @Test("Interval mass far in the normal tail matches a log-erfc reference (no cancellation)", .shrinking(false))
    func normalTailMass() async {
        // Assumptions: z ∈ [3, 37] standard deviations out (erfc underflows near 38), width
        // w ∈ [0.05, 2]; both tails are checked by symmetry.
        await checkEveryCase(50, of: TailInterval.generator(z: 3...37)) { t in
            let d = try Normal(mean: t.location, standardDeviation: t.scale)
            let a = t.z / 2.0.squareRoot(), b = (t.z + t.w) / 2.0.squareRoot()
            let la = try SpecialFunctions.logComplementaryErrorFunction(a)
            let lb = try SpecialFunctions.logComplementaryErrorFunction(b)
            // mass = ½erfc(a)(1 − erfc(b)/erfc(a)), in logs.
            let logRef = -M_LN2 + la.value + log(-expm1(lb.value - la.value))
            let cond = 1 / -expm1(lb.value - la.value)   // (Q(a)) / (Q(a) − Q(b)) ≥ 1
            // The mass is Q(a) − Q(b) from GSL's gaussian_Q (relative error ≲ 1e-15
            // each), amplified by `cond`; the reference carries GSL's own error
            // estimates of log erfc, amplified by the same factor. Also the interval
            // ends x = μ + zσ are rounded and GSL re-forms z' = (x − μ)/σ, off by
            // δz ≲ 2ε(|μ|/σ + z + w); d ln Q/dz ≈ −z, so each Q moves by ≲ (z + w)·δz
            // relative.
            let dz = 2 * Double.ulpOfOne * (abs(t.location) / t.scale + t.z + t.w)
            let tol = cond * (1e-14 + la.error + lb.error + 2 * (t.z + t.w) * dz)
            let right = t.mass(of: d), left = t.mass(of: d, side: -1)
            #expect(right > 0 && abs(log(right) - logRef) <= tol, "right tail: \(right) vs e^\(logRef)")
            #expect(left > 0 && abs(log(left) - logRef) <= tol, "left tail: \(left) vs e^\(logRef)")
        }
    }

    @Test("The naive F(b) − F(a) loses the far right tail that mass(from:to:) keeps (N(2, 0.6²) near x = 8)")
    func naiveDifferenceFails() throws {
        let d = try Normal(mean: 2, standardDeviation: 0.6)
        #expect(d.cdf(8.01) - d.cdf(8) == 0)
        let m = d.mass(from: 8, to: 8.01)
        let reference = 0.5 * (try SpecialFunctions.complementaryErrorFunction(10 / 2.0.squareRoot()).value
            - (try SpecialFunctions.complementaryErrorFunction(6.01 / 0.6 / 2.0.squareRoot()).value))
        #expect(abs(m - reference) <= 1e-13 * reference)
    }

    @Test("Laplace tail mass equals ½(e^{-z} − e^{-z-w}) far out", .shrinking(false))
    func laplaceTailMass() async {
        await checkEveryCase(50, of: TailInterval.generator(z: 5...700)) { t in
            let d = try Laplace(location: t.location, scale: t.scale)
            let logRef = -M_LN2 - t.z + log(-expm1(-t.w))
            let m = t.mass(of: d)
            // The ends x = μ + zb are rounded and re-divided by b inside GSL: each
            // argument z' = (x − μ)/b is off by ≲ 2ε(|μ|/b + z) ≤ 2ε(50 + z), and each
            // exponential e^{−z'} by that relative error plus ε. The difference of the
            // two survival values amplifies relative errors by
            // cond = 1/(1 − e^{−w}) (≤ 21), so |Δ ln mass| ≤ cond·2·(2ε(50 + z + w) + ε).
            let eps = Double.ulpOfOne
            let cond = 1 / -expm1(-t.w)
            let tol = cond * 2 * (2 * eps * (50 + t.z + t.w) + eps)
            #expect(m > 0 && abs(log(m) - logRef) <= tol, "\(m) vs e^\(logRef)")
        }
    }
}
