import CGSL

/// The outcome of a numerical integral: the value, GSL's estimate of its absolute
/// error, and how many times the integrand was evaluated.
public struct QuadratureResult: Sendable, Equatable, CustomStringConvertible {
    public var value: Double
    public var error: Double
    public var evaluations: Int

    public init(value: Double, error: Double, evaluations: Int) {
        self.value = value
        self.error = error
        self.evaluations = evaluations
    }

    public static let zero = QuadratureResult(value: 0, error: 0, evaluations: 0)

    /// Sum of two integrals over adjacent pieces; errors add (a bound, not an estimate
    /// of a random error, so they are not combined in quadrature).
    public static func + (l: QuadratureResult, r: QuadratureResult) -> QuadratureResult {
        QuadratureResult(value: l.value + r.value, error: l.error + r.error,
                         evaluations: l.evaluations + r.evaluations)
    }

    public var description: String { "\(value) ± \(error) (\(evaluations) evaluations)" }
}

/// Requested accuracy of an integral: GSL stops when `error ≤ max(absolute, relative·|value|)`.
public struct QuadratureTolerance: Sendable, Equatable {
    public var absolute: Double
    public var relative: Double
    public init(absolute: Double, relative: Double) {
        self.absolute = absolute
        self.relative = relative
    }
    /// The default: 1e-12 absolute, 1e-10 relative. Divergences are O(1) numbers whose
    /// integrands are smooth after splitting at breakpoints; GSL's 21-point Gauss–Kronrod
    /// rules reach this in a few hundred evaluations, and it is three orders of magnitude
    /// above the round-off floor of summing O(100) panels, so it is attainable.
    public static let standard = QuadratureTolerance(absolute: 1e-12, relative: 1e-10)
}

/// Swift API over GSL's adaptive quadrature (QAGS, QAGP, QAGI/QAGIU/QAGIL, CQUAD).
///
/// Each call allocates its own workspace, so calls are safe in parallel. A non-finite
/// integrand value is an error (GSL would otherwise return a meaningless number), and
/// every non-zero GSL status becomes a ``GSLError`` naming the integral.
///
/// Trap avoided by ``integrate(_:from:to:breakpoints:tolerance:)``: plain QAGI maps the
/// line to (0, 1] and samples it coarsely, so a narrow density far from the origin
/// (N(6.6, 0.1²)) integrates to ≈ 0 with `GSL_SUCCESS`. Line integrals here are split at
/// the integrand's breakpoints and only the two tails go to QAGIL/QAGIU.
public enum Quadrature {
    /// Largest number of subintervals an adaptive rule may use.
    public static let subintervalLimit = 1000

    // MARK: Elementary GSL rules

    /// QAGS on a finite interval: adaptive Gauss–Kronrod (21 point) with extrapolation
    /// for integrable end-point singularities.
    ///
    /// Pass narrow interior features as breakpoints (``integrate(_:from:to:breakpoints:tolerance:)``
    /// or ``qagp(_:from:to:points:tolerance:)``): QAGS must otherwise find them by bisection,
    /// and its extrapolation can then misjudge its own error. Measured on a Lorentzian peak
    /// `δ²/(δ² + (x − c)²)` over [−1, 2] at the default tolerance (about 2·10⁵ random draws,
    /// δ ∈ [1e-4, 0.1], c ∈ [−0.5, 0.5]): every draw with δ ≥ 1.7e-4 met the request; below,
    /// about 1 draw in 400 failed — mostly as a GSL error (round-off or divergence), but
    /// twice as a value 5× and 14× further off than requested with status 0.
    public static func qags(_ f: (Double) -> Double, from a: Double, to b: Double,
                            tolerance: QuadratureTolerance = .standard) throws -> QuadratureResult {
        try qags(f, from: a, to: b, tolerance: tolerance, workspace: nil)
    }

