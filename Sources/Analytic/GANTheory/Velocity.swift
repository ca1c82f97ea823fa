import Foundation

/// The velocity of ODE (2) for an f-divergence flow (docs/MATH.md §1):
/// `v(x) = −∇f'(u) = Ψ'(u) (s_d(x) − s_ρ(x))`, `u = ρ/ρd`, with the scores
/// `s = d/dx ln(density)`. For JS, `Ψ'(u) = 1/(2(1+u)) = ½D*`, so
/// `v_JS = ½ D*(x) (s_d − s_ρ)` (equal to `∇D*/(2(1 − D*))`); for KL `v = s_d − s_ρ`; for
/// χ² `v = 2u (s_d − s_ρ)` (the KL and χ² flows are derived, not the paper's).
///
/// `u` is formed as `exp(ln ρ − ln ρd)`; outside ρd's support (u = ∞) the JS velocity is
/// 0 · (…) and is returned as 0 for JS, ±∞ or NaN for the others (those flows need
/// ρ ≪ ρd).
public struct Velocity: Sendable {
    public let kind: FlowDivergence
    public let data: any Density
    public let generator: any Density

    public init(_ kind: FlowDivergence = .js, data: any Density, generator: any Density) {
        self.kind = kind
        self.data = data
        self.generator = generator
    }

    /// v(x).
    public func callAsFunction(_ x: Double) -> Double {
        let scoreGap = data.score(x) - generator.score(x)
        switch kind {
        case .js:
            let dstar = OptimalDiscriminator(data: data, generator: generator)(x)
            return dstar == 0 ? 0 : 0.5 * dstar * scoreGap
        case .kl, .chi2:
            let u = exp(generator.logPDF(x) - data.logPDF(x))
            return kind.psiPrime(u) * scoreGap
        }
    }
}
