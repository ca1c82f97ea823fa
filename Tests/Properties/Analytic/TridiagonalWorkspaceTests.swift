import Analytic
import Foundation
import PropertyBased
import Testing
import TestSupport

/// A random tridiagonal system strictly diagonally dominant by columns, the class of the
/// implicit steps' Newton matrices `a₀I − hJ` (off-diagonals ≤ 0, each column's off-diagonal
/// magnitudes plus a margin a₀ > 0 on the diagonal).
struct DominantTridiagonalCase: CustomStringConvertible, Sendable {
    let size: Int
    let lower: [Double], diagonal: [Double], upper: [Double], rhs: [Double]
    let margin: Double

    init(size n: Int, draws: [Double], logMargin: Double, logScale: Double) {
        size = n
        let a0 = pow(10, logMargin)
        margin = a0
        let scale = pow(10, logScale)
        lower = (0..<(n - 1)).map { -scale * draws[$0] }
        upper = (0..<(n - 1)).map { -scale * draws[300 + $0] }
        diagonal = (0..<n).map { j in
            // Column j holds lower[j] (row j+1) and upper[j−1] (row j−1).
            let column = (j < n - 1 ? scale * draws[j] : 0) + (j > 0 ? scale * draws[300 + j - 1] : 0)
            return (a0 + column) * (1 + draws[600 + j])
        }
        rhs = (0..<n).map { 2 * draws[900 + $0] - 1 }
    }

    var description: String { "n = \(size), margin a₀ = \(margin), diagonal[0..<3] = \(diagonal.prefix(3)), lower[0..<3] = \(lower.prefix(3))" }
}

@Suite("Tridiagonal workspace (two-sided Thomas) vs GSL")
struct TridiagonalWorkspaceTests {
    static func cases() -> Generator<DominantTridiagonalCase, some SendableSequenceType> {
        zip(Gen.int(in: 1...300), Gen.double(in: 0...1).array(of: 1200), Gen.double(in: -3...0), Gen.double(in: -2...4)).map {
            DominantTridiagonalCase(size: $0, draws: $1, logMargin: $2, logScale: $3)
        }
    }

    /// Both solvers are Gaussian elimination without pivoting (GSL top-down with divisions;
    /// the workspace from both ends with one reciprocal per row). On a tridiagonal matrix
    /// diagonally dominant by columns the computed solution solves `(A + ΔA)x̂ = b` with
    /// |ΔA| ≤ 3f(ε)|A| (|L||U| ≤ 3|A| for such matrices; f(ε) = 4ε for GSL's operations,
    /// 5ε with the extra rounding of the reciprocal): we take |ΔA| ≤ 16ε|A|. Hence
    /// ‖x̂ − x‖₁ ≤ ‖A⁻¹‖₁·16ε‖A‖₁·‖x̂‖₁ for each, with ‖A⁻¹‖₁ ≤ 1/min_j(|a_jj| − Σ_{i≠j}|a_ij|)
    /// (column dominance), and the two solutions differ by at most the sum of both bounds.
    @Test("Two-sided Thomas matches gsl_linalg_solve_tridiag to round-off on column-dominant systems")
    func matchesGSL() async {
        await checkEveryCase(50, of: Self.cases()) { c in
            let gsl = try solveTridiagonal(diagonal: c.diagonal, upper: c.upper, lower: c.lower, rhs: c.rhs)
            var workspace = TridiagonalWorkspace()
            var x = [Double]()
            try workspace.solve(diagonal: c.diagonal, upper: c.upper, lower: c.lower, rhs: c.rhs, into: &x)
            let n = c.size
            var normA = 0.0, minMargin = Double.infinity
            for j in 0..<n {
                let off = (j < n - 1 ? abs(c.lower[j]) : 0) + (j > 0 ? abs(c.upper[j - 1]) : 0)
                normA = max(normA, abs(c.diagonal[j]) + off)
                minMargin = min(minMargin, abs(c.diagonal[j]) - off)
            }
            let l1 = { (v: [Double]) in v.reduce(0) { $0 + abs($1) } }
            let bound = (1 / minMargin) * 16 * Double.ulpOfOne * normA * (l1(gsl) + l1(x))
            let difference = l1(zip(gsl, x).map { $0 - $1 })
            #expect(difference <= bound, "‖x − x_GSL‖₁ = \(difference) > \(bound)")
            // Reusing the workspace (larger work arrays from a previous call) gives the same numbers.
            var again = [Double]()
            try workspace.solve(diagonal: c.diagonal, upper: c.upper, lower: c.lower, rhs: c.rhs, into: &again)
            #expect(again == x)
        }
    }

    @Test("Mis-sized input and a zero pivot are errors, not crashes")
    func errors() {
        var workspace = TridiagonalWorkspace()
        var x = [Double]()
        #expect(throws: InvalidArgument.self) {
            try workspace.solve(diagonal: [1, 2], upper: [], lower: [0], rhs: [1, 1], into: &x)
        }
        #expect(throws: GSLError.self) {
            try workspace.solve(diagonal: [0, 1, 1], upper: [1, 0], lower: [1, 0], rhs: [1, 1, 1], into: &x)
        }
    }
}
