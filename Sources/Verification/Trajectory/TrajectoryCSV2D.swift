import Foundation
import Analytic
import Sim

/// The 2D formats of ``TrajectoryCSV``:
/// - `t,x,y,rho`: at each time one row per cell of an nx × ny tensor grid of cell centres,
///   each (x, y) pair exactly once, any row order. The distinct x values (and y values) of the
///   first time must be uniform to ``TrajectoryCSV/gridTolerance`` of their spacing, as in 1D;
///   later times must use the same centres. Values are read as numbers equal within 1e-9 of
///   the axis' extent (a 12-digit writer rounds by 5e-12 relative; a grid finer than 1e-9 of
///   its extent is beyond any cell limit), then matched to the grid within the 1D tolerance.
/// - `t,x,y`: points of ρ(t, ·) in the plane, at least 2 per time.
extension TrajectoryCSV {
    /// Sorted distinct values, merging values closer than 1e-9 of the range.
    static func distinct(_ values: [Double]) -> [Double] {
        let sorted = values.sorted()
        let merge = 1e-9 * max(sorted.last! - sorted.first!, 0)
        var out = [sorted[0]]
        for v in sorted.dropFirst() where v - out.last! > merge { out.append(v) }
        return out
    }

    /// The uniform axis through `centers` (≥ 2 values), or the first row that is off it.
    static func axis(_ centers: [Double], name: String, rows: [(line: Int, values: [Double])], column: Int) throws -> (x0: Double, h: Double, n: Int) {
        let n = centers.count
        guard n >= 2 else {
            throw TrajectoryParseError(line: rows[0].line, "the grid has \(n) distinct \(name) value; a 2D grid needs at least 2 cells along each axis")
        }
        let h = (centers.last! - centers.first!) / Double(n - 1)
        for (i, c) in centers.enumerated() where abs(c - (centers[0] + Double(i) * h)) > gridTolerance * h {
            let line = rows.first { $0.values[column] == c }?.line ?? rows[0].line
            throw TrajectoryParseError(line: line, "\(name) = \(c) is not on the uniform grid of cell centres (expected \(centers[0] + Double(i) * h), spacing \(h))")
        }
        return (centers[0], h, n)
    }

    static func grid2DTrajectory(_ rows: [(line: Int, values: [Double])], t: Int, x: Int, y: Int, rho: Int) throws -> GridTrajectory2D {
        let gs = try groups(rows, t: t)
        let first = gs[0].rows
        let xs = distinct(first.map { $0.values[x] }), ys = distinct(first.map { $0.values[y] })
        let ax = try axis(xs, name: "x", rows: first, column: x)
        let ay = try axis(ys, name: "y", rows: first, column: y)
        let count = ax.n * ay.n
        var values = [[Double]]()
        for g in gs {
            guard g.rows.count == count else {
                throw TrajectoryParseError(line: g.rows[0].line, "time \(g.time) has \(g.rows.count) rows; the grid of the first time has \(ax.n) × \(ay.n) = \(count) cells")
            }
            var rhoAt = [Double](repeating: .nan, count: count)
            var seen = [Bool](repeating: false, count: count)
            for r in g.rows {
                let fi = ((r.values[x] - ax.x0) / ax.h).rounded(), fj = ((r.values[y] - ay.x0) / ay.h).rounded()
                guard fi >= 0, fi < Double(ax.n), fj >= 0, fj < Double(ay.n),
                      abs(r.values[x] - (ax.x0 + fi * ax.h)) <= gridTolerance * ax.h,
                      abs(r.values[y] - (ay.x0 + fj * ay.h)) <= gridTolerance * ay.h else {
                    throw TrajectoryParseError(line: r.line, "(x, y) = (\(r.values[x]), \(r.values[y])) at time \(g.time) is not a cell centre of the first time's \(ax.n) × \(ay.n) grid")
                }
                let k = Int(fj) * ax.n + Int(fi)
                guard !seen[k] else {
                    throw TrajectoryParseError(line: r.line, "cell centre (\(r.values[x]), \(r.values[y])) appears twice at time \(g.time)")
                }
                seen[k] = true
                rhoAt[k] = r.values[rho]
            }
            values.append(rhoAt)
        }
        return GridTrajectory2D(times: gs.map(\.time), xCenters: xs, yCenters: ys, rho: values)
    }

    static func sample2DTrajectory(_ rows: [(line: Int, values: [Double])], t: Int, x: Int, y: Int) throws -> SampleTrajectory2D {
        let gs = try groups(rows, t: t)
        for g in gs where g.rows.count < 2 {
            throw TrajectoryParseError(line: g.rows[0].line, "time \(g.time) has \(g.rows.count) point; a density estimate needs at least 2")
        }
        return SampleTrajectory2D(times: gs.map(\.time), points: gs.map { $0.rows.map { SIMD2($0.values[x], $0.values[y]) } })
    }

    /// The `t,x,y,rho` text of a 2D grid trajectory, 17 significant digits (exact round trip).
    public static func format(_ g: GridTrajectory2D) -> String {
        var out = "t,x,y,rho\n"
        let nx = g.xCenters.count
        for (k, t) in g.times.enumerated() {
            for (j, y) in g.yCenters.enumerated() {
                for (i, x) in g.xCenters.enumerated() { out += "\(t),\(x),\(y),\(g.rho[k][j * nx + i])\n" }
            }
        }
        return out
    }
}

/// Cell averages `rho[k][j·nx + i]` at times `times[k]` on the tensor grid of cell centres
/// `xCenters × yCenters`; the box is the centres' range widened by half a cell on each side.
public struct GridTrajectory2D: Sendable {
    public let times: [Double]
    public let xCenters: [Double]
    public let yCenters: [Double]
    public let rho: [[Double]]

    public init(times: [Double], xCenters: [Double], yCenters: [Double], rho: [[Double]]) {
        self.times = times
        self.xCenters = xCenters
        self.yCenters = yCenters
        self.rho = rho
    }

    public var hx: Double { (xCenters.last! - xCenters.first!) / Double(xCenters.count - 1) }
    public var hy: Double { (yCenters.last! - yCenters.first!) / Double(yCenters.count - 1) }
    /// (ax, bx, ay, by).
    public var box: (ax: Double, bx: Double, ay: Double, by: Double) {
        (xCenters.first! - hx / 2, xCenters.last! + hx / 2, yCenters.first! - hy / 2, yCenters.last! + hy / 2)
    }
}

/// Points `points[k]` of the density at times `times[k]`, in the plane.
public struct SampleTrajectory2D: Sendable {
    public let times: [Double]
    public let points: [[SIMD2<Double>]]

    public init(times: [Double], points: [[SIMD2<Double>]]) {
        self.times = times
        self.points = points
    }
}
