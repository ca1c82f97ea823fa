import Foundation

/// Divergences between two 1D densities by adaptive quadrature over pieces anchored at the
/// densities' own scale points (``IntegrationNodes``, ``AnchoredQuadrature``), each with an
/// error estimate that a test can hold it to.
///
/// For each kind, independently of the others (``evaluate(_:p:q:domain:tolerance:)``):
/// 1. **Finiteness first.** KL and χ² are decided infinite, before any quadrature, from the
///    tails (``TailFiniteness``) and from the power laws at support ends
///    (``EndpointFiniteness``); an infinite divergence is a result, not a failure. A χ²
///    that one window of a tail proves beyond the largest double (``ChiSquaredTailBound``)
///    is refused as an overflow, as is one whose closed form between two betas
///    (``BetaChiSquared``) lies beyond it.
/// 2. **Quadrature** over the pieces, in a substituted variable next to a singular end.
/// 3. **Error** = GSL's estimate + the integrand's round-off (its `RoundOffEnvelope`)
///    + the mass deficit of the pieces and the normalisers' error, scaled by the kind's
///    sensitivity (max(1, value); 2(1 + value) for χ², whose ∫p²/q scales with p²/q).
/// 4. **Guard.** A value outside its range ([0, ln 2] for JS, [0, 1] for TV and H², ≥ 0 for
///    KL and χ²) by more than its error, or an error above ``maximumRelativeError`` of the
///    value (and above ``absoluteErrorFloor``), becomes a ``DivergenceFailure``.
///
/// `domain: [a, b]` truncates both densities to [a, b] and renormalises them there.
public enum Divergences {
    /// Largest accepted error estimate relative to the value (10 %).
    public static let maximumRelativeError = 0.1
    /// Errors below this are accepted whatever the value (a KL of 1e-30 computed as
    /// 3e-17 ± 2e-16 is a correct statement that it is ≈ 0).
    public static let absoluteErrorFloor = 1e-10

    /// Each requested kind on its own: a value, a proven infinity, or the reason it failed.
    public static func evaluate(_ kinds: [DivergenceKind], p: any Density, q: any Density,
                                domain: ClosedRange<Double>? = nil,
                                tolerance: QuadratureTolerance = .standard) -> [Result<DivergenceResult, DivergenceFailure>] {
        let plan: DivergencePlan
        do {
            let (rp, rq) = try restrict(p, q, to: domain)
            plan = try DivergencePlan(p: rp, q: rq)
        } catch {
            return kinds.map { .failure(DivergenceFailure(kind: $0, reason: "\(error)")) }
        }
        var out = kinds.map { kind in
            Self.outcome(kind, plan: plan, tolerance: tolerance)
        }
        if let i = kinds.firstIndex(of: .chi2), case .failure(let f) = out[i], !f.reason.contains("overflow") {
            let kl = kinds.firstIndex(of: .kl).map { out[$0] } ?? Self.outcome(.kl, plan: plan, tolerance: tolerance)
            if case .success(let k) = kl, let bound = ChiSquaredBound(kl: k) { out[i] = .failure(bound.failure) }
        }
        return out
    }

    /// One kind's value, proven infinity, or failure (never throws).
    static func outcome(_ kind: DivergenceKind, plan: DivergencePlan,
                        tolerance: QuadratureTolerance) -> Result<DivergenceResult, DivergenceFailure> {
        do {
            return .success(try compute(kind, plan: plan, tolerance: tolerance))
        } catch let f as DivergenceFailure {
            return .failure(f)
        } catch let b as EvaluationBudget.Exhausted {
            return .failure(DivergenceFailure(kind: kind, reason: b.description))
        } catch let e as GSLError where e.context.contains("integrand is inf") || e.context.contains("result inf") {
            // From any of the kind's integrals (the main one, the bisected check, the
            // round-off envelope): the integrand's values overflow.
            return .failure(DivergenceFailure(kind: kind, reason: "the integrand overflows the largest double (the divergence is finite but too large to represent)"))
        } catch {
            return .failure(DivergenceFailure(kind: kind, reason: "\(error)"))
        }
    }

    /// One divergence; throws ``DivergenceFailure`` when it cannot be computed.
    public static func compute(_ kind: DivergenceKind, p: any Density, q: any Density,
                               domain: ClosedRange<Double>? = nil,
                               tolerance: QuadratureTolerance = .standard) throws -> DivergenceResult {
        try evaluate([kind], p: p, q: q, domain: domain, tolerance: tolerance)[0].get()
    }

