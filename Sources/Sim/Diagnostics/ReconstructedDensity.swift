import Foundation

/// A smooth density rebuilt from finite-volume cell averages, so that the formulas of
/// Analytic (`Velocity`, `OptimalDiscriminator`) can be evaluated on a scheme's output
/// independently of the scheme's own discrete energy and dissipation.
///
/// Reconstruction (derived): `ρ_h(x) = ρd(x)·exp(w(x))`, where `w` interpolates the log
/// ratios `wᵢ = ln(ρᵢ/ρdᵢ)` at the cell centres by a C¹ cubic Hermite spline with centred
/// slopes `(wᵢ₊₁ − wᵢ₋₁)/(2h)`. Ratios of cell averages equal the point ratios at the centres
/// to O(h²), and the Hermite spline with centred slopes is exact for quadratics, so `w` and
/// `w'` are second-order accurate everywhere (ln u of Gaussians is quadratic: exact). At the
/// walls the zero-flux condition `∂ₓΨ(u) = 0` means `w' = 0`: the spline is continued by
/// mirroring (ghost centre at distance h/2 beyond the wall, `w₋₁ = w₀`), so `w'(wall) = 0`.
/// Working with `ln u` keeps `ρ_h > 0` where `u` spans many orders of magnitude.
///
/// Then the score is `s_d + w'`, and the JS velocity of docs/MATH.md §1 on it,
/// `v = ½ D*(s_d − s_ρ) = −½ w'/(1 + u)`, is `−∇f'(u)` of the reconstruction.
///
/// The CDF is the scheme's own mass: linear between the faces through `Σ hρᵢ` (normalised by
/// the total), so quantiles carry the scheme's O(h²) error and no reconstruction error.
/// `mass` is ∫ρ_h by the composite rule below: 1 + O(h²).
///
/// Integrals over the domain use a composite 5-point Gauss–Legendre rule on the pieces
/// between centres (and the two half cells at the walls), on which the integrand is smooth:
/// error O(h¹⁰) times the integrand's tenth derivative, far below the O(h²) reconstruction.
public struct ReconstructedDensity: Density {
    public let target: any Density
    public let grid: Grid1D
    /// wᵢ = ln(ρᵢ/ρdᵢ).
    public let logRatios: [Double]
    private let slopes: [Double]
    /// CDF at the faces (normalised cumulative cell masses).
    private let faceCDF: [Double]

    /// Needs every cell active and every ρᵢ > 0 (ln u must be finite).
    public init(cellAverages rho: [Double], problem: FlowProblem) throws {
        try problem.validate(rho)
        let n = problem.grid.cells, h = problem.grid.spacing
        guard n >= 2 else { throw InvalidArgument("reconstruction needs at least 2 cells") }
        var w = [Double]()
        for i in 0..<n {
            guard problem.active[i], rho[i] > 0 else {
                throw InvalidArgument("reconstruction needs ρ > 0 in every cell of a connected support (cell \(i): ρ = \(rho[i]))")
            }
            w.append(log(rho[i]) - log(problem.targetAverages[i]))
        }
        target = problem.target
        grid = problem.grid
        logRatios = w
        slopes = (0..<n).map { i in
            let left = w[max(i - 1, 0)], right = w[min(i + 1, n - 1)]
            return (right - left) / (2 * h)
        }
        var c = [0.0]
        for r in rho { c.append(c.last! + r * h) }
        let total = c.last!
        faceCDF = c.map { $0 / total }
    }

    /// w(x) and w'(x).
    public func logRatio(_ x: Double) -> (value: Double, derivative: Double) {
        let n = grid.cells, h = grid.spacing
        // Position in centre coordinates: centre i at s = i.
        let s = (x - grid.lower) / h - 0.5
        var i = Int(s.rounded(.down))
        let y0: Double, y1: Double, m0: Double, m1: Double
        if i < 0 {            // ghost centre −1 mirrors centre 0
            i = -1; y0 = logRatios[0]; y1 = logRatios[0]; m0 = -slopes[0]; m1 = slopes[0]
        } else if i >= n - 1 { // ghost centre n mirrors centre n − 1
            i = n - 1; y0 = logRatios[n - 1]; y1 = logRatios[n - 1]; m0 = slopes[n - 1]; m1 = -slopes[n - 1]
        } else {
            y0 = logRatios[i]; y1 = logRatios[i + 1]; m0 = slopes[i]; m1 = slopes[i + 1]
        }
        let t = s - Double(i), t2 = t * t, t3 = t2 * t
        let value = (2 * t3 - 3 * t2 + 1) * y0 + (t3 - 2 * t2 + t) * h * m0 + (-2 * t3 + 3 * t2) * y1 + (t3 - t2) * h * m1
        let derivative = ((6 * t2 - 6 * t) * (y0 - y1) + (3 * t2 - 4 * t + 1) * h * m0 + (3 * t2 - 2 * t) * h * m1) / h
        return (value, derivative)
    }

