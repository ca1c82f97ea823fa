import Testing
import PropertyBased
import TestSupport
import Analytic
import Foundation

/// A normal mixture and a shift of its first component's mean.
struct ShiftedMixture: CustomStringConvertible {
    var data: MixtureParameters
    var shift: Double
    var description: String { "ρd = \(data), ρ = first mean shifted by \(shift)" }
    func generator() throws -> Mixture {
        var g = data
        g.means[0] += shift
        return try g.density()
    }
}

/// A normal mixture pair and a point.
struct MixturesAtPoint: CustomStringConvertible {
    var data: MixtureParameters, generator: MixtureParameters, x: Double
    var description: String { "ρd = \(data), ρ = \(generator), x = \(x)" }

    /// Two normal mixtures (``RandomDensities/normalMixture(components:means:standardDeviations:minimumWeight:)``'s
    /// defaults) and a point x in [−3, 3].
    static func generator() -> Generator<MixturesAtPoint, some SendableSequenceType> {
        zip(RandomDensities.normalMixture(), RandomDensities.normalMixture(), Gen.double(in: -3...3))
            .map { MixturesAtPoint(data: $0, generator: $1, x: $2) }
    }

    /// ρd and ρ.
    func densities() throws -> (data: Mixture, generator: Mixture) { (try data.density(), try generator.density()) }
}

