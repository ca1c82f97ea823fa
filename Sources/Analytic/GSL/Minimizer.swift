import CGSL

/// Where a minimisation ended: the point, the value there, iterations used.
public struct MinimizationResult: Sendable, Equatable, CustomStringConvertible {
    public var point: [Double]
    public var value: Double
    public var iterations: Int
    /// True when BFGS's line search could make no further progress (`GSL_ENOPROG`) before
    /// the gradient test passed: the point is the best found, callers decide (restart, or
    /// accept when the gradient is small enough for their purpose).
    public var stalled: Bool = false
    public var description: String { "min \(value) at \(point) after \(iterations) iterations\(stalled ? " (stalled)" : "")" }
}

/// Swift API over GSL's multidimensional minimisers (`gsl_multimin`).
///
/// Closures in, Swift values out; every status is checked and a non-finite objective value
/// is an error (GSL would otherwise wander on NaNs). Each call owns its minimiser, so calls
/// are safe in parallel.
public enum Minimizer {
    /// Nelder–Mead (`nmsimplex2`): derivative-free. Stops when the simplex's characteristic
    /// size is below `sizeTolerance` (an absolute length in the coordinates of `start`).
    /// The default 1e-10 is well above the ~1e-8·scale at which a smooth minimum is
    /// flat to double precision in the value, so it is reached, and tight enough for
    /// comparisons at the 1e-6 level.
    public static func simplex(_ f: ([Double]) -> Double, start: [Double], stepSizes: [Double],
                               sizeTolerance: Double = 1e-10, maxIterations: Int = 10_000) throws -> MinimizationResult {
        let n = start.count
        guard n > 0, stepSizes.count == n else {
            throw InvalidArgument("simplex minimiser: start has \(n) coordinates, step sizes \(stepSizes.count)")
        }
        try requireFinite(start + stepSizes, what: "simplex minimiser start/steps")
        let s = try GSL.allocate("a simplex minimiser") { gsl_multimin_fminimizer_alloc(cgsl_multimin_nmsimplex2(), n) }
        defer { gsl_multimin_fminimizer_free(s) }
        return try withObjective(f, gradient: nil) { bp in
            var fn = gsl_multimin_function(f: objectiveTrampoline, n: n, params: UnsafeMutableRawPointer(bp))
            let x0 = try GSLVector(start), ss = try GSLVector(stepSizes)
            try GSL.check(gsl_multimin_fminimizer_set(s, &fn, x0.pointer, ss.pointer), "starting the simplex at \(start)")
            try bp.pointee.throwIfBad("starting the simplex")
            return try iterate("simplex", from: start, maxIterations: maxIterations, objective: bp,
                               step: { gsl_multimin_fminimizer_iterate(s) }) { iter, st in
                // A failed step is an error even if the simplex happens to be small.
                guard Int(st) == GSL_SUCCESS,
                      Int(gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), sizeTolerance)) == GSL_SUCCESS
                else { return nil }
                return MinimizationResult(point: GSLVector.read(s.pointee.x, n), value: s.pointee.fval, iterations: iter)
            }
        }
    }

    /// BFGS (`vector_bfgs2`) with a gradient. Stops when |∇f| < `gradientTolerance`.
    public static func bfgs(_ f: ([Double]) -> Double, gradient: @escaping ([Double]) -> [Double],
                            start: [Double], initialStep: Double = 0.1, lineTolerance: Double = 0.1,
                            gradientTolerance: Double = 1e-9, maxIterations: Int = 10_000) throws -> MinimizationResult {
        let n = start.count
        guard n > 0 else { throw InvalidArgument("BFGS minimiser: empty start") }
        try requireFinite(start, what: "BFGS start")
        let s = try GSL.allocate("a BFGS minimiser") { gsl_multimin_fdfminimizer_alloc(cgsl_multimin_bfgs2(), n) }
        defer { gsl_multimin_fdfminimizer_free(s) }
        return try withObjective(f, gradient: gradient) { bp in
            var fn = gsl_multimin_function_fdf(f: objectiveTrampoline, df: gradientTrampoline,
                                               fdf: valueGradientTrampoline, n: n, params: UnsafeMutableRawPointer(bp))
            let x0 = try GSLVector(start)
            try GSL.check(gsl_multimin_fdfminimizer_set(s, &fn, x0.pointer, initialStep, lineTolerance), "starting BFGS at \(start)")
            try bp.pointee.throwIfBad("starting BFGS")
            return try iterate("BFGS", from: start, maxIterations: maxIterations, objective: bp,
                               step: { gsl_multimin_fdfminimizer_iterate(s) }) { iter, st in
                let converged = Int(gsl_multimin_test_gradient(s.pointee.gradient, gradientTolerance)) == GSL_SUCCESS
                guard converged || Int(st) == GSL_ENOPROG else { return nil }
                return MinimizationResult(point: GSLVector.read(s.pointee.x, n), value: s.pointee.f,
                                          iterations: iter, stalled: !converged)
            }
        }
    }

    /// Runs `body` with the objective (and gradient) boxed for GSL's trampolines: the box's
    /// address is the `params` pointer of the GSL function, valid only inside `body`.
    private static func withObjective<R>(_ f: ([Double]) -> Double, gradient: (([Double]) -> [Double])?,
                                         _ body: (UnsafeMutablePointer<ObjectiveBox>) throws -> R) throws -> R {
        try withoutActuallyEscaping(f) { f in
            var box = ObjectiveBox(f: f, grad: gradient)
            return try withUnsafeMutablePointer(to: &box, body)
        }
    }

    /// The loop both minimisers share: up to `maxIterations` calls of `step` (GSL's status
    /// back), each followed by the check of the objective's values; `done(iteration, status)`
    /// returns the result once the minimiser's own stopping test passes, and any status it
    /// leaves unanswered must be success. `name` goes into every error.
    private static func iterate(_ name: String, from start: [Double], maxIterations: Int,
                                objective: UnsafeMutablePointer<ObjectiveBox>, step: () -> Int32,
                                done: (Int, Int32) -> MinimizationResult?) throws -> MinimizationResult {
        var iter = 0
        while iter < maxIterations {
            iter += 1
            let st = step()
            try objective.pointee.throwIfBad("\(name) iteration \(iter)")
            if let result = done(iter, st) { return result }
            try GSL.check(st, "\(name) iteration \(iter) from \(start)")
        }
        throw GSLError(code: Int32(GSL_EMAXITER), context: "\(name) from \(start): no convergence in \(maxIterations) iterations")
    }
}

