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
    struct Case: CustomStringConvertible {
        var n: Int
        var seed: UInt64
        var spread: Double
        var description: String { "n = \(n), seed \(seed), spread 10^\(spread)" }
    }

    static let cases = zip(Gen.int(in: 1...30), Gen.int(in: 0...Int(Int32.max)), Gen.double(in: 0...8))
        .map { Case(n: $0, seed: UInt64($1), spread: $2) }

    @Test("Eigenvalues and unit eigenvectors of Q Λ Qᵀ within 16n·ε·‖M‖", .shrinking(false))
    func knownSpectrum() async {
        await propertyCheck(count: 60, input: Self.cases) { c in
            failOnThrow("\(c)") {
                var rng = SplitMix64(state: c.seed)
                func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
                let n = c.n
                let values = (0..<n).map { k in (k % 2 == 0 ? 1.0 : -1.0) * pow(10, c.spread * unit()) }
                var q = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
                for _ in 0..<3 {
                    let v = (0..<n).map { _ in unit() - 0.5 }
                    let vv = v.reduce(0) { $0 + $1 * $1 }
                    guard vv > 0 else { continue }
                    for row in 0..<n {
                        let dot = (0..<n).reduce(0.0) { $0 + q[row][$1] * v[$1] }
                        for j in 0..<n { q[row][j] -= 2 * dot * v[j] / vv }
                    }
                }
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
}
