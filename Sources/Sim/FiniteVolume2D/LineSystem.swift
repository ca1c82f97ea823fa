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
package struct LineSystem: TridiagonalSystem {
    package var weights: [Double]
    package var inverseTargets: [Double]
    package let spacing: Double
    package let kind: FlowDivergence

    package init(weights: [Double], inverseTargets: [Double], spacing: Double, kind: FlowDivergence) {
        self.weights = weights; self.inverseTargets = inverseTargets; self.spacing = spacing; self.kind = kind
    }

    package var dimension: Int { inverseTargets.count }

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

    package func evaluate(_ t: Double, _ y: [Double], rhs: inout [Double]) -> Double {
        let n = y.count
        return withPotentials(y) { psi, _ in
            weights.withUnsafeBufferPointer { weights in
            rhs.withUnsafeMutableBufferPointer { rhs in
                var magnitude = 0.0
                var left = psi[0]
                rhs[0] = 0
                for i in 0..<(n - 1) {
                    let right = psi[i + 1]
                    let flux = weights[i] * (right - left)
                    rhs[i] += flux
                    rhs[i + 1] = -flux
                    magnitude += weights[i] * (abs(right) + abs(left))
                    left = right
                }
                return 2 * Double.ulpOfOne * spacing * magnitude
            }}
        }
    }

    package func jacobian(_ t: Double, _ y: [Double], lower: inout [Double], diagonal: inout [Double],
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

    /// Newton's system `G(y) = a₀y + c − hF(y)` and its matrix `a₀I − h∂F/∂y` in one pass
    /// over the line: Ψ(uᵢ) and Ψ'(uᵢ) once per cell, where the protocol's default evaluates
    /// F and the Jacobian separately (Ψ' twice per cell) and norms in further passes. Every
    /// sum and product is formed in the default's order, so the results are the same bit for
    /// bit (`LineSystemTests` compares the two on random lines).
    package func newtonSystem(_ t: Double, _ y: [Double], a0: Double, constant: [Double], step h: Double,
                      rhs: inout [Double], residual: inout [Double], lower: inout [Double],
                      diagonal: inout [Double], upper: inout [Double]) -> (norm: Double, roundOff: Double) {
        let n = y.count
        return withPotentials(y) { psi, slope in
            y.withUnsafeBufferPointer { y in
            constant.withUnsafeBufferPointer { constant in
            weights.withUnsafeBufferPointer { weights in
            rhs.withUnsafeMutableBufferPointer { rhs in
            residual.withUnsafeMutableBufferPointer { residual in
            lower.withUnsafeMutableBufferPointer { lower in
            diagonal.withUnsafeMutableBufferPointer { diagonal in
            upper.withUnsafeMutableBufferPointer { upper in
                var left = psi[0], dLeft = slope[0]
                var fPrevious = 0.0, diagonalSum = 0.0
                var magnitude = 0.0, residualSum = 0.0, ySum = 0.0, constantSum = 0.0
                for i in 0..<(n - 1) {
                    let right = psi[i + 1], dRight = slope[i + 1]
                    let w = weights[i]
                    let flux = w * (right - left)
                    let f = fPrevious + flux
                    rhs[i] = f
                    magnitude += w * (abs(right) + abs(left))
                    let g = a0 * y[i] + constant[i] - h * f
                    residual[i] = g
                    residualSum += abs(g); ySum += abs(y[i]); constantSum += abs(constant[i])
                    diagonal[i] = a0 - h * (diagonalSum - w * dLeft)
                    lower[i] = (w * dLeft) * -h
                    upper[i] = (w * dRight) * -h
                    fPrevious = -flux
                    diagonalSum = 0 - w * dRight
                    left = right; dLeft = dRight
                }
                let g = a0 * y[n - 1] + constant[n - 1] - h * fPrevious
                rhs[n - 1] = fPrevious
                residual[n - 1] = g
                residualSum += abs(g); ySum += abs(y[n - 1]); constantSum += abs(constant[n - 1])
                diagonal[n - 1] = a0 - h * diagonalSum
                let floor = 2 * Double.ulpOfOne * spacing * magnitude
                let roundOff = 8 * (h * floor + Double.ulpOfOne * (a0 * (spacing * ySum) + spacing * constantSum))
                return (spacing * residualSum, roundOff)
            }}}}}}}}
        }
    }

    /// `body` with Ψ(uᵢ) and Ψ'(uᵢ)/ρdᵢ of every cell, in scratch that lives for the call.
    private func withPotentials<R>(_ y: [Double],
                                   _ body: (UnsafeMutableBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> R) -> R {
        let n = y.count
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * n) { scratch in
            let psi = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
            let slope = UnsafeMutableBufferPointer(rebasing: scratch[n..<(2 * n)])
            fill(y, psi: psi, slope: slope)
            return body(psi, slope)
        }
    }

    /// Ψ(uᵢ) and Ψ'(uᵢ)/ρdᵢ of every cell (JS through the vector kernel, ``JSPsi/fill(_:_:psi:slope:)``).
    private func fill(_ y: [Double], psi: UnsafeMutableBufferPointer<Double>, slope: UnsafeMutableBufferPointer<Double>) {
        y.withUnsafeBufferPointer { yp in
            inverseTargets.withUnsafeBufferPointer { ip in
                if kind == .js { JSPsi.fill(yp, ip, psi: psi, slope: slope); return }
                for i in 0..<yp.count {
                    let u = yp[i] * ip[i]
                    psi[i] = Self.psi(kind, u); slope[i] = Self.psiPrime(kind, u) * ip[i]
                }
            }
        }
    }

    package func isAdmissible(_ y: [Double]) -> Bool {
        for v in y where !v.isFinite { return false }
        return true
    }

    /// `h Σ|vᵢ|` with h the line's cell width (the 1D L¹ norm; the stepper multiplies by the
    /// other width for the 2D one).
    package func norm(_ v: [Double]) -> Double {
        var s = 0.0
        for x in v { s += abs(x) }
        return spacing * s
    }

    package func project(_ y: inout [Double]) {
        for i in y.indices where y[i] < 0 { y[i] = 0 }
    }
}
