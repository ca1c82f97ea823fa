import Foundation

/// Power-law behaviour of a density next to a point: `p(x) ~ c·|x − x₀|^α` as x → x₀ from
/// one side (c > 0), the companion of ``TailDecay`` for finite points (derived; docs/MATH.md §4
/// of the project notes on finiteness at support ends).
///
/// | density | α at x₀ |
/// |---|---|
/// | beta(a, b) | a − 1 at 0 from the right, b − 1 at 1 from the left |
/// | uniform, a truncation bound, any interior point of a support | 0 (a jump or a positive value) |
/// | outside the support on that side | +∞ (the density vanishes identically there) |
/// | mixture | the smallest α among its components of positive weight |
public enum EndpointBehaviour {
    /// Which side of x₀ is looked at.
    public enum Side: Sendable { case left, right }

    /// α of `d` at `x0` from `side`; `.infinity` where `d` is identically 0 on that side.
    public static func exponent(_ d: any Density, at x0: Double, from side: Side) -> Double {
        switch d {
        case let m as Mixture:
            var best = Double.infinity
            for (w, c) in zip(m.weights, m.components) where w > 0 {
                best = min(best, exponent(c, at: x0, from: side))
            }
            return best
        case let t as Truncated:
            if side == .right ? x0 >= t.upper : x0 <= t.lower { return .infinity }
            if side == .right ? x0 < t.lower : x0 > t.upper { return .infinity }
            return exponent(t.base, at: x0, from: side)
        case let b as Beta:
            if side == .right { return x0 < 0 || x0 >= 1 ? .infinity : (x0 == 0 ? b.a - 1 : 0) }
            return x0 <= 0 || x0 > 1 ? .infinity : (x0 == 1 ? b.b - 1 : 0)
        default:
            let s = d.support
            if side == .right { return x0 < s.lowerBound || x0 >= s.upperBound ? .infinity : 0 }
            return x0 <= s.lowerBound || x0 > s.upperBound ? .infinity : 0
        }
    }

    /// Every finite point where some leaf's support starts or ends (support ends of
    /// beta and uniform leaves, truncation bounds), sorted: the only points where α ≠ 0
    /// can occur for the families here.
    public static func criticalPoints(_ densities: [any Density]) -> [Double] {
        var out = [Double]()
        func walk(_ d: any Density) {
            switch d {
            case let m as Mixture: for (w, c) in zip(m.weights, m.components) where w > 0 { walk(c) }
            case let t as Truncated: out += [t.lower, t.upper]; walk(t.base)
            default:
                if d.support.lowerBound.isFinite { out.append(d.support.lowerBound) }
                if d.support.upperBound.isFinite { out.append(d.support.upperBound) }
            }
        }
        densities.forEach(walk)
        return IntegrationNodes.sortedUnique(out)
    }
}