    /// Every kind, in the order of `DivergenceKind.allCases`; throws the first failure.
    public static func all(p: any Density, q: any Density, domain: ClosedRange<Double>? = nil,
                           tolerance: QuadratureTolerance = .standard) throws -> [DivergenceResult] {
        try evaluate(DivergenceKind.allCases, p: p, q: q, domain: domain, tolerance: tolerance).map { try $0.get() }
    }

    static func compute(_ kind: DivergenceKind, plan: DivergencePlan,
                        tolerance: QuadratureTolerance) throws -> DivergenceResult {
        let p = plan.p, q = plan.q
        if let reason = try TailFiniteness.infiniteReason(kind, p: p, q: q)
            ?? EndpointFiniteness.infiniteReason(kind, p: p, q: q) {
            return .infinite(kind, reason: reason)
        }
        if kind == .chi2, let f = BetaChiSquared.overflow(p: p, q: q) { throw f }
        if kind == .chi2, let bound = ChiSquaredTailBound(p: p, q: q) { throw bound.failure }
        var singular = try DivergencePlan.singularPowers([p, q], exponent: { a, b in
            let lo = min(a, b)
            switch kind {
            case .js, .tv, .hellinger2: return lo
            // p ln(p/q) ~ y^α·ln y: a quarter of the gap to −1 is kept as margin for the log.
            case .kl: return lo < 0 ? min(a, 0) - 0.25 * (min(a, 0) + 1) : 0
            case .chi2: return min(lo, a.isFinite && b.isFinite ? 2 * a - b : lo)
            }
        }, points: nil)
        // Ends where a density behaves like |x − x₀|^e with e ≥ 0 not an integer are taken in
        // the substituted variable too (k = 2): the integrand is bounded there but not
        // smooth, and QAGS's extrapolation on [0, 0.035] of p ln(p/q) ~ x^1.115·ln x for
        // KL(beta(2.11,6.13)‖beta(1.086,1.74)) settled 1.3e-12 off with a tiny estimate.
        for x0 in DivergencePlan.nonSmoothEnds([p, q]) where singular[x0] == nil { singular[x0] = 2 }
        var pieces = plan.pieces(extraNodes: kind == .chi2 ? IntegrationNodes.chiSquaredPoints(p, q) : [],
                                 singular: singular)
        if kind == .tv { pieces = CrossingSplit.split(pieces, p, q) }
        // χ²'s integrand is taken times 2^−k when it exceeds e^600 at a node (its integral
        // may still be representable; the result is multiplied back exactly at the end).
        let scale = kind == .chi2
            ? PowerOfTwoScale(bringing: DivergenceIntegrands.chi2LogBound(Self.samplePoints(pieces).map {
                (p.logPDF(anchor: $0.anchor, offset: $0.offset), q.logPDF(anchor: $0.anchor, offset: $0.offset))
            }), below: 600)
            : .unit

        // The integrand, recording a point where p > 0 = q (KL, χ²: infinite) — or where
        // only ln q fell below the range of a double inside Q's support (``StructuralZero``).
        nonisolated(unsafe) var outsideQ: Double? = nil
        nonisolated(unsafe) var underflowQ: (x: Double, lp: Double)? = nil
        let g: (Double, Double) -> Double = { a, t in
            let lp = p.logPDF(anchor: a, offset: t), lq = q.logPDF(anchor: a, offset: t)
            switch kind {
            case .js: return DivergenceIntegrands.js(lp, lq)
            case .tv: return DivergenceIntegrands.tv(lp, lq)
            case .hellinger2: return DivergenceIntegrands.hellinger2(lp, lq)
            case .kl, .chi2:
                if lq == -.infinity, lp > -.infinity {
                    let x = a + t
                    if outsideQ == nil, StructuralZero.holds(q, at: x) { outsideQ = x }
                    if outsideQ == nil, underflowQ == nil { underflowQ = (x, lp) }
                    return 0
                }
                return kind == .kl ? DivergenceIntegrands.kl(lp, lq) : DivergenceIntegrands.chi2(lp, lq, scale: scale)
            }
        }
        // One evaluation budget for the kind's three integrals (value, envelope, check).
        let budget = EvaluationBudget()
        let r: QuadratureResult
        do {
            r = try AnchoredQuadrature.integrate(g, over: pieces, tolerance: tolerance, budget: budget)
        } catch let e as GSLError where e.context.contains("integrand is inf") || e.context.contains("result inf") {
            // The integrands are non-negative away from round-off (TV, H², χ² exactly; KL
            // and JS up to sign changes of bounded size), so +∞ is an overflow of their values.
            throw DivergenceFailure(kind: kind, reason: "the integrand overflows the largest double (the divergence is finite but too large to represent)")
        } catch let e as GSLError where !kind.isBounded && e.isDivergent {
            // The tail rule found the value finite, yet the rule judged the integral
            // divergent: the tail that makes it finite takes over only beyond reach. Seen for
            // χ² of a Laplace tail against a mixture of a logistic with the tie rate 2λ_p = λ_q
            // and a Student-t of ν = 1.6e11, whose power tail overtakes only near 1e12 scale
            // units (p²/q is flat out to there).
            throw DivergenceFailure(kind: kind, reason: "finite by the tails' classes, but the integrand does not decay within reach of the quadrature (a tail that decides finiteness only far out, e.g. a Student-t of large ν); refused: \(e.context)")
        }
        if let x = outsideQ {
            return .infinite(kind, reason: "p > 0 = q at x = \(x): P has mass outside Q's support", evaluations: r.evaluations)
        }
        if let u = underflowQ {
            throw DivergenceFailure(kind: kind, reason: "ln q falls below the range of a double at x = \(u.x), where Q does not vanish and ln p = \(u.lp): the divergence is beyond what double precision can compute (an overflow of ln q; KL and χ² are then astronomically large)")
        }
        let envelopeIntegrand: AnchoredQuadrature.Integrand = { a, t in
            RoundOffEnvelope.value(kind, p.logPDF(anchor: a, offset: t), q.logPDF(anchor: a, offset: t), scale: scale)
        }
        let envelope = try AnchoredQuadrature.integrate(envelopeIntegrand, over: pieces,
                                                        tolerance: QuadratureTolerance(absolute: 1e-300, relative: 1e-2),
                                                        budget: budget)
        let roundOff = 8 * Double.ulpOfOne * envelope.value * 1.02
        // The envelope bounds |integrand| and has the form cutTail needs (its terms are
        // p, q, p²/q with at most two log factors), so this bounds what lies below the cut.
        let belowCut = AnchoredQuadrature.cutTail(envelopeIntegrand, over: pieces)
        guard belowCut.isFinite, envelope.value.isFinite else {
            // p²/q ~ C·|x − x₀|^e with a huge C (χ²(beta(4517,52)‖beta(1031,104)) ≈ 7.8e96,
            // e = −0.86 at 1): its values overflow next to the end, so no error bound exists.
            throw DivergenceFailure(kind: kind, reason: "the integrand overflows the largest double next to a support end, so its error cannot be bounded (the divergence is finite but too large to represent to an error)")
        }
        var quadratureError = r.error
        var evaluations = r.evaluations + envelope.evaluations
        if plan.p.containsBeta || plan.q.containsBeta {
            // GSL's estimate has been seen optimistic (up to 10×) on beta peaks and ends, so
            // for a beta leaf the estimate is checked by a second, independent evaluation on
            // bisected pieces (other panels, other nodes): the error is then at least their
            // difference plus the second one's estimate.
            let second = try AnchoredQuadrature.integrate(g, over: Self.bisected(pieces), tolerance: tolerance,
                                                          budget: budget)
            // (The cut lies at the same offsets in both; its bound is added once below.)
            quadratureError = max(r.error, abs(second.value - r.value) + second.error)
            evaluations += second.evaluations
        }
        // Back from the scaled integrand (exact: a power of two), then the errors of the
        // plan's masses and normalisers, which act on the true value.
        let value = scale.unscale(r.value)
        let scaledError = scale.unscale(quadratureError + roundOff + belowCut)
        guard value.isFinite, scaledError.isFinite else {
            throw DivergenceFailure(kind: kind, reason: "the value exceeds the largest double (\(kind) ≈ 2^\(scale.k) × \(r.value)): the divergence is finite but too large to represent (an overflow)")
        }
        let sensitivity = kind == .chi2 ? 2 * (1 + abs(value)) : max(1, abs(value))
        let error = scaledError + (plan.massDeficit + plan.logNormaliserError) * sensitivity
        let result = DivergenceResult(kind: kind, value: value, error: error, evaluations: evaluations)
        try guardRange(result)
        return result
    }

