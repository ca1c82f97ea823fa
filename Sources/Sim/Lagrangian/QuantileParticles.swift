import Foundation

/// The Lagrangian (quantile) scheme of docs/MATH.md §3 for the flow of an f-divergence
/// (the JS flow, ODE (2), by default).
///
/// `N + 1` particles `X_0 = a < X_1 < … < X_N = b` at mass quantiles, each gap carrying
/// mass `m = 1/N`; the end particles stay pinned at the walls (zero flux). The density
/// between neighbours is `m/(X_{i+1} − Xᵢ)`, and
///
///     u_{i+½} = m / Fd(Xᵢ, X_{i+1}),    (Fd(x, y) the target's mass on (x, y], cancellation-free)
///     dXᵢ/dt = −(f'(u_{i+½}) − f'(u_{i−½})) / ((X_{i+1} − X_{i−1})/2),   i = 1 … N−1.
///
/// This is ODE (2) itself in one dimension and an independent check of the finite-volume
/// solver. Explicit Euler is stable only for Δt = O(1/N²) (a diffusion); Algorithm 1 with
/// these particles is that explicit step, so ``explicitEulerStep(positions:step:)`` is
/// public for comparison, and ``integrate(from:to:stepping:)`` is the accurate implicit
/// integrator (BDF2 or implicit Euler on the tridiagonal Jacobian of the interior particles).
public struct QuantileParticles: Sendable {
    public let target: any Density
    public let lower: Double
    public let upper: Double
    /// Number of gaps N (N + 1 particles).
    public let count: Int
    public let flow: FlowDivergence

    public init(target: any Density, lower: Double, upper: Double, count: Int, flow: FlowDivergence = .js) throws {
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw InvalidArgument("quantile particles: needs a finite domain, got [\(lower), \(upper)]")
        }
        guard count >= 2 else { throw InvalidArgument("quantile particles: needs N ≥ 2 gaps, got \(count)") }
        let mass = target.mass(from: lower, to: upper)
        guard abs(mass - 1) <= 1e-9 else {
            throw InvalidArgument("quantile particles: the target must have mass 1 on [\(lower), \(upper)] (truncate it there), got \(mass)")
        }
        self.target = target
        self.lower = lower
        self.upper = upper
        self.count = count
        self.flow = flow
    }

    /// Mass of each gap, 1/N.
    public var gapMass: Double { 1 / Double(count) }

    /// Particles at the quantiles i/N of `initial` (which must live on the domain), ends pinned.
    public func initialPositions(of initial: any Density) throws -> [Double] {
        var x = [Double](repeating: 0, count: count + 1)
        x[0] = lower; x[count] = upper
        for i in 1..<count { x[i] = try initial.quantile(Double(i) / Double(count)) }
        try validate(x)
        return x
    }

    /// Checks N + 1 strictly increasing positions with the ends at the walls.
    public func validate(_ x: [Double]) throws {
        guard x.count == count + 1 else { throw InvalidArgument("quantile particles: expected \(count + 1) positions, got \(x.count)") }
        guard x[0] == lower, x[count] == upper else {
            throw InvalidArgument("quantile particles: end particles must sit at the walls \(lower), \(upper)")
        }
        for i in 0..<count where !(x[i + 1] > x[i]) {
            throw InvalidArgument("quantile particles: positions must increase strictly (X_\(i) = \(x[i]), X_\(i + 1) = \(x[i + 1]))")
        }
    }

    /// u_{i+½} for i = 0 … N−1.
    public func ratios(positions x: [Double]) -> [Double] {
        (0..<count).map { gapMass / target.mass(from: x[$0], to: x[$0 + 1]) }
    }

    /// The velocity of every particle (0 for the pinned ends), docs/MATH.md §3.
    public func velocity(positions x: [Double]) -> [Double] {
        let g = ratios(positions: x).map { flow.fPrime($0) }
        var v = [Double](repeating: 0, count: count + 1)
        for i in 1..<count { v[i] = -(g[i] - g[i - 1]) / (0.5 * (x[i + 1] - x[i - 1])) }
        return v
    }

    /// One explicit Euler step `X + Δt·V(X)` (what Algorithm 1 does with these particles).
    public func explicitEulerStep(positions x: [Double], step dt: Double) -> [Double] {
        let v = velocity(positions: x)
        return zip(x, v).map { $0 + dt * $1 }
    }

    /// The scheme's energy `Σᵢ Fd(Xᵢ, X_{i+1}) f(u_{i+½})`.
    public func energy(positions x: [Double]) -> Double {
        var s = 0.0
        for i in 0..<count {
            let md = target.mass(from: x[i], to: x[i + 1])
            s += md * flow.f(gapMass / md)
        }
        return s
    }

    /// Integrates the particle ODE from `positions` over [0, t] with an implicit scheme.
    public func integrate(from positions: [Double], to t: Double,
                          stepping: TimeStepping = .bdf2(.adaptive(tolerance: 1e-9))) throws -> [Double] {
        try validate(positions)
        if t == 0 { return positions }
        var integrator = try stepping.integrator(for: QuantileParticleSystem(particles: self),
                                                 initial: Array(positions[1..<count]))
        _ = try integrator.advance(to: t)
        return [lower] + integrator.state + [upper]
    }

    /// Cell averages on a grid of the piecewise-constant density `m/(X_{i+1} − Xᵢ)` (exact overlaps).
    public func cellAverages(positions x: [Double], on grid: Grid1D) -> [Double] {
        var out = [Double](repeating: 0, count: grid.cells)
        let h = grid.spacing
        var k = 0
        for i in 0..<count {
            let a = x[i], b = x[i + 1], dens = gapMass / (b - a)
            k = max(0, min(k, grid.cells - 1))
            while k > 0, grid.face(k) > a { k -= 1 }
            while k < grid.cells, grid.face(k) < b {
                let l = max(a, grid.face(k)), r = min(b, grid.face(k + 1))
                if r > l { out[k] += dens * (r - l) / h }
                if grid.face(k + 1) >= b { break }
                k += 1
            }
        }
        return out
    }

    /// The particle CDF at x: linear between particles (value i/N at Xᵢ).
    public func cdf(positions x: [Double], at y: Double) -> Double {
        if y <= lower { return 0 }
        if y >= upper { return 1 }
        var lo = 0, hi = count
        while hi - lo > 1 { let mid = (lo + hi) / 2; if x[mid] <= y { lo = mid } else { hi = mid } }
        return (Double(lo) + (y - x[lo]) / (x[lo + 1] - x[lo])) / Double(count)
    }
}
