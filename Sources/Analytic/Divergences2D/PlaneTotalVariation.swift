import Foundation

/// TV(P, Q) = ∫∫ (p − q)₊ dy dx between two smooth 2D densities (normal2, rings and their
/// mixtures: ``accepts(_:)``), column by column, with the inner integral in closed form.
///
/// At each x the line is cut where p − q changes sign; on each piece J between two cuts
/// p − q keeps one sign, so the column integral is
///
///     c(x) = Σ_J max(0, P_x(J) − Q_x(J)),   P_x(J) = ∫_J p(x, y) dy,
///
/// with P_x(J) and Q_x(J) from ``PlaneDensity/columnMass(atX:from:to:)`` (exact up to
/// round-off). The inner integral thus has no quadrature error and no kink to resolve: an
/// extra cut where the sign does not change costs nothing (both terms then share a sign).
///
/// **Finding the cuts** (``column(_:_:atX:from:to:)``). The sign of d = ln p − ln q is
/// sampled at the pair's 2D split points at x (``PlaneIntegrationNodes``: every leaf's scale
/// points out to 40σ; points a few ulps apart merged), each gap divided into
/// ``subdivisions``. A sign change between neighbours is refined to a few ulps (Illinois
/// regula falsi). Where p = q is tangent to the column a pair of cuts can lie between two
/// samples: such a lens sits around a local extremum of d, so wherever three neighbouring
/// samples of one sign turn (d falls then rises inside a positive run, or rises then falls
/// inside a negative one) the extremum is searched for (golden section to 1e-6 of the
/// bracket) and, if d changes sign there, both cuts are refined. Gaps far below the
/// column's largest density are not searched; what that can cost is bounded and added to
/// the error (see ``column(_:_:atX:from:to:)``). (An iterated Gauss–Kronrod rule on
/// |p − q| missed such lenses and printed errors thousands of times too small.)
///
/// **The outer integral** of c(x) is continuous, with behaviour like |x − x₀|^{3/2} where a
/// lens opens. Those x₀, where the number of cuts changes, are located (sampling and
/// bisection) and added to every leaf's split points; QAGS with extrapolation then
/// integrates each piece, twice: on the pieces and on their halves, the error being at
/// least the difference plus the second estimate.
///
/// **Error** of one route = the outer rule's error + 2·max_x(e(x)/(P_x + Q_x)(whole line)),
/// where e(x) sums the column masses' error bounds and the bound of the unsearched gaps
/// (∫ e ≤ that ratio times ∫(p_X + q_X) = 2).
/// Not covered by it: a lens whose d turns twice between two samples (within a third of a
/// gap between split points, σ/6 near a normal leaf's mode), or an opening and closing of a
/// lens between two of the ``openingSamples`` columns per gap along x (σ/8 near a leaf's
/// mode). Hence **two routes**: ``tv(p:q:tolerance:)`` runs the rule by columns and by rows
/// (on the densities with their axes swapped), where those blind spots lie elsewhere, and
/// prints their mean with half their difference added to the larger error.
///
/// Tested against the Gaussian rule (through the conic p = q) and SciPy references, and
/// under a common affine map of both densities and a ring's rotation symmetry
/// (PlaneTotalVariationTests); derived for ganflow, not from the paper.
public enum PlaneTotalVariation {
    /// Samples of the sign of ln p − ln q per gap between two split points.
    public static let subdivisions = 3

    /// Whether the column rule takes `d`: normal2, rings and mixtures of them (smooth and
    /// positive everywhere). Densities with 1D factors or truncations are not taken: their
    /// non-smooth points (poles, jumps, ends like x^0.2) can sit next to an opening of
    /// p = q, and there the outer rule's estimate was seen 10× optimistic (a beta factor's
    /// x^0.2 end 3e-9 from an opening: 9.5e-11 off against ± 9.6e-12).
    public static func accepts(_ d: any PlaneDensity) -> Bool {
        switch d {
        case is Normal2D, is Ring2D: return true
        case let m as Mixture2D: return zip(m.weights, m.components).allSatisfy { $0.0 == 0 || accepts($0.1) }
        default: return false
        }
    }

