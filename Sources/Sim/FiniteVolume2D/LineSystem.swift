import Foundation
import Analytic

/// One grid line of the 2D semi-discretisation with the other coordinate frozen: the 1D
/// finite-volume form `dρᵢ/dt = w_{i+½}(Ψ(u_{i+1}) − Ψ(uᵢ)) − w_{i−½}(Ψ(uᵢ) − Ψ(u_{i−1}))` on
/// the line's weights and target averages, as a ``TridiagonalSystem`` for the 1D Newton
/// iteration. Each such directional sub-flow is itself a gradient flow of the same energy
/// `Σ ρd f(u)` (docs/MATH.md §4), conservative along the line, with an M-matrix implicit
/// Euler step: mass, positivity, the maximum principle and every convex functional's
/// decrease hold for every step size. Ψ below u = 0 is extended as in 1D (JS and KL
/// linearly, χ² oddly), so a Newton iterate that dips below 0 is pushed back.
struct LineSystem: TridiagonalSystem {
    var weights: [Double]
    var inverseTargets: [Double]
    let spacing: Double
    let kind: FlowDivergence

    var dimension: Int { inverseTargets.count }

    @inline(__always)
    static func psi(_ kind: FlowDivergence, _ u: Double) -> Double {
        switch kind {
        case .js: return JSPsi.psi(u)
        case .kl: return KLPsi.psi(u)
        case .chi2: return Chi2Psi.psi(u)
        }
    }

    @inline(__always)
    static func psiPrime(_ kind: FlowDivergence, _ u: Double) -> Double {
        switch kind {
        case .js: return JSPsi.psiPrime(u)
        case .kl: return KLPsi.psiPrime(u)
        case .chi2: return Chi2Psi.psiPrime(u)
        }
    }

    func evaluate(_ t: Double, _ y: [Double], rhs: inout [Double]) -> Double {
        let n = y.count
        var magnitude = 0.0
        var left = Self.psi(kind, y[0] * inverseTargets[0])
        rhs[0] = 0
        for i in 0..<(n - 1) {
            let right = Self.psi(kind, y[i + 1] * inverseTargets[i + 1])
            let flux = weights[i] * (right - left)
            rhs[i] += flux
            rhs[i + 1] = -flux
            magnitude += weights[i] * (abs(right) + abs(left))
            left = right
        }
        return 2 * Double.ulpOfOne * spacing * magnitude
    }

    func jacobian(_ t: Double, _ y: [Double], lower: inout [Double], diagonal: inout [Double],
                  upper: inout [Double]) {
        let n = y.count
        for i in 0..<n { diagonal[i] = 0 }
        for i in 0..<(n - 1) {
            let dl = Self.psiPrime(kind, y[i] * inverseTargets[i]) * inverseTargets[i]
            let dr = Self.psiPrime(kind, y[i + 1] * inverseTargets[i + 1]) * inverseTargets[i + 1]
            upper[i] = weights[i] * dr
            lower[i] = weights[i] * dl
            diagonal[i] -= weights[i] * dl
            diagonal[i + 1] -= weights[i] * dr
        }
    }

    func isAdmissible(_ y: [Double]) -> Bool {
        for v in y where !v.isFinite { return false }
        return true
    }

    /// `h Σ|vᵢ|` with h the line's cell width (the 1D L¹ norm; the stepper multiplies by the
    /// other width for the 2D one).
    func norm(_ v: [Double]) -> Double {
        var s = 0.0
        for x in v { s += abs(x) }
        return spacing * s
    }

    func project(_ y: inout [Double]) {
        for i in y.indices where y[i] < 0 { y[i] = 0 }
    }
}