    /// The pieces with every finite one split at its middle and every singular one taken in
    /// the next substitution power: the same integral on other panels and other rule
    /// points, for an independent second evaluation (the singular ends are where GSL's
    /// estimate was measured optimistic: KL(beta(0.787,5.06)‖beta(7.13,13.2)) 2.7e-12 off
    /// against an estimate of 2e-12).
    static func bisected(_ pieces: [AnchoredQuadrature.Piece]) -> [AnchoredQuadrature.Piece] {
        pieces.flatMap { piece -> [AnchoredQuadrature.Piece] in
            switch piece {
            case let .finite(a, w):
                return [.offsets(anchor: a, from: 0, to: 0.5 * w), .offsets(anchor: a, from: 0.5 * w, to: w)]
            case let .offsets(a, t0, t1):
                let m = t0 + 0.5 * (t1 - t0)
                return [.offsets(anchor: a, from: t0, to: m), .offsets(anchor: a, from: m, to: t1)]
            case let .singular(a, length, direction, power):
                return [.singular(anchor: a, length: length, direction: direction, power: power + 1)]
            default:
                return [piece]
            }
        }
    }

    /// Points (anchor, offset) at which to look at an integrand before integrating it: the
    /// ends and middle of every finite piece, the start of every tail, and the far end and
    /// middle of every singular piece (not the singular point itself).
    static func samplePoints(_ pieces: [AnchoredQuadrature.Piece]) -> [(anchor: Double, offset: Double)] {
        pieces.flatMap { piece -> [(anchor: Double, offset: Double)] in
            switch piece {
            case let .finite(a, w): return [(a, 0), (a, 0.5 * w), (a, w)]
            case let .offsets(a, t0, t1): return [(a, t0), (a, t0 + 0.5 * (t1 - t0)), (a, t1)]
            case let .rightTail(a, _), let .leftTail(a, _): return [(a, 0)]
            case let .singular(a, length, dir, _): return [(a, dir * length), (a, 0.5 * dir * length)]
            }
        }
    }

