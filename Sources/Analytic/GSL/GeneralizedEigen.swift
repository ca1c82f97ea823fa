import CGSL

/// The generalised symmetric-definite eigenproblem `A v = λ B v` (A symmetric, B symmetric
/// positive definite), solved by GSL's `gsl_eigen_gensymm` / `gsl_eigen_gensymmv`
/// (Cholesky reduction to a standard symmetric problem). Dense: O(n³) time, O(n²) memory.
///
/// Used for the discrete Poincaré constant `C_P^h` of docs/MATH.md D6 (the finite-volume
/// Laplacian weighted by ρd at faces against the diagonal of cell masses).
public enum GeneralizedEigen {
    /// Eigenvalues in increasing order. `a` and `b` are n×n, row-major.
    public static func eigenvalues(a: [Double], b: [Double], dimension n: Int) throws -> [Double] {
        try solve(a: a, b: b, dimension: n, vectors: false).values
    }

    /// Eigenvalues in increasing order with B-orthonormal eigenvectors (`vectors[k]` belongs
    /// to `values[k]`).
    public static func eigenpairs(a: [Double], b: [Double], dimension n: Int) throws -> (values: [Double], vectors: [[Double]]) {
        try solve(a: a, b: b, dimension: n, vectors: true)
    }

    private static func solve(a: [Double], b: [Double], dimension n: Int, vectors: Bool) throws -> (values: [Double], vectors: [[Double]]) {
        GSL.ensureReady()
        guard n > 0, a.count == n * n, b.count == n * n else {
            throw InvalidArgument("generalised eigenproblem: matrices must be \(n)×\(n) (got \(a.count) and \(b.count) entries)")
        }
        for v in a + b where !v.isFinite {
            throw InvalidArgument("generalised eigenproblem: matrix entry \(v) is not finite")
        }
        for i in 0..<n {
            for j in (i + 1)..<n where a[i * n + j] != a[j * n + i] || b[i * n + j] != b[j * n + i] {
                throw InvalidArgument("generalised eigenproblem: matrices must be symmetric (entry \(i),\(j))")
            }
        }
        var am = a, bm = b
        var eval = [Double](repeating: 0, count: n)
        var evec = [Double](repeating: 0, count: vectors ? n * n : 0)
        let status: Int32 = am.withUnsafeMutableBufferPointer { ap in
            bm.withUnsafeMutableBufferPointer { bp in
                eval.withUnsafeMutableBufferPointer { ep in
                    evec.withUnsafeMutableBufferPointer { vp in
                        var av = gsl_matrix_view_array(ap.baseAddress, n, n)
                        var bv = gsl_matrix_view_array(bp.baseAddress, n, n)
                        var ev = gsl_vector_view_array(ep.baseAddress, n)
                        if vectors {
                            guard let ws = gsl_eigen_gensymmv_alloc(n) else { return Int32(GSL_ENOMEM) }
                            defer { gsl_eigen_gensymmv_free(ws) }
                            var vv = gsl_matrix_view_array(vp.baseAddress, n, n)
                            let s = gsl_eigen_gensymmv(&av.matrix, &bv.matrix, &ev.vector, &vv.matrix, ws)
                            if Int(s) != GSL_SUCCESS { return s }
                            return gsl_eigen_gensymmv_sort(&ev.vector, &vv.matrix, GSL_EIGEN_SORT_VAL_ASC)
                        } else {
                            guard let ws = gsl_eigen_gensymm_alloc(n) else { return Int32(GSL_ENOMEM) }
                            defer { gsl_eigen_gensymm_free(ws) }
                            return gsl_eigen_gensymm(&av.matrix, &bv.matrix, &ev.vector, ws)
                        }
                    }
                }
            }
        }
        try GSL.check(status, "solving a \(n)×\(n) generalised symmetric eigenproblem (is B positive definite?)")
        for v in eval where !v.isFinite {
            throw GSLError(code: Int32(GSL_EDOM), context: "generalised eigenproblem of size \(n): eigenvalue \(v) is not finite")
        }
        if !vectors { return (eval.sorted(), []) }
        // GSL returns the vectors scaled to unit Euclidean length; they are B-orthogonal (the
        // back-transformation L⁻ᵀy of orthonormal y), so dividing each by √(vᵀBv) makes them
        // B-orthonormal as documented.
        let vecs = try (0..<n).map { k -> [Double] in
            let v = (0..<n).map { evec[$0 * n + k] }
            var q = 0.0
            for i in 0..<n { for j in 0..<n { q += v[i] * b[i * n + j] * v[j] } }
            guard q > 0, q.isFinite else {
                throw GSLError(code: Int32(GSL_EDOM), context: "generalised eigenproblem of size \(n): eigenvector \(k) has B-norm² \(q) (is B positive definite?)")
            }
            let scale = 1 / q.squareRoot()
            return v.map { $0 * scale }
        }
        return (eval, vecs)
    }
}
