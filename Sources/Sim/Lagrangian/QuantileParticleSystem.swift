import Foundation

/// The interior particles X₁ … X_{N−1} of ``QuantileParticles`` as a ``TridiagonalSystem``.
///
/// With `gᵢ₊½ = f'(u_{i+½})`, `cᵢ₊½ = f''(u) u²/m` and `Dᵢ = (X_{i+1} − X_{i−1})/2`
/// (`∂u_{i+½}/∂X_{i+1} = −u²ρd(X_{i+1})/m`, `∂u_{i+½}/∂Xᵢ = u²ρd(Xᵢ)/m`), the Jacobian of
/// `Vᵢ = −(g_{i+½} − g_{i−½})/Dᵢ` is
/// `∂Vᵢ/∂X_{i+1} = c_{i+½}ρd(X_{i+1})/Dᵢ + Δgᵢ/(2Dᵢ²)`, `∂Vᵢ/∂X_{i−1} = c_{i−½}ρd(X_{i−1})/Dᵢ − Δgᵢ/(2Dᵢ²)`,
/// `∂Vᵢ/∂Xᵢ = −(c_{i+½} + c_{i−½})ρd(Xᵢ)/Dᵢ`.
/// Error norm: the mean absolute displacement `(1/N)Σ|eᵢ|` (a Wasserstein-1 distance).
struct QuantileParticleSystem: TridiagonalSystem {
    let particles: QuantileParticles
    var dimension: Int { particles.count - 1 }

    private func full(_ y: [Double]) -> [Double] { [particles.lower] + y + [particles.upper] }

    func evaluate(_ t: Double, _ y: [Double], rhs: inout [Double]) -> Double {
        let x = full(y)
        let n = particles.count, f = particles.flow
        let g = particles.ratios(positions: x).map { f.fPrime($0) }
        var magnitude = 0.0
        for i in 1..<n {
            let d = 0.5 * (x[i + 1] - x[i - 1])
            rhs[i - 1] = -(g[i] - g[i - 1]) / d
            magnitude += (abs(g[i]) + abs(g[i - 1])) / d
        }
        return 4 * Double.ulpOfOne * magnitude / Double(n)
    }

    func jacobian(_ t: Double, _ y: [Double], lower: inout [Double], diagonal: inout [Double],
                  upper: inout [Double]) {
        let x = full(y)
        let n = particles.count, f = particles.flow, m = particles.gapMass
        let u = particles.ratios(positions: x)
        let g = u.map { f.fPrime($0) }
        let c = u.map { f.fSecond($0) * $0 * $0 / m }
        let pd = x.map { particles.target.pdf($0) }
        for i in 1..<n {
            let d = 0.5 * (x[i + 1] - x[i - 1]), dg = g[i] - g[i - 1]
            diagonal[i - 1] = -(c[i] + c[i - 1]) * pd[i] / d
            if i < n - 1 { upper[i - 1] = c[i] * pd[i + 1] / d + dg / (2 * d * d) }
            if i > 1 { lower[i - 2] = c[i - 1] * pd[i - 1] / d - dg / (2 * d * d) }
        }
    }

    func isAdmissible(_ y: [Double]) -> Bool {
        admissibleInteriorPositions(y, lower: particles.lower, upper: particles.upper, target: particles.target,
                                    all: { full(y) })
    }

    func norm(_ v: [Double]) -> Double {
        var s = 0.0
        for x in v { s += abs(x) }
        return s / Double(particles.count)
    }

    func project(_ y: inout [Double]) {}
}
