import Foundation
import Analytic
import Sim

/// The problem a ``FlowScheme`` is asked to advance: the gradient flow
/// `∂ₜρ = div(ρd ∇Ψ(u))`, `u = ρ/ρd` (MATH.md §1), on a uniform grid of `cells` cells on
/// [lower, upper] with zero flux at both ends, toward the target density `target`.
///
/// The grid quantities a finite-volume scheme needs are precomputed: the target's exact
/// cell averages `ρdᵢ = mass(cellᵢ)/h` (from ``Density/mass(from:to:)``, without
/// cancellation in either tail) and its point values at the interior faces. A cell where
/// the target's average is 0 (a gap of its support, MATH.md D5) is allowed; divergences
/// treat it through the perspective function (see ``GridFunctionals``).
public struct SchemeProblem: Sendable, CustomStringConvertible {
    /// The target truncated to [lower, upper] and renormalised there.
    public let target: any Density
    public let lower: Double
    public let upper: Double
    public let cells: Int
    public let flow: FlowDivergence
    /// ρdᵢ, exact cell averages of the target.
    public let targetAverages: [Double]
    /// ρd(x_{i+½}) at the `cells − 1` interior faces (face i lies between cell i and i+1).
    public let targetAtFaces: [Double]

    public init(target: any Density, lower: Double, upper: Double, cells: Int,
                flow: FlowDivergence = .js) throws {
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw InvalidArgument("scheme problem: needs a finite domain with lower < upper, got [\(lower), \(upper)]")
        }
        guard cells >= 2 else { throw InvalidArgument("scheme problem: needs at least 2 cells, got \(cells)") }
        // The flow lives on [lower, upper] (`--domain` truncates and renormalises).
        if let t = target as? Truncated, t.lower == lower, t.upper == upper {
            self.target = t
        } else {
            self.target = try Truncated(target, lower: lower, upper: upper)
        }
        self.lower = lower
        self.upper = upper
        self.cells = cells
        self.flow = flow
        let h = (upper - lower) / Double(cells)
        let faces = (0...cells).map { $0 == cells ? upper : lower + Double($0) * h }
        let t = self.target
        let averages = (0..<cells).map { t.mass(from: faces[$0], to: faces[$0 + 1]) / h }
        let total = averages.reduce(0, +) * h
        guard total.isFinite, total > 0 else {
            throw InvalidArgument("scheme problem: the target \(target.spec) has no mass on [\(lower), \(upper)]")
        }
        // Already normalised on the domain; dividing by the summed masses removes the
        // last-digit discrepancy between Σ cell masses and the truncation's normaliser.
        self.targetAverages = averages.map { $0 / total }
        self.targetAtFaces = (1..<cells).map { t.pdf(faces[$0]) / total }
    }

    /// The cell width h.
    public var spacing: Double { (upper - lower) / Double(cells) }
    /// Face k, k in 0...cells.
    public func face(_ k: Int) -> Double { k == cells ? upper : lower + Double(k) * spacing }
    /// Centre of cell i.
    public func center(_ i: Int) -> Double { lower + (Double(i) + 0.5) * spacing }
    public var centers: [Double] { (0..<cells).map(center) }

    /// Exact cell averages of a density, renormalised to mass 1 on the domain.
    public func cellAverages(of density: any Density) throws -> [Double] {
        let h = spacing
        let raw = (0..<cells).map { density.mass(from: face($0), to: face($0 + 1)) / h }
        let total = raw.reduce(0, +) * h
        guard total.isFinite, total > 0 else {
            throw InvalidArgument("scheme problem: \(density.spec) has no mass on [\(lower), \(upper)]")
        }
        return raw.map { $0 / total }
    }

    public var description: String {
        "\(flow) flow toward \(target.spec) on [\(lower), \(upper)] with \(cells) cells"
    }
}