    private static func qags(_ f: (Double) -> Double, from a: Double, to b: Double,
                             tolerance: QuadratureTolerance, workspace: Workspace?) throws -> QuadratureResult {
        try requireInterval(a, b, finite: true)
        if a == b { return .zero }
        return try withoutActuallyEscaping(f) { f in
            try call(ignoringEndPoints(f, a, b), "QAGS on [\(a), \(b)]", workspace: workspace) { fn, ws, v, e in
                gsl_integration_qags(fn, a, b, tolerance.absolute, tolerance.relative,
                                     subintervalLimit, ws, v, e)
            }
        }
    }

    /// QAGP on a finite interval with known interior singular or kink points.
    public static func qagp(_ f: (Double) -> Double, from a: Double, to b: Double,
                            points: [Double],
                            tolerance: QuadratureTolerance = .standard) throws -> QuadratureResult {
        try requireInterval(a, b, finite: true)
        if a == b { return .zero }
        var pts = [a] + points.filter { $0 > a && $0 < b }.sorted() + [b]
        pts = pts.reduce(into: [Double]()) { acc, x in if acc.last != x { acc.append(x) } }
        let n = pts.count
        return try withoutActuallyEscaping(f) { f in
            try call(ignoringEndPoints(f, a, b), "QAGP on [\(a), \(b)] with \(n - 2) interior points") { fn, ws, v, e in
                pts.withUnsafeMutableBufferPointer { p in
                    gsl_integration_qagp(fn, p.baseAddress, n, tolerance.absolute, tolerance.relative,
                                         subintervalLimit, ws, v, e)
                }
            }
        }
    }

    /// QAGI over the whole line. Prefer ``integrate(_:from:to:breakpoints:tolerance:)``,
    /// which avoids QAGI's blindness to narrow features far from 0.
    public static func qagi(_ f: (Double) -> Double,
                            tolerance: QuadratureTolerance = .standard) throws -> QuadratureResult {
        try call(f, "QAGI on (-inf, inf)") { fn, ws, v, e in
            gsl_integration_qagi(fn, tolerance.absolute, tolerance.relative, subintervalLimit, ws, v, e)
        }
    }

    /// QAGIU over [a, ∞).
    public static func qagiu(_ f: (Double) -> Double, from a: Double,
                             tolerance: QuadratureTolerance = .standard) throws -> QuadratureResult {
        try halfLine(f, end: a, upward: true, tolerance: tolerance, workspace: nil)
    }

    /// QAGIL over (−∞, b].
    public static func qagil(_ f: (Double) -> Double, to b: Double,
                             tolerance: QuadratureTolerance = .standard) throws -> QuadratureResult {
        try halfLine(f, end: b, upward: false, tolerance: tolerance, workspace: nil)
    }

    /// QAGIU over [end, ∞) when `upward`, QAGIL over (−∞, end] otherwise; `end` must be finite.
    private static func halfLine(_ f: (Double) -> Double, end: Double, upward: Bool,
                                 tolerance: QuadratureTolerance, workspace: Workspace?) throws -> QuadratureResult {
        try requireFinite(end, what: upward ? "lower limit of QAGIU" : "upper limit of QAGIL")
        let what = upward ? "QAGIU on [\(end), inf)" : "QAGIL on (-inf, \(end)]"
        return try call(f, what, workspace: workspace) { fn, ws, v, e in
            upward ? gsl_integration_qagiu(fn, end, tolerance.absolute, tolerance.relative, subintervalLimit, ws, v, e)
                   : gsl_integration_qagil(fn, end, tolerance.absolute, tolerance.relative, subintervalLimit, ws, v, e)
        }
    }

