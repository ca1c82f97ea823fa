import Foundation

/// A uniform grid of `cells` cells of width `h = (upper − lower)/cells` on [lower, upper]
/// (docs/MATH.md §3). Cell i is [x_{i−½}, x_{i+½}] with faces `x_{i+½} = lower + (i+1)h`
/// and centre `lower + (i+½)h`.
public struct Grid1D: Sendable, Equatable, CustomStringConvertible {
    public let lower: Double
    public let upper: Double
    public let cells: Int

    public init(lower: Double, upper: Double, cells: Int) throws {
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw InvalidArgument("grid: needs a finite interval with lower < upper, got [\(lower), \(upper)]")
        }
        guard cells >= 2 else {
            throw InvalidArgument("grid: needs at least 2 cells, got \(cells)")
        }
        self.lower = lower
        self.upper = upper
        self.cells = cells
    }

    /// The cell width h.
    public var spacing: Double { (upper - lower) / Double(cells) }
    public var length: Double { upper - lower }

    /// Face `k` for k in 0...cells (face 0 = lower, face `cells` = upper).
    @inlinable
    public func face(_ k: Int) -> Double {
        k == cells ? upper : lower + Double(k) * (upper - lower) / Double(cells)
    }

    /// Centre of cell i.
    @inlinable
    public func center(_ i: Int) -> Double { lower + (Double(i) + 0.5) * (upper - lower) / Double(cells) }

    public var centers: [Double] { (0..<cells).map(center) }
    public var faces: [Double] { (0...cells).map(face) }

    /// Exact cell averages `mass(cell)/h` of a density, from its cancellation-free
    /// interval masses (Analytic's `Density.mass(from:to:)`), not from point values: this is
    /// exact up to round-off in either tail (docs/MATH.md §3).
    public func cellAverages(of density: any Density) -> [Double] {
        let h = spacing
        return (0..<cells).map { density.mass(from: face($0), to: face($0 + 1)) / h }
    }

    /// Cell averages of a smooth function by 5-point Gauss–Legendre in each cell
    /// (exact for polynomials of degree 9; error O(h¹⁰ f⁽¹⁰⁾)). For manufactured
    /// solutions and sources, which are not `Density` values.
    public func cellAverages(of f: (Double) -> Double) -> [Double] {
        (0..<cells).map { i in
            let a = face(i), b = face(i + 1)
            let mid = 0.5 * (a + b), half = 0.5 * (b - a)
            var s = 0.0
            for (node, weight) in GaussLegendre5.rule { s += weight * f(mid + half * node) }
            return 0.5 * s
        }
    }

    /// Index of the cell containing x (clamped to the grid).
    public func cellIndex(containing x: Double) -> Int {
        let k = Int(((x - lower) / spacing).rounded(.down))
        return min(max(k, 0), cells - 1)
    }

    public var description: String { "\(cells) cells on [\(lower), \(upper)]" }
}

/// The 5-point Gauss–Legendre rule on [−1, 1] (nodes, weights summing to 2).
enum GaussLegendre5 {
    static let rule: [(Double, Double)] = {
        let a = 0.538_469_310_105_683_091_04, b = 0.906_179_845_938_663_992_80
        let w0 = 0.568_888_888_888_888_888_89, wa = 0.478_628_670_499_366_468_04
        let wb = 0.236_926_885_056_189_087_51
        return [(-b, wb), (-a, wa), (0, w0), (a, wa), (b, wb)]
    }()
}
