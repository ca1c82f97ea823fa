import Foundation
import Testing
import PropertyBased
import TestSupport
import Sim

/// The Jacobi symmetric eigensolver (the Gram matrices of D10/D11) on its own, against
/// `M = Q Λ Qᵀ` with a prescribed spectrum Λ and Q a product of three Householder reflections.
/// Jacobi is backward stable: each eigenvalue errs by ≤ p(n)·ε·‖M‖₂ (p(n) = 16n here, also
/// covering the rounding of forming M), each unit eigenvector's residual ‖Mv − λv‖ by the same.
@Suite("Jacobi symmetric eigensolver against known spectra", .stepBudget)
struct SymmetricEigenTests {
    @Test("Eigenvalues and unit eigenvectors of Q Λ Qᵀ within 16n·ε·‖M‖", .shrinking(false))
    func knownSpectrum() async {
        await checkEveryCase(60, of: KnownSpectrumCase.cases(dimensions: 1...30)) { c in
            var draws = c.draws
            let n = c.n
            let values = draws.spectrum { $0 % 2 == 1 }
            let q = draws.householderProduct()
            var m = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            for i in 0..<n { for j in 0...i {
                let s = (0..<n).reduce(0.0) { $0 + q[i][$1] * values[$1] * q[j][$1] }
                m[i][j] = s; m[j][i] = s
            } }
            let e = try SymmetricEigen(m)
            let norm = values.map(abs).max()!
            let tol = 16 * Double(n) * Double.ulpOfOne * norm
            let want = values.sorted()
            for k in 0..<n {
                #expect(abs(e.values[k] - want[k]) <= tol, "\(c): λ\(k) = \(e.values[k]), want \(want[k]) (tol \(tol))")
                let v = e.vectors[k]
                let mv = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + m[i][$1] * v[$1] } }
                let res = zip(mv, v).map { $0 - e.values[k] * $1 }.reduce(0) { $0 + $1 * $1 }.squareRoot()
                #expect(res <= tol, "\(c): residual \(res) for λ\(k)")
                let len = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
                #expect(abs(len - 1) <= 16 * Double(n) * Double.ulpOfOne, "\(c): |v\(k)| = \(len)")
            }
        }
    }
}
