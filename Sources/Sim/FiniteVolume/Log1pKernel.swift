import Foundation

/// `log(1 + u)` for the JS flux `Ψ(u) = ½ log(1 + u)`, inlined into the solvers' Newton passes
/// and, operation for operation, the one the vectorised C fill (`ganflow_js_psi_fill`) computes
/// on whole grid lines (the platform's `log1p` is an opaque call, a third of the 2D solver's
/// time when it was used there).
///
/// Method (standard argument reduction; the formulas are textbook facts):
///
///     w = fl(1 + u),  c = (u − (w − 1))·(1/w)    the rounding of 1 + u, to first order
///     w = 2ᵉ·m,  m ∈ [√½, √2)                   exponent and mantissa from the bits
///     f = m − 1 (exact),  s = f/(2 + f),  z = s²,  hf = f²/2
///     log m = 2 atanh s = f − (hf − s(hf + R(z))),  R(z) = Σ_{k≥1} 2zᵏ/(2k + 1) ≈ z·P(z)
///     log(1 + u) = e·ln2ₕᵢ + (log m + (e·ln2ₗₒ + c))
///
/// `w − 1` and `u − (w − 1)` are exact (Sterbenz), so `c` carries the rounding of `1 + u`;
/// `ln2ₕᵢ` has 21 significant bits, so `e·ln2ₕᵢ` is exact for every exponent. On
/// |s| ≤ (√2 − 1)/(√2 + 1) ≈ 0.1716, z ≤ 0.02944, P is the degree-6 polynomial interpolating
/// R(z)/z at 7 Chebyshev nodes (coefficients from `Tests/Fixtures/log1p_polynomial.py`, 200-bit
/// arithmetic, rounded to doubles): |R − zP| ≤ 9.3e-18, which moves log m by at most
/// s·9.3e-18, 0.04 ulp. The few roundings of f², s and the final sums keep the result within
/// 1 ulp of `log(1 + u)`: 0.86 ulp at most in 10⁶ arguments (log-uniform over
/// [1e-300, 1e300], uniform on [0, 4] and on (−1, 0), near √2·2ᵏ − 1) against 120-bit
/// values, where the platform's `log1p` reached 0.84 (`Tests/Fixtures/log1p_accuracy.py`,
/// seeds 1 and 2, 5·10⁵ arguments each; the same reduction for log x, in the C loop of the
/// step guard's sums: 0.79 ulp, the platform's log 0.51). `Log1pKernelTests` holds it within
/// 2 ulp of the platform's `log1p` (1 ulp each).
///
/// Domain: u > −1 finite; u = +∞, NaN and u ≤ −1 go to the platform's `log1p`.
package enum Log1pKernel {
    /// ln 2 split: `hi` with its low 32 bits zero, `lo` = ln 2 − hi rounded.
    @usableFromInline static let ln2Hi = Double(bitPattern: 0x3FE6_2E42_0000_0000)
    @usableFromInline static let ln2Lo = Double(bitPattern: 0x3E9F_DF47_3DE6_AF28)
    /// √2 as the largest mantissa kept in [1, 2) before halving.
    @usableFromInline static let sqrt2 = 2.0.squareRoot()

    @inlinable @inline(__always)
    package static func log1p(_ u: Double) -> Double {
        guard u > -1, u < 0x1p1000 else { return Foundation.log1p(u) }
        let w = 1 + u
        let c = (u - (w - 1)) * (1 / w)
        let bits = w.bitPattern
        var e = Int(truncatingIfNeeded: bits >> 52) - 1023
        var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        if m > sqrt2 { m *= 0.5; e += 1 }
        let f = m - 1
        let s = f / (2 + f)
        let z = s * s
        let hf = 0.5 * f * f
        var r = 0.14616585424888623
        r = r * z + 0.15331710618210773
        r = r * z + 0.18182889455674947
        r = r * z + 0.22222211130259878
        r = r * z + 0.2857142862600327
        r = r * z + 0.39999999999899444
        r = r * z + 0.666666666666667
        r *= z
        let de = Double(e)
        return de * ln2Hi + (f - (hf - (s * (hf + r) + (de * ln2Lo + c))))
    }
}
