import Foundation

/// Eigenvalues and eigenvectors of a small real symmetric matrix by cyclic Jacobi
/// rotations (pure Swift; for the p×p Gram matrices `M = E[JᵀJ]` of D10/D11, p ≤ ~50).
///
/// Sweeps until the off-diagonal Frobenius norm is below 1e-15 of the matrix's: Jacobi is
/// backward stable, so the eigenvalues are then exact to a few ulps of ‖M‖.
public struct SymmetricEigen: Sendable {
    /// Ascending eigenvalues.
    public let values: [Double]
    /// `vectors[k]` is the unit eigenvector of `values[k]`.
    public let vectors: [[Double]]

    public init(_ matrix: [[Double]]) throws {
        let n = matrix.count
        guard n > 0, matrix.allSatisfy({ $0.count == n }) else { throw InvalidArgument("eigenproblem needs a square matrix") }
        for i in 0..<n { for j in 0..<n where !(matrix[i][j].isFinite && abs(matrix[i][j] - matrix[j][i]) <= 1e-12 * (abs(matrix[i][j]) + abs(matrix[j][i]) + 1e-300)) {
            throw InvalidArgument("eigenproblem: matrix is not finite and symmetric at (\(i), \(j))")
        } }
        var a = matrix
        var v = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        let total = a.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in 0..<n where i != j { off += a[i][j] * a[i][j] } }
            if off.squareRoot() <= 1e-15 * total { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p][q] != 0 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0][$0] < a[$1][$1] }
        values = order.map { a[$0][$0] }
        vectors = order.map { k in (0..<n).map { v[$0][k] } }
    }
}
