import Foundation

/// `product(specX,specY)`: independent coordinates, `p(x, y) = pₓ(x)·p_y(y)` for any two 1D
/// densities. Rectangle masses are products of the factors' cancellation-free interval
/// masses (exact up to round-off), so cell averages on a grid cost O(nx + ny) 1D masses.
public struct Product2D: PlaneDensity {
    public let x: any Density
    public let y: any Density

    public init(_ x: any Density, _ y: any Density) {
        self.x = x
        self.y = y
    }

    public var spec: String { "product(\(x.spec),\(y.spec))" }
    public var supportX: ClosedRange<Double> { x.support }
    public var supportY: ClosedRange<Double> { y.support }

    public func logPDF(_ px: Double, _ py: Double) -> Double {
        let a = x.logPDF(px)
        if a == -.infinity { return a }
        return a + y.logPDF(py)
    }

    public func mass(x rx: ClosedRange<Double>, y ry: ClosedRange<Double>) throws -> RectangleMass {
        let p = IntervalMasses.product(IntervalMasses.along(x, faces: [rx.lowerBound, rx.upperBound]),
                                       IntervalMasses.along(y, faces: [ry.lowerBound, ry.upperBound]))
        return RectangleMass(value: p.values[0], error: p.errors[0])
    }

    public func cellMasses(xFaces: [Double], yFaces: [Double]) throws -> CellMasses {
        IntervalMasses.product(IntervalMasses.along(x, faces: xFaces), IntervalMasses.along(y, faces: yFaces))
    }
}
