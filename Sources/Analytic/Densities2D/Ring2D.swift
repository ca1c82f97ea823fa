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
    private let logComponentNormaliser: Double

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
        logComponentNormaliser = -log(Double(k))
    }

    public var spec: String { "ring(\(components),\(specNumber(radius)),\(specNumber(sigma)))" }
    public var supportX: ClosedRange<Double> { -Double.infinity ... Double.infinity }
    public var supportY: ClosedRange<Double> { -Double.infinity ... Double.infinity }

    public func logPDF(_ x: Double, _ y: Double) -> Double {
        var top = -Double.infinity
        var logs = [Double](repeating: 0, count: factors.count)
        for (j, f) in factors.enumerated() {
            logs[j] = f.x.logPDF(x) + f.y.logPDF(y)
            top = max(top, logs[j])
        }
        var s = 0.0
        for l in logs { s += exp(l - top) }
        return top + log(s) + logComponentNormaliser
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
