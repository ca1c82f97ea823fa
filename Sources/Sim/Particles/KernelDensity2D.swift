import Foundation

/// A Gaussian product-kernel density estimate in 2D, evaluated directly:
/// `ρ̂(x) = (1/(N h₁h₂)) Σⱼ φ(t₁)φ(t₂)`, `tₖ = (xₖ − xⱼₖ)/hₖ`, gradient
/// `∂ₖρ̂ = −(1/(N h₁h₂ hₖ)) Σⱼ tₖ φ(t₁)φ(t₂)`. O(N) per evaluation point.
public struct KernelDensity2D: Sendable {
    public let points: [SIMD2<Double>]
    public let bandwidth: SIMD2<Double>

    public init(points: [SIMD2<Double>], bandwidth: SIMD2<Double>) throws {
        guard !points.isEmpty else { throw InvalidArgument("a KDE needs at least one point") }
        guard bandwidth.x > 0, bandwidth.y > 0, bandwidth.x.isFinite, bandwidth.y.isFinite else {
            throw InvalidArgument("KDE bandwidth must be positive, got \(bandwidth)")
        }
        for p in points where !(p.x.isFinite && p.y.isFinite) { throw InvalidArgument("KDE point \(p) is not finite") }
        self.points = points
        self.bandwidth = bandwidth
    }

    /// ρ̂(x) and ∇ρ̂(x).
    public func evaluate(_ x: SIMD2<Double>) -> (density: Double, gradient: SIMD2<Double>) {
        let inv = 1 / bandwidth
        var s0 = 0.0, s1 = SIMD2<Double>.zero
        for p in points {
            let t = (x - p) * inv
            let k = exp(-0.5 * (t * t).sum())
            s0 += k
            s1 += k * t
        }
        let c = 1 / (Double(points.count) * bandwidth.x * bandwidth.y * 2 * Double.pi)
        return (c * s0, -c * s1 * inv)
    }

    /// ρ̂ and ∇ρ̂ at each of `xs`.
    public func evaluate(_ xs: [SIMD2<Double>]) -> (density: [Double], gradient: [SIMD2<Double>]) {
        var d = [Double](repeating: 0, count: xs.count)
        var g = [SIMD2<Double>](repeating: .zero, count: xs.count)
        for (i, x) in xs.enumerated() { (d[i], g[i]) = evaluate(x) }
        return (d, g)
    }
}
