import Foundation

/// Divergences between two densities on the plane (``PlaneDensity``), each with an error
/// estimate, or the reason it is not computed.
///
/// - **JS, H²** (smooth bounded integrands, 0 ≤ g ≤ c·(p + q)): the iterated integral
///   ∫(∫ g(ln p, ln q) dy) dx by adaptive Gauss–Kronrod on pieces split at both densities'
///   scale points (``PlaneIntegrationNodes``: along x, and along y at each x), with
///   GSL's tail maps on infinite ends. The error is the outer rule's estimate plus the inner
///   rules' integrated error: each inner integral is asked for a relative accuracy 10× finer
///   than the outer one, and since g ≥ 0 the inner errors integrate to at most their largest
///   relative error times the value.
/// - **TV**: erf(Δ/2√2) for two Gaussians with one covariance (Δ the Mahalanobis distance of
///   the means), the 1D TV of the other factors for two products with one factor in common,
///   and `PlaneGaussianTV` for any other two Gaussians (the boundary p = q is a conic, so
///   the inner mass is closed and only a smooth outer integral is left, on pieces cut where
///   it is not analytic). Pairs of normal2, rings and their mixtures go column by column
///   (``PlaneTotalVariation``): each column cut where p − q changes sign, its integral a sum
///   of closed-form column masses, so no quadrature meets the kink of |p − q| along the
///   curve p = q. Other pairs (1D factors, truncations) are refused with the reason.
/// - **KL, χ²** (unbounded integrands, possibly infinite): in closed form only — for two
///   Gaussians (`normal2`, or `product` of two normals; `PlaneGaussian`), and for two
///   products, where KL adds over the factors and 1 + χ² multiplies (each factor by the 1D
///   ``Divergences``, with its own finiteness rules). Other pairs are refused with that
///   reason: there is no 2D finiteness test.
///
/// Every kind draws its integrand evaluations from a budget of ``leafEvaluationLimit``
/// evaluations of leaf densities (a ring of k normals costs k per point). A pair whose pieces
/// are too many for it (a ring of 200 narrow normals) is refused before integrating, with the
/// limit named; a run that spends it ends with the same error. (At 3e8, a TV rule since
/// removed spent it in 40 s on a pair with beta factors; hence 2e8.)
public enum PlaneDivergences {
    /// Evaluations of leaf densities per kind (inner and outer integrals together).
    public static let leafEvaluationLimit = 200_000_000

    /// The leaf densities behind one evaluation of `d`'s log-density.
    static func leaves(_ d: any PlaneDensity) -> Int {
        switch d {
        case let r as Ring2D: return r.components
        case let m as Mixture2D: return m.components.reduce(0) { $0 + leaves($1) }
        case let t as Truncated2D: return leaves(t.base)
        default: return 1
        }
    }

    public static func evaluate(_ kinds: [DivergenceKind], p: any PlaneDensity, q: any PlaneDensity,
                                tolerance: QuadratureTolerance = .standard) -> [Result<DivergenceResult, DivergenceFailure>] {
        kinds.map { kind in
            do {
                return .success(try evaluate(kind, p: p, q: q, tolerance: tolerance))
            } catch let f as DivergenceFailure {
                return .failure(f)
            } catch {
                return .failure(DivergenceFailure(kind: kind, reason: "\(error)"))
            }
        }
    }

    static func evaluate(_ kind: DivergenceKind, p: any PlaneDensity, q: any PlaneDensity,
                         tolerance: QuadratureTolerance) throws -> DivergenceResult {
        switch kind {
        case .js, .hellinger2:
            let g: (Double, Double) -> Double
            if kind == .js { g = DivergenceIntegrands.js } else { g = DivergenceIntegrands.hellinger2 }
            let r = try iteratedIntegral(g, p: p, q: q, tolerance: tolerance)
            let top = kind == .js ? M_LN2 : 1
            guard r.value >= -r.error, r.value <= top + r.error else {
                throw DivergenceFailure(kind: kind, reason: "\(r.value) ± \(r.error) lies outside [0, \(top)]: the quadrature did not converge")
            }
            return DivergenceResult(kind: kind, value: min(max(r.value, 0), top), error: r.error, evaluations: r.evaluations)
        case .tv:
            return try totalVariation(p: p, q: q)
        case .kl, .chi2:
            return try closedForm(kind, p: p, q: q)
        }
    }

