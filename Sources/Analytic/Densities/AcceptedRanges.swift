import Foundation

/// The parameter ranges over which ganflow's densities and divergences are accurate.
/// Outside them a density is refused at construction with a message naming the range:
/// ganflow never returns a number it cannot vouch for.
///
/// Why each limit:
/// - **Scales** σ, b, s in [1e-300, 1e300]: quadrature offsets `k·scale` (k up to 745 for
///   exponential tails) stay normal doubles and finite.
/// - **|location| ≤ 1e15·scale**: the doubles near the location are at most scale/4 apart
///   (ulp(1e15) = 0.125), so the integration nodes location ± k·scale stay distinct and the
///   density is resolved; beyond that the density is narrower than the spacing of doubles.
/// - **Student-t ν in [0.5, 1e100]**: for ν < 0.5 the tail mass beyond the largest double
///   (∝ (x/σ)^{−ν}) is no longer negligible; the normaliser uses an asymptotic series for
///   large ν, exact to double precision up to any ν.
/// - **Beta a, b in [0.1, 1e10]**: the mass below x is ≈ x^a/(aB), so for a = 0.0123 a
///   ten-thousandth of it lies below the smallest positive double (measured: the
///   substituted integrand overflowed there); at a ≥ 0.1 the mass below 1e-300 is < 1e-29;
///   above 1e10 the bulk (width ~ 1/√a) shrinks towards the spacing of doubles near 1.
///   A pole (a shape below 1) beside a far peak (the other shape up to 1e10) is accepted:
///   next to a pole the integrals are taken in a substituted variable down to 1e-300 from
///   the end, and what lies below is bounded and added to the error (``AnchoredQuadrature``).
/// - **Intervals** (uniform, truncated): finite width (b − a must not overflow) and
///   width ≥ 1e-12·max(|a|, |b|), i.e. thousands of doubles across.
public enum AcceptedRanges {
    public static let scale: ClosedRange<Double> = 1e-300 ... 1e300
    public static let locationOverScale = 1e15
    public static let studentDegreesOfFreedom: ClosedRange<Double> = 0.5 ... 1e100
    public static let betaShape: ClosedRange<Double> = 0.1 ... 1e10
    public static let relativeWidth = 1e-12

    /// One paragraph per family, for `--help`.
    public static let summary = """
    Accepted parameter ranges (outside them a density is refused with the range named): \
    normal(mu,sigma), laplace(mu,b), logistic(mu,s): scale in [1e-300, 1e300], \
    |mu| <= 1e15*scale; student(nu,mu,sigma): nu in [0.5, 1e100], same scale and location \
    limits; beta(a,b): a, b in [0.1, 1e10]; uniform(a,b) and truncated(SPEC,a,b): a < b, \
    b - a finite and >= 1e-12*max(|a|,|b|) (a truncation must also keep positive mass); \
    mixture(w1*SPEC,...): weights >= 0 summing to 1 within 1e-9, at most \
    \(DensitySpec.maximumLeaves) leaf densities; specs: at most \(DensitySpec.maximumLength) \
    characters and \(DensitySpec.maximumDepth) levels of nesting.
    """

    static func checkScale(_ s: Double, _ name: String, _ what: @autoclosure () -> String) throws {
        guard scale.contains(s) else {
            throw InvalidArgument("\(what()): the \(name) must be in [1e-300, 1e300], got \(s)")
        }
    }

    static func checkLocation(_ m: Double, scale s: Double, _ what: @autoclosure () -> String) throws {
        guard abs(m) <= locationOverScale * s else {
            throw InvalidArgument("\(what()): |location|/scale = \(abs(m) / s) exceeds 1e15 (the density would be narrower than the spacing of doubles there)")
        }
    }

    static func checkInterval(_ a: Double, _ b: Double, _ what: String) throws {
        guard a < b else { throw InvalidArgument("\(what): needs a < b, got a = \(a), b = \(b)") }
        let w = b - a
        guard w.isFinite else { throw InvalidArgument("\(what): the width b − a overflows (must be finite)") }
        guard w >= relativeWidth * max(abs(a), abs(b)) else {
            throw InvalidArgument("\(what): the width \(w) is below 1e-12·max(|a|, |b|) (too narrow to resolve in doubles)")
        }
    }
}
