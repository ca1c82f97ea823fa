import CGSL

/// A linear least-squares fit: coefficients, their covariance (scaled by the residual
/// variance for the unweighted fit, the inverse of XᵀWX for the weighted one), χ².
public struct LeastSquaresFit: Sendable, Equatable {
    public var coefficients: [Double]
    public var covariance: [[Double]]
    public var chiSquared: Double
}

/// Linear least squares through GSL's `gsl_multifit_linear` / `gsl_multifit_wlinear`
/// (SVD based, so rank-deficient designs give the minimum-norm solution instead of NaNs).
public enum LeastSquares {
    /// Minimises `Σᵢ wᵢ (yᵢ − Σⱼ Xᵢⱼ cⱼ)²` over c; `design` is row-major, one row per
    /// observation; `weights` nil means all 1.
    public static func fit(design: [[Double]], observations y: [Double], weights: [Double]? = nil) throws -> LeastSquaresFit {
        guard let p = design.first?.count, p > 0, design.allSatisfy({ $0.count == p }) else {
            throw InvalidArgument("least squares: design rows must be non-empty and of equal length")
        }
        return try fit(rowMajor: design.flatMap { $0 }, columns: p, observations: y, weights: weights)
    }

    /// The same with the design given row-major in one flat array (n·p entries): no
    /// per-row arrays, for repeated fits (IRLS).
    public static func fit(rowMajor design: [Double], columns p: Int, observations y: [Double],
                           weights: [Double]? = nil) throws -> LeastSquaresFit {
        let n = y.count
        guard n > 0, p > 0, design.count == n * p, weights.map({ $0.count == n }) ?? true else {
            throw InvalidArgument("least squares: \(design.count) design entries, \(p) columns, \(n) observations, \(weights?.count ?? n) weights do not fit")
        }
        guard n >= p else { throw InvalidArgument("least squares: \(n) observations for \(p) coefficients") }
        try requireFinite(design, what: "least-squares design")
        try requireFinite(y + (weights ?? []), what: "least-squares observations/weights")
        if let w = weights, w.contains(where: { $0 < 0 }) { throw InvalidArgument("least squares: negative weight") }
        GSL.ensureReady()
        let X = try GSLMatrix(rows: n, columns: p, rowMajor: design)
        let yv = try GSLVector(y)
        let c = try GSLVector([Double](repeating: 0, count: p))
        let cov = try GSLMatrix(rows: p, columns: p)
        guard let ws = gsl_multifit_linear_alloc(n, p) else {
            throw GSLError(code: Int32(GSL_ENOMEM), context: "allocating a \(n)×\(p) least-squares workspace")
        }
        defer { gsl_multifit_linear_free(ws) }
        var chisq = 0.0
        if let w = weights {
            let wv = try GSLVector(w)
            try GSL.check(gsl_multifit_wlinear(X.pointer, wv.pointer, yv.pointer, c.pointer, cov.pointer, &chisq, ws),
                          "weighted least squares, \(n)×\(p)")
        } else {
            try GSL.check(gsl_multifit_linear(X.pointer, yv.pointer, c.pointer, cov.pointer, &chisq, ws),
                          "least squares, \(n)×\(p)")
        }
        let coeffs = c.values
        try requireFinite(coeffs, what: "least-squares coefficients (\(n)×\(p))")
        return LeastSquaresFit(coefficients: coeffs,
                               covariance: (0..<p).map { i in (0..<p).map { cov.get(i, $0) } },
                               chiSquared: chisq)
    }
}
