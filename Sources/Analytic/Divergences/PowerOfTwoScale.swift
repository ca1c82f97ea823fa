import Foundation

/// A factor 2^−k applied to an integrand inside its exponential, and undone exactly on the
/// integral: `scaled(x) = e^{x − k ln 2}`, `unscale(v) = v·2^k`.
///
/// χ²'s integrand (p − q)²/q can exceed the largest double at points where its integral is
/// still representable: a narrow P makes p²/q of order 1/scale (χ² is invariant under a
/// common affine map, its integrand is not), and a far pair makes it e^{Δ²/k} at P's bulk.
/// Scaling by 2^−k keeps every value finite; the integral is then multiplied back by 2^k
/// with `scalbn`, which is exact unless the result itself overflows — which is then the
/// honest verdict.
///
/// Accuracy: k ln 2 is subtracted in two parts (Cody–Waite): `hi = k·ln2Hi` is exact (ln2Hi
/// has 32 significant bits and k < 2²⁰), `lo = k·ln2Lo` carries a relative error ε, so the
/// exponent gains an absolute error of at most ε(|x| + 1) + 2⁻³²·ε·k — the size of the
/// rounding that forming x itself already has (ε(1 + |ln p|) per log-density), which the
/// round-off envelope accounts for. With k = 0 the scaled value is `exp(x)` bit for bit.
struct PowerOfTwoScale: Sendable, Equatable {
    /// The power k ≥ 0.
    let k: Int
    private let hi: Double
    private let lo: Double

    /// ln 2 split so that k·ln2Hi is exact for k < 2²⁰ (the upper 32 bits of ln 2).
    private static let ln2Hi = 6.93147180369123816490e-01
    private static let ln2Lo = 1.90821492927058770002e-10

    static let unit = PowerOfTwoScale(k: 0)

    init(k: Int) {
        precondition(k >= 0 && k < 1 << 20, "PowerOfTwoScale: k out of range")
        self.k = k
        hi = Double(k) * Self.ln2Hi
        lo = Double(k) * Self.ln2Lo
    }

    /// The scale that brings a largest log-value `logMax` down to `target` (no scaling
    /// when it is already below): k = ⌈(logMax − target)/ln 2⌉⁺, capped at 2²⁰ − 1.
    init(bringing logMax: Double, below target: Double) {
        guard logMax.isFinite, logMax > target else { self.init(k: 0); return }
        let k = ((logMax - target) / M_LN2).rounded(.up)
        self.init(k: Int(min(k, Double((1 << 20) - 1))))
    }

    /// e^{x − k ln 2}.
    @inline(__always)
    func exp(_ x: Double) -> Double {
        k == 0 ? Foundation.exp(x) : Foundation.exp((x - hi) - lo)
    }

    /// v·2^k (exact unless it overflows to ±∞).
    func unscale(_ v: Double) -> Double {
        k == 0 ? v : scalbn(v, k)
    }
}
