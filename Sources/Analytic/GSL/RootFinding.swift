import CGSL

/// Brent's method (GSL `gsl_root_fsolver_brent`) for a root of `f` bracketed by [a, b].
///
/// Stops when the bracket is smaller than `absolute + relative·|x|`; throws when the
/// bracket does not straddle a sign change or GSL fails to converge in `maxIterations`.
public func findRoot(_ f: (Double) -> Double, bracket a: Double, _ b: Double,
                     absolute: Double = 1e-14, relative: Double = 1e-14,
                     maxIterations: Int = 200) throws -> Double {
    try requireFinite(a, b, what: "root bracket [\(a), \(b)]")
    let fa = f(a), fb = f(b)
    if fa == 0 { return a }
    if fb == 0 { return b }
    guard fa.sign != fb.sign, fa.isFinite, fb.isFinite else {
        throw InvalidArgument("root bracket [\(a), \(b)] does not straddle a sign change (f = \(fa), \(fb))")
    }
    let solver = try GSL.allocate("a Brent root solver") { gsl_root_fsolver_alloc(cgsl_root_brent()) }
    defer { gsl_root_fsolver_free(solver) }
    var result = Double.nan
    let outcome = try withGSLFunction(f, allowNonFinite: false) { fn in
        var status = gsl_root_fsolver_set(solver, fn, min(a, b), max(a, b))
        if Int(status) != GSL_SUCCESS { return status }
        for _ in 0..<maxIterations {
            status = gsl_root_fsolver_iterate(solver)
            if Int(status) != GSL_SUCCESS { return status }
            result = gsl_root_fsolver_root(solver)
            let lo = gsl_root_fsolver_x_lower(solver), hi = gsl_root_fsolver_x_upper(solver)
            if Int(gsl_root_test_interval(lo, hi, absolute, relative)) == GSL_SUCCESS { return Int32(GSL_SUCCESS) }
        }
        return Int32(GSL_EMAXITER)
    }
    if let bad = outcome.nonFinite {
        throw GSLError(code: Int32(GSL_EDOM), context: "finding a root in [\(a), \(b)]: f is \(bad.1) at \(bad.0)")
    }
    try GSL.check(outcome.status, "finding a root in [\(a), \(b)]")
    return result
}
