import CGSL

/// A special-function value with GSL's estimate of its absolute error.
public struct SpecialValue: Sendable, Equatable {
    public var value: Double
    public var error: Double
}

/// Special functions through GSL's `_e` variants, which report an error estimate and a
/// status instead of aborting. Named in full (`errorFunction`, not `erf`) so they do
/// not collide with the C library's `erf` that Foundation re-exports.
public enum SpecialFunctions {
    private static func call(_ what: @autoclosure () -> String,
                             _ f: (UnsafeMutablePointer<gsl_sf_result>) -> Int32) throws -> SpecialValue {
        GSL.ensureReady()
        var r = gsl_sf_result(val: 0, err: 0)
        try GSL.check(f(&r), what())
        return SpecialValue(value: r.val, error: r.err)
    }

    /// erf(x) = 2/√π ∫₀ˣ e^{−t²} dt.
    public static func errorFunction(_ x: Double) throws -> SpecialValue {
        try call("computing erf(\(x))") { gsl_sf_erf_e(x, $0) }
    }
    /// erfc(x) = 1 − erf(x), accurate for large x where 1 − erf(x) would cancel.
    public static func complementaryErrorFunction(_ x: Double) throws -> SpecialValue {
        try call("computing erfc(\(x))") { gsl_sf_erfc_e(x, $0) }
    }
    /// ln erfc(x), finite far into the right tail where erfc underflows.
    public static func logComplementaryErrorFunction(_ x: Double) throws -> SpecialValue {
        try call("computing log erfc(\(x))") { gsl_sf_log_erfc_e(x, $0) }
    }
    /// ln Γ(x) for x > 0 (GSL also accepts non-integer negative x: ln|Γ(x)|).
    public static func logGamma(_ x: Double) throws -> SpecialValue {
        try call("computing lnΓ(\(x))") { gsl_sf_lngamma_e(x, $0) }
    }
    /// ln B(a, b) = lnΓ(a) + lnΓ(b) − lnΓ(a + b), for a, b > 0.
    public static func logBeta(_ a: Double, _ b: Double) throws -> SpecialValue {
        try call("computing lnB(\(a), \(b))") { gsl_sf_lnbeta_e(a, b, $0) }
    }
    /// Γ(x).
    public static func gamma(_ x: Double) throws -> SpecialValue {
        try call("computing Γ(\(x))") { gsl_sf_gamma_e(x, $0) }
    }
    /// ψ(x) = d/dx lnΓ(x).
    public static func digamma(_ x: Double) throws -> SpecialValue {
        try call("computing ψ(\(x))") { gsl_sf_psi_e(x, $0) }
    }
    /// Regularised lower incomplete gamma P(a, x) = γ(a, x)/Γ(a).
    public static func incompleteGammaP(_ a: Double, _ x: Double) throws -> SpecialValue {
        try call("computing P(\(a), \(x))") { gsl_sf_gamma_inc_P_e(a, x, $0) }
    }
    /// Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a).
    ///
    /// Where GSL sums its small-a series for Q (a < 0.2, x < 5), its value is off by up to
    /// 2.6e-11 while it reports ~1.7e-16 (measured against 40-digit mpmath on 20 000
    /// random points of that region, GSL 2.7). There Q is formed as 1 − P instead: P comes
    /// from GSL's P series, whose estimate held, and the subtraction adds at most ε/2, so
    /// the reported error is P's plus ε (an absolute error: as a → 0, Q → 0 and its
    /// relative accuracy is that of 1 − P).
    public static func incompleteGammaQ(_ a: Double, _ x: Double) throws -> SpecialValue {
        if a > 0, a < gslQSeriesA, x >= 0, x < gslQSeriesX {
            let p = try incompleteGammaP(a, x)
            return SpecialValue(value: 1 - p.value, error: p.error + Double.ulpOfOne)
        }
        return try call("computing Q(\(a), \(x))") { gsl_sf_gamma_inc_Q_e(a, x, $0) }
    }
    /// The region (a < 0.2, x < 5) where GSL evaluates Q by its small-a series.
    static let gslQSeriesA = 0.2, gslQSeriesX = 5.0
    /// Regularised incomplete beta I_x(a, b).
    public static func incompleteBeta(_ a: Double, _ b: Double, _ x: Double) throws -> SpecialValue {
        try call("computing I_\(x)(\(a), \(b))") { gsl_sf_beta_inc_e(a, b, x, $0) }
    }
}
