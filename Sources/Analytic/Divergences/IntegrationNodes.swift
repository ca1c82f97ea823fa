import Foundation

/// Where to split an integral whose integrand is built from densities.
///
/// A density's ``Density/breakpoints`` mark its modes, kinks and support ends; they fix
/// *location* (the QAGI trap) but not *scale*: an adaptive rule on a long piece
/// `[0, 1000]` whose integrand is a spike of width 0.1 at the end samples it ~1 unit away
/// at best, sees e^{−50}, and converges to the wrong value with a small error estimate.
/// So every leaf density also contributes its quantiles at ``probabilities`` (bulk and
/// tails: a piece then spans at most a few scale lengths of every density), mixtures
/// contribute their components' nodes and truncations their base's nodes inside the
/// bounds plus the bounds. Leaf quantiles are closed-form (GSL inverses), so this is
/// cheap.
public enum IntegrationNodes {
    /// Quantile levels used per leaf density: median, ±1σ and ±2σ-like levels, and
    /// 1e-4 / 1e-10 tails.
    public static let probabilities: [Double] = [1e-10, 1e-4, 0.02, 0.16, 0.5, 0.84, 0.98, 1 - 1e-4, 1 - 1e-10]
    /// Levels for densities with bounded support.
    public static let bulkProbabilities: [Double] = [0.02, 0.16, 0.5, 0.84, 0.98]

    /// Sorted, de-duplicated finite split points for integrands built from `densities`.
    public static func nodes(for densities: [any Density]) -> [Double] {
        var all = [Double]()
        for d in densities { collect(d, into: &all) }
        let sorted = all.filter(\.isFinite).sorted()
        let unique = sorted.reduce(into: [Double]()) { acc, x in
            if let last = acc.last, x - last <= mergeDistance * max(1, abs(x)) { return }
            acc.append(x)
        }
        return geometricallyFilled(unique)
    }

    /// Nodes closer than this (relative to max(1, |x|)) are merged: a piece 1e-14 long
    /// leaves QAGS nothing to subdivide ("bad function behaviour") when it contains a jump,
    /// whereas a jump 1e-9 inside a normal piece is found by bisection.
    public static let mergeDistance = 1e-9

    /// Largest ratio |b|/|a| allowed between consecutive nodes of one sign, |a| ≥ 1.
    public static let maximumRatio = 10.0

    /// Heavy (power) tails put their far quantiles 10¹⁸ out (Student-t, ν = 0.5, level
    /// 1e-10); a single QAGS piece over [5e6, 5e18] of an algebraically decaying integrand
    /// fails ("divergent"). Gaps spanning more than a factor ``maximumRatio`` in |x|
    /// (away from 0) are filled with a geometric progression of that ratio.
    static func geometricallyFilled(_ nodes: [Double]) -> [Double] {
        guard nodes.count >= 2 else { return nodes }
        var out = [nodes[0]]
        for (a, b) in zip(nodes, nodes.dropFirst()) {
            if a > 0, a >= 1, b / a > maximumRatio {
                var x = a * maximumRatio
                while x < b / 1.5 { out.append(x); x *= maximumRatio }
            } else if b < 0, b <= -1, a / b > maximumRatio {
                var pts = [Double]()
                var x = b * maximumRatio
                while x > a / 1.5 { pts.append(x); x *= maximumRatio }
                out += pts.reversed()
            }
            out.append(b)
        }
        return out
    }

    private static func collect(_ d: any Density, into all: inout [Double]) {
        switch d {
        case let m as Mixture:
            for (w, c) in zip(m.weights, m.components) where w > 0 { collect(c, into: &all) }
        case let t as Truncated:
            var inner = [Double]()
            collect(t.base, into: &inner)
            all += inner.filter { $0 > t.lower && $0 < t.upper } + [t.lower, t.upper]
        default:
            all += d.breakpoints
            // A bounded leaf (beta, uniform) gets bulk levels only: its support sets the
            // scale, and a node 1e-12 away from an integrable end-point singularity
            // (beta with a < 1) makes QAGS's extrapolation on the next piece treat the
            // nearby singularity as if it sat on the piece's end, off by the mass in
            // between (1e-10 observed) with a tiny error estimate.
            let bounded = d.support.lowerBound.isFinite && d.support.upperBound.isFinite
            for p in bounded ? bulkProbabilities : probabilities {
                if let x = try? d.quantile(p), x.isFinite { all.append(x) }
            }
        }
    }
}
