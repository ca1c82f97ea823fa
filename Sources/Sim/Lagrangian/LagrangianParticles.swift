import Foundation

/// The Lagrangian (quantile) scheme for the flow of an f-divergence, with unequal particle
/// masses (``QuantileLevels``): the equal-mass scheme of ``QuantileParticles`` generalised so
/// that tail intervals carry tiny masses.
///
/// `N + 1` particles `X₀ = a < X₁ < … < X_N = b`; the end particles stay pinned at the walls
/// (zero flux). The interval `Iᵢ = (Xᵢ, X_{i+1})` carries the fixed mass `mᵢ`, and
///
///     u_{i+½} = mᵢ / Md(Xᵢ, X_{i+1}),     Md(x, y) = the target's mass on (x, y]
///                                          (``Density/mass(from:to:)`` of the target truncated
///                                           to the domain: no cancellation in either tail),
///     dXᵢ/dt = Vᵢ = −(f'(u_{i+½}) − f'(u_{i−½})) / Dᵢ,   Dᵢ = cᵢ − c_{i−1},
///
/// i = 1 … N−1: `−∂ₓf'(u)` with f' at the intervals and `cⱼ` the ρd-barycentre of `Iⱼ`, the
/// point where `u_{j+½}` (a ρd-weighted mean of u over `Iⱼ`) equals u to second order (at a
/// front of the degenerate χ² flow, `Dᵢ` is the one-sided width of `FrontValuePoints`). ρd is
/// taken log-linear on each interval (``barycentres(positions:)``), so for small intervals
/// `Dᵢ = (X_{i+1} − X_{i−1})/2 + O(Δ²)`: docs/MATH.md §3's velocity. In a tail, where one interval
/// spans a range over which ρd falls by e^{−30}, the midpoint would put u's value far out
/// where ρd carries nothing and the end particles would lag behind the flow; the
/// barycentre keeps the gradient local.
///
/// **Every convex functional decreases (derived).** For convex g the scheme's own functional
/// `G(X) = Σᵢ Md(Iᵢ) g(u_{i+½})` has `∂G/∂Xᵢ = ρd(Xᵢ)(P_g(u_{i+½}) − P_g(u_{i−½}))` with
/// `P_g(u) = u g'(u) − g(u)`, `P_g' = u g'' ≥ 0` (use `∂Md(Iᵢ)/∂X_{i+1} = ρd(X_{i+1})`,
/// `∂Md(Iᵢ)/∂Xᵢ = −ρd(Xᵢ)` and `d/dMd [Md g(m/Md)] = −P_g(u)`). Along the ODE
/// `dG/dt = −Σᵢ ρd(Xᵢ)(P_g(u_{i+½}) − P_g(u_{i−½}))(f'(u_{i+½}) − f'(u_{i−½}))/Dᵢ ≤ 0`,
/// since `P_g` and `f'` both increase (the two differences have the same sign) and `Dᵢ > 0`
/// (barycentres lie inside their disjoint intervals) (discrete D2;
/// g = f gives P1, and the maximum principle of u follows from g(u) = (u − M)₊ and (m − u)₊).
///
/// **Reconstruction.** ``cellAverages(positions:on:)`` takes u piecewise constant on the
/// intervals against ρd, `ρ = u_{i+½} ρd` on `Iᵢ`: a cell gets `Σᵢ u_{i+½} Md(cell ∩ Iᵢ)/h`.
/// Mass is exact (each interval's mass `mᵢ` is split among the cells it covers), values are
/// ≥ 0, and a cell's `u` is a ρd-weighted mean of the `u_{i+½}` it overlaps, so it stays in
/// their range (maximum principle) and, by Jensen, `Σ_cells h ρd g(u) ≤ G(X)` for convex g.
/// The piecewise-constant *density* `mᵢ/(X_{i+1} − Xᵢ)` instead puts a flat density where ρd
/// decays by orders of magnitude (u of 1e28 in a far cell): it is not used.
public struct LagrangianParticles: Sendable {
    /// The target, truncated to the domain and renormalised there.
    public let target: any Density
    public let lower: Double
    public let upper: Double
    public let levels: QuantileLevels
    public let flow: FlowDivergence