    /// TV(P, Q) by columns and by rows, with its error; throws for a pair it does not take
    /// (``accepts(_:)``) or beyond the evaluation budget.
    ///
    /// The two routes integrate over x then y and over y then x: their cuts, lens searches
    /// and outer pieces differ (a lens opens where p = q has a vertical tangent for one,
    /// a horizontal one for the other). The value is their mean and the error
    /// `|v_x − v_y|/2 + max(e_x, e_y)`: if either route's own error bounds its distance to
    /// TV, so does this one. (On a ring–mixture pair, before the opening search found every
    /// event between two samples, the rows route alone was 4.8e-11 from a SciPy reference
    /// against its ± 7.4e-12, and the columns route within 4e-14 of it.)
    public static func tv(p: any PlaneDensity, q: any PlaneDensity,
                          tolerance: QuadratureTolerance = .standard) throws -> DivergenceResult {
        guard accepts(p), accepts(q) else {
            throw DivergenceFailure(kind: .tv, reason: "in 2D, tv is computed for two Gaussians, two products with one factor in common, and by columns for pairs of normal2, ring and their mixtures; with 1D factors or truncations the non-smooth points of the densities can sit next to where the curve p = q turns, where the outer rule's error estimate was seen 10× too small, so no value is printed")
        }
        let columns = try byColumns(p: p, q: q, tolerance: tolerance)
        let rows = try byColumns(p: try transposed(p), q: try transposed(q), tolerance: tolerance)
        return try combine(columns: columns, rows: rows)
    }

    /// The two routes' mean with error `|v_x − v_y|/2 + max(e_x, e_y)` plus its rounding.
    public static func combine(columns: DivergenceResult, rows: DivergenceResult) throws -> DivergenceResult {
        let value = 0.5 * (columns.value + rows.value)
        let error = 0.5 * abs(columns.value - rows.value) + max(columns.error, rows.error)
            + 2 * Double.ulpOfOne * value
        guard error.isFinite else {
            throw DivergenceFailure(kind: .tv, reason: "the column and row rules gave \(columns.value) ± \(columns.error) and \(rows.value) ± \(rows.error): refused")
        }
        return DivergenceResult(kind: .tv, value: value, error: error, evaluations: columns.evaluations + rows.evaluations)
    }

    /// The density with its axes swapped, (x, y) ↦ (y, x), for the densities ``accepts(_:)``
    /// takes: a normal2 law exactly (its parameters swapped), a ring as the equal mixture of
    /// its components with swapped centres (the same numbers the ring sums), a mixture
    /// component by component.
    public static func transposed(_ d: any PlaneDensity) throws -> any PlaneDensity {
        switch d {
        case let n as Normal2D:
            return try Normal2D(mx: n.mean.y, my: n.mean.x, sx: n.standardDeviations.y, sy: n.standardDeviations.x,
                                r: n.correlation)
        case let r as Ring2D:
            let parts: [any PlaneDensity] = try r.centers.map {
                try Normal2D(mx: $0.y, my: $0.x, sx: r.sigma, sy: r.sigma, r: 0)
            }
            return try Mixture2D(weights: Array(repeating: 1 / Double(r.components), count: r.components), components: parts)
        case let m as Mixture2D:
            return try Mixture2D(weights: m.weights, components: try m.components.map(transposed))
        default:
            throw DivergenceFailure(kind: .tv, reason: "the column rule cannot swap the axes of \(d.spec.prefix(80))")
        }
    }