    /// The invariant guard (step 4 above).
    static func guardRange(_ r: DivergenceResult) throws {
        let upper: Double
        switch r.kind {
        case .js: upper = M_LN2
        case .tv, .hellinger2: upper = 1
        case .kl, .chi2: upper = .infinity
        }
        // A value at or near the largest double whose error bound (which scales with the
        // value) overflows is an overflow, named as one: χ² of normal(4574677.05, 0.0127) vs
        // normal(739774.5, 102962.9) is 9.79e307 by its closed form, and the quadrature gave
        // that value with the error +∞.
        if r.value == .infinity || (r.value.isFinite && r.error == .infinity) {
            throw DivergenceFailure(kind: r.kind, reason: "overflow: quadrature gave \(r.value) ± \(r.error), at the largest double (\(Double.greatestFiniteMagnitude)), where no error bound can be represented")
        }
        guard r.value.isFinite, r.error.isFinite else {
            throw DivergenceFailure(kind: r.kind, reason: "quadrature gave \(r.value) ± \(r.error)")
        }
        if r.value < -r.error || r.value > upper + r.error {
            throw DivergenceFailure(kind: r.kind, reason: "the computed value \(r.value) ± \(r.error) lies outside the range [0, \(upper == M_LN2 ? "ln 2" : "\(upper)")] of \(r.kind): refused")
        }
        if r.error > absoluteErrorFloor, r.error > maximumRelativeError * abs(r.value) {
            throw DivergenceFailure(kind: r.kind, reason: "the error estimate \(r.error) exceeds 10% of the value \(r.value): refused")
        }
    }

    /// Both densities truncated to `domain` and renormalised, or unchanged without one.
    static func restrict(_ p: any Density, _ q: any Density,
                         to domain: ClosedRange<Double>?) throws -> (any Density, any Density) {
        guard let d = domain else { return (p, q) }
        return (try Truncated(p, lower: d.lowerBound, upper: d.upperBound),
                try Truncated(q, lower: d.lowerBound, upper: d.upperBound))
    }
}
