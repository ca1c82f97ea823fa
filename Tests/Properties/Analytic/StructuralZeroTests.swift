import Testing
import PropertyBased
import TestSupport
import Analytic
import Foundation

/// KL and χ² are infinite only where Q vanishes by definition; ln q = −∞ from an exponent
/// that left the range of a double is not a zero of Q.
@Suite("KL and χ² infinity: structural zeros of Q against log-density underflow")
struct StructuralZeroTests {
    /// P = normal(0, 10^a) or student(ν, 0, 10^a), Q = normal(μ, 10^b) with a − b ≥ 160:
    /// KL ≥ ½(σp/σq)² ≥ ½·1e320 (normal P; ν/(ν−2) times that for Student P, ν > 2) is
    /// finite but exceeds the largest double, so no printed value is right; Q's ln q
    /// underflows at |x| ≳ 1e154·σq, where P still has density. χ² is +∞ (σp² > 2σq²: p²/q
    /// grows in the tails), decided by the tails before any integration.
    @Test("Two full-support densities whose KL exceeds the largest double: KL refused, never printed infinite or finite; χ² infinite",
          .shrinking(false))
    func underflowIsNotAZero() async {
        let gen = zip(Gen.double(in: 160...300), Gen.double(in: 0...1), Gen.double(in: -1...1), Gen.double(in: 2.5...50), Gen.bool)
        await checkEveryCase(30, of: gen) { a, v, m, nu, student in
            let b = -12 + v * (a - 160 + 12)                     // b ∈ [−12, a − 160]
            let sp = pow(10, a), sq = pow(10, b)
            let pSpec = student ? "student(\(nu),0,\(sp))" : "normal(0,\(sp))"
            let p = try DensitySpec.parse(pSpec), q = try DensitySpec.parse("normal(\(m * sq),\(sq))")
            let out = Divergences.evaluate([.kl, .chi2], p: p, q: q)
            switch out[0] {
            case .success(let v):
                Issue.record("\(pSpec) vs normal(\(m * sq),\(sq)): printed \(v), but KL is finite and exceeds the largest double")
            case .failure(let f):
                #expect(!f.reason.contains("outside Q's support"), "\(pSpec) vs normal(\(m * sq),\(sq)): \(f)")
            }
            switch out[1] {
            case .success(let v): #expect(!v.isFinite, "\(pSpec) vs normal(\(m * sq),\(sq)): χ² \(v), expected +∞")
            case .failure(let f): Issue.record("\(pSpec) vs normal(\(m * sq),\(sq)): χ² \(f), expected +∞")
            }
        }
    }

    /// P = normal(c, s) against Q = uniform(c − w·s, c + w·s) (w ∈ [0.5, 3]) and against
    /// Q = mixture of two uniforms with a gap of width g·s at c (g ∈ [0.1, 2]) inside P's bulk:
    /// P has mass where Q is zero by definition, so KL and χ² are +∞ (exactly).
    @Test("P with mass outside Q's support (beyond a uniform's ends, in a mixture's gap): KL and χ² infinite",
          .shrinking(false))
    func structuralZeroIsInfinite() async {
        let gen = zip(Gen.double(in: -6...6), Gen.double(in: -1e3...1e3), Gen.double(in: 0.5...3), Gen.double(in: 0.1...2))
        await checkEveryCase(30, of: gen) { e, c0, w, g in
            let s = pow(10, e), c = c0 * s
            let specs = ["uniform(\(c - w * s),\(c + w * s))",
                         "mixture(0.5*uniform(\(c - 4 * s),\(c - 0.5 * g * s)),0.5*uniform(\(c + 0.5 * g * s),\(c + 4 * s)))"]
            let p = try DensitySpec.parse("normal(\(c),\(s))")
            for qSpec in specs {
                let q = try DensitySpec.parse(qSpec)
                for r in Divergences.evaluate([.kl, .chi2], p: p, q: q) {
                    switch r {
                    case .success(let v): #expect(!v.isFinite, "normal(\(c),\(s)) vs \(qSpec): \(v), expected +∞")
                    case .failure(let f): Issue.record("normal(\(c),\(s)) vs \(qSpec): \(f), expected +∞")
                    }
                }
            }
        }
    }
}