    /// One route: ∫ c(x) dx over the columns of the pair, with its own error (the rows route
    /// is this on ``transposed(_:)`` densities).
    ///
    /// `leafBudget` is the budget of leaf-density evaluations both routes share (default
    /// ``PlaneDivergences/leafEvaluationLimit``, as in ``tv(p:q:tolerance:)``); a route past
    /// half of it throws, naming it.
    public static func byColumns(p: any PlaneDensity, q: any PlaneDensity, tolerance: QuadratureTolerance,
                                 leafBudget: Int = PlaneDivergences.leafEvaluationLimit) throws -> DivergenceResult {
        let densities = [p, q]
        let xs = try PlaneIntegrationNodes.xNodes(for: densities, multiples: outerMultiples)
        // Half the kind's budget per route, shared by the opening search and the outer rule.
        let limit = leafBudget / (2 * (PlaneDivergences.leaves(p) + PlaneDivergences.leaves(q)))
        let opened = try openings(p, q, nodes: xs, from: -.infinity, to: .infinity, limit: limit, leafBudget: leafBudget)
        let xPieces = AnchoredQuadrature.pieces(from: -.infinity, to: .infinity, nodes: IntegrationNodes.sortedUnique(xs + opened.points))
        nonisolated(unsafe) var failure: Error? = nil
        nonisolated(unsafe) var worstRatio = 0.0
        nonisolated(unsafe) var evaluations = opened.evaluations
        let integrand: (Double, Double) -> Double = { a, o in
            if failure != nil { return 0 }
            do {
                guard evaluations <= limit else { throw exhausted(limit, leafBudget) }
                let c = try Self.column(p, q, atX: a + o, from: -.infinity, to: .infinity)
                evaluations += c.evaluations
                if c.total > 0 { worstRatio = max(worstRatio, c.error / c.total) }
                return c.value
            } catch {
                failure = error
                return 0
            }
        }
        // The outer rule twice, on the pieces and on their halves (other panels, other rule
        // points); the error is at least their difference plus the second's estimate. One
        // estimate alone fell short by 10 % on a random pair (1.25e-11 between the two axis
        // orders against 1.12e-11 printed).
        let first = try AnchoredQuadrature.integrate(integrand, over: xPieces, tolerance: tolerance)
        let second = try AnchoredQuadrature.integrate(integrand, over: Divergences.bisected(xPieces), tolerance: tolerance)
        if let e = failure { throw e }
        let outer = QuadratureResult(value: second.value, error: max(first.error, abs(second.value - first.value) + second.error),
                                     evaluations: first.evaluations + second.evaluations)
        let error = outer.error + 2 * worstRatio
        let value = outer.value
        guard value.isFinite, error.isFinite, value >= -error, value <= 1 + error else {
            throw DivergenceFailure(kind: .tv, reason: "the column rule gave \(value) ± \(error), outside [0, 1]: refused")
        }
        return DivergenceResult(kind: .tv, value: min(max(value, 0), 1), error: error, evaluations: outer.evaluations + evaluations)
    }

    /// Multiples of σ around each normal leaf that split the outer integral: fewer than the
    /// iterated rule's (c(x) is smooth between openings, and every column costs a search
    /// of the whole line), out to 40σ where the columns underflow.
    public static let outerMultiples: [Double] = [0, 1, 2, 4, 8, 40]

    /// Columns sampled between two x split points, for the openings.
    public static let openingSamples = 8

    /// Where the number of cuts changes along x (a lens of p > q or p < q opens or closes,
    /// tangent to the columns): c(x) behaves like |x − x₀|^{3/2} there, which QAGS's
    /// extrapolation resolves at the end of a piece but its estimate misjudged inside one
    /// (7.6e-11 off against ± 5.3e-12 for a ring of 3 against a correlated normal). Found
    /// by sampling ``openingSamples`` columns per gap of the split points and bisecting every
    /// change of the count to 1e-10 of the gap (an opening δ inside a piece perturbs its
    /// rule at the level of δ^{5/2}), then the rest of the sample gap for further changes.
    static func openings(_ p: any PlaneDensity, _ q: any PlaneDensity, nodes: [Double],
                         from lo: Double, to hi: Double, limit: Int, leafBudget: Int) throws -> (points: [Double], evaluations: Int) {
        var points = [Double](), evaluations = 0
        func count(_ x: Double) throws -> Int {
            guard evaluations <= limit else { throw exhausted(limit, leafBudget) }
            let c = try column(p, q, atX: x, from: lo, to: hi)
            evaluations += c.evaluations
            return c.cuts
        }
        for (l, r) in zip(nodes, nodes.dropFirst()) where r > l {
            var previous = (x: l, n: try count(l))
            for k in 1...openingSamples {
                let x = k == openingSamples ? r : l + (r - l) * Double(k) / Double(openingSamples)
                let n = try count(x)
                // Bisection finds one change of the count; while the count right of it still
                // differs from the sample's, another event lies between them and is sought
                // in turn (two lenses of a ring closed 2.3e-4 apart between two samples, and
                // the second, missed, left the rule 4.8e-11 off against ± 7.4e-12).
                var a = previous
                let end = (x: x, n: n)
                while a.n != end.n {
                    var b = end
                    while b.x - a.x > 1e-10 * (r - l) {
                        let m = a.x + 0.5 * (b.x - a.x)
                        let nm = try count(m)
                        if nm == a.n { a = (m, nm) } else { b = (m, nm) }
                    }
                    points.append(a.x + 0.5 * (b.x - a.x))
                    a = b
                }
                previous = end
            }
        }
        return (points, evaluations)
    }

