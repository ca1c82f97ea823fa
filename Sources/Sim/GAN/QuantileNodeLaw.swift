import Foundation
import Analytic

/// The law of `G(Z)`, Z ~ N(0, 1), for a generator whose pushforward has no closed form (the
/// MLP), represented by its values at M quantile nodes `zⱼ = Φ⁻¹((j − ½)/M)`: the measure
/// `μ̂ = (1/M)Σ δ_{G(zⱼ)}`.
///
/// How far μ̂ is from the true law μ_G: the monotone coupling of Z with `ẑ(Z) = zⱼ` on
/// `Φ⁻¹((j−1)/M) < Z ≤ Φ⁻¹(j/M)` moves G by at most `L|Z − ẑ|` (L a Lipschitz constant of
/// G), so `W₁(μ_G, μ̂) ≤ L·W₁(N(0, 1), ẑ)`, and the last number is exact:
/// `∫_a^b |x − z|φ(x) dx = 2φ(z) − φ(a) − φ(b) − z(2Φ(z) − Φ(a) − Φ(b))` for a ≤ z ≤ b,
/// summed over the M cells (``nodeDistance(_:)``; 2.3e-5 for M = 20 000).
public struct QuantileNodeLaw: Sendable {
    /// The sorted outputs G(zⱼ).
    public let points: [Double]
    /// `L·W₁(N(0, 1), ẑ)`: a bound on W₁(μ_G, μ̂).
    public let nodeError: Double

    /// The M quantile nodes of N(0, 1).
    public static func nodes(_ m: Int) throws -> [Double] {
        guard m >= 2, m <= 10_000_000 else { throw InvalidArgument("quantile nodes: M must be in 2…10⁷, got \(m)") }
        let z = try Normal(mean: 0, standardDeviation: 1)
        return try (0..<m).map { try z.quantile((Double($0) + 0.5) / Double(m)) }
    }

    /// `W₁(N(0, 1), ẑ)` for the M midpoint quantile nodes, from the closed form above.
    public static func nodeDistance(_ m: Int) throws -> Double {
        let z = try Normal(mean: 0, standardDeviation: 1)
        let nodes = try Self.nodes(m)
        var total = 0.0
        var a = -Double.infinity
        for j in 0..<m {
            let b = j == m - 1 ? Double.infinity : try z.quantile(Double(j + 1) / Double(m))
            let zj = nodes[j]
            let pa = a.isFinite ? z.pdf(a) : 0, pb = b.isFinite ? z.pdf(b) : 0
            let fa = a.isFinite ? z.cdf(a) : 0, fb = b.isFinite ? z.cdf(b) : 1
            total += 2 * z.pdf(zj) - pa - pb - zj * (2 * z.cdf(zj) - fa - fb)
            a = b
        }
        return total
    }

    /// The law of `output` at `nodes` (from ``nodes(_:)``), with its Lipschitz constant and
    /// the nodes' distance (``nodeDistance(_:)``).
    public init(output: (Double) -> Double, nodes: [Double], lipschitz: Double, nodeDistance: Double) throws {
        let y = nodes.map(output)
        guard y.allSatisfy(\.isFinite) else { throw InvalidArgument("quantile-node law: the generator returned a non-finite value") }
        points = y.sorted()
        nodeError = lipschitz * nodeDistance
    }

    /// `W₁(μ̂, ρ_h) = ∫|F̂ − F_h| dx` against the piecewise-constant density of cell averages
    /// `density` on `grid` (F_h linear in each cell, 0 left of the grid and 1 right of it),
    /// integrated exactly: between consecutive break points (nodes and faces) F̂ is constant
    /// and F_h linear, and `|linear − constant|` is integrated in closed form, split at its
    /// root. Round-off: a few ε per piece relative to the width times 1.
    public func w1(density: [Double], grid: Grid1D) throws -> Double {
        guard density.count == grid.cells else { throw InvalidArgument("W₁: \(density.count) cell averages on \(grid.cells) cells") }
        let h = grid.spacing
        var faceCDF = [0.0]
        for r in density { faceCDF.append(faceCDF.last! + r * h) }
        let total = faceCDF.last!
        guard total > 0 else { throw InvalidArgument("W₁: the grid density has no mass") }
        func fh(_ x: Double) -> Double {
            if x <= grid.lower { return 0 }
            if x >= grid.upper { return 1 }
            let i = min(grid.cells - 1, Int((x - grid.lower) / h))
            return (faceCDF[i] + density[i] * (x - grid.face(i))) / total
        }
        var breaks = points + grid.faces
        breaks.sort()
        let m = Double(points.count)
        var sum = 0.0, k = 0
        for i in 0..<(breaks.count - 1) {
            let x0 = breaks[i], x1 = breaks[i + 1]
            while k < points.count, points[k] <= x0 { k += 1 }
            guard x1 > x0 else { continue }
            let c = Double(k) / m
            let d0 = fh(x0) - c, d1 = fh(x1) - c
            if d0 * d1 >= 0 { sum += 0.5 * (x1 - x0) * (abs(d0) + abs(d1)) }
            else {
                let r = abs(d0) / (abs(d0) + abs(d1))
                sum += 0.5 * (x1 - x0) * (r * abs(d0) + (1 - r) * abs(d1))
            }
        }
        return sum
    }

    /// The histogram of μ̂ on `grid` merged `merge` cells at a time: masses per bin divided by
    /// the bin width (points outside the grid are counted in the end bins).
    public func histogram(grid: Grid1D, merge: Int) throws -> (density: [Double], width: Double) {
        guard merge >= 1, grid.cells % merge == 0 else { throw InvalidArgument("histogram: \(merge) does not divide \(grid.cells) cells") }
        let bins = grid.cells / merge, width = grid.spacing * Double(merge)
        var counts = [Double](repeating: 0, count: bins)
        for y in points {
            // Clamped as a Double first: a far outlier must not overflow the Int conversion.
            let t = max(0, min(Double(bins - 1), ((y - grid.lower) / width).rounded(.down)))
            counts[Int(t)] += 1
        }
        let m = Double(points.count)
        return (counts.map { $0 / (m * width) }, width)
    }
}
