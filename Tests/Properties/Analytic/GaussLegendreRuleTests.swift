import Foundation
import Testing
import Analytic

/// ``GaussLegendreRule``: the n-point rule integrates xᵏ over [−1, 1] exactly for k ≤ 2n − 1
/// and not for k = 2n (so it is the Gauss rule, not a lower one); the doubling driver
/// returns analytic integrals within its error and refuses what it cannot resolve.
@Suite("Gauss–Legendre rule and its doubling driver")
struct GaussLegendreRuleTests {
    /// ∫₋₁¹ xᵏ = 2/(k + 1) for even k, 0 for odd k.
    static func monomial(_ k: Int) -> Double { k % 2 == 0 ? 2 / Double(k + 1) : 0 }

    /// Tolerance `4(n + k)ε Σ|wᵢ xᵢᵏ|`: n terms summed (nε), each a k-th power of a node
    /// that GSL tabulates to a few ε (kε relative in the power); 4 is margin for the few ε.
    @Test("exact for xᵏ, k ≤ 2n − 1, and not for x²ⁿ, for every tabulated size 1 … 1024")
    func exactness() throws {
        for n in GaussLegendreRule.tabulatedSizes {
            let rule = try GaussLegendreRule(nodes: n)
            #expect(rule.nodes.count == n && zip(rule.nodes, rule.nodes.dropFirst()).allSatisfy { $0 < $1 })
            for k in Set([0, 1, 2, 3, 5, n, 2 * n - 2, 2 * n - 1].filter { $0 >= 0 && $0 <= 2 * n - 1 }) {
                let r = rule.integrate({ pow($0, Double(k)) }, from: -1, to: 1)
                let tol = 4 * Double(n + k) * Double.ulpOfOne * r.size
                #expect(abs(r.value - Self.monomial(k)) <= tol, "n = \(n), k = \(k): \(r.value) vs \(Self.monomial(k))")
            }
            if n <= 20 {
                let k = 2 * n, r = rule.integrate({ pow($0, Double(k)) }, from: -1, to: 1)
                #expect(abs(r.value - Self.monomial(k)) > 1e3 * Double.ulpOfOne * r.size, "n = \(n) integrates x^\(k) exactly")
            }
        }
    }

    @Test("the doubling driver: e − 1 within its error; a jump and a square-root end refused at a tight tolerance; bad ranges refused")
    func driver() throws {
        let e = try GaussLegendreRule.converged({ exp($0) }, from: 0, to: 1, tolerance: 1e-15)
        #expect(abs(e.value - (M_E - 1)) <= e.error + Double.ulpOfOne * M_E, "\(e)")
        // An estimate, not a blanket: the 32-point sum's rounding bound, 31ε·(e − 1), is 1.2e-14.
        #expect(e.error < 1e-13, "\(e)")
        #expect(throws: GSLError.self) { try GaussLegendreRule.converged({ $0 < 1 / Double.pi ? 1 : 0 }, from: 0, to: 1, tolerance: 1e-12) }
        #expect(throws: GSLError.self) { try GaussLegendreRule.converged({ $0.squareRoot() }, from: 0, to: 1, tolerance: 1e-14) }
        #expect(throws: InvalidArgument.self) { try GaussLegendreRule.converged({ $0 }, from: 1, to: 0, tolerance: 1e-12) }
        #expect(throws: InvalidArgument.self) { try GaussLegendreRule.converged({ $0 }, from: 0, to: .infinity, tolerance: 1e-12) }
        #expect(throws: InvalidArgument.self) { try GaussLegendreRule.converged({ log($0) }, from: -1, to: 1, tolerance: 1e-12) }
        // Sizes GSL computes instead of tabulating (1000: weights off by 4e-10) are refused.
        for n in [0, -1, 21, 150, 1000, GaussLegendreRule.maximumNodes + 1] {
            do { _ = try GaussLegendreRule(nodes: n); Issue.record("\(n) nodes accepted") } catch {
                #expect("\(error)".contains("tabulates") && "\(error)".contains("1024"), "\(error)")
            }
        }
    }
}