    /// One column: c(x) = ∫ (p − q)₊ dy over [lo, hi], its error bound, the column masses
    /// of both densities (the error's scale), the pair evaluations spent and the number of
    /// cuts found.
    ///
    /// The line is split at the pair's split points. A gap whose ends both lie below e^−50
    /// of the column's largest density at a split point is *dead*: it is not searched for
    /// cuts, and since its true share ∫(p − q)₊ lies between max(0, P − Q) and P, taking the
    /// former costs at most min(P, Q) of it, which goes into the error (as for the two
    /// half-lines beyond the outermost split points). Live gaps are sampled and cut.
    public static func column(_ p: any PlaneDensity, _ q: any PlaneDensity, atX x: Double,
                              from lo: Double, to hi: Double) throws -> (value: Double, error: Double, total: Double, evaluations: Int, cuts: Int) {
        var evaluations = 0
        let d: (Double) -> Double = { y in
            evaluations += 1
            return p.logPDF(x, y) - q.logPDF(x, y)
        }
        var pts = try PlaneIntegrationNodes.yNodes(for: [p, q], atX: x).filter { $0 > lo && $0 < hi }
        if lo.isFinite { pts.insert(lo, at: 0) }
        if hi.isFinite { pts.append(hi) }
        pts = separated(IntegrationNodes.sortedUnique(pts))
        let level = pts.map { max(p.logPDF(x, $0), q.logPDF(x, $0)) }
        evaluations += pts.count
        // The largest finite level (a pole at a split point is +∞ and would make every
        // gap dead; its own gaps stay live since +∞ clears any threshold).
        let top = level.filter { $0.isFinite }.max() ?? -.infinity
        guard top > -.infinity else { return (0, 0, 0, evaluations, 0) }
        let live = zip(level, level.dropFirst()).map { max($0, $1) >= top - deadLogRatio }
        // Intervals: (a, b, searched). Dead runs merge; live gaps are cut.
        var intervals = [(a: Double, b: Double, exact: Bool)]()
        var found = 0
        if !lo.isFinite, let first = pts.first { intervals.append((lo, first, false)) }
        var k = 0
        while k < live.count {
            var j = k
            while j < live.count, live[j] == live[k] { j += 1 }
            if live[k] {
                var ys = [Double]()
                for g in k..<j {
                    for s in 0..<subdivisions {
                        ys.append(pts[g] + (pts[g + 1] - pts[g]) * Double(s) / Double(subdivisions))
                    }
                }
                ys.append(pts[j])
                let inside = cuts(d, samples: ys)
                found += inside.count
                let ends = [pts[k]] + inside + [pts[j]]
                for (a, b) in zip(ends, ends.dropFirst()) { intervals.append((a, b, true)) }
            } else {
                intervals.append((pts[k], pts[j], false))
            }
            k = j
        }
        if !hi.isFinite, let last = pts.last { intervals.append((last, hi, false)) }
        if pts.count == 1 { intervals = [(lo, pts[0], false), (pts[0], hi, false)] }
        var c = 0.0, error = 0.0, total = 0.0
        for (a, b, exact) in intervals where a < b {
            let pm = try p.columnMass(atX: x, from: a, to: b), qm = try q.columnMass(atX: x, from: a, to: b)
            c += max(0, pm.value - qm.value)
            error += pm.error + qm.error + (exact ? 0 : min(pm.value, qm.value))
            total += pm.value + qm.value
        }
        error += Double(intervals.count + 1) * Double.ulpOfOne * c
        // Each interval costs two column masses, counted as two evaluations of the pair (one
        // costs a CDF pair per leaf of its density, more than a log-density).
        return (c, error, total, evaluations + 2 * intervals.count, found)
    }

    /// The refusal when a route has spent its share of the budget of leaf evaluations.
    static func exhausted(_ limit: Int, _ leafBudget: Int) -> DivergenceFailure {
        DivergenceFailure(kind: .tv, reason: "the column rule needs more than \(limit) evaluations of the pair per route (\(leafBudget) evaluations of leaf densities for both routes): too many separate scales or components for it")
    }

