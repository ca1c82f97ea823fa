import CGSL
import Foundation

/// Line integrals of integrands given at `anchor + offset`, piece by piece.
///
/// Each piece is integrated in its offset from an anchor (its left node, or the singular
/// end it starts at), never in x itself: GSL's rule points are formed in the offset, which
/// is small and exact, and the densities evaluate `anchor + offset` without rounding it
/// (``Density/logPDF(anchor:offset:)``). A piece next to an integrable end-point
/// singularity `|x − x₀|^e` (e > −1) is integrated in `u` with offset `±u^k`: the
/// integrand becomes `k·u^{k(e+1)−1}`-like, bounded for `k ≥ 1/(e+1)`, and points
/// 1e-16 from x₀ are reached (beta(0.855, 0.532) keeps a tenth of its χ² there).
///
/// **The cut.** Offsets below ``singularCut`` (1e-300) are not integrated: there `ln|x − x₀|`
/// of a subnormal offset loses its digits, and an offset that underflows to 0 makes the
/// densities ±∞ and the integrand NaN. What lies below the cut is not negligible when e is
/// near −1 (∫₀^δ y^e dy = δ^{e+1}/(e+1): 1e-9 of the scale at e = −0.97), so it is bounded
/// by ``cutTail(_:over:)`` and the callers add that bound to their error.
public enum AnchoredQuadrature {
    /// Smallest offset from a singular end that is integrated (a normal double, with
    /// |ln δ| ≈ 691 exact to a few ulps).
    public static let singularCut = 1e-300
    /// One piece of the line.
    public enum Piece: Sendable, Equatable {
        /// [anchor, anchor + width].
        case finite(anchor: Double, width: Double)
        /// [anchor + from, anchor + to] in the offset (a piece split at a kink found in
        /// offset coordinates, which a double node near a large anchor could not mark).
        case offsets(anchor: Double, from: Double, to: Double)
        /// [anchor, ∞), in units of `scale`.
        case rightTail(anchor: Double, scale: Double)
        /// (−∞, anchor], in units of `scale`.
        case leftTail(anchor: Double, scale: Double)
        /// From the singular point `anchor` a distance `length` in `direction` (±1), in
        /// the variable u with offset = direction·u^power.
        case singular(anchor: Double, length: Double, direction: Double, power: Int)
    }

    /// Integrand at (anchor, offset).
    public typealias Integrand = (Double, Double) -> Double

    /// ∫ over one piece.
    public static func integrate(_ g: Integrand, over piece: Piece,
                                 tolerance: QuadratureTolerance) throws -> QuadratureResult {
        switch piece {
        case let .finite(a, w):
            guard w > 0 else { return .zero }
            let f: (Double) -> Double = { g(a, $0) }
            do {
                return try Quadrature.qags(f, from: 0, to: w, tolerance: tolerance)
            } catch let e as GSLError where Self.retryable(e) {
                // QAGS's extrapolation gives up on some singular or kinked pieces; CQUAD
                // (doubly adaptive Clenshaw–Curtis) is tried once, with its own estimate.
                return try Quadrature.cquad(f, from: 0, to: w, tolerance: tolerance)
            }
        case let .offsets(a, t0, t1):
            guard t1 > t0 else { return .zero }
            let f: (Double) -> Double = { g(a, $0) }
            do {
                return try Quadrature.qags(f, from: t0, to: t1, tolerance: tolerance)
            } catch let e as GSLError where Self.retryable(e) {
                return try Quadrature.cquad(f, from: t0, to: t1, tolerance: tolerance)
            }
        case let .rightTail(a, s):
            return try Quadrature.qagiu({ y in s * g(a, s * y) }, from: 0, tolerance: tolerance)
        case let .leftTail(a, s):
            return try Quadrature.qagil({ y in s * g(a, s * y) }, to: 0, tolerance: tolerance)
        case let .singular(a, length, dir, k):
            let top = pow(length, 1 / Double(k))
            let bottom = length > singularCut ? pow(singularCut, 1 / Double(k)) : 0
            let kk = Double(k)
            let f: (Double) -> Double = { u in
                let jac = kk * pow(u, kk - 1)
                if jac == 0 { return 0 }
                let offset = pow(u, kk)
                if offset == 0 { return 0 }
                let y = g(a, dir * offset)
                return y == 0 ? 0 : jac * y
            }
            do {
                return try Quadrature.qags(f, from: bottom, to: top, tolerance: tolerance)
            } catch let e as GSLError where Self.retryable(e) {
                return try Quadrature.cquad(f, from: bottom, to: top, tolerance: tolerance)
            }
        }
    }

