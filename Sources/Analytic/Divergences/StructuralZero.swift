/// Whether a density vanishes at x because x lies outside what its definition covers — as
/// opposed to its logarithm falling below the range of a double there.
///
/// KL and χ² are infinite when P has mass where Q is zero, and the integrands detect that
/// from ln q = −∞. But ln q = −∞ also comes out of a density whose exponent overflows: a
/// normal at (x − μ)/σ ≳ 1.3e154 has ln q = −½z² below −1.8e308, though q > 0 everywhere
/// (KL(N(0,1e300)‖N(0,1e-10)) ≈ 5e619 is finite; it was printed infinite with "P has mass
/// outside Q's support"). Only a structural zero proves infinity:
/// - a leaf family: x outside the open interior of its support (the ends included: a beta
///   with a > 1 and a uniform's edges vanish there by definition);
/// - a truncation: x outside [lower, upper], or a structural zero of its base;
/// - a mixture: a structural zero of every component (gaps between uniform components).
enum StructuralZero {
    static func holds(_ d: any Density, at x: Double) -> Bool {
        switch d {
        case let m as Mixture:
            return m.components.allSatisfy { holds($0, at: x) }
        case let t as Truncated:
            return x <= t.lower || x >= t.upper || holds(t.base, at: x)
        default:
            let s = d.support
            return x <= s.lowerBound || x >= s.upperBound
        }
    }
}
