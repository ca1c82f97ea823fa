import Foundation

/// What every divergence of one pair shares: the (possibly truncated) densities, the
/// integration nodes of both, the masses ∫p and ∫q over those nodes, and the error of the
/// densities' log-normalisers. Built once per pair by ``Divergences``.
///
/// **Mass check.** ∫p and ∫q are integrated over exactly the pieces the divergences use.
/// A density whose mass the pieces miss (a scale no node looks at) fails the check, and
/// every divergence of the pair becomes an error rather than a number. Passing the check,
/// the deficits |∫p − 1|, |∫q − 1| (and their estimates) are added to each result's error.
struct DivergencePlan {
    let p: any Density
    let q: any Density
    let lo: Double
    let hi: Double
    let nodes: [Double]
    /// |∫p − 1| + its estimate, likewise for q.
    let massDeficit: Double
    /// Absolute error of ln p and ln q from their normalising constants.
    let logNormaliserError: Double

    /// Largest mass deficit accepted: ∫p must be 1 within 1e-10 plus 10× its own estimate.
    static let massTolerance = 1e-10

    init(p: any Density, q: any Density) throws {
        self.p = p
        self.q = q
        lo = min(p.support.lowerBound, q.support.lowerBound)
        hi = max(p.support.upperBound, q.support.upperBound)
        nodes = IntegrationNodes.nodes(for: [p, q])
        logNormaliserError = Self.logNormaliserError(p) + Self.logNormaliserError(q)
        var deficit = 0.0
        for (name, d) in [("P", p), ("Q", q)] {
            let pieces = AnchoredQuadrature.pieces(from: lo, to: hi, nodes: nodes,
                                                   singular: try Self.singularPowers([d], exponent: { a, _ in a }, points: nil))
            let density: AnchoredQuadrature.Integrand = { exp(d.logPDF(anchor: $0, offset: $1)) }
            var m = try AnchoredQuadrature.integrate(density, over: pieces,
                                                     tolerance: QuadratureTolerance(absolute: 1e-14, relative: 1e-12))
            m.error += AnchoredQuadrature.cutTail(density, over: pieces)
            let miss = abs(m.value - 1)
            guard miss <= Self.massTolerance + 10 * m.error else {
                throw InvalidArgument("∫\(name.lowercased()) over the integration nodes is \(m.value) ± \(m.error), not 1 within 1e-10: the nodes miss mass of \(d.spec.prefix(80))")
            }
            deficit += miss + m.error
        }
        massDeficit = deficit
    }

    /// The pieces over [lo, hi] with the given singular points.
    func pieces(extraNodes: [Double] = [], singular: [Double: Int]) -> [AnchoredQuadrature.Piece] {
        AnchoredQuadrature.pieces(from: lo, to: hi, nodes: IntegrationNodes.sortedUnique(nodes + extraNodes),
                                  singular: singular)
    }

    /// Substitution powers at the critical points of `densities` where the integrand
    /// exponent `exponent(α_p, α_q)` (per side; α of the first density, of the last) is
    /// negative. Throws when e + 1 < ``AnchoredQuadrature/minimumExponentGap``: that close
    /// to non-integrable, the part of the integral within 1e-300 of the point is not small.
    static func singularPowers(_ densities: [any Density], exponent: (Double, Double) -> Double,
                               points: [Double]?) throws -> [Double: Int] {
        var out = [Double: Int]()
        for x0 in points ?? EndpointBehaviour.criticalPoints(densities) {
            for side in [EndpointBehaviour.Side.left, .right] {
                let a = EndpointBehaviour.exponent(densities[0], at: x0, from: side)
                let b = EndpointBehaviour.exponent(densities[densities.count - 1], at: x0, from: side)
                let e = exponent(a, b)
                guard e < 0, e.isFinite else { continue }
                guard e + 1 >= AnchoredQuadrature.minimumExponentGap else {
                    throw InvalidArgument("the integrand behaves like |x − \(x0)|^\(e) there: within \(AnchoredQuadrature.minimumExponentGap) of non-integrable, the part within 1e-300 of that point is not negligible; refused")
                }
                out[x0] = max(out[x0] ?? 1, AnchoredQuadrature.substitutionPower(e))
            }
        }
        return out
    }

    /// Critical points where some density behaves like |x − x₀|^e, e ≥ 0 finite and not an
    /// integer (a beta end with a non-integer shape): bounded but not smooth there.
    static func nonSmoothEnds(_ densities: [any Density]) -> [Double] {
        EndpointBehaviour.criticalPoints(densities).filter { x0 in
            densities.contains { d in
                [EndpointBehaviour.Side.left, .right].contains { side in
                    let e = EndpointBehaviour.exponent(d, at: x0, from: side)
                    return e.isFinite && e >= 0 && e != e.rounded()
                }
            }
        }
    }

    /// Absolute error bound of ln p from its normaliser: Beta's ln B (GSL's estimate plus
    /// 4ε|ln B|), a truncation's normaliser (its relative error), a mixture's worst
    /// component; the location families' −ln σ − const carries ≤ 4ε(1 + |ln σ|).
    static func logNormaliserError(_ d: any Density) -> Double {
        let eps = Double.ulpOfOne
        switch d {
        case let m as Mixture:
            return zip(m.weights, m.components).filter { $0.0 > 0 }.map { logNormaliserError($0.1) }.max() ?? 0
        case let t as Truncated: return logNormaliserError(t.base) + t.normaliserRelativeError
        case let b as Beta where b.peak != nil:
            return 16 * eps * (abs(b.peak!.logPeak) + 2) + 1e-16
        case let b as Beta:
            let lb = (try? SpecialFunctions.logBeta(b.a, b.b)) ?? SpecialValue(value: 0, error: 0)
            return lb.error + 4 * eps * abs(lb.value)
        case let n as Normal: return 4 * eps * (1 + abs(log(n.standardDeviation)))
        case let l as Laplace: return 4 * eps * (1 + abs(log(l.scale)))
        case let l as Logistic: return 4 * eps * (1 + abs(log(l.scale)))
        case let t as StudentT: return 8 * eps * (2 + abs(log(t.scale)))
        default: return 1e-14
        }
    }
}