    /// A bound on ∫|g| over the offsets below ``singularCut`` at every singular piece, for an
    /// integrand g that is a sum of non-negative terms `c·|x − x₀|^{eᵢ}·(1 + |ln|x − x₀||)^j`,
    /// j ≤ 2, with every eᵢ ≥ e where the piece's power is k = ⌈2/(e + 1)⌉ (so
    /// 1/(e + 1) ≤ K = k/2). Derivation: with L = |ln δ| at the cut δ,
    /// ∫₀^δ y^{eᵢ} ln²y dy = δ^{eᵢ+1}/(eᵢ+1)·(L² + 2L/(eᵢ+1) + 2/(eᵢ+1)²), so each term's
    /// integral below δ is at most its value at δ times δ·K·(1 + 2K/L + 2K²/L²) (lower
    /// log powers give less). Summing the terms: g(δ)·δ·K·(1 + 2K/L + 2K²/L²).
    /// The divergences apply it to their round-off envelope, which has that form and
    /// bounds |integrand|; the mass check to the density itself.
    public static func cutTail(_ g: Integrand, over pieces: [Piece]) -> Double {
        var total = 0.0
        for case let .singular(a, length, dir, k) in pieces where length > singularCut {
            let kk = 0.5 * Double(k), l = -log(singularCut)
            let value = abs(g(a, dir * singularCut))
            total += value * singularCut * kk * (1 + 2 * kk / l + 2 * kk * kk / (l * l))
        }
        return total
    }

    static func retryable(_ e: GSLError) -> Bool {
        let c = Int(e.code)
        return c == GSL_EROUND || c == GSL_ESING || c == GSL_EDIVERGE || c == GSL_EMAXITER
    }

    /// ∫ over all pieces; each piece gets the full relative tolerance and an equal share
    /// of the absolute one, so the summed error estimate stays within the request.
    /// Every evaluation is drawn from `budget` (a fresh ``EvaluationBudget`` unless the
    /// caller shares one across several integrals); a spent budget throws
    /// ``EvaluationBudget/Exhausted`` instead of whatever the GSL rule made of the zeros.
    public static func integrate(_ g: Integrand, over pieces: [Piece], tolerance: QuadratureTolerance,
                                 budget: EvaluationBudget = EvaluationBudget()) throws -> QuadratureResult {
        let share = QuadratureTolerance(absolute: tolerance.absolute / Double(max(1, pieces.count)),
                                        relative: tolerance.relative)
        return try withoutActuallyEscaping(g) { g in
            let metered = budget.metered(g)
            var total = QuadratureResult.zero
            for p in pieces {
                try budget.check()
                do {
                    total = total + (try integrate(metered, over: p, tolerance: share))
                } catch where budget.isExhausted {
                    throw EvaluationBudget.Exhausted(limit: budget.limit)
                }
            }
            try budget.check()
            return total
        }
    }

    /// The pieces covering [lo, hi] (ends may be infinite) split at `nodes`; a piece that
    /// starts or ends at a point listed in `singular` (with the power to use there) is
    /// integrated in the substituted variable (split in two when both its ends are singular).
    public static func pieces(from lo: Double, to hi: Double, nodes: [Double],
                              singular: [Double: Int] = [:]) -> [Piece] {
        var pts = nodes.filter { $0 > lo && $0 < hi }
        if lo.isFinite { pts.insert(lo, at: 0) }
        if hi.isFinite { pts.append(hi) }
        pts = IntegrationNodes.sortedUnique(pts)
        if pts.isEmpty { pts = [0] }
        var out = [Piece]()
        let scale = tailScale(pts)
        if !lo.isFinite { out.append(.leftTail(anchor: pts[0], scale: scale.left)) }
        for (l, r) in zip(pts, pts.dropFirst()) {
            let kl = singular[l], kr = singular[r]
            switch (kl, kr) {
            case (nil, nil): out.append(.finite(anchor: l, width: r - l))
            case let (k?, nil): out.append(.singular(anchor: l, length: r - l, direction: 1, power: k))
            case let (nil, k?): out.append(.singular(anchor: r, length: r - l, direction: -1, power: k))
            case let (k1?, k2?):
                let half = 0.5 * (r - l)
                out.append(.singular(anchor: l, length: half, direction: 1, power: k1))
                out.append(.singular(anchor: r, length: (r - l) - half, direction: -1, power: k2))
            }
        }
        if !hi.isFinite { out.append(.rightTail(anchor: pts[pts.count - 1], scale: scale.right)) }
        return out
    }

