import Foundation

/// Particles for ODE (2) in 2D with a direct Gaussian product-kernel KDE (per-axis
/// bandwidths from the rule) and the exact 2D target:
/// `v = Ψ'(u) (∇ln ρd − ∇ln ρ̂)`, `Ψ'(u) = 1/(2(1+u))`, `u = ρ̂/ρd` (docs/MATH.md §1, §3).
public struct ParticleFlow2D: Sendable {
    public var target: any Density2D
    public var bandwidth: BandwidthRule

    public init(target: any Density2D, bandwidth: BandwidthRule = .scott) {
        self.target = target
        self.bandwidth = bandwidth
    }

    /// The KDE the velocity uses for these particles.
    public func densityEstimate(_ x: [SIMD2<Double>]) throws -> KernelDensity2D {
        try KernelDensity2D(points: x, bandwidth: try bandwidth.bandwidth(x))
    }

    public func velocity(_ x: [SIMD2<Double>]) throws -> [SIMD2<Double>] {
        let e = try densityEstimate(x).evaluate(x)
        var v = [SIMD2<Double>](repeating: .zero, count: x.count)
        for i in x.indices {
            let ld = target.logPDF(x[i])
            let u = exp(log(e.density[i]) - ld)
            let w = 1 / (2 * (1 + u))
            if w > 0 { v[i] = w * (target.score(x[i]) - e.gradient[i] / e.density[i]) }
            guard v[i].x.isFinite, v[i].y.isFinite else {
                throw InvalidArgument("particle velocity is \(v[i]) at x = \(x[i])")
            }
        }
        return v
    }

    public func eulerStep(_ x: [SIMD2<Double>], dt: Double) throws -> [SIMD2<Double>] {
        let v = try velocity(x)
        return zip(x, v).map { $0 + dt * $1 }
    }

    public func heunStep(_ x: [SIMD2<Double>], dt: Double) throws -> [SIMD2<Double>] {
        let v0 = try velocity(x)
        let xs = zip(x, v0).map { $0 + dt * $1 }
        let v1 = try velocity(xs)
        return x.indices.map { x[$0] + 0.5 * dt * (v0[$0] + v1[$0]) }
    }

    public func run(_ x0: [SIMD2<Double>], dt: Double, steps: Int, scheme: ParticleScheme = .heun,
                    progress: (Int, [SIMD2<Double>]) -> Void = { _, _ in }) throws -> [SIMD2<Double>] {
        var x = x0
        for n in 0..<steps {
            x = scheme == .euler ? try eulerStep(x, dt: dt) : try heunStep(x, dt: dt)
            progress(n + 1, x)
        }
        return x
    }
}
