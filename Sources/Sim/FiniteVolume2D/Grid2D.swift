import Foundation
import Analytic

/// A tensor grid of nx × ny cells on [ax, bx] × [ay, by] (two ``Grid1D``). Cell (i, j) is
/// stored at `j·nx + i` (row-major: i along x, j along y).
public struct Grid2D: Sendable, Equatable, CustomStringConvertible {
    public let x: Grid1D
    public let y: Grid1D

    public init(x: Grid1D, y: Grid1D) {
        self.x = x
        self.y = y
    }

    public init(ax: Double, bx: Double, ay: Double, by: Double, nx: Int, ny: Int) throws {
        x = try Grid1D(lower: ax, upper: bx, cells: nx)
        y = try Grid1D(lower: ay, upper: by, cells: ny)
    }

    public var nx: Int { x.cells }
    public var ny: Int { y.cells }
    public var count: Int { nx * ny }
    /// Cell area hx·hy.
    public var area: Double { x.spacing * y.spacing }
    @inlinable public func index(_ i: Int, _ j: Int) -> Int { j * x.cells + i }

    /// Exact cell averages (rectangle mass / area) of a 2D density, with one absolute error
    /// bound per cell (Analytic's `PlaneDensity.cellMasses(xFaces:yFaces:)` divided by the area).
    public func cellAverages(of density: any PlaneDensity) throws -> CellMasses {
        var m = try density.cellMasses(xFaces: x.faces, yFaces: y.faces)
        let a = area
        for k in m.values.indices { m.values[k] /= a; m.errors[k] /= a }
        return m
    }

    public var description: String { "\(nx) × \(ny) cells on [\(x.lower), \(x.upper)] × [\(y.lower), \(y.upper)]" }
}