@Suite("Velocity")
struct VelocityTests {
    @Test("v ≡ 0 and ∫ρ|v|² = 0 when ρ = ρd; otherwise ∫ρ|v|² > 0 beyond its error (D5, D1; derived)", .shrinking(false))
    func zeroIffEqual() async {
        // Assumption: the generator differs from ρd by a mean shift |δ| ∈ [0.1, 1] of one
        // component (weight ≥ 0.05), so ρ ≠ ρd and v ≢ 0 on a set of positive ρ-mass.
        let input = zip(RandomDensities.normalMixture(), Gen.double(in: 0.1...1), Gen.bool())
            .map { ShiftedMixture(data: $0, shift: $2 ? $1 : -$1) }
        await checkEveryCase(20, of: input) { c in
            let data = try c.data.density()
            let same = try c.data.density()
            for kind in [FlowDivergence.js, .kl, .chi2] {
                let v = Velocity(kind, data: data, generator: same)
                for p in [0.001, 0.2, 0.5, 0.8, 0.999] { #expect(v(try data.quantile(p)) == 0) }
                #expect(try Dissipation.compute(kind, data: data, generator: same).value == 0)
            }
            let gen = try c.generator()
            for kind in [FlowDivergence.js, .kl] {
                let r = try Dissipation.compute(kind, data: data, generator: gen)
                #expect(r.value > r.error, "\(kind): ∫ρ|v|² = \(r)")
            }
        }
    }

    @Test("v = −∇f'(u) (docs/MATH.md §1) against Richardson-extrapolated central differences, for JS, KL, χ²")
    func velocityIsMinusGradientOfFirstVariation() async {
        await checkEveryCase(40, of: MixturesAtPoint.generator()) { c in
            let (data, gen) = try c.densities()
            for kind in [FlowDivergence.js, .kl, .chi2] {
                // g(x) = −f'(u(x)), u = exp(ln ρ − ln ρd).
                let g: (Double) -> Double = { x in -kind.fPrime(exp(gen.logPDF(x) - data.logPDF(x))) }
                let h = 1e-3
                let dh = (g(c.x + h) - g(c.x - h)) / (2 * h)
                let dh2 = (g(c.x + h / 2) - g(c.x - h / 2)) / h
                let richardson = (4 * dh2 - dh) / 3
                // Truncation: the O(h²) error of dh2 is ≈ (dh2 − dh)/3 and Richardson
                // removes it, leaving O(h⁴); |dh − dh2| bounds what is left with a wide
                // margin. Round-off of the reference itself (derived): g = −f'(u) with
                // ln u = ln ρ − ln ρd formed with absolute error ≲ 8ε(|ln ρ| + |ln ρd| + 2)
                // (log-sum-exp over components), so δg ≲ Ψ'(u)·that + 2ε|g| (Ψ' = u f'').
                // Each quotient over 2h' errs by ≤ 2δg/(2h'), and R = (4·D(h/2) − D(h))/3
                // by ≤ (4·2δg/h + δg/h)/3 = 3δg/h; the rounded abscissae x ± h add
                // ≤ 3|g'|·ε|x|/h. At v ≈ 0 (u ≈ 1) |g| is tiny but |ln ρ| is not: a bound
                // built from |g| alone missed this (3.5e-12 observed against 3.0e-12).
                let points = [c.x - h, c.x + h, c.x - h / 2, c.x + h / 2]
                let dg = points.map { x -> Double in
                    let lg = gen.logPDF(x), ld = data.logPDF(x)
                    let u = exp(lg - ld)
                    return kind.psiPrime(u) * 8 * Double.ulpOfOne * (abs(lg) + abs(ld) + 2) + 2 * Double.ulpOfOne * abs(g(x))
                }.max()!
                let tol = abs(dh - dh2) + 3 * dg / h + 3 * abs(richardson) * Double.ulpOfOne * max(1, abs(c.x)) / h
                let v = Velocity(kind, data: data, generator: gen)(c.x)
                // v's own round-off: Ψ'(u)(s_d − s_ρ) with each score off by ≲ 4ε|s|.
                let u0 = exp(gen.logPDF(c.x) - data.logPDF(c.x))
                let vRound = 4 * Double.ulpOfOne * kind.psiPrime(u0) * (abs(data.score(c.x)) + abs(gen.score(c.x))) + Double.ulpOfOne * abs(v)
                #expect(abs(v - richardson) <= tol + vRound, "\(kind): v = \(v), difference quotient \(richardson) (tol \(tol))")
            }
        }
    }

    @Test("v_JS = ½D*(s_d − s_ρ) = ∇D*/(2(1 − D*)) with ∇D* from differences of D*")
    func jsVelocityFromDiscriminator() async {
        await checkEveryCase(30, of: MixturesAtPoint.generator()) { c in
            let (data, gen) = try c.densities()
            let dstar = OptimalDiscriminator(data: data, generator: gen)
            let h = 1e-3
            let d1 = (dstar(c.x + h) - dstar(c.x - h)) / (2 * h)
            let d2 = (dstar(c.x + h / 2) - dstar(c.x - h / 2)) / h
            let grad = (4 * d2 - d1) / 3
            // Round-off of the reference: D* = σ(ln ρd − ln ρ) with the logit off by
            // ≲ 8ε(|ln ρ| + |ln ρd| + 2), so δD* ≲ D*(1 − D*)·that + 2ε; Richardson's
            // combination multiplies δD*/h by 3 (see the test above), the rounded
            // abscissae add 3|∇D*|·ε|x|/h.
            let dD = [c.x - h, c.x + h, c.x - h / 2, c.x + h / 2].map { x -> Double in
                let dd = dstar(x)
                return dd * (1 - dd) * 8 * Double.ulpOfOne * (abs(gen.logPDF(x)) + abs(data.logPDF(x)) + 2) + 2 * Double.ulpOfOne
            }.max()!
            let tol = abs(d1 - d2) + 3 * dD / h + 3 * abs(grad) * Double.ulpOfOne * max(1, abs(c.x)) / h
            let one = 1 - dstar(c.x)
            let v = Velocity(.js, data: data, generator: gen)(c.x)
            #expect(abs(v * 2 * one - grad) <= tol, "v = \(v), ∇D*/(2(1−D*)) ≈ \(grad / (2 * one))")
        }
    }

    @Test("Poincaré constants of D6: Var(g) ≤ C_P·E|g'|², equality for the extremal functions (derived)")
    func poincare() async throws {
        struct Case: CustomStringConvertible {
            var m: Double, s: Double, a: Double, omega: Double, phi: Double, b: Double
            var description: String { "N(\(m), \(s)²), g = \(a)·sin(\(omega)x + \(phi)) + \(b)x²" }
        }
        // Extremals: g = x for N(m, s²) (Var = s² = C_P·1); g = cos(π(x − a)/L) for the uniform.
        let n = try Normal(mean: 1, standardDeviation: 2)
        let cn = PoincareConstant.normal(n)
        let varX = try Quadrature.integrate({ n.pdf($0) * ($0 - 1) * ($0 - 1) }, breakpoints: [1])
        #expect(abs(varX.value - cn.value) <= varX.error + 1e-14 * cn.value)
        let u = try Uniform(lower: -1, upper: 2)
        let cu = PoincareConstant.uniform(u)
        let k = Double.pi / 3
        // Var(cos(k(x+1))) = ½ (mean 0), E|g'|² = k²/2: ratio 1/k² = L²/π².
        let varCos = try Quadrature.qags({ cos(k * ($0 + 1)) * cos(k * ($0 + 1)) / 3 }, from: -1, to: 2)
        let dirichlet = try Quadrature.qags({ k * k * sin(k * ($0 + 1)) * sin(k * ($0 + 1)) / 3 }, from: -1, to: 2)
        #expect(abs(varCos.value - cu.value * dirichlet.value) <= varCos.error + cu.value * dirichlet.error + 1e-15)
        #expect(cn.isExact && cu.isExact)

        let input = zip(Gen.double(in: -2...2), Gen.double(in: 0.3...2), Gen.double(in: 0.2...2), Gen.double(in: 0.2...3),
                        Gen.double(in: 0...6.28), Gen.double(in: -1...1))
            .map { Case(m: $0, s: $1, a: $2, omega: $3, phi: $4, b: $5) }
        await checkEveryCase(20, of: input) { c in
            let g: (Double) -> Double = { c.a * sin(c.omega * $0 + c.phi) + c.b * $0 * $0 }
            let dg: (Double) -> Double = { c.a * c.omega * cos(c.omega * $0 + c.phi) + 2 * c.b * $0 }
            let full = try Normal(mean: c.m, standardDeviation: c.s)
            let truncated = try Truncated(full, lower: c.m - c.s, upper: c.m + 2 * c.s)
            for (d, cp) in [(full as any Density, PoincareConstant.normal(full)),
                            (truncated as any Density, PoincareConstant.of(truncated)!)] {
                let nodes = IntegrationNodes.nodes(for: [d])
                let s = d.support
                let mean = try Quadrature.integrate({ d.pdf($0) * g($0) }, from: s.lowerBound, to: s.upperBound, breakpoints: nodes)
                let second = try Quadrature.integrate({ d.pdf($0) * (g($0) - mean.value) * (g($0) - mean.value) },
                                                      from: s.lowerBound, to: s.upperBound, breakpoints: nodes)
                let energy = try Quadrature.integrate({ d.pdf($0) * dg($0) * dg($0) },
                                                      from: s.lowerBound, to: s.upperBound, breakpoints: nodes)
                #expect(second.value - second.error <= cp.value * (energy.value + energy.error) + 1e-14,
                        "\(d.spec): Var = \(second), C_P·E|g'|² = \(cp.value * energy.value)")
            }
            #expect(PoincareConstant.of(truncated)?.isExact == false)
        }
    }
}
