import Testing
import PropertyBased
import TestSupport
import Analytic
import Foundation

/// A normal density by its location and scale, printed as its spec.
struct NormalParameters: CustomStringConvertible {
    var mean: Double
    var standardDeviation: Double
    var description: String { "normal(\(mean),\(standardDeviation)), mean/sd = \(mean / standardDeviation)" }
    func density() throws -> Normal { try Normal(mean: mean, standardDeviation: standardDeviation) }
}

@Suite("Quadrature")
struct QuadratureTests {
    /// Round-off allowance for a sum of a few QAG pieces: GSL's error estimate already
    /// includes its own round-off term (50·ε·∫|f|); the allowance covers the final sums
    /// of ≤ 4 pieces of size ≤ 1 (4ε ≈ 9e-16), rounded up to 1e-15.
    static let sumRoundOff = 1e-15

    @Test("Integrate split at breakpoints gets 1 for N(μ, σ²) with |μ|/σ up to 1e6 (the QAGI trap avoided)")
    func splitIntegralOverWideRange() async {
        // Assumptions: σ ∈ [0.05, 20], |μ| ≤ 1e5·sign, so |μ|/σ ranges from 0 to 2e6.
        let input = zip(Gen.double(in: -1e5...1e5), Gen.double(in: 0.05...20), Gen.double(in: 0...1))
            .map { NormalParameters(mean: $0 * pow($2, 3), standardDeviation: $1) }
        await checkEveryCase(50, of: input) { params in
            let d = try params.density()
            let r = try Quadrature.integrate({ d.pdf($0) }, breakpoints: d.breakpoints)
            // Nodes x = μ + y are rounded to the grid of ulp(μ): each moves by ≤ ulp(μ)/2,
            // changing the rule's sum by ≤ (ulp(μ)/2)·∫|p'| = (ulp(μ)/2)·2·max p
            // = ulp(μ)/(σ√(2π)) < ulp(μ)/σ.
            let nodeRounding = params.mean.ulp / params.standardDeviation
            // The error is the one `integrate` reports, unscaled: QAGIU's own estimate alone
            // was optimistic here (N(0, 12.69²): 1.8e-9 off against 1.0e-10, and a factor 10
            // on it failed once in ~100 suite runs), so the tails are now computed in two
            // units and their difference is part of the error (`crossCheckedTail`); on
            // σ ∈ [0.01, 2000] the error then stays below 0.13 of its estimate.
            #expect(abs(r.value - 1) <= r.error + Self.sumRoundOff + nodeRounding, "\(params): \(r)")
        }
    }

    /// Where plain QAGI fails is a matter of where its mapped nodes fall. A scan of
    /// N(μ, 0.1²) (μ step 0.001 up to 20, 0.01 beyond) found it wrong (≈ 0, or an error)
    /// for every μ in [6.6, 1000] except a lucky window μ ∈ [8.317, 9.451], where a node
    /// of the mapped rule sees the bump and the answer is right. The property is stated on
    /// the scanned interval [6.6, 8.3] (resolution 0.001, far below the bump width) and at
    /// fixed means beyond the window; the window itself is checked too (documentation of
    /// luck, not of a guarantee).
    @Test("Documents the trap: plain QAGI integrates N(μ, 0.1²) to ≈ 0 for μ ∈ [6.6, 8.3] and at μ = 10…1000")
    func plainQAGIFails() async throws {
        let input = Gen.double(in: 6.6...8.3).map { NormalParameters(mean: $0, standardDeviation: 0.1) }
        await propertyCheck(count: 30, input: input) { params in
            failOnThrow("\(params)") { try Self.expectQAGIWrong(params) }
        }
        for mu in [10, 13.7, 20, 38.4, 50, 100, 232, 500, 1000.0] {
            try Self.expectQAGIWrong(NormalParameters(mean: mu, standardDeviation: 0.1))
        }
        let lucky = try Normal(mean: 9, standardDeviation: 0.1)
        let r = try Quadrature.qagi({ lucky.pdf($0) })
        #expect(abs(r.value - 1) <= r.error + 1e-15, "inside the lucky window QAGI is right: \(r)")
    }

    static func expectQAGIWrong(_ params: NormalParameters) throws {
        let d = try params.density()
        do {
            let r = try Quadrature.qagi({ d.pdf($0) })
            // Silently wrong: a value nowhere near 1 with a tiny claimed error.
            #expect(abs(r.value - 1) > 0.5, "QAGI got \(r) for \(params)")
        } catch is GSLError {
            // Also not 1: QAGI gave up (acceptable as "does not get 1").
        }
    }

    @Test("Known integrals: ∫₀¹ x^-1/2 = 2 (QAGS end-point singularity), QAGP at a kink, CQUAD, tails")
    func knownIntegrals() throws {
        let r1 = try Quadrature.qags({ 1 / $0.squareRoot() }, from: 0, to: 1)
        #expect(abs(r1.value - 2) <= r1.error + 4e-16)
        let r2 = try Quadrature.qagp({ abs($0 - 0.3) }, from: 0, to: 1, points: [0.3])
        #expect(abs(r2.value - 0.29) <= r2.error + 4e-16)   // 0.3²/2 + 0.7²/2
        let r3 = try Quadrature.cquad({ exp($0) }, from: 0, to: 1)
        #expect(abs(r3.value - (M_E - 1)) <= r3.error + 4e-16)
        let r4 = try Quadrature.qagiu({ exp(-$0) }, from: 2)
        #expect(abs(r4.value - exp(-2.0)) <= r4.error + 4e-16)
        let r5 = try Quadrature.qagil({ 1 / (1 + $0 * $0) }, to: 0)
        #expect(abs(r5.value - Double.pi / 2) <= r5.error + 4e-16)
    }
}