    /// CQUAD on a finite interval: doubly adaptive Clenshaw–Curtis, robust to NaN/Inf
    /// at isolated points and to end-point singularities.
    ///
    /// GSL's CQUAD has no iteration limit: where it cannot meet the tolerance it refines
    /// for ever (χ² between two concentrated betas never returned, and hung a CI run; an
    /// integrand that returns 0, or a huge constant, once a count is reached does not stop
    /// it either). It runs here through a C wrapper that stops it
    /// after `evaluationLimit` evaluations; the call then throws `GSL_EMAXITER`.
    /// The default, 10⁶ evaluations, is over 1000 times what any CQUAD call of a full test
    /// run needed (none above 1000), and a fraction of a second of work.
    public static func cquad(_ f: (Double) -> Double, from a: Double, to b: Double,
                             tolerance: QuadratureTolerance = .standard,
                             evaluationLimit: Int = 1_000_000) throws -> QuadratureResult {
        try requireInterval(a, b, finite: true)
        if a == b { return .zero }
        let ws = try GSL.allocate("a CQUAD workspace") { gsl_integration_cquad_workspace_alloc(200) }
        defer { gsl_integration_cquad_workspace_free(ws) }
        var value = 0.0, err = 0.0
        var nevals = 0
        let counted = try withGSLFunction(f, allowNonFinite: true) { fn in
            cgsl_integration_cquad_capped(fn, a, b, tolerance.absolute, tolerance.relative, ws,
                                          &value, &err, &nevals, max(1, evaluationLimit))
        }
        if counted.status == GSL_EMAXITER {
            throw GSLError(code: Int32(GSL_EMAXITER),
                           context: "CQUAD on [\(a), \(b)]: no convergence within \(evaluationLimit) integrand evaluations")
        }
        try GSL.check(counted.status, "CQUAD on [\(a), \(b)]")
        try requireFiniteResult(value, err, "CQUAD on [\(a), \(b)]")
        return QuadratureResult(value: value, error: err, evaluations: nevals)
    }

    // MARK: Line integrals split at breakpoints

    /// ∫ₐᵇ f, where `a` may be −∞ and `b` may be +∞, split at `breakpoints` (modes,
    /// component means, support ends, kinks of the integrand).
    ///
    /// Between consecutive breakpoints QAGS is used (CQUAD on a piece where QAGS reports
    /// round-off trouble); the tails beyond the outermost
    /// breakpoints go to QAGIU (mirrored for the lower one), in units of the outermost finite
    /// piece's length (see `tailScale`), each computed twice in two units and its error
    /// widened by their difference (see `crossCheckedTail`). Each piece is asked for the full relative
    /// tolerance and an equal share of the absolute one, so the summed error estimate
    /// stays within the request. Pass points at the integrand's own length scale (a centre
    /// and centre ± scale), not centres alone: two nearly equal centres give the tails a
    /// tiny unit, and QAGIL/QAGIU then fail with a round-off error.
    public static func integrate(_ f: (Double) -> Double, from a: Double = -.infinity,
                                 to b: Double = .infinity, breakpoints: [Double] = [],
                                 tolerance: QuadratureTolerance = .standard) throws -> QuadratureResult {
        if a.isNaN || b.isNaN { throw InvalidArgument("integration limits must not be NaN (got [\(a), \(b)])") }
        guard a <= b else { throw InvalidArgument("integration limits out of order: [\(a), \(b)]") }
        if a == b { return .zero }
        var cuts = breakpoints.filter { $0.isFinite && $0 > a && $0 < b }.sorted()
        cuts = cuts.reduce(into: [Double]()) { acc, x in if acc.last != x { acc.append(x) } }
        if cuts.isEmpty, !a.isFinite, !b.isFinite { cuts = [0] }
        let nodes = (a.isFinite ? [a] : []) + cuts + (b.isFinite ? [b] : [])
        let pieces = max(1, nodes.count - 1) + (a.isFinite ? 0 : 1) + (b.isFinite ? 0 : 1)
        let share = QuadratureTolerance(absolute: tolerance.absolute / Double(pieces),
                                        relative: tolerance.relative)
        // One workspace for all pieces (they run one after another): saves an allocation
        // of `subintervalLimit` records per piece.
        let ws = try Workspace()
        var total = QuadratureResult.zero
        if !a.isFinite, let first = nodes.first {
            let s = tailScale(nodes, outerGap: nodes.count >= 2 ? nodes[1] - nodes[0] : 1)
            total = total + (try crossCheckedTail(f, from: first, scale: s, upward: false, tolerance: share, workspace: ws))
        }
        for (l, r) in zip(nodes, nodes.dropFirst()) where r > l {
            do {
                total = total + (try qags(f, from: l, to: r, tolerance: share, workspace: ws))
            } catch let e as GSLError where Int(e.code) == GSL_EROUND {
                // QAGS's extrapolation gives up with "roundoff" on pieces ending at an
                // integrable singularity where the integrand is a difference of singular
                // terms (|p − q| beside two beta ends with b < 1). CQUAD (Clenshaw–Curtis,
                // doubly adaptive, tolerant of singular end points) is tried once on that
                // piece; its own error estimate is reported. Other failures propagate.
                total = total + (try cquad(f, from: l, to: r, tolerance: share))
            }
        }
        if !b.isFinite, let last = nodes.last {
            let s = tailScale(nodes, outerGap: nodes.count >= 2 ? nodes[nodes.count - 1] - nodes[nodes.count - 2] : 1)
            total = total + (try crossCheckedTail(f, from: last, scale: s, upward: true, tolerance: share, workspace: ws))
        }
        return total
    }

