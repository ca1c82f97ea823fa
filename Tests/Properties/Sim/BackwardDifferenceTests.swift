import Foundation
import PropertyBased
import Sim
import Verification
import Testing
import TestSupport

/// A polynomial of degree ≤ k sampled at spacing h and at spacing ratio·h, both ending at 0.
struct StepChangeCase: CustomStringConvertible, Sendable {
    let order: Int
    let coefficients: [Double]
    let spacing: Double
    let ratio: Double

    var description: String { "k = \(order), coefficients \(coefficients), h = \(spacing), ratio \(ratio)" }

    func value(_ t: Double) -> Double { coefficients.reversed().reduce(0) { $0 * t + $1 } }

    /// ∇⁰…∇ᵏ of the samples p(−j·step), j = 0…k, by repeated differencing.
    func differences(step: Double) -> [Double] {
        var level = (0...order).map { value(-Double($0) * step) }
        var out = [Double]()
        for _ in 0...order {
            out.append(level[0])
            level = zip(level, level.dropFirst()).map { $0 - $1 }
        }
        return out
    }
}

@Suite("Backward-difference formulas", .stepBudget)
struct BackwardDifferenceTests {
    static func stepChanges() -> Generator<StepChangeCase, some SendableSequenceType> {
        zip(Gen.int(in: 1...BackwardDifferenceFormula.maxOrder), Gen.double(in: -1...1).array(of: 6),
            Gen.double(in: -2...0), Gen.double(in: 0.2...10)).map { k, c, logH, r in
            StepChangeCase(order: k, coefficients: Array(c.prefix(k + 1)), spacing: pow(10, logH), ratio: r)
        }
    }

    /// The rescaling of the difference table is exact for polynomials of degree ≤ k (it
    /// re-samples Newton's interpolating polynomial, which is the polynomial itself), so the
    /// rescaled ∇¹…∇ᵏ equal the differences of the samples at the new spacing up to round-off.
    /// Bound: entry (j, m) is Σᵢ (−1)ⁱC(j,i)φ_m(−i·ratio), each term a product of ≤ k+1
    /// rounded factors, summed over ≤ k+1 terms, then multiplied by ∇ᵐ and summed over k
    /// terms: relative error ≤ (2k+3)ε of the absolute sum S_j = Σ_m Σᵢ C(j,i)|φ_m(−i·ratio)||∇ᵐ|.
    /// The test's own differences carry δ_m = 2ᵐ(m+1)ε·max|p| (each level of differencing at
    /// most doubles the error and rounds once): the direct ∇ʲ carries δ_j, and the rescaled
    /// one Σ_m Σᵢ C(j,i)|φ_m(−i·ratio)|·δ_m through its inputs.
    @Test("Rescaling the table re-samples polynomials of degree ≤ k exactly (up to round-off)")
    func stepChangeIsExactOnPolynomials() async {
        await propertyCheck(count: 300, input: Self.stepChanges()) { c in
            let k = c.order
            let old = c.differences(step: c.spacing)
            let new = c.differences(step: c.ratio * c.spacing)
            let a = BackwardDifferenceFormula.stepChangeMatrix(order: k, ratio: c.ratio)
            let maxSample = (0...k).map { max(abs(c.value(-Double($0) * c.spacing)),
                                              abs(c.value(-Double($0) * c.ratio * c.spacing))) }.max()!
            for j in 1...k {
                func inputError(_ m: Int) -> Double { pow(2, Double(m)) * Double(m + 1) * Double.ulpOfOne * maxSample }
                var value = 0.0, absSum = 0.0, propagated = 0.0
                for m in 1...k {
                    value += a[j - 1][m - 1] * old[m]
                    var entryAbs = 0.0, binomial = 1.0
                    for i in 0...j {
                        var phi = 1.0
                        for q in 1...m { phi *= (-Double(i) * c.ratio + Double(q - 1)) / Double(q) }
                        entryAbs += binomial * abs(phi)
                        binomial = binomial * Double(j - i) / Double(i + 1)
                    }
                    absSum += entryAbs * abs(old[m])
                    propagated += entryAbs * inputError(m)
                }
                let bound = Double(2 * k + 3) * Double.ulpOfOne * absSum + propagated + inputError(j)
                #expect(abs(value - new[j]) <= bound, "∇^\(j): rescaled \(value), direct \(new[j]), bound \(bound)")
            }
        }
    }

    /// Mass is a linear invariant of the zero-flux scheme (1ᵀF = 0), so the variable-order
    /// formulas change it only through the Newton residual r and round-off: the masses mₙ
    /// obey the k-step recursion of y' = 0 forced by h·1ᵀrₙ (Newton's G is the formula divided
    /// by αₖ), whose response to a unit forcing settles at the constant offset αₖ ≤ α₅ = 2.28
    /// (ρ'(1) = 1). Transients of the non-principal roots and the rescalings of the table at
    /// step changes add to that; the bound 10·Σ(‖rₙ‖₁ + round-off) is a judgement over the
    /// settled value 2.28 (the largest measured ratio of drift to Σ is printed). Round-off per
    /// step: 8Nε·hΣ(|ρⁿ⁺¹| + |ρⁿ|) for the sums, as in the BDF2 test.
    @Test("Variable order (NDF): mass conserved to the Newton residuals on random flows", .shrinking(false))
    func massConservation() async {
        await checkEveryCase(15, of: RandomFlowProblems.cases()) { c in
            let p = try c.problem()
            var s = try FlowStepper(problem: p, initial: try c.initialAverages(p),
                                    stepping: .variableOrder(tolerance: 1e-7))
            s.recordsEnergy = false
            let h = p.grid.spacing
            let m0 = h * s.density.reduce(0, +)
            var total = 0.0, worst = 0.0
            while s.time < 5 {
                let before = s.density
                _ = try s.step(notBeyond: 5)
                total += StepBounds.massDriftPerStep(before: before, after: s.density, residual: s.lastResidual, spacing: h)
                let drift = abs(h * s.density.reduce(0, +) - m0)
                worst = max(worst, drift / total)
                #expect(drift <= 10 * total, "t = \(s.time): drift \(drift), Σ(‖r‖ + round-off) \(total)")
            }
            print("variable order mass drift / Σ(‖r‖ + round-off): largest \(worst)")
        }
    }
}
