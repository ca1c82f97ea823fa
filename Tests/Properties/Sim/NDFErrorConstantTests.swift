import Foundation
import PropertyBased
import Testing
import Sim
import TestSupport

/// `y' = p'(t)` for a polynomial p of degree k+1, in two uncoupled components (the second is
/// −2p): F does not depend on y, so Newton's matrix is I and one update solves a step exactly.
struct PolynomialDerivativeSystem: TridiagonalSystem {
    let coefficients: [Double]   // p(t) = Σ cₘ tᵐ
    var dimension: Int { 2 }
    static let scales: [Double] = [1, -2]

    func value(_ t: Double) -> Double { coefficients.reversed().reduce(0) { $0 * t + $1 } }
    func derivative(_ t: Double) -> Double {
        var s = 0.0
        for m in stride(from: coefficients.count - 1, through: 1, by: -1) { s = s * t + Double(m) * coefficients[m] }
        return s
    }
    func evaluate(_ t: Double, _ y: [Double], rhs: inout [Double]) -> Double {
        let d = derivative(t)
        for i in 0..<2 { rhs[i] = Self.scales[i] * d }
        return 0
    }
    func jacobian(_ t: Double, _ y: [Double], lower: inout [Double], diagonal: inout [Double], upper: inout [Double]) {
        for i in diagonal.indices { diagonal[i] = 0 }
        for i in lower.indices { lower[i] = 0; upper[i] = 0 }
    }
    func isAdmissible(_ y: [Double]) -> Bool { y.allSatisfy(\.isFinite) }
    func norm(_ v: [Double]) -> Double { v.reduce(0) { max($0, abs($1)) } }
    func project(_ y: inout [Double]) {}
}

struct NDFStepCase: CustomStringConvertible, Sendable {
    let order: Int
    let coefficients: [Double]
    let time: Double
    let step: Double
    var description: String { "k = \(order), p coefficients \(coefficients), tₙ = \(time), h = \(step)" }
}

/// The error constants of the k-step BDF and NDF formulas (``BackwardDifferenceFormula``,
/// ``VariableOrderBDF``), pinned against values derived here independently of the code.
///
/// **Derived.** Write the formula as `Σ_{j=1}^{k} (1/j)∇ʲyₙ₊₁ − κₖγₖ(yₙ₊₁ − y⁽⁰⁾) = hF`
/// (Shampine & Reichelt 1997), y⁽⁰⁾ the extrapolation of the last k+1 values. For a polynomial
/// solution of degree k+1, `hD = −ln(1 − ∇) = Σ_{j≥1} ∇ʲ/j` terminates, ∇^{k+1}y = h^{k+1}y^{(k+1)}
/// exactly and `y − y⁽⁰⁾ = ∇^{k+1}y`, so the exact solution leaves the residual
/// `τ = −(1/(k+1) + κₖγₖ) h^{k+1} y^{(k+1)}` exactly; with F independent of y the computed
/// yₙ₊₁ solves the formula with residual 0, whose coefficient of yₙ₊₁ is `αₖ = (1 − κₖ)γₖ`. So
/// one step from exact history has the error, exactly (up to round-off),
///
/// `yₙ₊₁ − y(tₙ₊₁) = Ĉₖ h^{k+1} y^{(k+1)}`, `Ĉₖ = (κₖγₖ + 1/(k+1)) / ((1 − κₖ)γₖ)`.
///
/// For the BDFs (κ = 0) `Ĉₖ = 1/((k+1)γₖ)` = 1/2, 2/9, 3/22, 12/125, 10/137 (rational, from
/// γₖ = 1, 3/2, 11/6, 25/12, 137/60); for the NDFs with the κ of Shampine & Reichelt's Table 1
/// (−0.1850, −1/9, −0.0823, −0.0415, 0), typed here from the paper, not read from the code.
/// A coefficient changed by δ moves Ĉₖ by O(δ), far outside the round-off band of ~1e-9
/// relative that this test allows.
@Suite("NDF/BDF error constants pinned against independently derived values", .stepBudget)
struct NDFErrorConstantTests {
    /// γₖ as exact fractions (numerator, denominator).
    static let gammaFractions: [(Double, Double)] = [(0, 1), (1, 1), (3, 2), (11, 6), (25, 12), (137, 60)]
    /// κₖ of the NDFs from Shampine & Reichelt (1997), Table 1.
    static let ndfKappa: [Double] = [0, -0.1850, -1.0 / 9, -0.0823, -0.0415, 0]
    /// Ĉₖ of the BDFs as exact fractions 1/((k+1)γₖ).
    static let bdfConstants: [Double] = [0, 1.0 / 2, 2.0 / 9, 3.0 / 22, 12.0 / 125, 10.0 / 137]

    static func expectedConstant(_ formula: BackwardDifferenceFormula, _ k: Int) -> Double {
        switch formula {
        case .bdf: return bdfConstants[k]
        case .ndf:
            let gamma = gammaFractions[k].0 / gammaFractions[k].1
            let kappa = ndfKappa[k]
            return (kappa * gamma + 1 / Double(k + 1)) / ((1 - kappa) * gamma)
        }
    }

