import Testing
import PropertyBased
import TestSupport
import Analytic
import Foundation

/// Two normals with σ in [1e-12, 1e12] (log-uniform) and |μ₁ − μ₂| up to 1e15·σ₁ on
/// either side (inside the accepted range |μ| ≤ 1e15·σ).
struct ExtremeNormalPair: Sendable, CustomStringConvertible {
    var sd1: Double, sd2: Double, mean1: Double, mean2: Double
    var description: String { "normal(\(mean1),\(sd1)) vs normal(\(mean2),\(sd2))" }
    static func generator() -> Generator<ExtremeNormalPair, some SendableSequenceType> {
        zip(Gen.double(in: -12...12), Gen.double(in: -12...12), Gen.double(in: -1...1), Gen.double(in: -3...14), Gen.double(in: -1...1))
            .map { e1, e2, u, m, v in
                let s1 = pow(10, e1), s2 = pow(10, e2)
                let scale = min(s1, s2)
                return ExtremeNormalPair(sd1: s1, sd2: s2, mean1: u * scale * pow(10, m), mean2: v * scale * pow(10, m) * 0.5)
            }
    }
}

@Suite("Gaussian closed forms at extreme scales")
struct GaussianExtremeTests {
    static let eps = Double.ulpOfOne

    @Test("KL, χ² and H² of two normals equal their closed forms within the printed error plus the closed form's own round-off",
          .shrinking(false))
    func closedForms() async {
        await checkEveryCase(40, of: ExtremeNormalPair.generator()) { c in
            let p = try Normal(mean: c.mean1, standardDeviation: c.sd1)
            let q = try Normal(mean: c.mean2, standardDeviation: c.sd2)
            let out = Divergences.evaluate([.kl, .chi2, .hellinger2], p: p, q: q)
            let d = c.mean1 - c.mean2, r = p.variance / q.variance
            // KL = ½((r − 1) − ln r) + Δ²/(2σ₂²): each of its ≤ 6 operations rounds by
            // ≤ ε relative on terms bounded by r + 1 + |ln r| + Δ²/σ₂²: 8ε times that.
            let kl = GaussianClosedForms.kl(p, q)
            let klRound = 8 * Self.eps * (r + 1 + abs(log(r)) + d * d / q.variance)
            switch out[0] {
            case .success(let v):
                #expect(v.isFinite && abs(v.value - kl) <= v.error + klRound, "KL \(v) vs \(kl) ± \(klRound)")
            case .failure(let f): Issue.record("KL refused: \(f)")
            }
            // χ²: expm1(A), A = ln(σ₂²/(σ₁√k)) + Δ²/k, k = 2σ₂² − σ₁²; A carries
            // ≤ 8ε(|ln …| + Δ²/k + 1) absolute, so χ² ≤ that × (1 + χ²).
            let chi = GaussianClosedForms.chi2(p, q)
            let k = 2 * q.variance - p.variance
            switch out[1] {
            case .success(let v) where !v.isFinite:
                #expect(k <= 0 || !(k > 1e-12 * 2 * q.variance), "χ² infinite but closed form \(chi)")
            case .success(let v):
                let a = abs(log(q.variance / (p.standardDeviation * k.squareRoot()))) + d * d / k + 1
                let round = 8 * Self.eps * a * (1 + chi) + 4 * Self.eps * chi
                #expect(abs(v.value - chi) <= v.error + round, "χ² \(v) vs \(chi) ± \(round)")
            case .failure(let f):
                // Accepted only where χ² cannot be represented (or sits at the tie
                // 2σ₂² = σ₁², where the integrand decays too slowly for any quadrature).
                let tie = abs(k) <= 1e-6 * q.variance
                #expect(chi > 1e250 || tie, "χ² refused although the closed form is \(chi): \(f)")
                if chi > 1e250 { #expect(f.reason.contains("overflow"), "\(f)") }
            }
            let h2 = GaussianClosedForms.hellinger2(p, q)
            let s = p.variance + q.variance
            let hRound = 8 * Self.eps * (abs(0.5 * log(2 * p.standardDeviation * q.standardDeviation / s)) + d * d / (4 * s) + 1)
            switch out[2] {
            case .success(let v): #expect(abs(v.value - h2) <= v.error + hRound, "H² \(v) vs \(h2) ± \(hRound)")
            case .failure(let f): Issue.record("H² refused: \(f)")
            }
        }
    }

    @Test("KL(N(0,σ)‖N(0,1)) grows as σ → 0: σ₁ < σ₂ ≤ ½ gives KL(σ₁) > KL(σ₂) beyond both errors", .shrinking(false))
    func klMonotoneAsSigmaShrinks() async {
        // f(σ) = −ln σ + σ²/2 − ½ has f' = −1/σ + σ < 0 on (0, 1); with σ₂/σ₁ ≥ 2^0.1 and
        // σ₂ ≤ ½ the gap is ≥ 0.1·ln2·(1 − ¼) ≈ 0.05, far above any accepted error.
        let input = zip(Gen.double(in: -12 ... -1), Gen.double(in: 0.1...20)).map { e, r in
            (pow(10, e), min(pow(10, e) * pow(2, r), 0.5))
        }
        await propertyCheck(count: 30, input: input) { c in
            failOnThrow("σ₁ = \(c.0), σ₂ = \(c.1)") {
                let q = try Normal(mean: 0, standardDeviation: 1)
                let a = try Divergences.compute(.kl, p: try Normal(mean: 0, standardDeviation: c.0), q: q)
                let b = try Divergences.compute(.kl, p: try Normal(mean: 0, standardDeviation: c.1), q: q)
                #expect(a.value - a.error > b.value + b.error, "KL(σ₁) \(a), KL(σ₂) \(b)")
            }
        }
    }
}