    /// The points without those that nearly repeat a neighbour (a gap below 1e-9 of the
    /// larger gap beside it; the first and last are kept). Leaves on one centre give split
    /// points a few ulps apart, and samples that close hide a turn of d: for a ring of 6
    /// against a correlated normal, two samples 1e-16 apart next to a lens made the turn's
    /// bracket end before the extremum, and the lens (5e-7 of the column) was missed.
    static func separated(_ pts: [Double]) -> [Double] {
        guard pts.count > 2 else { return pts }
        var out = [pts[0]]
        for i in 1..<(pts.count - 1) {
            let gap = pts[i] - out[out.count - 1], next = pts[i + 1] - pts[i]
            let before = out.count >= 2 ? out[out.count - 1] - out[out.count - 2] : 0
            if gap > 1e-9 * max(before, next) { out.append(pts[i]) }
        }
        if let last = pts.last, last > out[out.count - 1] { out.append(last) }
        return out
    }

    /// Gaps whose split points both lie this far (in ln) below the column's largest density
    /// are not searched for cuts (e^−50 ≈ 2e-22).
    static let deadLogRatio = 50.0

    /// Sign of d: +1, −1, or 0 (equal, or both densities zero: NaN).
    static func sign(_ v: Double) -> Int { v > 0 ? 1 : (v < 0 ? -1 : 0) }

    /// The points where d changes sign, increasing (see the type's note).
    static func cuts(_ d: (Double) -> Double, samples ys: [Double]) -> [Double] {
        let vs = ys.map(d)
        var out = [Double]()
        // Neighbouring samples of opposite signs (zeros skipped).
        var last: Int? = nil
        for k in ys.indices where sign(vs[k]) != 0 {
            if let j = last, sign(vs[j]) != sign(vs[k]) {
                out.append(root(d, ys[j], vs[j], ys[k], vs[k]))
            }
            last = k
        }
        // Turns inside a run of one sign: a lens between samples.
        if ys.count >= 3 {
            for k in 1..<(ys.count - 1) {
                let s = sign(vs[k])
                guard s != 0, sign(vs[k - 1]) == s, sign(vs[k + 1]) == s else { continue }
                let turns = s > 0 ? (vs[k] < vs[k - 1] && vs[k] <= vs[k + 1]) : (vs[k] > vs[k - 1] && vs[k] >= vs[k + 1])
                guard turns else { continue }
                let (y, v) = extremum(d, ys[k - 1], ys[k + 1], minimum: s > 0)
                if sign(v) == -s {
                    out.append(root(d, ys[k - 1], vs[k - 1], y, v))
                    out.append(root(d, y, v, ys[k + 1], vs[k + 1]))
                }
            }
        }
        return out.sorted()
    }

    /// A point where d changes sign between a and b (d(a), d(b) of opposite signs), to a few
    /// ulps: the Illinois variant of regula falsi, bisecting where a value is not finite
    /// (a support end) or the false position stalls.
    static func root(_ d: (Double) -> Double, _ a: Double, _ fa: Double, _ b: Double, _ fb: Double) -> Double {
        var a = a, b = b, fa = fa, fb = fb
        let s = sign(fa)
        var side = 0
        for _ in 0..<200 {
            if b - a <= 4 * max(a.magnitude, b.magnitude).ulp { break }
            var m = a + 0.5 * (b - a)
            if fa.isFinite, fb.isFinite, fa != fb {
                let t = a - fa * (b - a) / (fb - fa)
                if t > a, t < b { m = t }
            }
            let fm = d(m)
            if sign(fm) == s {
                a = m; fa = fm
                if side == 1 { fb *= 0.5 }
                side = 1
            } else {
                b = m; fb = fm
                if side == -1 { fa *= 0.5 }
                side = -1
            }
        }
        return a + 0.5 * (b - a)
    }

    /// Golden-section search of d's minimum (or maximum) on [a, b], to 1e-6 of the width:
    /// the point and value. (A lens missed for that is one whose depth in d is below
    /// ~d''·(1e-6·width)², of area below the rounding of its column.)
    static func extremum(_ d: (Double) -> Double, _ a: Double, _ b: Double, minimum: Bool) -> (Double, Double) {
        func f(_ y: Double) -> Double { minimum ? d(y) : -d(y) }
        let g = (5.0.squareRoot() - 1) / 2
        let width = b - a
        var a = a, b = b
        var c = b - g * (b - a), e = a + g * (b - a)
        var fc = f(c), fe = f(e)
        while b - a > 1e-6 * width, c > a, e < b, c < e {
            if fc < fe { b = e; e = c; fe = fc; c = b - g * (b - a); fc = f(c) }
            else { a = c; c = e; fc = fe; e = a + g * (b - a); fe = f(e) }
        }
        let (y, v) = fc < fe ? (c, fc) : (e, fe)
        return (y, minimum ? v : -v)
    }
}