    /// The coefficients the controller uses, against the same independent values: γₖ, αₖ and
    /// the error-estimate constant `κₖγₖ + 1/(k+1)` (to a few ε).
    @Test("γₖ, αₖ and the error-estimate constant equal their exact values, k = 1…5",
          arguments: BackwardDifferenceFormula.allCases)
    func coefficients(formula: BackwardDifferenceFormula) {
        for k in 1...BackwardDifferenceFormula.maxOrder {
            let gamma = Self.gammaFractions[k].0 / Self.gammaFractions[k].1
            let kappa = formula == .ndf ? Self.ndfKappa[k] : 0
            let tol = 8 * Double.ulpOfOne
            #expect(abs(BackwardDifferenceFormula.gamma(k) - gamma) <= tol * gamma, "γ_\(k) = \(BackwardDifferenceFormula.gamma(k)), exact \(gamma)")
            #expect(abs(formula.kappa(k) - kappa) <= tol, "\(formula) κ_\(k) = \(formula.kappa(k)), published \(kappa)")
            let alpha = (1 - kappa) * gamma
            #expect(abs(formula.alpha(k) - alpha) <= tol * alpha, "\(formula) α_\(k) = \(formula.alpha(k)), exact \(alpha)")
            let estimate = kappa * gamma + 1 / Double(k + 1)
            #expect(abs(formula.errorConstant(k) - estimate) <= tol, "\(formula) error-estimate constant \(k): \(formula.errorConstant(k)), exact \(estimate)")
        }
    }

    static func cases() -> Generator<NDFStepCase, some SendableSequenceType> {
        zip(Gen.int(in: 1...BackwardDifferenceFormula.maxOrder), Gen.double(in: -1...1).array(of: 7),
            Gen.double(in: -1...1), Gen.double(in: 0.1...0.5)).map { k, c, t, h in
            // Leading coefficient kept away from 0 so that the error is well above round-off.
            var coefficients = Array(c.prefix(k + 2))
            coefficients[k + 1] = coefficients[k + 1] >= 0 ? 0.5 + coefficients[k + 1] : -0.5 + coefficients[k + 1]
            return NDFStepCase(order: k, coefficients: coefficients, time: t, step: h)
        }
    }

    /// One constant step of VariableOrderBDF (fixed order k, exact history) on a polynomial of
    /// degree k+1 has error `Ĉₖ h^{k+1} p^{(k+1)}` in each component (scaled by 1 and −2).
    /// Round-off band: every value of the history is ≤ S = Σ|cₘ|(|t| + kh)ᵐ·2 ≤ 2·Σ|cₘ|·3.5ᵐ; the
    /// table of differences amplifies its ε·S rounding by at most 2^{k+2} and the formula sums
    /// k+2 such terms with coefficients ≤ γ₅/α₅ + 1 < 3, Newton stops at its fixed tolerance
    /// 1e-13 (absolute, and F is exact here so one update lands within a few ε): 
    /// `|error − expected| ≤ 1e-13 + 3(k+2)·2^{k+2}·4ε·S + 8ε|expected|`. The expected error is
    /// ≥ Ĉ₅·0.1⁶·720·0.5 ≈ 2.6e-5, so the band is ~1e-8 of it or less: a coefficient wrong in
    /// its fourth digit fails.
    @Test("One step on a degree-(k+1) polynomial: error = Ĉₖ h^{k+1} y^{(k+1)} exactly, BDF and NDF, k = 1…5",
          arguments: BackwardDifferenceFormula.allCases)
    func errorConstant(formula: BackwardDifferenceFormula) async {
        await propertyCheck(count: 100, input: Self.cases()) { c in
            failOnThrow("\(formula) \(c)") {
                let k = c.order
                let sys = PolynomialDerivativeSystem(coefficients: c.coefficients)
                let history = (0...k).map { j -> [Double] in
                    let v = sys.value(c.time - Double(j) * c.step)
                    return PolynomialDerivativeSystem.scales.map { $0 * v }
                }
                var it = try VariableOrderBDF(system: sys, history: history, time: c.time, step: c.step, formula: formula)
                let r = try it.step(notBeyond: c.time + c.step)
                #expect(r.time == c.time + c.step, "the fixed step landed at \(r.time)")
                var factorial = 1.0
                for m in 1...(k + 1) { factorial *= Double(m) }
                let derivative = factorial * c.coefficients[k + 1]
                let constant = Self.expectedConstant(formula, k)
                let scale = 2 * c.coefficients.enumerated().reduce(0) { $0 + abs($1.element) * pow(3.5, Double($1.offset)) }
                let exactValue = sys.value(c.time + c.step)
                for (i, s) in PolynomialDerivativeSystem.scales.enumerated() {
                    let expected = s * constant * pow(c.step, Double(k + 1)) * derivative
                    let error = it.state[i] - s * exactValue
                    let band = 1e-13 + 3 * Double(k + 2) * pow(2, Double(k + 2)) * 4 * Double.ulpOfOne * scale
                        + 8 * Double.ulpOfOne * abs(expected)
                    #expect(abs(error - expected) <= band,
                            "\(formula)\(k) component \(i): local error \(error), expected Ĉ_\(k)·h^\(k + 1)·y^(\(k + 1)) = \(expected) (Ĉ = \(constant)); measured constant \(error / (s * pow(c.step, Double(k + 1)) * derivative))")
                }
            }
        }
    }
}
