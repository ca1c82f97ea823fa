import Foundation
import Testing
import Analytic

/// ``GaussHermiteRule``: the n-point rule integrates polynomials of degree ≤ 2n − 1 exactly,
/// so its moments must equal the standard normal's, `E[Z^{2k}] = (2k − 1)!!` and
/// `E[Z^{2k+1}] = 0`, up to round-off.
@Suite("Gauss–Hermite rule for the standard normal")
struct GaussHermiteRuleTests {
    /// Tolerance for the even moments: `2(2k + 1)nε` relative — n positive terms summed
    /// (nε), each a power z^{2k} and a product (2k + 1 roundings), with nodes and weights
    /// from a backward-stable eigen-solve (a few ε relative each: on every n ≤ 300 and
    /// k ≤ 10 the measured error stayed below 0.6 of `(2k + 1)nε`, so the factor 2 is margin,
    /// not fit). Odd moments: the rule is symmetric, so they cancel to `2(2k + 1)nε·E[|Z|^{2k+1}]`.
    /// Every n from 1 to 120 (all rules the studies use) and a sample up to the largest.
    @Test("moments up to degree 2n − 1 (at most 21) are the normal's, for n = 1 … 120 and 150 … 300")
    func moments() throws {
        let counts = Array(1...120) + [150, 200, 250, GaussHermiteRule.maximumNodes]
        for n in counts {
            let r = try GaussHermiteRule(nodes: n)
            #expect(r.nodes.count == n && r.weights.count == n)
            for k in 0...10 where 2 * k <= 2 * n - 1 {
                let exact = (0..<k).reduce(1.0) { $0 * Double(2 * $1 + 1) }
                let tol = 2 * Double(2 * k + 1) * Double(n) * Double.ulpOfOne
                let even = r.expectation { pow($0, Double(2 * k)) }
                #expect(abs(even - exact) <= tol * exact, "n = \(n): E[Z^\(2 * k)] = \(even), exact \(exact)")
                if 2 * k + 1 <= 2 * n - 1 {
                    let odd = r.expectation { pow($0, Double(2 * k + 1)) }
                    let scale = r.expectation { pow(abs($0), Double(2 * k + 1)) }
                    #expect(abs(odd) <= tol * scale, "n = \(n): E[Z^\(2 * k + 1)] = \(odd)")
                }
            }
        }
    }

    @Test("node counts outside 1 … 300 are refused, naming the range")
    func refused() {
        for n in [0, -3, GaussHermiteRule.maximumNodes + 1] {
            #expect(throws: InvalidArgument.self) { try GaussHermiteRule(nodes: n) }
            do { _ = try GaussHermiteRule(nodes: n) } catch { #expect("\(error)".contains("1 … 300"), "\(error)") }
        }
    }
}
