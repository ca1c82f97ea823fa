import Foundation

/// `ring(k,radius,sigma)`: the equal mixture of k isotropic normals
/// `(1/k) Σⱼ N((radius·cos 2πj/k, radius·sin 2πj/k), sigma² I)`, j = 0..<k — the standard
/// toy target of mode collapse (docs/MATH.md §4). Each component separates, so rectangle
/// masses are sums of products of 1D normal masses (exact up to round-off).
public struct Ring2D: PlaneDensity {
    public let components: Int
    public let radius: Double
    public let sigma: Double
    /// The component centres' 1D normals along x and y.
    let factors: [(x: Normal, y: Normal)]
    /// The component centres `radius·(cos 2πj/k, sin 2πj/k)`.
    public let centers: [SIMD2<Double>]
    /// `−ln k − ln(2πσ²)`: each component's log-density is this plus `−|p − cⱼ|²/(2σ²)`.
    private let logNormaliser: Double

    public init(components k: Int, radius: Double, sigma: Double) throws {
        let what = "ring(\(k),\(radius),\(sigma))"
        guard AcceptedRanges2D.ringComponents.contains(k) else {
            throw InvalidArgument("\(what): the number of components k must be in 1...200, got \(k)")
        }
        try requireFinite(radius, sigma, what: what)
        guard radius >= 0 else { throw InvalidArgument("\(what): the radius must be ≥ 0, got \(radius)") }
        var f = [(x: Normal, y: Normal)]()
        for j in 0..<k {
            let a = 2 * Double.pi * Double(j) / Double(k)
            f.append((try Normal(mean: radius * cos(a), standardDeviation: sigma),
                      try Normal(mean: radius * sin(a), standardDeviation: sigma)))
        }
        components = k
        self.radius = radius
        self.sigma = sigma
        factors = f
        centers = f.map { SIMD2($0.x.mean, $0.y.mean) }
        logNormaliser = -log(Double(k)) - log(2 * Double.pi * sigma * sigma)
    }

    public var spec: String { "ring(\(components),\(specNumber(radius)),\(specNumber(sigma)))" }
    public var supportX: ClosedRange<Double> { -Double.infinity ... Double.infinity }
    public var supportY: ClosedRange<Double> { -Double.infinity ... Double.infinity }

    /// `ln((1/k) Σⱼ N(p; cⱼ, σ²I))` by log-sum-exp over `qⱼ = −|p − cⱼ|²/(2σ²)` (no
    /// allocation: the 2D GAN studies call it at every sample of every iteration).
    public func logPDF(_ x: Double, _ y: Double) -> Double {
        logPDFAndScore(SIMD2(x, y)).log
    }

    /// ln ρ(p) and the score ∇ln ρ(p) = Σⱼ πⱼ(p)(cⱼ − p)/σ², πⱼ ∝ e^{qⱼ} the components'
    /// responsibilities, in two passes over the centres (the largest qⱼ first, so no term
    /// overflows and the nearest component's weight is 1).
    public func logPDFAndScore(_ p: SIMD2<Double>) -> (log: Double, score: SIMD2<Double>) {
        let inv = 1 / (2 * sigma * sigma)
        var top = -Double.infinity
        for c in centers {
            let d = p - c
            top = max(top, -(d * d).sum() * inv)
        }
        // |p − cⱼ|² overflowing for every j (|p| ≳ 1e154): ρ underflows to 0; the score is
        // then reported as 0, as for any density whose every term is −∞ (a NaN p stays NaN).
        guard top.isFinite else { return top.isNaN ? (.nan, SIMD2(.nan, .nan)) : (-.infinity, .zero) }
        var total = 0.0, pull = SIMD2<Double>.zero
        for c in centers {
            let d = p - c
            let w = exp(-(d * d).sum() * inv - top)
            total += w
            pull += w * (c - p)
        }
        return (top + log(total) + logNormaliser, pull / (total * sigma * sigma))
    }

    public func mass(x: ClosedRange<Double>, y: ClosedRange<Double>) throws -> RectangleMass {
        let m = try cellMasses(xFaces: [x.lowerBound, x.upperBound], yFaces: [y.lowerBound, y.upperBound])
        return RectangleMass(value: m.values[0], error: m.errors[0])
    }

    /// `(1/k) Σⱼ` of the components' product masses; errors add, plus the sum's round-off
    /// `k·ε·value`.
    public func cellMasses(xFaces: [Double], yFaces: [Double]) throws -> CellMasses {
        let nx = max(0, xFaces.count - 1), ny = max(0, yFaces.count - 1)
        var out = CellMasses(count: nx * ny)
        let w = 1 / Double(components)
        for f in factors {
            let c = IntervalMasses.product(IntervalMasses.along(f.x, faces: xFaces), IntervalMasses.along(f.y, faces: yFaces))
            for i in out.values.indices {
                out.values[i] += w * c.values[i]
                out.errors[i] += w * c.errors[i]
            }
        }
        let k = Double(components)
        for i in out.values.indices { out.errors[i] += (k + 1) * Double.ulpOfOne * out.values[i] }
        return out
    }
}
