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

    /// Sorted, de-duplicated finite split points for integrands built from `densities`.
    public static func nodes(for densities: [any Density]) -> [Double] {
        var all = [Double]()
        for d in densities { collect(d, into: &all) }
        let sorted = all.filter(\.isFinite).sorted()
        return sorted.reduce(into: [Double]()) { acc, x in
            if let last = acc.last, x - last <= 1e-12 * max(1, abs(x)) { return }
            acc.append(x)
        }
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
            for p in probabilities {
                if let x = try? d.quantile(p), x.isFinite { all.append(x) }
            }
        }
    }
}
