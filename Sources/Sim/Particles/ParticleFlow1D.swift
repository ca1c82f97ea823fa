import Foundation

/// Particles for ODE (2) in 1D: N samples of ρ, the density estimated by a Gaussian KDE,
/// the exact target ρd, and the velocity of docs/MATH.md §1
///
///     v(x) = −½ ∇ln(ρ̂/(ρ̂+ρd)) = Ψ'(u) (∇ln ρd − ∇ln ρ̂),   Ψ'(u) = 1/(2(1+u)),  u = ρ̂/ρd,
///
/// evaluated at every particle. `u` is formed from logarithms, so a particle far in ρd's
/// tail gets Ψ' → 0 (the saturation of D12) instead of 0·∞.
public struct ParticleFlow1D: Sendable {
    public var target: any Density
    public var bandwidth: BandwidthRule
    public var method: KDEMethod

    public init(target: any Density, bandwidth: BandwidthRule = .silverman, method: KDEMethod = .automatic) {
        self.target = target
        self.bandwidth = bandwidth
        self.method = method
    }

    /// ρ̂ and ρ̂' at the particles, with the bandwidth the rule gives for them.
    public func densityEstimate(_ x: [Double]) throws -> (density: [Double], derivative: [Double], bandwidth: Double) {
        let h = try bandwidth.bandwidth(x)
        let useBinned: Int?
        switch method {
        case .direct: useBinned = nil
        case .binned(let p): useBinned = p
        case .automatic: useBinned = x.count >= 10_000 ? 32 : nil
        }
        if let p = useBinned {
            let k = try BinnedKernelDensity1D(points: x, bandwidth: h, pointsPerBandwidth: p)
            let e = k.evaluate(x)
            return (e.density, e.derivative, h)
        }
        let e = try KernelDensity1D(points: x, bandwidth: h).evaluate(x)
        return (e.density, e.derivative, h)
    }

    /// The velocity at every particle.
    public func velocity(_ x: [Double]) throws -> [Double] {
        let e = try densityEstimate(x)
        var v = [Double](repeating: 0, count: x.count)
        for i in x.indices {
            let ld = target.logPDF(x[i])
            let u = exp(log(e.density[i]) - ld)
            let w = 1 / (2 * (1 + u))
            v[i] = w == 0 ? 0 : w * (target.score(x[i]) - e.derivative[i] / e.density[i])
            guard v[i].isFinite else {
                throw InvalidArgument("particle velocity is \(v[i]) at x = \(x[i]) (ρ̂ = \(e.density[i]), ln ρd = \(ld))")
            }
        }
        return v
    }

    /// One explicit Euler step `X ← X + Δt v(X)`.
    public func eulerStep(_ x: [Double], dt: Double) throws -> [Double] {
        let v = try velocity(x)
        return zip(x, v).map { $0 + dt * $1 }
    }

    /// One Heun (explicit trapezoidal, second-order) step:
    /// `X* = X + Δt v(X)`, `X ← X + Δt/2 (v(X) + v(X*))`.
    public func heunStep(_ x: [Double], dt: Double) throws -> [Double] {
        let v0 = try velocity(x)
        let xs = zip(x, v0).map { $0 + dt * $1 }
        let v1 = try velocity(xs)
        return x.indices.map { x[$0] + 0.5 * dt * (v0[$0] + v1[$0]) }
    }

    /// `steps` steps of size `dt` with the chosen scheme; `progress(step, particles)`
    /// is called after each step.
    public func run(_ x0: [Double], dt: Double, steps: Int, scheme: ParticleScheme = .heun,
                    progress: (Int, [Double]) -> Void = { _, _ in }) throws -> [Double] {
        var x = x0
        for n in 0..<steps {
            x = scheme == .euler ? try eulerStep(x, dt: dt) : try heunStep(x, dt: dt)
            progress(n + 1, x)
        }
        return x
    }
}
