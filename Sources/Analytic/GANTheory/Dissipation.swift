import Foundation

/// The dissipation `∫ ρ |v|²` of the flow's energy (D1, derived: `d/dt JS(ρd, ρ_t) = −∫ρ_t|v_t|²`),
/// by quadrature split at ``IntegrationNodes`` of both densities, with its error estimate.
/// Zero iff v = 0 ρ-almost everywhere (D5, derived).
public enum Dissipation {
    public static func compute(_ kind: FlowDivergence = .js, data: any Density, generator: any Density,
                               tolerance: QuadratureTolerance = .standard) throws -> QuadratureResult {
        let v = Velocity(kind, data: data, generator: generator)
        let f: (Double) -> Double = { x in
            let lg = generator.logPDF(x)
            if lg == -.infinity { return 0 }
            let vx = v(x)
            return exp(lg) * vx * vx
        }
        let s = generator.support
        return try Quadrature.integrate(f, from: s.lowerBound, to: s.upperBound,
                                        breakpoints: IntegrationNodes.nodes(for: [data, generator]),
                                        tolerance: tolerance)
    }
}
