import Foundation

/// `truncated(spec2,ax,bx,ay,by)`: a 2D density restricted to the rectangle
/// [ax, bx] × [ay, by] and renormalised, `p/Z` there with `Z` the base's mass of the
/// rectangle. Masses inside are base masses of the clipped rectangle divided by Z; the error
/// adds the relative error of Z. Refused when Z is 0 or known to worse than 1e-10 relative.
public struct Truncated2D: PlaneDensity {
    public let base: any PlaneDensity
    public let x: ClosedRange<Double>
    public let y: ClosedRange<Double>
    public let normaliser: RectangleMass
    private let logNormaliser: Double

    public init(_ base: any PlaneDensity, ax: Double, bx: Double, ay: Double, by: Double) throws {
        let what = "truncated(\(base.spec.prefix(80)),\(ax),\(bx),\(ay),\(by))"
        try requireFinite(ax, bx, ay, by, what: what)
        try AcceptedRanges.checkInterval(ax, bx, what + " (x interval)")
        try AcceptedRanges.checkInterval(ay, by, what + " (y interval)")
        let lx = max(ax, base.supportX.lowerBound), hx = min(bx, base.supportX.upperBound)
        let ly = max(ay, base.supportY.lowerBound), hy = min(by, base.supportY.upperBound)
        guard lx < hx, ly < hy else {
            throw InvalidArgument("\(what): the rectangle does not overlap the base's support")
        }
        let z = try base.mass(x: lx...hx, y: ly...hy)
        guard z.value > 1e-300, z.value.isFinite else {
            throw InvalidArgument("\(what): the base density has no mass (\(z.value)) on the rectangle")
        }
        guard z.error <= AcceptedRanges2D.maximumNormaliserError * z.value else {
            throw InvalidArgument("\(what): its normaliser is known only to \(z.error / z.value) relative (limit 1e-10)")
        }
        self.base = base
        x = lx...hx
        y = ly...hy
        normaliser = z
        logNormaliser = log(z.value)
    }

    public var spec: String {
        "truncated(\(base.spec),\(specNumber(x.lowerBound)),\(specNumber(x.upperBound)),\(specNumber(y.lowerBound)),\(specNumber(y.upperBound)))"
    }
    public var supportX: ClosedRange<Double> { x }
    public var supportY: ClosedRange<Double> { y }

    public func logPDF(_ px: Double, _ py: Double) -> Double {
        guard x.contains(px), y.contains(py) else { return -.infinity }
        return base.logPDF(px, py) - logNormaliser
    }

    public func mass(x rx: ClosedRange<Double>, y ry: ClosedRange<Double>) throws -> RectangleMass {
        let lx = max(rx.lowerBound, x.lowerBound), hx = min(rx.upperBound, x.upperBound)
        let ly = max(ry.lowerBound, y.lowerBound), hy = min(ry.upperBound, y.upperBound)
        guard lx < hx, ly < hy else { return RectangleMass(value: 0, error: 0) }
        return scaled(try base.mass(x: lx...hx, y: ly...hy))
    }

    /// m/Z with error `e/Z + (m/Z)·(e_Z/Z) + 2ε·m/Z`.
    private func scaled(_ m: RectangleMass) -> RectangleMass {
        let z = normaliser.value, v = m.value / z
        return RectangleMass(value: v, error: m.error / z + v * normaliser.error / z + 2 * Double.ulpOfOne * v)
    }

    /// The base's cell masses on the faces clipped to the rectangle (cells outside get zero
    /// width and mass 0), divided by Z.
    public func cellMasses(xFaces: [Double], yFaces: [Double]) throws -> CellMasses {
        let cx = xFaces.map { min(max($0, x.lowerBound), x.upperBound) }
        let cy = yFaces.map { min(max($0, y.lowerBound), y.upperBound) }
        var m = try base.cellMasses(xFaces: cx, yFaces: cy)
        for i in m.values.indices {
            let s = scaled(RectangleMass(value: m.values[i], error: m.errors[i]))
            m.values[i] = s.value
            m.errors[i] = s.error
        }
        return m
    }
}
