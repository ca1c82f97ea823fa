import Foundation
import Analytic
import Sim

/// The problem a ``FlowScheme`` is asked to advance: the gradient flow
/// `∂ₜρ = div(ρd ∇Ψ(u))`, `u = ρ/ρd` (docs/MATH.md §1), on a uniform grid of `cells` cells on
/// [lower, upper] with zero flux at both ends, toward the target density `target`.
///
/// It is Sim's `FlowProblem` (one vocabulary: the grid, the target's exact cell averages
/// `ρdᵢ = mass(cellᵢ)/h` without cancellation in either tail, its values at the faces, and
/// the cells of a gap of its support, docs/MATH.md D5) seen from outside the package: the
/// battery and `check` read these arrays, and a scheme written elsewhere builds its fluxes
/// from them.
public struct SchemeProblem: Sendable, CustomStringConvertible {
    /// The finite-volume problem this is a view of.
    public let flowProblem: FlowProblem
    /// ρd(x_{i+½}) at the `cells − 1` interior faces (face i lies between cell i and i+1);
    /// 0 where a neighbouring cell lies in a gap of the target's support.
    public let targetAtFaces: [Double]

    /// The target is truncated to [lower, upper] and renormalised there (the meaning of
    /// `--domain` everywhere in ganflow) unless it already is that truncation.
    public init(target: any Density, lower: Double, upper: Double, cells: Int,
                flow: FlowDivergence = .js) throws {
        let truncated: any Density
        if let t = target as? Truncated, t.lower == lower, t.upper == upper {
            truncated = t
        } else {
            truncated = try Truncated(target, lower: lower, upper: upper)
        }
        flowProblem = try FlowProblem(target: truncated, lower: lower, upper: upper, cells: cells, flow: flow)
        let h = flowProblem.grid.spacing
        targetAtFaces = flowProblem.faceWeights.map { $0 * h * h }
    }

    public var target: any Density { flowProblem.target }
    public var grid: Grid1D { flowProblem.grid }
    public var lower: Double { grid.lower }
    public var upper: Double { grid.upper }
    public var cells: Int { grid.cells }
    public var flow: FlowDivergence { flowProblem.flow }
    /// ρdᵢ, exact cell averages of the target (0 in a gap of its support).
    public var targetAverages: [Double] { flowProblem.targetAverages }
    /// The cell width h.
    public var spacing: Double { grid.spacing }
    /// Face k, k in 0...cells.
    public func face(_ k: Int) -> Double { grid.face(k) }
    /// Centre of cell i.
    public func center(_ i: Int) -> Double { grid.center(i) }
    public var centers: [Double] { grid.centers }

    /// Exact cell averages of a density, renormalised to mass 1 on the domain.
    public func cellAverages(of density: any Density) throws -> [Double] {
        let raw = grid.cellAverages(of: density)
        let total = raw.reduce(0, +) * spacing
        guard total.isFinite, total > 0 else {
            throw InvalidArgument("scheme problem: \(density.spec) has no mass on [\(lower), \(upper)]")
        }
        return raw.map { $0 / total }
    }

    public var description: String {
        "\(flow) flow toward \(target.spec) on [\(lower), \(upper)] with \(cells) cells"
    }
}