    /// ∫∫ g(ln p(x, y), ln q(x, y)) dy dx for a smooth integrand with g ≥ 0, with its error.
    public static func iteratedIntegral(_ g: @escaping (Double, Double) -> Double, p: any PlaneDensity, q: any PlaneDensity,
                                        tolerance: QuadratureTolerance = .standard) throws -> QuadratureResult {
        let densities = [p, q]
        let xs = try PlaneIntegrationNodes.xNodes(for: densities)
        let xPieces = AnchoredQuadrature.pieces(from: min(p.supportX.lowerBound, q.supportX.lowerBound),
                                                to: max(p.supportX.upperBound, q.supportX.upperBound), nodes: xs,
                                                singular: try PlaneIntegrationNodes.substitutions(for: densities, alongX: true))
        let ySingular = try PlaneIntegrationNodes.substitutions(for: densities, alongX: false)
        let yLo = min(p.supportY.lowerBound, q.supportY.lowerBound), yHi = max(p.supportY.upperBound, q.supportY.upperBound)
        // Columns are asked for a relative accuracy 10× finer than the whole, and an absolute
        // one far below any column that matters.
        let inner = QuadratureTolerance(absolute: innerAbsolute, relative: tolerance.relative / 10)
        let limit = leafEvaluationLimit / (leaves(p) + leaves(q))
        // The least the rule can cost: one 21-point rule per y piece, on the 21 columns of
        // one rule per x piece. Beyond the budget, refuse before integrating.
        var least = 0
        for piece in xPieces {
            if case let .finite(a, w) = piece {
                least += 21 * 21 * (AnchoredQuadrature.pieces(from: yLo, to: yHi,
                                                              nodes: try PlaneIntegrationNodes.yNodes(for: densities, atX: a + w / 2),
                                                              singular: ySingular).count)
            }
            if least > limit { break }
        }
        guard least <= limit else { throw exhausted(limit, xPieces.count) }
        let budget = EvaluationBudget(limit: limit)
        nonisolated(unsafe) var failure: Error? = nil
        nonisolated(unsafe) var worstRelative = 0.0, worstSmall = 0.0
        nonisolated(unsafe) var evaluations = 0
        let column: (Double) -> Double = { x in
            if failure != nil { return 0 }
            do {
                let ys = try PlaneIntegrationNodes.yNodes(for: densities, atX: x)
                let pieces = AnchoredQuadrature.pieces(from: yLo, to: yHi, nodes: ys, singular: ySingular)
                let r = try AnchoredQuadrature.integrate({ a, o in
                    let y = a + o
                    return g(p.logPDF(x, y), q.logPDF(x, y))
                }, over: pieces, tolerance: inner, budget: budget)
                evaluations += r.evaluations
                if r.error > 0 {
                    if r.value > significantColumn { worstRelative = max(worstRelative, r.error / r.value) }
                    else { worstSmall = max(worstSmall, r.error) }
                }
                return r.value
            } catch {
                failure = error
                return 0
            }
        }
        let outer = try AnchoredQuadrature.integrate({ a, o in column(a + o) }, over: xPieces, tolerance: tolerance)
        if let e = failure {
            if e is EvaluationBudget.Exhausted { throw exhausted(limit, xPieces.count) }
            throw e
        }
        // The columns' errors integrate to ≤ their worst relative error times the value (g ≥ 0)
        // for the significant columns, and ≤ the worst error of the others times the width
        // of the x nodes' span (beyond it, 40σ out, the columns underflow).
        let span = (xs.last ?? 0) - (xs.first ?? 0)
        return QuadratureResult(value: outer.value, error: outer.error + worstRelative * abs(outer.value) + worstSmall * max(span, 1),
                                evaluations: outer.evaluations + evaluations)
    }

    /// Absolute accuracy asked of each column, and the value below which a column counts as
    /// noise-sized rather than significant in the error bound.
    static let innerAbsolute = 1e-15, significantColumn = 1e-10

    static func exhausted(_ limit: Int, _ xPieces: Int) -> PlaneQuadratureFailure {
        PlaneQuadratureFailure(reason: "the iterated quadrature needs more than \(limit) evaluations of the pair (\(leafEvaluationLimit) evaluations of leaf densities; \(xPieces) pieces along x): too many separate scales for the 2D rule")
    }

    /// Why the iterated quadrature stopped.
    public struct PlaneQuadratureFailure: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }
}
