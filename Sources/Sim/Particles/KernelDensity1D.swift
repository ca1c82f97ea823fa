import Foundation

/// A Gaussian kernel density estimate in 1D, evaluated directly:
/// `ρ̂(x) = (1/(N h)) Σⱼ φ((x − xⱼ)/h)`, `ρ̂'(x) = −(1/(N h²)) Σⱼ tⱼ φ(tⱼ)`, `tⱼ = (x − xⱼ)/h`.
///
/// O(N) per evaluation point, so O(N²) for the density at every particle; see
/// ``BinnedKernelDensity1D`` for large N.
public struct KernelDensity1D: Sendable {
    public let points: [Double]
    public let bandwidth: Double

    public init(points: [Double], bandwidth: Double) throws {
        guard !points.isEmpty else { throw InvalidArgument("a KDE needs at least one point") }
        guard bandwidth > 0, bandwidth.isFinite else { throw InvalidArgument("KDE bandwidth must be positive, got \(bandwidth)") }
        for p in points where !p.isFinite { throw InvalidArgument("KDE point \(p) is not finite") }
        self.points = points
        self.bandwidth = bandwidth
    }

    /// ρ̂(x) and ρ̂'(x).
    public func evaluate(_ x: Double) -> (density: Double, derivative: Double) {
        let inv = 1 / bandwidth
        var s0 = 0.0, s1 = 0.0
        for p in points {
            let t = (x - p) * inv
            let k = exp(-0.5 * t * t)
            s0 += k
            s1 += t * k
        }
        let c = 1 / (Double(points.count) * bandwidth * (2 * Double.pi).squareRoot())
        return (c * s0, -c * inv * s1)
    }

    /// ρ̂ and ρ̂' at each of `xs`.
    public func evaluate(_ xs: [Double]) -> (density: [Double], derivative: [Double]) {
        var d = [Double](repeating: 0, count: xs.count), g = d
        for (i, x) in xs.enumerated() { (d[i], g[i]) = evaluate(x) }
        return (d, g)
    }
}