    /// A tail ∫ beyond `end` by QAGIU/QAGIL twice, in units of `scale` and of 1.7·`scale`:
    /// the two substitutions `x = end ± s·y` place GSL's mapped nodes differently, so the
    /// difference of the two values is an independent check of either. QAGI's own estimate
    /// can be optimistic: for N(0, 12.69²) split at 0 alone (tail unit 1) QAGIU stopped after
    /// 195 evaluations 9.1e-10 off while estimating 5e-11, and one unit 1.7× larger gets it
    /// right. The reported value is the first; its error the larger estimate plus the
    /// difference. Twice the tail evaluations, for an error that holds.
    private static func crossCheckedTail(_ f: (Double) -> Double, from end: Double, scale: Double, upward: Bool,
                                         tolerance: QuadratureTolerance, workspace: Workspace) throws -> QuadratureResult {
        let sign = upward ? 1.0 : -1.0
        func tail(_ s: Double) throws -> QuadratureResult {
            try halfLine({ y in s * f(end + sign * s * y) }, end: 0, upward: true, tolerance: tolerance, workspace: workspace)
        }
        let first = try tail(scale), second = try tail(1.7 * scale)
        return QuadratureResult(value: first.value, error: max(first.error, second.error) + abs(first.value - second.value),
                                evaluations: first.evaluations + second.evaluations)
    }

    /// `f`, except that a non-finite value exactly at an end of [a, b] counts as 0.
    /// Gauss–Kronrod nodes are interior, but in subintervals a few ulps long a node rounds
    /// onto the end; a point carries no mass, and at an integrable end-point singularity
    /// (beta with a < 1 at 0) the value there is infinite. Interior non-finite values are
    /// still errors.
    private static func ignoringEndPoints(_ f: @escaping (Double) -> Double, _ a: Double, _ b: Double) -> (Double) -> Double {
        { x in
            let y = f(x)
            return !y.isFinite && (x <= a || x >= b) ? 0 : y
        }
    }

    /// Length unit s of a semi-infinite tail piece: the larger of the outermost finite
    /// piece and the mean piece (1 when there is only one node). QAGIU maps [b, ∞) by
    /// x = b + s(1 − t)/t; with s = 1 a heavy tail starting at b = −7e5 (Student-t,
    /// ν = 1.5, its 1e-10 quantile) has all its mass at t < 1e-5 and QAGIL returns 3e-13
    /// for a mass of 1e-10 with a small error estimate. When the splitting points are
    /// quantiles of the densities, the outermost gap is of the order of the tail's own
    /// length scale, light or heavy; the mean gap guards against two nearly coincident
    /// outer nodes (two densities' equal quantiles), which would make s tiny.
    private static func tailScale(_ nodes: [Double], outerGap: Double) -> Double {
        guard nodes.count >= 2 else { return 1 }
        let mean = (nodes[nodes.count - 1] - nodes[0]) / Double(nodes.count - 1)
        let s = max(outerGap, mean)
        return s.isFinite && s > 0 ? s : 1
    }

