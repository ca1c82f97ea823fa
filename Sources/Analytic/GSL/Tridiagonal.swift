import CGSL

/// Solves a tridiagonal system `A x = rhs` with GSL (`gsl_linalg_solve_tridiag`).
///
/// `diagonal` has n entries, `upper` and `lower` n − 1 (row i: lower[i−1], diagonal[i],
/// upper[i]). Throws if GSL reports a singular or malformed system; the result is checked
/// to be finite, since GSL's Thomas algorithm does not pivot.
public func solveTridiagonal(diagonal: [Double], upper: [Double], lower: [Double],
                             rhs: [Double]) throws -> [Double] {
    let n = diagonal.count
    guard n > 0, upper.count == n - 1, lower.count == n - 1, rhs.count == n else {
        throw InvalidArgument("tridiagonal system: sizes \(diagonal.count), \(upper.count), \(lower.count), \(rhs.count) do not fit")
    }
    var x = [Double](repeating: 0, count: n)
    try solveTridiagonal(diagonal: diagonal, upper: upper, lower: lower, rhs: rhs, into: &x)
    return x
}

/// In-place variant of ``solveTridiagonal(diagonal:upper:lower:rhs:)`` that writes into
/// `solution` (resized to n), avoiding an allocation per Newton iteration.
public func solveTridiagonal(diagonal: [Double], upper: [Double], lower: [Double],
                             rhs: [Double], into solution: inout [Double]) throws {
    GSL.ensureReady()
    let n = diagonal.count
    if solution.count != n { solution = [Double](repeating: 0, count: n) }
    if n == 1 {
        solution[0] = rhs[0] / diagonal[0]
        guard solution[0].isFinite else { throw GSLError(code: Int32(GSL_ESING), context: "solving a 1×1 system with pivot \(diagonal[0])") }
        return
    }
    var d = diagonal, e = upper, f = lower, b = rhs
    let status: Int32 = d.withUnsafeMutableBufferPointer { dp in
        e.withUnsafeMutableBufferPointer { ep in
            f.withUnsafeMutableBufferPointer { fp in
                b.withUnsafeMutableBufferPointer { bp in
                    solution.withUnsafeMutableBufferPointer { xp in
                        var dv = gsl_vector_view_array(dp.baseAddress, n)
                        var ev = gsl_vector_view_array(ep.baseAddress, n - 1)
                        var fv = gsl_vector_view_array(fp.baseAddress, n - 1)
                        var bv = gsl_vector_view_array(bp.baseAddress, n)
                        var xv = gsl_vector_view_array(xp.baseAddress, n)
                        return gsl_linalg_solve_tridiag(&dv.vector, &ev.vector, &fv.vector, &bv.vector, &xv.vector)
                    }
                }
            }
        }
    }
    try GSL.check(status, "solving a \(n)×\(n) tridiagonal system")
    for v in solution where !v.isFinite {
        throw GSLError(code: Int32(GSL_ESING), context: "solving a \(n)×\(n) tridiagonal system: solution is not finite (singular matrix)")
    }
}
