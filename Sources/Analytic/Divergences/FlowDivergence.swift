import Foundation

/// The f-divergences whose gradient flows ganflow solves: `F(ρ) = ∫ ρd f(u)`, `u = ρ/ρd`.
///
/// For convex `f` with `f(1) = 0` the flow is `∂ₜρ = div(ρd ∇Ψ(u))` with `Ψ'(u) = u f''(u)`
/// (docs/MATH.md §1; the family beyond JS is *derived*, not the paper's). The velocity of the
/// particles is `v = −∇f'(u) = Ψ'(u) (∇ln ρd − ∇ln ρ)`.
///
/// | kind | f(u) | f'(u) | Ψ(u) | Ψ'(u) |
/// |---|---|---|---|---|
/// | `.js` | ½[u ln u − (1+u) ln((1+u)/2)] | ½ ln(2u/(1+u)) | ½ ln(1+u) | 1/(2(1+u)) |
/// | `.kl` | u ln u − u + 1 | ln u | u | 1 |
/// | `.chi2` | (u − 1)² | 2(u − 1) | u² | 2u |
public enum FlowDivergence: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Jensen–Shannon: the paper's flow (ODE (2)).
    case js
    /// KL(ρ‖ρd): the linear Fokker–Planck equation (derived).
    case kl
    /// χ²(ρ‖ρd): porous-medium type (derived).
    case chi2

    public var description: String { rawValue }

    /// f(u), continuous at u = 0 (`f(0) = ½ ln 2` for JS, 1 for KL and χ²).
    @inlinable
    public func f(_ u: Double) -> Double {
        switch self {
        case .js:
            let ulogu = u > 0 ? u * log(u) : 0
            return 0.5 * (ulogu - (1 + u) * log((1 + u) / 2))
        case .kl:
            return (u > 0 ? u * log(u) : 0) - u + 1
        case .chi2:
            return (u - 1) * (u - 1)
        }
    }

    /// f'(u), the first variation δF/δρ (−∞ at u = 0 for JS and KL).
    @inlinable
    public func fPrime(_ u: Double) -> Double {
        switch self {
        case .js: return 0.5 * log(2 * u / (1 + u))
        case .kl: return log(u)
        case .chi2: return 2 * (u - 1)
        }
    }

    /// f''(u) > 0 for u > 0: convexity.
    @inlinable
    public func fSecond(_ u: Double) -> Double {
        switch self {
        case .js: return 1 / (2 * u * (1 + u))
        case .kl: return 1 / u
        case .chi2: return 2
        }
    }

    /// Ψ(u) with Ψ' = u f'': the flux is `−ρd ∇Ψ(u)`.
    @inlinable
    public func psi(_ u: Double) -> Double {
        switch self {
        case .js: return 0.5 * log1p(u)
        case .kl: return u
        case .chi2: return u * u
        }
    }

    /// Ψ'(u) = u f''(u) ≥ 0: the nonlinear diffusivity (½ at u = 0 for JS: non-degenerate).
    @inlinable
    public func psiPrime(_ u: Double) -> Double {
        switch self {
        case .js: return 0.5 / (1 + u)
        case .kl: return 1
        case .chi2: return 2 * u
        }
    }

    /// Ψ''(u), for Newton Jacobians.
    @inlinable
    public func psiSecond(_ u: Double) -> Double {
        switch self {
        case .js: return -0.5 / ((1 + u) * (1 + u))
        case .kl: return 0
        case .chi2: return 2
        }
    }
}
