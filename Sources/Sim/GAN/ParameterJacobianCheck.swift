import Foundation

/// A generator's hand-written parameter Jacobian `J(z) = ∂G_θ(z)/∂θ` disagreed with central
/// differences of `G_θ(z)` beyond their error bound.
public struct ParameterJacobianMismatch: Error, CustomStringConvertible, Sendable {
    public let generator: String
    public let parameter: Int
    public let noise: Double
    public let jacobian: Double
    public let finiteDifference: Double
    public let tolerance: Double
    public var description: String {
        "parameter Jacobian check failed for \(generator.prefix(120)): ∂G/∂θ[\(parameter)] at z = \(noise) is \(jacobian), central differences of G give \(finiteDifference) (tolerance \(tolerance)) — the generator's gradient is wrong"
    }
}

/// The cheap invariant checked before a long fit: every entry of `J(z)` against central
/// differences of `G_θ(z)` at the five quantile nodes `zᵢ = Φ⁻¹((i − ½)/5)` of the noise.
///
/// With step `s = 1e-4·max(1, |θₖ|)`, `D_s = (G(θ + s eₖ) − G(θ − s eₖ))/(2s)` has truncation
/// error `s²|∂³G/∂θₖ³|/6 + O(s⁴)` and round-off `≲ ε·T/s` (T the size of the terms of G); the
/// check accepts `|Jₖ − D_{s/2}| ≤ 2|D_s − D_{s/2}| + 1e-6(1 + |Jₖ| + |G|)`: the first term is
/// twice the Richardson estimate of `D_{s/2}`'s truncation error (`(D_s − D_{s/2})/3`, so a
/// margin of 6), the second covers round-off (ε/s ≈ 2e-12 relative) with room, and is below
/// any real defect of the Jacobian (a wrong factor or sign changes an entry by O(|Jₖ|)).
/// Cost: 4·P evaluations of G per node (P parameters) — nothing next to one fit.
public enum ParameterJacobianCheck {
    public static func verify<G: ParametricGenerator>(_ g: G) throws {
        let theta = g.parameters
        guard theta.allSatisfy(\.isFinite) else { return }
        for z in NoiseMode.quantileNodes(5) {
            let j = g.jacobian(z)
            let value = g.output(z)
            for k in theta.indices {
                let s = 1e-4 * max(1, abs(theta[k]))
                func difference(_ step: Double) throws -> Double {
                    var plus = theta, minus = theta
                    plus[k] += step; minus[k] -= step
                    return (try g.with(parameters: plus).output(z) - g.with(parameters: minus).output(z)) / (2 * step)
                }
                let coarse = try difference(s), fine = try difference(0.5 * s)
                let tolerance = 2 * abs(coarse - fine) + 1e-6 * (1 + abs(j[k]) + abs(value))
                if !(abs(j[k] - fine) <= tolerance) {
                    throw ParameterJacobianMismatch(generator: g.description, parameter: k, noise: z, jacobian: j[k],
                                                    finiteDifference: fine, tolerance: tolerance)
                }
            }
        }
    }
}
