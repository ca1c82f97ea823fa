import Foundation

/// Distances between an affine generator's law `N(a, b²)` (its exact pushforward of
/// Z ~ N(0, 1)) and either a finite-volume solution (cell averages on a grid, read as the
/// piecewise-constant density they define) or another normal.
///
/// - W₁ is `∫|F₁ − F₂| dx` (in 1D equal to `∫₀¹|Q₁ − Q₂| dp`, the quantile form).
/// - JS uses the generator's exact density and the FV solution's piecewise-constant density
///   (the stated density estimate of the flow side; for smooth solutions it differs from
///   JS against the exact solution by O(h²): the first variation integrates the cell-average
///   error to zero at first order).
public enum GeneratorFlowDistance {
    /// A value and a bound on its numerical error.
    public struct Value: Sendable, CustomStringConvertible {
        public var value: Double
        public var error: Double
        public var description: String { "\(value) ± \(error)" }
    }

    /// W₁(N(a, b²), ρ_h) for the FV cell averages `density` on `grid`, by the trapezoid rule
    /// on `subdivisions` points per cell plus the normal's exact tail integrals outside the
    /// grid. `g = Φ((x − a)/b) − F_h(x)` has `|g''| ≤ max|φ'|/b² = 1/(b²√(2πe))` inside cells
    /// (F_h is linear there, and its kinks sit on mesh points); at each sign change of `g` the
    /// kink of `|g|` costs at most `δ²·max|g'|/4`. The returned error is the sum of both bounds.
    public static func w1(a: Double, b: Double, density: [Double], grid: Grid1D, subdivisions: Int = 16) throws -> Value {
        guard b > 0, b.isFinite, a.isFinite else { throw InvalidArgument("W₁: the generator needs finite a and b > 0 (got \(a), \(b))") }
        guard density.count == grid.cells, subdivisions >= 1 else {
            throw InvalidArgument("W₁: \(density.count) cell averages on \(grid.cells) cells")
        }
        let n = try Normal(mean: a, standardDeviation: b)
        let h = grid.spacing, delta = h / Double(subdivisions)
        var cdf = 0.0, total = 0.0, signChanges = 0, lastSign = 0.0, maxRho = 0.0
        for i in 0..<grid.cells {
            let lo = grid.face(i)
            maxRho = max(maxRho, density[i])
            var prev = abs(n.cdf(lo) - cdf)
            for k in 1...subdivisions {
                let x = lo + Double(k) * delta
                let g = n.cdf(x) - (cdf + density[i] * Double(k) * delta)
                let s: Double = g > 0 ? 1 : (g < 0 ? -1 : 0)
                if s != 0, lastSign != 0, s != lastSign { signChanges += 1 }
                if s != 0 { lastSign = s }
                total += 0.5 * delta * (prev + abs(g))
                prev = abs(g)
            }
            cdf += density[i] * h
        }
        // Outside the grid F_h is 0 (left) and its total mass (right, 1 up to round-off):
        // ∫_{−∞}^{L} Φ((x−a)/b) dx = b[τΦ(τ) + φ(τ)], τ = (L − a)/b, and likewise on the right
        // with the survival function; both are computed without cancellation for |τ| ≲ 30.
        let tl = (grid.lower - a) / b, tr = (grid.upper - a) / b
        let std = try Normal(mean: 0, standardDeviation: 1)
        let left = b * max(0, tl * std.cdf(tl) + exp(-0.5 * tl * tl) / (2 * Double.pi).squareRoot())
        let right = b * max(0, exp(-0.5 * tr * tr) / (2 * Double.pi).squareRoot() - tr * std.survival(tr))
        total += left + right
        let curvature = 1 / (b * b * (2 * Double.pi * exp(1.0)).squareRoot())
        let slope = 1 / (b * (2 * Double.pi).squareRoot()) + maxRho
        let bound = delta * delta / 12 * grid.length * curvature + Double(signChanges + 1) * delta * delta * slope / 4
            + abs(1 - cdf) * grid.length
        return Value(value: total, error: bound)
    }

    /// W₁(N(a₁, b₁²), N(a₂, b₂²)) = E|Δa + Δb Z| (the quantile coupling of two normals):
    /// `|Δb|√(2/π) e^{−Δa²/(2Δb²)} + Δa(1 − 2Φ(−Δa/|Δb|))`, and |Δa| when Δb = 0.
    public static func w1(_ a1: Double, _ b1: Double, _ a2: Double, _ b2: Double) throws -> Double {
        let da = a1 - a2, db = abs(abs(b1) - abs(b2))
        if db == 0 { return abs(da) }
        let std = try Normal(mean: 0, standardDeviation: 1)
        return db * (2 / Double.pi).squareRoot() * exp(-0.5 * da * da / (db * db)) + da * (1 - 2 * std.cdf(-da / db))
    }

    /// JS(N(a, b²), ρ_h) by quadrature split at every face (the FV density jumps there),
    /// plus `½ ln 2` times the normal's mass outside the grid (where ρ_h = 0). Tolerance
    /// absolute 1e-12, relative 1e-9: the JS values compared are ≥ 1e-6, and the summed
    /// error estimate is returned.
    public static func js(a: Double, b: Double, density: [Double], grid: Grid1D) throws -> Value {
        guard b > 0, b.isFinite, a.isFinite else { throw InvalidArgument("JS: the generator needs finite a and b > 0 (got \(a), \(b))") }
        let n = try Normal(mean: a, standardDeviation: b)
        let logRho = density.map { $0 > 0 ? log($0) : -.infinity }
        let r = try Quadrature.integrate({ x in
            GeneratorJS.integrand(n.logPDF(x), logRho[grid.cellIndex(containing: x)])
        }, from: grid.lower, to: grid.upper, breakpoints: grid.faces,
           tolerance: QuadratureTolerance(absolute: 1e-12, relative: 1e-9))
        let outside = n.mass(from: -.infinity, to: grid.lower) + n.mass(from: grid.upper, to: .infinity)
        return Value(value: r.value + 0.5 * log(2) * outside, error: r.error)
    }
}