    public init(target: any Density, lower: Double, upper: Double, levels: QuantileLevels,
                flow: FlowDivergence = .js) throws {
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw InvalidArgument("Lagrangian particles: needs a finite domain, got [\(lower), \(upper)]")
        }
        if let t = target as? Truncated, t.lower == lower, t.upper == upper {
            self.target = t
        } else {
            self.target = try Truncated(target, lower: lower, upper: upper)
        }
        self.lower = lower
        self.upper = upper
        self.levels = levels
        self.flow = flow
    }

    /// Number of intervals N (N + 1 particles).
    public var count: Int { levels.count }

    /// Particles at the levels of `initial` (truncated to the domain): `Fᵢ(Xᵢ) = pᵢ` left of
    /// the middle level and `Sᵢ(Xᵢ) = qᵢ` (survival) right of it, by Brent's method to
    /// 1e-13 relative, so right-tail particles keep their digits. Throws when two particles
    /// coincide (levels finer than the density's resolution) or an interval holds no target
    /// mass (a gap of the target's support: the scheme needs A1, a positive target).
    public func initialPositions(of initial: any Density) throws -> [Double] {
        let r0: any Density
        if let t = initial as? Truncated, t.lower == lower, t.upper == upper { r0 = t }
        else { r0 = try Truncated(initial, lower: lower, upper: upper) }
        let n = count
        var x = [Double](repeating: 0, count: n + 1)
        x[0] = lower; x[n] = upper
        for i in 1..<n {
            let p = levels.cumulative[i], q = levels.complementary[i]
            if 2 * i <= n {
                x[i] = try findRoot({ r0.cdf($0) - p }, bracket: lower, upper, absolute: 1e-300, relative: 1e-13)
            } else {
                x[i] = try findRoot({ q - r0.survival($0) }, bracket: lower, upper, absolute: 1e-300, relative: 1e-13)
            }
        }
        try validate(x)
        return x
    }

    /// Checks N + 1 strictly increasing positions with the ends at the walls and target mass
    /// in every interval.
    public func validate(_ x: [Double]) throws {
        let n = count
        guard x.count == n + 1 else { throw InvalidArgument("Lagrangian particles: expected \(n + 1) positions, got \(x.count)") }
        guard x[0] == lower, x[n] == upper else {
            throw InvalidArgument("Lagrangian particles: end particles must sit at the walls \(lower), \(upper)")
        }
        for i in 0..<n {
            guard x[i + 1] > x[i] else {
                throw InvalidArgument("Lagrangian particles: particles \(i) and \(i + 1) coincide at \(x[i]) (levels finer than the density resolves; use fewer particles)")
            }
            guard target.mass(from: x[i], to: x[i + 1]) > 0 else {
                throw InvalidArgument("Lagrangian particles: the target has no mass on (\(x[i]), \(x[i + 1])); the scheme needs a target positive on the domain")
            }
        }
    }

    /// Md(Iᵢ), i = 0 ..< N.
    public func targetMasses(positions x: [Double]) -> [Double] {
        (0..<count).map { (i: Int) -> Double in target.mass(from: x[i], to: x[i + 1]) }
    }

    /// u_{i+½} = mᵢ/Md(Iᵢ), i = 0 ..< N.
    public func ratios(positions x: [Double]) -> [Double] {
        let md = targetMasses(positions: x)
        return (0..<count).map { (i: Int) -> Double in levels.masses[i] / md[i] }
    }

    /// The barycentre of ρd on `(a, b)` with ρd log-linear between its end values:
    /// `a + (b − a) w(z)`, `z = ln ρd(b) − ln ρd(a)`, `w(z) = 1/(1 − e^{−z}) − 1/z`
    /// (`w(0) = ½`, series `½ + z/12 − z³/720` for |z| < 1e-2, `w(−z) = 1 − w(z)`).
    /// Exact for an exponential ρd, within O((b − a)³) of the true barycentre for smooth ρd.
    public static func barycentre(_ a: Double, _ b: Double, logDensityA la: Double, logDensityB lb: Double) -> Double {
        var z = lb - la
        if !z.isFinite { z = lb > la ? 700 : -700 }
        func w(_ z: Double) -> Double {
            if abs(z) < 1e-2 { return 0.5 + z / 12 - z * z * z / 720 }
            return z > 0 ? 1 / (-expm1(-z)) - 1 / z : 1 - (1 / (-expm1(z)) + 1 / z)
        }
        return a + (b - a) * min(1, max(0, w(z)))
    }

    /// cⱼ, the ρd-barycentres of the intervals (see ``barycentre(_:_:logDensityA:logDensityB:)``).
    public func barycentres(positions x: [Double]) -> [Double] {
        let lp = x.map { target.logPDF($0) }
        return (0..<count).map { (j: Int) -> Double in
            LagrangianParticles.barycentre(x[j], x[j + 1], logDensityA: lp[j], logDensityB: lp[j + 1])
        }
    }

    /// Whether the flow's diffusion degenerates at u = 0 (`Ψ'(0) = 0`: χ²), so that its
    /// solutions have fronts (`FrontValuePoints`).
    public var degenerate: Bool { flow.psiPrime(0) == 0 }

    /// Vᵢ for every particle (0 at the pinned ends), `Dᵢ` from `FrontValuePoints`.
    public func velocity(positions x: [Double]) -> [Double] {
        let md = targetMasses(positions: x)
        let u = (0..<count).map { (i: Int) -> Double in levels.masses[i] / md[i] }
        let g = u.map { flow.fPrime($0) }
        let d = FrontValuePoints(positions: x, ratios: u, targetMasses: md, barycentres: barycentres(positions: x),
                                 densities: degenerate ? x.map { target.pdf($0) } : x, degenerate: degenerate).widths
        var v = [Double](repeating: 0, count: count + 1)
        for i in 1..<count { v[i] = -(g[i] - g[i - 1]) / d[i - 1] }
        return v
    }

    /// The scheme's functional `Σᵢ Md(Iᵢ) g(u_{i+½})` (decreasing along the flow for convex g).
    public func functional(positions x: [Double], _ g: (Double) -> Double) -> Double {
        let md = targetMasses(positions: x)
        var s = 0.0
        for i in 0..<count { s += md[i] * g(levels.masses[i] / md[i]) }
        return s
    }

    /// The flow's energy `Σᵢ Md(Iᵢ) f(u_{i+½})` (the scheme's JS for the JS flow).
    public func energy(positions x: [Double]) -> Double { functional(positions: x) { flow.f($0) } }

    /// Cell averages of the reconstruction `ρ = u_{i+½} ρd` on `Iᵢ` (see the type's doc):
    /// cell k gets `Σᵢ u_{i+½} Md(cell_k ∩ Iᵢ)/h`, exact overlaps.
    public func cellAverages(positions x: [Double], on grid: Grid1D) -> [Double] {
        let u = ratios(positions: x)
        let h = grid.spacing, cells = grid.cells
        var out = [Double](repeating: 0, count: cells)
        var k = 0
        for i in 0..<count {
            let a = x[i], b = x[i + 1]
            while k > 0, grid.face(k) > a { k -= 1 }
            while k < cells {
                let l = max(a, grid.face(k)), r = min(b, grid.face(k + 1))
                if r > l { out[k] += u[i] * target.mass(from: l, to: r) / h }
                if grid.face(k + 1) >= b { break }
                k += 1
            }
            k = min(k, cells - 1)
        }
        return out
    }

    /// Point values `ρ(x) = ρd(x) ũ(x)` with ũ piecewise linear through the value points of
    /// `FrontValuePoints` (the interval barycentres cᵢ, value u_{i+½}; constant beyond the first
    /// and last): second order where the solution is smooth, since u_{i+½} is the ρd-weighted
    /// mean of u on Iᵢ. At a front of a degenerate flow the thin interval's value point sits
    /// at the front, so ũ has the front's kink instead of a ramp into the vacuum; between an
    /// interval's two value points ũ is its constant value.
    public func density(positions x: [Double], at points: [Double]) -> [Double] {
        let md = targetMasses(positions: x)
        let u = (0..<count).map { (i: Int) -> Double in levels.masses[i] / md[i] }
        let c = barycentres(positions: x)
        let vp = FrontValuePoints(positions: x, ratios: u, targetMasses: md, barycentres: c,
                                  densities: degenerate ? x.map { target.pdf($0) } : x, degenerate: degenerate)
        // Nodes in increasing x: interval j contributes (aⱼ, uⱼ) and (bⱼ₊₁, uⱼ), its value points
        // seen from its left and right faces (a₀ = c₀, b_N = c_{N−1}).
        var nodes = [Double](), values = [Double]()
        for j in 0..<count {
            nodes.append(j == 0 ? c[0] : vp.ahead[j - 1]); values.append(u[j])
            nodes.append(j == count - 1 ? c[j] : vp.behind[j]); values.append(u[j])
        }
        return points.map { y in
            guard y >= lower, y <= upper else { return .nan }
            let pd = target.pdf(y)
            if y <= nodes[0] { return pd * values[0] }
            if y >= nodes[nodes.count - 1] { return pd * values[values.count - 1] }
            var lo = 0, hi = nodes.count - 1
            while hi - lo > 1 { let mid = (lo + hi) / 2; if nodes[mid] <= y { lo = mid } else { hi = mid } }
            let span = nodes[hi] - nodes[lo]
            let t = span > 0 ? (y - nodes[lo]) / span : 0
            return pd * ((1 - t) * values[lo] + t * values[hi])
        }
    }
}
