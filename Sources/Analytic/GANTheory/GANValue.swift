import Foundation

/// The GAN value `V(D, ρ) = E_ρd[ln D] + E_ρ[ln(1 − D)]` (docs/MATH.md §1) by quadrature, with
/// its error estimate; `max_D V = V(D*, ρ) = −ln 4 + 2 JS(ρd, ρ)` (D7, derived).
///
/// Integrand `ρd ln D + ρ ln(1 − D)`, split at ``IntegrationNodes`` of both densities.
/// A term whose density is 0 contributes 0 whatever D is (0 · ln 0 = 0). Where a density
/// is positive and D takes the forbidden value (D = 0 under ρd, D = 1 under ρ) V is −∞:
/// it is returned as −∞ with error 0, not as a quadrature failure.
public enum GANValue {
    /// V(D, ρ) for any discriminator `D: ℝ → [0, 1]`.
    public static func value(of discriminator: (Double) -> Double, data: any Density, generator: any Density,
                             tolerance: QuadratureTolerance = .standard) throws -> QuadratureResult {
        try integrate(data: data, generator: generator, tolerance: tolerance) { x in
            let d = discriminator(x)
            return (log(d), log1p(-d))
        }
    }

    /// V(D, ρ) for a discriminator given by its logit `t(x)`, `D = σ(t)`: ln D and
    /// ln(1 − D) are formed as −softplus(∓t), accurate where D is near 0 or 1.
    public static func value(ofLogit logit: (Double) -> Double, data: any Density, generator: any Density,
                             tolerance: QuadratureTolerance = .standard) throws -> QuadratureResult {
        try integrate(data: data, generator: generator, tolerance: tolerance) { x in
            let t = logit(x)
            return (-softplus(-t), -softplus(t))
        }
    }

    /// V(D*, ρ), the maximum over D.
    public static func optimal(data: any Density, generator: any Density,
                               tolerance: QuadratureTolerance = .standard) throws -> QuadratureResult {
        let dstar = OptimalDiscriminator(data: data, generator: generator)
        return try integrate(data: data, generator: generator, tolerance: tolerance) { x in
            (dstar.logD(x), dstar.logOneMinusD(x))
        }
    }

    private static func integrate(data: any Density, generator: any Density, tolerance: QuadratureTolerance,
                                  _ logs: (Double) -> (Double, Double)) throws -> QuadratureResult {
        var forbidden = false
        let f: (Double) -> Double = { x in
            let ld = data.logPDF(x), lg = generator.logPDF(x)
            let (a, b) = logs(x)
            var s = 0.0
            if ld > -.infinity { if a == -.infinity { forbidden = true } else { s += exp(ld) * a } }
            if lg > -.infinity { if b == -.infinity { forbidden = true } else { s += exp(lg) * b } }
            return s
        }
        let lo = min(data.support.lowerBound, generator.support.lowerBound)
        let hi = max(data.support.upperBound, generator.support.upperBound)
        let r = try Quadrature.integrate(f, from: lo, to: hi, breakpoints: IntegrationNodes.nodes(for: [data, generator]),
                                         tolerance: tolerance)
        return forbidden ? QuadratureResult(value: -.infinity, error: 0, evaluations: r.evaluations) : r
    }
}