private struct ObjectiveBox {
    var f: ([Double]) -> Double
    var grad: (([Double]) -> [Double])?
    var bad: (point: [Double], value: Double)? = nil
    func throwIfBad(_ what: String) throws {
        if let b = bad {
            throw GSLError(code: Int32(GSL_EDOM), context: "\(what): objective or gradient is \(b.value) at \(b.point)")
        }
    }
}

private func objectiveTrampoline(_ x: UnsafePointer<gsl_vector>?, _ p: UnsafeMutableRawPointer?) -> Double {
    let box = p!.assumingMemoryBound(to: ObjectiveBox.self)
    let v = GSLVector.read(x!, x!.pointee.size)
    let y = box.pointee.f(v)
    if !y.isFinite {
        if box.pointee.bad == nil { box.pointee.bad = (v, y) }
        return .greatestFiniteMagnitude
    }
    return y
}

private func gradientTrampoline(_ x: UnsafePointer<gsl_vector>?, _ p: UnsafeMutableRawPointer?, _ g: UnsafeMutablePointer<gsl_vector>?) {
    let box = p!.assumingMemoryBound(to: ObjectiveBox.self)
    let v = GSLVector.read(x!, x!.pointee.size)
    let gr = box.pointee.grad!(v)
    for (i, gi) in gr.enumerated() {
        if !gi.isFinite, box.pointee.bad == nil { box.pointee.bad = (v, gi) }
        gsl_vector_set(g, i, gi.isFinite ? gi : 0)
    }
}

private func valueGradientTrampoline(_ x: UnsafePointer<gsl_vector>?, _ p: UnsafeMutableRawPointer?,
                                     _ f: UnsafeMutablePointer<Double>?, _ g: UnsafeMutablePointer<gsl_vector>?) {
    f!.pointee = objectiveTrampoline(x, p)
    gradientTrampoline(x, p, g)
}