    /// Length unit of the tails: the outermost gap, at least the mean gap (two nearly
    /// coincident outer nodes would otherwise make it tiny), 1 with a single node.
    /// QAGIU maps [a, ∞) by x = a + s(1 − t)/t: with s of the order of the tail's own
    /// length scale, its mass is spread over t rather than squeezed against t = 0.
    static func tailScale(_ pts: [Double]) -> (left: Double, right: Double) {
        guard pts.count >= 2 else { return (1, 1) }
        let mean = (pts[pts.count - 1] - pts[0]) / Double(pts.count - 1)
        func ok(_ s: Double) -> Double { s.isFinite && s > 0 ? s : 1 }
        return (ok(max(pts[1] - pts[0], mean)), ok(max(pts[pts.count - 1] - pts[pts.count - 2], mean)))
    }

    /// ln ∫ₐᵇ p for a density `d`, in log space (finite where the mass underflows), with
    /// its relative error estimate: the integrand is `exp(ln p − ref)` with `ref` the
    /// largest log-density at the nodes, so it is ≤ 1 at the nodes and never underflows
    /// where the mass lies.
    public static func logMass(of d: any Density, from a: Double, to b: Double) throws -> (Double, Double) {
        let nodes = IntegrationNodes.nodes(for: [d]).filter { $0 > a && $0 < b }
        let pts = [a] + nodes + [b]
        var ref = -Double.infinity
        for x in pts { ref = max(ref, d.logPDF(x)) }
        for (l, r) in zip(pts, pts.dropFirst()) { ref = max(ref, d.logPDF(anchor: l, offset: 0.5 * (r - l))) }
        guard ref.isFinite else { return (-.infinity, 0) }
        var singular = [Double: Int]()
        for x in EndpointBehaviour.criticalPoints([d]) where x >= a && x <= b {
            let e = min(EndpointBehaviour.exponent(d, at: x, from: .left), EndpointBehaviour.exponent(d, at: x, from: .right))
            if e < 0 { singular[x] = substitutionPower(e) }
        }
        let ps = pieces(from: a, to: b, nodes: nodes, singular: singular)
        let scaled: Integrand = { exp(d.logPDF(anchor: $0, offset: $1) - ref) }
        let r = try integrate(scaled, over: ps, tolerance: QuadratureTolerance(absolute: 0, relative: 1e-13))
        guard r.value > 0 else { return (-.infinity, 0) }
        // Round-off of exp(ln p − ref): ≲ 8ε·(1 + |ln p|) relative per point; |ln p − ref|
        // and |ref| enter through the subtraction. The mass below the cut is bounded apart.
        let roundOff = 8 * Double.ulpOfOne * (2 + abs(ref))
        return (ref + log(r.value), (r.error + cutTail(scaled, over: ps)) / r.value + roundOff)
    }

    /// The power k of the substitution offset = ±u^k at an end where the integrand
    /// behaves like |x − x₀|^e (e > −1): k = ⌈2/(e + 1)⌉ (at least 2), which makes the
    /// u-integrand behave like u^{k(e+1)−1} with k(e+1) − 1 ≥ 1 (smooth enough for QAGS).
    /// Requires e + 1 ≥ ``minimumExponentGap`` (callers refuse closer exponents).
    public static func substitutionPower(_ e: Double) -> Int {
        guard e < 0 else { return 1 }
        return max(2, Int((2 / max(e + 1, minimumExponentGap)).rounded(.up)))
    }

    /// Integrand exponents e with e + 1 below this are refused: the part below the cut,
    /// ~δ^{e+1}/(e+1) of the integrand's scale, is then above 1/3 of it (δ = 1e-300), so no
    /// value could be given with a useful error.
    public static let minimumExponentGap = 1e-3
}

