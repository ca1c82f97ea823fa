import CGSL
import Foundation

/// Student's t with ν > 0 degrees of freedom, location μ and scale σ > 0:
/// `Γ((ν+1)/2) / (Γ(ν/2) √(νπ) σ) · (1 + z²/ν)^{−(ν+1)/2}`, `z = (x − μ)/σ`.
///
/// Score: `−(ν + 1) z / (σ (ν + z²))`. CDF/survival/quantile through GSL's
/// `gsl_cdf_tdist_*` (the quantile on the small-probability side).
///
/// **Heavy tails and quadrature.** The density decays like `|x|^{−(ν+1)}`, not
/// exponentially. QAGIU/QAGIL map `[a, ∞)` to `(0, 1]` by `x = a + (1 − t)/t`; the mapped
/// integrand of the density behaves like `t^{ν−1}` near `t = 0`, singular for ν < 1
/// (still integrable), so the tails cost more evaluations and their error estimates are
/// looser than for light tails — the extrapolation of QAGS-type rules handles the
/// algebraic end-point behaviour. Moments of order ≥ ν do not exist: an integrand such as
/// `x² p(x)` for ν ≤ 2 diverges and quadrature then fails (an error, not a number). In
/// divergences, a Student-t beside a lighter-tailed density makes KL/χ² infinite in one
/// direction (see ``TailFiniteness``).
public struct StudentT: LocationScaleDensity, Equatable {
    public let degreesOfFreedom: Double
    public let location: Double
    public let scale: Double
    /// ln of the normalising constant `Γ((ν+1)/2) / (Γ(ν/2) √(νπ) σ)`.
    private let logNormaliser: Double

    public init(degreesOfFreedom nu: Double, location: Double, scale: Double) throws {
        let what = "student(\(nu),\(location),\(scale))"
        try requireFinite(nu, what: what)
        guard AcceptedRanges.studentDegreesOfFreedom.contains(nu) else {
            throw InvalidArgument("\(what): the degrees of freedom must be in [0.5, 1e100], got \(nu)")
        }
        try AcceptedRanges.checkLocationScale(location, scale, what)
        GSL.ensureReady()
        degreesOfFreedom = nu
        self.location = location
        self.scale = scale
        logNormaliser = try Self.logStandardNormaliser(nu) - log(scale)
    }

    /// ln[Γ((ν+1)/2) / (Γ(ν/2) √(νπ))], without cancellation for any ν.
    ///
    /// With x = ν/2, lnΓ(x + ½) − lnΓ(x) = ½ ln x + S(x) and
    /// S(x) = −1/(8x) + 1/(192x³) − 1/(640x⁵) + 17/(14336x⁷) + O(x⁻⁹) (the asymptotic
    /// series of the log-gamma ratio; coefficients checked against 50-digit values), so the
    /// log-normaliser is −½ ln(2π) + S(ν/2): for ν ≥ 100 the omitted term is < 1e-18 and
    /// nothing cancels (the difference of two lnΓ values of size ν ln ν lost all digits of
    /// the 1e-12 KL(t_ν‖N) at ν = 1e6 and gave a negative KL at ν = 1e15). Below 100 the
    /// ratio is −ln B(ν/2, ½) − ½ ln ν (Γ(½) = √π cancels exactly), from GSL's ln B, which
    /// treats the unequal arguments without subtracting large log-gammas.
    static func logStandardNormaliser(_ nu: Double) throws -> Double {
        if nu >= 100 {
            let x = 0.5 * nu, r = 1 / (x * x)
            let s = -1 / (8 * x) * (1 - r * (1.0 / 24 - r * (1.0 / 80 - r * 17.0 / 1792)))
            return -0.5 * log(2 * Double.pi) + s
        }
        return -(try SpecialFunctions.logBeta(0.5 * nu, 0.5).value) - 0.5 * log(nu)
    }

    public var spec: String {
        "student(\(specNumber(degreesOfFreedom)),\(specNumber(location)),\(specNumber(scale)))"
    }

    public func logPDF(_ x: Double) -> Double {
        let z = (x - location) / scale
        return logNormaliser - 0.5 * (degreesOfFreedom + 1) * log1p(z * z / degreesOfFreedom)
    }
    public func logPDF(anchor: Double, offset: Double) -> Double {
        let z = ((anchor - location) + offset) / scale
        return logNormaliser - 0.5 * (degreesOfFreedom + 1) * log1p(z * z / degreesOfFreedom)
    }
    public func score(_ x: Double) -> Double {
        let z = (x - location) / scale
        return -(degreesOfFreedom + 1) * z / (scale * (degreesOfFreedom + z * z))
    }
    public func cdf(_ x: Double) -> Double { gsl_cdf_tdist_P((x - location) / scale, degreesOfFreedom) }
    public func survival(_ x: Double) -> Double { gsl_cdf_tdist_Q((x - location) / scale, degreesOfFreedom) }
    public func quantile(_ p: Double) throws -> Double {
        try requireProbability(p)
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        let z = p <= 0.5 ? gsl_cdf_tdist_Pinv(p, degreesOfFreedom)
                         : gsl_cdf_tdist_Qinv(1 - p, degreesOfFreedom)
        if z.isFinite { return location + scale * z }
        // GSL's inverse failed to converge (extreme p with tiny ν): fall back to Brent on
        // the CDF, bracketed by growing the interval until it straddles p.
        var w = scale
        while w < 1e300, cdf(location - w) > p || survival(location + w) > 1 - p { w *= 4 }
        return try numericQuantile(p, bracket: location - w, location + w)
    }
    public func sample(_ rng: RandomSource) -> Double {
        location + scale * rng.studentT(nu: degreesOfFreedom)
    }
}