    /// u_h(x) = exp(w(x)).
    public func ratio(_ x: Double) -> Double { exp(logRatio(x).value) }

    public var spec: String { "reconstructed(\(grid.cells) cells on [\(grid.lower), \(grid.upper)] over \(target.spec.prefix(80)))" }
    public var support: ClosedRange<Double> { grid.lower...grid.upper }
    public var breakpoints: [Double] { [grid.lower, grid.upper] + grid.centers }
    public var median: Double { (try? quantile(0.5)) ?? 0.5 * (grid.lower + grid.upper) }

    public func logPDF(_ x: Double) -> Double {
        guard x >= grid.lower, x <= grid.upper else { return -.infinity }
        return target.logPDF(x) + logRatio(x).value
    }
    public func pdf(_ x: Double) -> Double { exp(logPDF(x)) }
    public func score(_ x: Double) -> Double { target.score(x) + logRatio(x).derivative }

    public func cdf(_ x: Double) -> Double {
        if x <= grid.lower { return 0 }
        if x >= grid.upper { return 1 }
        let s = (x - grid.lower) / grid.spacing
        let j = min(Int(s), grid.cells - 1)
        return faceCDF[j] + (s - Double(j)) * (faceCDF[j + 1] - faceCDF[j])
    }
    public func survival(_ x: Double) -> Double { 1 - cdf(x) }

    /// Inverse of the piecewise-linear CDF (exact; the left end of a flat piece).
    public func quantile(_ p: Double) throws -> Double {
        guard p >= 0, p <= 1 else { throw InvalidArgument("quantile of a reconstructed density: probability must be in [0, 1], got \(p)") }
        var lo = 0, hi = grid.cells
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if faceCDF[mid] < p { lo = mid } else { hi = mid }
        }
        let gap = faceCDF[lo + 1] - faceCDF[lo]
        let frac = gap > 0 ? min(1, max(0, (p - faceCDF[lo]) / gap)) : 0
        return grid.face(lo) + frac * grid.spacing
    }
    public func sample(_ rng: RandomSource) -> Double { (try? quantile(rng.uniform())) ?? grid.lower }

    /// ∫ f over the domain by the composite 5-point Gauss–Legendre rule on the pieces
    /// [lower, x₀], [xᵢ, xᵢ₊₁], [x_{n−1}, upper].
    public func integrate(_ f: (Double) -> Double) -> Double {
        let ends = [grid.lower] + grid.centers + [grid.upper]
        var total = 0.0
        for (a, b) in zip(ends, ends.dropFirst()) {
            let mid = 0.5 * (a + b), half = 0.5 * (b - a)
            var s = 0.0
            for (node, weight) in zip(Self.nodes, Self.weights) { s += weight * f(mid + half * node) }
            total += half * s
        }
        return total
    }

    /// Gauss–Legendre nodes and weights on [−1, 1], five points (exact for degree ≤ 9).
    static let nodes = [-0.906179845938663992797627, -0.538469310105683091036314, 0,
                        0.538469310105683091036314, 0.906179845938663992797627]
    static let weights = [0.236926885056189087514264, 0.478628670499366468041292, 0.568888888888888888888889,
                          0.478628670499366468041292, 0.236926885056189087514264]

    /// ∫ρ_h — 1 + O(h²).
    public var mass: Double { integrate(pdf) }

    /// JS(ρd, ρ_h) = ∫ρd f(u_h), f of docs/MATH.md §1.
    public var js: Double {
        integrate { x in exp(target.logPDF(x)) * FlowDivergence.js.f(ratio(x)) }
    }

    /// The dissipation ∫ρ_h|v|², v from Analytic's `Velocity` (D* and the two scores) on
    /// the reconstruction.
    public var dissipation: Double {
        let v = Velocity(.js, data: target, generator: self)
        return integrate { x in
            let vx = v(x)
            return pdf(x) * vx * vx
        }
    }
}
