import Foundation
import Testing
import PropertyBased
import TestSupport
import Analytic

/// The generalised symmetric-definite eigensolver (GSL's gensymm/gensymmv) on its own,
/// against matrices whose spectra are known by construction (D6's C_P^h rests on it).
///
/// Construction: `B = L Lᵀ` with `L = D(I + N)`, D diagonal in [0.5, 2], N strictly lower with
/// entries in ±0.5/n (‖N‖₂ ≤ ‖N‖_F < 0.36, so σ_min(L) ≥ 0.64·0.5 and
/// ‖B⁻¹‖₂ ≤ 1/(0.32)²); `A = L Q Λ Qᵀ Lᵀ` with Q a product of three Householder reflections
/// and Λ prescribed. Then `A v = λ B v` has exactly the eigenvalues Λ, with `v = L⁻ᵀ Q e_k`.
///
/// Tolerance: the Cholesky reduction plus a backward-stable symmetric solve errs in each
/// eigenvalue by ≤ p(n)·ε·‖A‖₂‖B⁻¹‖₂ (the reduced matrix `L⁻¹AL⁻ᵀ` has norm ≤ ‖A‖‖B⁻¹‖);
/// with p(n) = 16n, and ‖A‖ bounded by (2·1.36)²·max|λ| plus the rounding of forming A
/// (a few n·ε of the same size, within the 16n).
@Suite("Generalised symmetric eigensolver against known spectra")
struct GeneralizedEigenTests {
    typealias Case = KnownSpectrumCase

    static func build(_ c: Case) -> (a: [Double], b: [Double], values: [Double], bound: Double, normA: Double) {
        var draws = c.draws
        let n = c.n
        // Prescribed spectrum: magnitudes spread over `spread` decades, both signs, one zero.
        var values = draws.spectrum { $0 % 3 == 0 }
        values[0] = 0
        let q = draws.householderProduct()
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            let d = 0.5 + 1.5 * draws.unit()
            l[i][i] = d
            for j in 0..<i { l[i][j] = d * (draws.unit() - 0.5) / Double(n) }
        }
        // LQ, then A = (LQ) Λ (LQ)ᵀ and B = L Lᵀ, symmetrised exactly.
        let lq = (0..<n).map { i in (0..<n).map { j in (0..<n).reduce(0.0) { $0 + l[i][$1] * q[$1][j] } } }
        var a = [Double](repeating: 0, count: n * n), b = a
        for i in 0..<n {
            for j in 0...i {
                var s = 0.0, t = 0.0
                for k in 0..<n { s += lq[i][k] * values[k] * lq[j][k]; t += l[i][k] * l[j][k] }
                a[i * n + j] = s; a[j * n + i] = s
                b[i * n + j] = t; b[j * n + i] = t
            }
        }
        let maxAbs = values.map(abs).max()!
        let normA: Double = pow(2 * 1.36, 2) * maxAbs, normBinv: Double = 1 / (0.32 * 0.32)
        return (a, b, values.sorted(), 16 * Double(n) * Double.ulpOfOne * normA * normBinv, normA)
    }

    static var cases: Generator<KnownSpectrumCase, some SendableSequenceType> {
        KnownSpectrumCase.cases(dimensions: 2...60)
    }

    @Test("Eigenvalues equal the prescribed spectrum within the backward-error bound", .shrinking(false))
    func knownSpectrum() async {
        await checkEveryCase(60, of: Self.cases) { c in
            let m = Self.build(c)
            let got = try GeneralizedEigen.eigenvalues(a: m.a, b: m.b, dimension: c.n)
            let worst = zip(got, m.values).map { abs($0 - $1) }.max()!
            #expect(worst <= m.bound, "\(c): worst eigenvalue error \(worst) > bound \(m.bound); got \(got.prefix(4)), want \(m.values.prefix(4))")
        }
    }

    /// Vectors: B-orthonormal (VᵀBV = I) and with residual ‖Av − λBv‖ small. A B-normalised v
    /// has ‖Lᵀv‖ = 1, so ‖v‖ ≤ 1/σ_min(L) ≤ 1/0.32; ‖B‖ ≤ (2·1.36)². Bounds, backward-stable:
    /// |(VᵀBV − I)ⱼₖ| ≤ 16n·ε·‖B‖‖v‖², ‖Av − λBv‖ ≤ 16n·ε·(‖A‖ + |λ|‖B‖)·‖v‖.
    @Test("Eigenvectors are B-orthonormal and satisfy A v = λ B v", .shrinking(false))
    func eigenvectors() async {
        await checkEveryCase(30, of: Self.cases) { c in
            let m = Self.build(c)
            let n = c.n
            let r = try GeneralizedEigen.eigenpairs(a: m.a, b: m.b, dimension: n)
            let normB: Double = pow(2 * 1.36, 2), normV: Double = 1 / 0.32
            let p = 16 * Double(n) * Double.ulpOfOne
            for k in 0..<n {
                let v = r.vectors[k]
                let bv = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + m.b[i * n + $1] * v[$1] } }
                let av = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + m.a[i * n + $1] * v[$1] } }
                let res = zip(av, bv).map { $0 - r.values[k] * $1 }.reduce(0) { $0 + $1 * $1 }.squareRoot()
                let tolRes = p * (m.normA + abs(r.values[k]) * normB) * normV
                #expect(res <= tolRes, "\(c): residual \(res) > \(tolRes) for λ = \(r.values[k])")
                for j in 0..<n {
                    let dot = zip(r.vectors[j], bv).reduce(0) { $0 + $1.0 * $1.1 }
                    #expect(abs(dot - (j == k ? 1 : 0)) <= p * normB * normV * normV, "\(c): (VᵀBV)[\(j)][\(k)] = \(dot)")
                }
            }
        }
    }

    @Test("A B that is not positive definite is a clear error, not an abort")
    func indefiniteB() {
        #expect(throws: (any Error).self) {
            _ = try GeneralizedEigen.eigenvalues(a: [1, 0, 0, 1], b: [1, 0, 0, -1], dimension: 2)
        }
        #expect(throws: (any Error).self) {
            _ = try GeneralizedEigen.eigenvalues(a: [1, 2, 3, 1], b: [1, 0, 0, 1], dimension: 2)
        }
    }
}
