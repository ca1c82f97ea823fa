import CGSL

/// A Monte Carlo integral: the estimate, its standard error, and (VEGAS) the χ² per
/// degree of freedom between iterations (≈ 1 when the estimates are consistent).
public struct MonteCarloResult: Sendable, Equatable, CustomStringConvertible {
    public var value: Double
    public var error: Double
    public var chiSquaredPerDoF: Double?
    public var description: String { "\(value) ± \(error)" }
}

/// GSL's Monte Carlo integration over a box (`gsl_monte_plain`, `gsl_monte_vegas`),
/// drawing from a seeded ``RandomSource``-compatible mt19937 stream.
public enum MonteCarlo {
    public enum Method: Sendable { case plain, vegas }

    /// ∫_box f with `calls` evaluations. VEGAS runs a warm-up of `calls/5` (grid
    /// adaptation, discarded) and then repeats the main pass until χ²/dof is within
    /// 0.5 of 1 (at most 5 passes), as GSL's manual recommends.
    public static func integrate(_ f: ([Double]) -> Double, lower: [Double], upper: [Double],
                                 calls: Int, method: Method = .vegas, seed: UInt64) throws -> MonteCarloResult {
        let dim = lower.count
        guard dim > 0, upper.count == dim, calls >= 10 else {
            throw InvalidArgument("Monte Carlo: box of \(lower.count)/\(upper.count) dims, \(calls) calls")
        }
        try requireFinite(lower + upper, what: "Monte Carlo box")
        for i in 0..<dim where !(lower[i] < upper[i]) { throw InvalidArgument("Monte Carlo: empty box side \(lower[i])…\(upper[i])") }
        GSL.ensureReady()
        guard let rng = gsl_rng_alloc(cgsl_rng_mt19937()) else {
            throw GSLError(code: Int32(GSL_ENOMEM), context: "allocating a Monte Carlo generator")
        }
        defer { gsl_rng_free(rng) }
        gsl_rng_set(rng, UInt(truncatingIfNeeded: seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed))
        return try withoutActuallyEscaping(f) { f in
            var box = MonteBox(f: f, dim: dim)
            return try withUnsafeMutablePointer(to: &box) { bp in
                var fn = gsl_monte_function(f: monteTrampoline, dim: dim, params: UnsafeMutableRawPointer(bp))
                var xl = lower, xu = upper
                var value = 0.0, err = 0.0
                var chi: Double? = nil
                let status: Int32 = xl.withUnsafeMutableBufferPointer { lp in
                    xu.withUnsafeMutableBufferPointer { up in
                        switch method {
                        case .plain:
                            guard let s = gsl_monte_plain_alloc(dim) else { return Int32(GSL_ENOMEM) }
                            defer { gsl_monte_plain_free(s) }
                            return gsl_monte_plain_integrate(&fn, lp.baseAddress, up.baseAddress, dim, calls, rng, s, &value, &err)
                        case .vegas:
                            guard let s = gsl_monte_vegas_alloc(dim) else { return Int32(GSL_ENOMEM) }
                            defer { gsl_monte_vegas_free(s) }
                            var st = gsl_monte_vegas_integrate(&fn, lp.baseAddress, up.baseAddress, dim, max(10, calls / 5), rng, s, &value, &err)
                            if Int(st) != GSL_SUCCESS { return st }
                            for _ in 0..<5 {
                                st = gsl_monte_vegas_integrate(&fn, lp.baseAddress, up.baseAddress, dim, calls, rng, s, &value, &err)
                                if Int(st) != GSL_SUCCESS { return st }
                                chi = gsl_monte_vegas_chisq(s)
                                if abs(chi! - 1) <= 0.5 { break }
                            }
                            return st
                        }
                    }
                }
                if let b = bp.pointee.bad {
                    throw GSLError(code: Int32(GSL_EDOM), context: "Monte Carlo integrand is \(b.1) at \(b.0)")
                }
                try GSL.check(status, "Monte Carlo integration over a \(dim)-dimensional box")
                guard value.isFinite, err.isFinite else {
                    throw GSLError(code: Int32(GSL_EDIVERGE), context: "Monte Carlo result \(value) ± \(err) is not finite")
                }
                return MonteCarloResult(value: value, error: err, chiSquaredPerDoF: chi)
            }
        }
    }
}

private struct MonteBox {
    var f: ([Double]) -> Double
    var dim: Int
    var bad: ([Double], Double)? = nil
}

private func monteTrampoline(_ x: UnsafeMutablePointer<Double>?, _ dim: Int, _ p: UnsafeMutableRawPointer?) -> Double {
    let box = p!.assumingMemoryBound(to: MonteBox.self)
    let v = Array(UnsafeBufferPointer(start: x, count: dim))
    let y = box.pointee.f(v)
    if !y.isFinite {
        if box.pointee.bad == nil { box.pointee.bad = (v, y) }
        return 0
    }
    return y
}
