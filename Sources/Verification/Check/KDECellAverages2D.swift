import Foundation
import Analytic
import Sim

/// A Gaussian product-kernel density estimate of points in the plane, as exact cell averages
/// on a 2D grid, renormalised to the box: cell (i, j) gets
/// `(1/n) Σₖ [Φ((x_{i+½} − Xₖ)/bx) − Φ((x_{i−½} − Xₖ)/bx)]·[Φ((y_{j+½} − Yₖ)/by) − Φ((y_{j−½} − Yₖ)/by)] / A`
/// (rectangle masses of each kernel, a product of two interval masses without cancellation:
/// `Density.mass(from:to:)` of a normal). Per-axis bandwidths by Scott's 2D rule
/// (`BandwidthRule.scott`, `σ̂ⱼ n^{−1/6}`) unless given. Used by `ganflow check` for
/// `t,x,y` files; every measurement built on it is labelled a KDE estimate.
public enum KDECellAverages2D {
    public static func estimate(_ points: [SIMD2<Double>], in grid: Grid2D, bandwidth: SIMD2<Double>? = nil) throws -> [Double] {
        guard points.count >= 2 else { throw InvalidArgument("KDE: needs at least 2 points") }
        let b = try bandwidth ?? BandwidthRule.scott.bandwidth(points)
        guard b.x.isFinite, b.x > 0, b.y.isFinite, b.y > 0 else {
            throw InvalidArgument("KDE: bandwidths must be positive, got (\(b.x), \(b.y))")
        }
        let nx = grid.nx, ny = grid.ny
        var cells = [Double](repeating: 0, count: grid.count)
        var wx = [Double](repeating: 0, count: nx), wy = [Double](repeating: 0, count: ny)
        /// Interval masses of N(c, s²) over the axis' cells within 9 s of c (beyond: < 1e-19
        /// of the kernel, skipped); the range is clamped in floating point before the
        /// conversion to Int, so a point far outside the box skips instead of overflowing.
        func masses(_ c: Double, _ s: Double, _ axis: Grid1D, into w: inout [Double]) throws -> ClosedRange<Int>? {
            let n = Double(axis.cells), h = axis.spacing
            let from = ((c - 9 * s - axis.lower) / h).rounded(.down), to = ((c + 9 * s - axis.lower) / h).rounded(.up)
            guard to >= 0, from <= n - 1 else { return nil }
            let lo = Int(max(0, from)), hi = Int(min(n - 1, to))
            let kernel = try Normal(mean: c, standardDeviation: s)
            for i in lo...hi { w[i] = kernel.mass(from: axis.face(i), to: axis.face(i + 1)) }
            return lo...hi
        }
        for p in points {
            guard let rx = try masses(p.x, b.x, grid.x, into: &wx), let ry = try masses(p.y, b.y, grid.y, into: &wy) else { continue }
            for j in ry {
                let m = wy[j]
                if m == 0 { continue }
                for i in rx { cells[j * nx + i] += wx[i] * m }
            }
        }
        let total = cells.reduce(0, +)
        guard total > 0 else { throw InvalidArgument("KDE: no point's kernel mass falls on \(grid)") }
        return cells.map { $0 / (total * grid.area) }
    }
}
