import Foundation
import CFluxKernels

/// Ψ and Ψ' of one flow kind (with the extension below 0 of ``FiniteVolumeSystem``), for
/// specialising the hot loops.
protocol PsiKind {
    static func psi(_ u: Double) -> Double
    static func psiPrime(_ u: Double) -> Double
    /// The Lipschitz constant of Ψ' on the segment between u and v.
    static func lipschitzOfDerivative(_ u: Double, _ v: Double) -> Double
}

package enum JSPsi: PsiKind {
    /// ½log(1+u) for u ≥ 0, u/2 below (linear with the slope at 0).
    @inline(__always) package static func psi(_ u: Double) -> Double { u >= 0 ? 0.5 * Log1pKernel.log1p(u) : 0.5 * u }
    @inline(__always) package static func psiPrime(_ u: Double) -> Double { u >= 0 ? 0.5 / (1 + u) : 0.5 }

    /// Ψ(uᵢ) and Ψ'(uᵢ)·sᵢ on a whole line, uᵢ = yᵢsᵢ (s the inverse target averages), by the
    /// vectorised C loop `ganflow_js_psi_fill`: the same operations as ``psi(_:)`` and
    /// ``psiPrime(_:)`` cell by cell, so the same numbers bit for bit (tested).
    @inline(__always)
    package static func fill(_ y: UnsafeBufferPointer<Double>, _ inverse: UnsafeBufferPointer<Double>,
                     psi: UnsafeMutableBufferPointer<Double>, slope: UnsafeMutableBufferPointer<Double>) {
        guard !y.isEmpty else { return }
        ganflow_js_psi_fill(y.baseAddress!, inverse.baseAddress!, psi.baseAddress!, slope.baseAddress!, y.count)
    }

    /// |Ψ''| = ½/(1+s)² for s > 0 and 0 below: on the segment, largest at its smallest
    /// positive point (½ when the segment reaches 0, 0 when it lies below 0).
    @inline(__always) static func lipschitzOfDerivative(_ u: Double, _ v: Double) -> Double {
        if u < 0 && v < 0 { return 0 }
        let m = max(0, min(u, v))
        return 0.5 / ((1 + m) * (1 + m))
    }
}

enum KLPsi: PsiKind {
    @inline(__always) static func psi(_ u: Double) -> Double { u }
    @inline(__always) static func psiPrime(_ u: Double) -> Double { 1 }
    @inline(__always) static func lipschitzOfDerivative(_ u: Double, _ v: Double) -> Double { 0 }
}

enum Chi2Psi: PsiKind {
    @inline(__always) static func psi(_ u: Double) -> Double { u * abs(u) }
    @inline(__always) static func psiPrime(_ u: Double) -> Double { 2 * abs(u) }
    @inline(__always) static func lipschitzOfDerivative(_ u: Double, _ v: Double) -> Double { 2 }
}
