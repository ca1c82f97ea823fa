import Foundation

/// A lower bound on χ² from KL, used to name an overflow as an overflow.
///
/// **Derived** (not from the paper): by Jensen's inequality for the concave logarithm
/// under P, KL(P‖Q) = E_P ln(p/q) ≤ ln E_P(p/q) = ln(1 + χ²(P‖Q)). So χ² ≥ e^KL − 1, and
/// once KL's lower end KL − err exceeds ln of the largest double (≈ 709.78), χ² is
/// beyond double precision whatever its quadrature did.
///
/// Where χ²'s own quadrature fails (its integrand e^{2 ln p − ln q} spans more than the
/// doubles can hold, so no rule converges), ``Divergences`` replaces the failure's reason
/// with this bound: χ²(beta(7.7e9, 3.5e5)‖beta(1e10, 1.1e5)) has KL = 184502.2, so
/// χ² ≥ e^184502 (the closed form gives ln(1 + χ²) = 353946.2).
public struct ChiSquaredBound: Sendable, Equatable {
    /// A proven lower bound on ln(1 + χ²): KL's value minus its error.
    public var logOnePlusChiSquared: Double

    /// The bound, when KL proves an overflow of χ²; nil otherwise.
    public init?(kl: DivergenceResult) {
        let low = kl.value - kl.error
        guard kl.kind == .kl, kl.isFinite, low.isFinite, low > log(Double.greatestFiniteMagnitude) else { return nil }
        logOnePlusChiSquared = low
    }

    /// The failure that reports the overflow with its bound.
    public var failure: DivergenceFailure {
        DivergenceFailure(kind: .chi2, reason: "overflow: χ² ≥ e^\(logOnePlusChiSquared) − 1, beyond the largest double (ln(1 + χ²) ≥ KL by Jensen's inequality, derived; KL − its error = \(logOnePlusChiSquared))")
    }
}
