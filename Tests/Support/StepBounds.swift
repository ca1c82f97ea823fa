import Foundation
import Sim
import Verification

/// Tolerances of the per-step property tests, each derived from a Newton residual or a
/// round-off bound (see the doc comment of each).
public enum StepBounds {
    static let eps = Double.ulpOfOne

    /// `h Σ|vᵢ|`.
    public static func l1(_ v: [Double], _ h: Double) -> Double { h * v.reduce(0) { $0 + abs($1) } }

    /// What one step of a multistep formula may add to the mass drift: the Newton residual
    /// ‖r‖₁ (h-weighted) plus the round-off of the step's sums, 8Nε·h Σ(|ρⁿ⁺¹ᵢ| + |ρⁿᵢ|).
    public static func massDriftPerStep(before: [Double], after: [Double], residual: [Double], spacing h: Double) -> Double {
        let sizes = h * after.indices.reduce(0.0) { $0 + abs(after[$1]) + abs(before[$1]) }
        return l1(residual, h) + 8 * Double(after.count) * eps * sizes
    }

    /// Bound on the change of a convex functional `Φ(ρ) = h Σ ρdᵢ g(uᵢ)` over one implicit
    /// Euler step beyond its guaranteed decrease: by convexity
    /// `Φ(ρⁿ⁺¹) − Φ(ρⁿ) ≤ h Σ g'(uᵢⁿ⁺¹)(ρᵢⁿ⁺¹ − ρᵢⁿ) = −Δt·(≥ 0) + h Σ g'(uᵢⁿ⁺¹) rᵢ`, r the Newton
    /// residual `ρⁿ⁺¹ − ρⁿ − ΔtF(ρⁿ⁺¹)`. Plus the round-off of evaluating Φ twice: each of the
    /// N terms has relative error ≤ 8ε in its O(|g| + `scale`) parts and the sum adds Nε.
    public static func convexIncrease(before: [Double], after: [Double], residual: [Double],
                                      problem: FlowProblem, g: (Double) -> Double,
                                      gPrime: (Double) -> Double, scale: (Double) -> Double) -> Double {
        let h = problem.grid.spacing, inv = problem.inverseTargetAverages, rd = problem.targetAverages
        var res = 0.0, mag = 0.0
        for i in after.indices where problem.active[i] {
            let u1 = max(0, after[i] * inv[i]), u0 = max(0, before[i] * inv[i])
            if residual[i] != 0 { res += abs(gPrime(u1) * residual[i]) }
            mag += rd[i] * (abs(g(u1)) + scale(u1) + abs(g(u0)) + scale(u0))
        }
        return h * res + Double(8 + after.count) * eps * h * mag
    }

    /// `u (|ln u|) + (1 + u)|ln((1+u)/2)| + 1`: the size of the terms whose difference is f_JS(u)
    /// (f_JS near u = 1 is a small difference of O(1) terms).
    public static func jsTermScale(_ u: Double) -> Double {
        (u > 0 ? u * abs(log(u)) : 0) + (1 + u) * abs(log((1 + u) / 2)) + 1
    }

    /// Slack of the discrete D6 step bound `χ²ₙ₊₁(1 + f) ≤ χ²ₙ`, f = Δt/(C_P^h(1+M)), for a
    /// computed implicit-Euler iterate: the Newton residual term `h Σ|2(uᵢ − 1) rᵢ|`, the
    /// mass defect `f·(Σhρ − Σhρd)²` (Var = χ² − defect²), and the round-off of evaluating χ²
    /// twice, `2(8 + N)ε·h Σ ρd(u² + 1)·(1 + f)`.
    public static func chiSquaredStepSlack(density rho: [Double], residual: [Double],
                                           problem: FlowProblem, factor: Double) -> Double {
        precondition(residual.count == rho.count, "the step's residual must have been evaluated (FlowStepper verifies it by default)")
        let h = problem.grid.spacing, inv = problem.inverseTargetAverages, rd = problem.targetAverages
        var resTerm = 0.0, size = 0.0
        for i in rho.indices {
            let u = rho[i] * inv[i]
            resTerm += abs(2 * (u - 1) * residual[i])
            size += rd[i] * (u * u + 1)
        }
        let defect = h * rho.reduce(0, +) - h * rd.reduce(0, +)
        return h * resTerm + factor * defect * defect
            + 2 * Double(8 + problem.grid.cells) * eps * h * size * (1 + factor)
    }
}
