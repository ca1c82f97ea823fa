import Foundation

/// The interior particles X₁ … X_{N−1} of ``LagrangianParticles`` as a ``TridiagonalSystem``,
/// so that every implicit integrator of ``TimeStepping`` (implicit Euler, BDF2, variable-order
/// NDF/BDF with Newton on the tridiagonal Jacobian) advances them.
///
/// With `gⱼ = f'(uⱼ)`, `kⱼ = f''(uⱼ) uⱼ²/mⱼ` (interval j = (Xⱼ, X_{j+1})), `Dᵢ = bᵢ − b_{i−1}`
/// (bⱼ the ρd-barycentre of interval j, ``LagrangianParticles/barycentres(positions:)``; at a
/// front of a degenerate flow the one-sided width of ``FrontValuePoints``)
/// and `∂uⱼ/∂X_{j+1} = −uⱼ²ρd(X_{j+1})/mⱼ`, `∂uⱼ/∂Xⱼ = uⱼ²ρd(Xⱼ)/mⱼ`, the Jacobian of
/// `Vᵢ = −(gᵢ − g_{i−1})/Dᵢ` is `−∂(Δgᵢ)/Dᵢ + Δgᵢ ∂Dᵢ/Dᵢ²` with
/// `∂(Δgᵢ)/∂X_{i+1} = −kᵢρd(X_{i+1})`, `∂(Δgᵢ)/∂X_{i−1} = −k_{i−1}ρd(X_{i−1})`,
/// `∂(Δgᵢ)/∂Xᵢ = (kᵢ + k_{i−1})ρd(Xᵢ)`, and the barycentres' derivatives taken as those of the
/// exact ρd-barycentre, `∂bⱼ/∂X_{j+1} = ρd(X_{j+1})(X_{j+1} − bⱼ)/Md(Iⱼ)`,
/// `∂bⱼ/∂Xⱼ = ρd(Xⱼ)(bⱼ − Xⱼ)/Md(Iⱼ)` (the log-linear barycentre's to leading order; Newton
/// checks the true residual, so this only affects its iteration count).
///
/// Error norm: `(1/(N−1)) Σ |eᵢ|/Dᵢ⁰`, the mean displacement in units of each particle's
/// initial spacing `Dᵢ⁰`. Measuring displacement against the local spacing weighs a tail
/// particle (tiny mass, and u there depends on its position relative to its neighbours:
/// `δu/u ≈ δX/ΔX`) as much as a central one; a mass-weighted norm would leave the tails
/// uncontrolled.
struct LagrangianSystem: TridiagonalSystem {
    let particles: LagrangianParticles
    /// Dᵢ⁰ of the initial positions, i = 1 … N−1.
    let scales: [Double]

    init(particles: LagrangianParticles, initial x: [Double]) {
        self.particles = particles
        scales = (1..<particles.count).map { (i: Int) -> Double in 0.5 * (x[i + 1] - x[i - 1]) }
    }

    var dimension: Int { particles.count - 1 }

    private func full(_ y: [Double]) -> [Double] { [particles.lower] + y + [particles.upper] }

    /// F(y), and the round-off floor of F in the norm: each `gⱼ` carries `ε|gⱼ|` from its own
    /// evaluation plus `uⱼf''(uⱼ)·δuⱼ/uⱼ` from the relative error of `Md(Iⱼ)`, which is at
    /// most a few ε times `min(Fd(X_{j+1}), Sd(Xⱼ))/Md(Iⱼ)` (the CDF or survival difference
    /// it is computed from; both come free as running sums of the interval masses).
    func evaluate(_ t: Double, _ y: [Double], rhs: inout [Double]) -> Double {
        let x = full(y)
        let n = particles.count, f = particles.flow, m = particles.levels.masses
        let md = particles.targetMasses(positions: x)
        var below = [Double](repeating: 0, count: n + 1)
        for j in 0..<n { below[j + 1] = below[j] + md[j] }
        let total = below[n]
        var g = [Double](repeating: 0, count: n), dg = g, us = g
        for j in 0..<n {
            let u = m[j] / md[j]
            us[j] = u
            g[j] = f.fPrime(u)
            let scale = min(below[j + 1], total - below[j]) / md[j]
            dg[j] = Double.ulpOfOne * (abs(g[j]) + 4 * u * f.fSecond(u) * scale)
        }
        var floor = 0.0
        let widths = FrontValuePoints(positions: x, ratios: us, targetMasses: md,
                                      barycentres: particles.barycentres(positions: x),
                                      densities: particles.degenerate ? x.map { particles.target.pdf($0) } : x,
                                      degenerate: particles.degenerate).widths
        for i in 1..<n {
            let d = widths[i - 1]
            rhs[i - 1] = -(g[i] - g[i - 1]) / d
            floor += (dg[i] + dg[i - 1]) / d / scales[i - 1]
        }
        return 4 * floor / Double(n - 1)
    }

    func jacobian(_ t: Double, _ y: [Double], lower: inout [Double], diagonal: inout [Double],
                  upper: inout [Double]) {
        let x = full(y)
        let n = particles.count, f = particles.flow, m = particles.levels.masses
        let md = particles.targetMasses(positions: x)
        let u = (0..<n).map { (j: Int) -> Double in m[j] / md[j] }
        let g = u.map { f.fPrime($0) }
        let k = (0..<n).map { (j: Int) -> Double in f.fSecond(u[j]) * u[j] * u[j] / m[j] }
        let pd = x.map { particles.target.pdf($0) }
        let b = particles.barycentres(positions: x)
        // ∂bⱼ/∂X_{j+1} and ∂bⱼ/∂Xⱼ.
        let right = (0..<n).map { (j: Int) -> Double in pd[j + 1] * (x[j + 1] - b[j]) / md[j] }
        let left = (0..<n).map { (j: Int) -> Double in pd[j] * (b[j] - x[j]) / md[j] }
        // ∂Dᵢ/∂X: of cᵢ − c_{i−1}, or at a front (FrontValuePoints) of its one-sided part h
        // (Xᵢ − c_{i−1} or cᵢ − Xᵢ); the dependence of δ on the data is left to Newton's
        // residual check.
        let vp = FrontValuePoints(positions: x, ratios: u, targetMasses: md, barycentres: b, densities: pd,
                                  degenerate: particles.degenerate)
        for i in 1..<n {
            let d = vp.widths[i - 1], dg = g[i] - g[i - 1], q = dg / (d * d)
            let da = vp.rule[i - 1] == 1 ? 1.0 : left[i], db = vp.rule[i - 1] == -1 ? 1.0 : right[i - 1]
            let up = vp.rule[i - 1] == 1 ? 0.0 : right[i], low = vp.rule[i - 1] == -1 ? 0.0 : left[i - 1]
            diagonal[i - 1] = -(k[i] + k[i - 1]) * pd[i] / d + q * (da - db)
            if i < n - 1 { upper[i - 1] = k[i] * pd[i + 1] / d + q * up }
            if i > 1 { lower[i - 2] = k[i - 1] * pd[i - 1] / d - q * low }
        }
    }

    /// Strictly increasing, finite, inside the walls, and target mass in every interval.
    func isAdmissible(_ y: [Double]) -> Bool {
        admissibleInteriorPositions(y, lower: particles.lower, upper: particles.upper, target: particles.target,
                                    all: { full(y) })
    }

    func norm(_ v: [Double]) -> Double {
        var s = 0.0
        for i in v.indices { s += abs(v[i]) / scales[i] }
        return s / Double(v.count)
    }

    func project(_ y: inout [Double]) {}
}