    // MARK: Plumbing

    private static func requireInterval(_ a: Double, _ b: Double, finite: Bool) throws {
        if finite { try requireFinite(a, b, what: "integration limits [\(a), \(b)]") }
        guard a <= b else { throw InvalidArgument("integration limits out of order: [\(a), \(b)]") }
    }

    private static func requireFiniteResult(_ value: Double, _ err: Double, _ what: @autoclosure () -> String) throws {
        if !value.isFinite || !err.isFinite {
            throw GSLError(code: Int32(GSL_EDIVERGE), context: "\(what()): result \(value) ± \(err) is not finite")
        }
    }

    /// A QAG workspace owned by one caller at a time.
    private final class Workspace {
        let pointer: UnsafeMutablePointer<gsl_integration_workspace>
        init() throws {
            let ws = try GSL.allocate("a quadrature workspace") { gsl_integration_workspace_alloc(Quadrature.subintervalLimit) }
            pointer = ws
        }
        deinit { gsl_integration_workspace_free(pointer) }
    }

    /// Runs one QAG-family rule with `workspace`, or a fresh one.
    private static func call(
        _ f: (Double) -> Double, _ what: @autoclosure () -> String, workspace: Workspace? = nil,
        _ rule: (UnsafeMutablePointer<gsl_function>, UnsafeMutablePointer<gsl_integration_workspace>,
                 UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Int32
    ) throws -> QuadratureResult {
        GSL.ensureReady()
        let owned = try workspace ?? Workspace()
        let ws = owned.pointer
        var value = 0.0, err = 0.0
        let counted = try withGSLFunction(f, allowNonFinite: false) { fn in rule(fn, ws, &value, &err) }
        withExtendedLifetime(owned) {}
        if let bad = counted.nonFinite {
            throw GSLError(code: Int32(GSL_EDOM), context: "\(what()): integrand is \(bad.1) at x = \(bad.0)")
        }
        try GSL.check(counted.status, what())
        try requireFiniteResult(value, err, what())
        return QuadratureResult(value: value, error: err, evaluations: counted.evaluations)
    }
}

/// Bookkeeping carried through `gsl_function.params`.
private struct IntegrandBox {
    var f: (Double) -> Double
    var evaluations = 0
    var nonFinite: (Double, Double)? = nil
    var allowNonFinite: Bool
}

private func trampoline(_ x: Double, _ params: UnsafeMutableRawPointer?) -> Double {
    let box = params!.assumingMemoryBound(to: IntegrandBox.self)
    box.pointee.evaluations += 1
    let y = box.pointee.f(x)
    if !y.isFinite, !box.pointee.allowNonFinite {
        if box.pointee.nonFinite == nil { box.pointee.nonFinite = (x, y) }
        return 0
    }
    return y
}

/// Hands a Swift closure to GSL as a `gsl_function` for the duration of `body`.
/// The closure never escapes: GSL only calls it while `body` runs.
func withGSLFunction(
    _ f: (Double) -> Double, allowNonFinite: Bool,
    _ body: (UnsafeMutablePointer<gsl_function>) -> Int32
) throws -> (status: Int32, evaluations: Int, nonFinite: (Double, Double)?) {
    GSL.ensureReady()
    return withoutActuallyEscaping(f) { escaping in
        var box = IntegrandBox(f: escaping, allowNonFinite: allowNonFinite)
        return withUnsafeMutablePointer(to: &box) { bp in
            var fn = gsl_function(function: trampoline, params: UnsafeMutableRawPointer(bp))
            let status = withUnsafeMutablePointer(to: &fn) { body($0) }
            return (status, bp.pointee.evaluations, bp.pointee.nonFinite)
        }
    }
}
