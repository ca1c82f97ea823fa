import Analytic
import Foundation
import PropertyBased
import Sim

/// A start ρ₀ drawn independently of the target: a mixture q of 1–3 normals placed by
/// fractions of the box (means anywhere in it, standard deviations log-uniform in
/// [0.02, 0.5] box lengths, weights ≥ 0.05), truncated to the box — or, when ``floor`` is set,
/// ρ₀ ∝ ρdᵢ·(c + q(xᵢ)/maxⱼ q(xⱼ)) at the cell centres xᵢ, c = `floor`: the same independent
/// shape with bounded ratio u₀ (sup u₀/inf u₀ ≤ (1 + c)/c), for targets that vanish at a wall.
public struct FlowStart: Sendable {
    public var weights: [Double]
    /// Means as fractions of the box, in [0, 1].
    public var positions: [Double]
    /// Standard deviations as fractions of the box length.
    public var widths: [Double]
    public var floor: Double? = nil

    /// q on the box [a, b].
    public func mixture(on a: Double, _ b: Double) -> MixtureParameters {
        MixtureParameters(weights: weights, means: positions.map { a + $0 * (b - a) },
                          standardDeviations: widths.map { $0 * (b - a) })
    }

    public func description(on target: FlowTarget) -> String {
        let q = mixture(on: target.domain.lower, target.domain.upper).spec
        if let c = floor { return "ρd·(\(c) + q/max q), q = \(q)" }
        return "\(q) truncated to the box"
    }

    /// The start's cell averages on the problem's grid (mass 1).
    public func averages(_ p: FlowProblem) throws -> [Double] {
        let g = p.grid
        let q = try mixture(on: g.lower, g.upper).density()
        guard let c = floor else {
            return try p.initialAverages(of: try Truncated(q, lower: g.lower, upper: g.upper))
        }
        let values = g.centers.map { q.pdf($0) }
        let top = values.max()!
        let raw = values.indices.map { p.targetAverages[$0] * (c + values[$0] / top) }
        let mass = raw.reduce(0, +) * g.spacing
        return raw.map { $0 / mass }
    }

    /// Independent starts (no floor).
    public static func independent() -> Generator<FlowStart, some SendableSequenceType> {
        let part = zip(Gen.double(in: 0...1), Gen.double(in: 0...1), RandomFlowProblems.logUniform(0.02...0.5))
        return part.array(of: 1...3).map { parts in
            let raw = parts.map { 0.05 + 0.95 * $0.0 }, total = raw.reduce(0, +)
            return FlowStart(weights: raw.map { $0 / total }, positions: parts.map(\.1), widths: parts.map(\.2))
        }
    }
}
