import Foundation

/// Divergences between two 1D densities by adaptive quadrature (QAGS/QAGIL/QAGIU through
/// ``Quadrature/integrate(_:from:to:breakpoints:tolerance:)``), split at
/// ``IntegrationNodes`` of both densities, each with its error estimate.
///
/// `domain: [a, b]` truncates both densities to [a, b] and renormalises them there
/// (the meaning `--domain` has everywhere in ganflow). Infinite KL and χ² are decided by
/// ``TailFiniteness`` before integrating, and by a support check during integration; an
/// infinite divergence is returned as ``DivergenceResult/infinite(_:reason:evaluations:)``,
/// never as a quadrature failure or a finite number.
///
/// TV's integrand has kinks where p = q: those crossing points are located by Brent's
/// method on `ln p − ln q` from sign changes on a grid (8 points per node interval) and
/// added as breakpoints; a crossing the grid misses only costs evaluations (QAGS
/// bisects towards kinks).
public enum Divergences {
    /// One divergence between P and Q, on the line or truncated to `domain`.
    public static func compute(_ kind: DivergenceKind, p: any Density, q: any Density,
                               domain: ClosedRange<Double>? = nil,
                               tolerance: QuadratureTolerance = .standard) throws -> DivergenceResult {
        let (p, q) = try restrict(p, q, to: domain)
        if let reason = try TailFiniteness.infiniteReason(kind, p: p, q: q) {
            return .infinite(kind, reason: reason)
        }
        var cuts = IntegrationNodes.nodes(for: [p, q])
        if kind == .tv {
            // A sign change across a jump (a support end) brings Brent to the jump, which
            // is already a node: keep only crossings clear of every node.
            let extra = crossings(p, q, near: cuts).filter { r in
                cuts.allSatisfy { abs($0 - r) > IntegrationNodes.mergeDistance * max(1, abs(r)) }
            }
            cuts = (cuts + extra).sorted()
        }
        let lo = min(p.support.lowerBound, q.support.lowerBound)
        let hi = max(p.support.upperBound, q.support.upperBound)

        var outsideQ: Double? = nil
        let integrand: (Double) -> Double
        switch kind {
        case .js: integrand = { DivergenceIntegrands.js(p.logPDF($0), q.logPDF($0)) }
        case .tv: integrand = { DivergenceIntegrands.tv(p.logPDF($0), q.logPDF($0)) }
        case .hellinger2: integrand = { DivergenceIntegrands.hellinger2(p.logPDF($0), q.logPDF($0)) }
        case .kl, .chi2:
            let isKL = kind == .kl
            integrand = { x in
                let lp = p.logPDF(x), lq = q.logPDF(x)
                if lq == -.infinity, lp > -.infinity {
                    if outsideQ == nil { outsideQ = x }
                    return 0
                }
                return isKL ? DivergenceIntegrands.kl(lp, lq) : DivergenceIntegrands.chi2(lp, lq)
            }
        }
        let r = try Quadrature.integrate(integrand, from: lo, to: hi, breakpoints: cuts, tolerance: tolerance)
        if let x = outsideQ {
            return .infinite(kind, reason: "p > 0 = q at x = \(x): P has mass outside Q's support", evaluations: r.evaluations)
        }
        return DivergenceResult(kind: kind, value: r.value, error: r.error, evaluations: r.evaluations)
    }

    /// Every kind, in ``DivergenceKind/allCases`` order.
    public static func all(p: any Density, q: any Density, domain: ClosedRange<Double>? = nil,
                           tolerance: QuadratureTolerance = .standard) throws -> [DivergenceResult] {
        try DivergenceKind.allCases.map { try compute($0, p: p, q: q, domain: domain, tolerance: tolerance) }
    }

    /// Both densities truncated to `domain` and renormalised, or unchanged without one.
    static func restrict(_ p: any Density, _ q: any Density,
                         to domain: ClosedRange<Double>?) throws -> (any Density, any Density) {
        guard let d = domain else { return (p, q) }
        return (try Truncated(p, lower: d.lowerBound, upper: d.upperBound),
                try Truncated(q, lower: d.lowerBound, upper: d.upperBound))
    }

    /// Points where ln p − ln q changes sign between consecutive grid points (8 per
    /// node interval), refined by Brent's method.
    static func crossings(_ p: any Density, _ q: any Density, near nodes: [Double]) -> [Double] {
        guard nodes.count >= 2 else { return [] }
        var grid = [Double]()
        for (a, b) in zip(nodes, nodes.dropFirst()) {
            for k in 0..<8 { grid.append(a + (b - a) * Double(k) / 8) }
        }
        grid.append(nodes[nodes.count - 1])
        let g: (Double) -> Double = { p.logPDF($0) - q.logPDF($0) }
        var out = [Double]()
        var prevX = grid[0], prevG = g(grid[0])
        for x in grid.dropFirst() {
            let gx = g(x)
            if prevG.isFinite, gx.isFinite, (prevG < 0) != (gx < 0), prevG != 0, gx != 0,
               let r = try? findRoot(g, bracket: prevX, x, absolute: 1e-12, relative: 1e-12) {
                out.append(r)
            }
            prevX = x; prevG = gx
        }
        return out
    }
}
