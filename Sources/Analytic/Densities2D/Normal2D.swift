import Foundation

/// The bivariate normal `normal2(mx,my,sx,sy,r)`: mean (mx, my), standard deviations sx, sy,
/// correlation r, covariance [[sx², r sx sy], [r sx sy, sy²]].
///
/// Rectangle masses: for r = 0 the product of the two cancellation-free 1D masses (exact up to
/// round-off). For r ≠ 0, `∫_{ax}^{bx} φ_x(x) P(Y ∈ [ay, by] | X = x) dx` with the conditional
/// law N(my + r·sy(x − mx)/sx, sy²(1 − r²)) (its mass again a cancellation-free 1D mass) and
/// the outer integral by GSL's adaptive QAGS, split at mx and mx ± 3sx and cut to mx ± 40sx
/// (beyond it φ_x < e^{−800}, below the smallest double): the error is GSL's estimate at
/// relative tolerance 1e-11 plus the inner masses' round-off.
public struct Normal2D: PlaneDensity, Equatable {
    public let mean: SIMD2<Double>
    public let standardDeviations: SIMD2<Double>
    public let correlation: Double
    private let logNormaliser: Double
    private let factorX: Normal
    private let factorY: Normal

    public init(mx: Double, my: Double, sx: Double, sy: Double, r: Double) throws {
        let what = "normal2(\(mx),\(my),\(sx),\(sy),\(r))"
        try requireFinite(mx, my, sx, sy, r, what: what)
        guard AcceptedRanges2D.correlation.contains(r) else {
            throw InvalidArgument("\(what): the correlation r must be in [-0.999, 0.999], got \(r)")
        }
        factorX = try Normal(mean: mx, standardDeviation: sx)
        factorY = try Normal(mean: my, standardDeviation: sy)
        mean = SIMD2(mx, my)
        standardDeviations = SIMD2(sx, sy)
        correlation = r
        logNormaliser = -log(2 * Double.pi) - log(sx) - log(sy) - 0.5 * log1p(-r * r)
    }

    public var spec: String {
        "normal2(\(specNumber(mean.x)),\(specNumber(mean.y)),\(specNumber(standardDeviations.x)),\(specNumber(standardDeviations.y)),\(specNumber(correlation)))"
    }
    public var supportX: ClosedRange<Double> { -Double.infinity ... Double.infinity }
    public var supportY: ClosedRange<Double> { -Double.infinity ... Double.infinity }

    public func logPDF(_ x: Double, _ y: Double) -> Double {
        let zx = (x - mean.x) / standardDeviations.x, zy = (y - mean.y) / standardDeviations.y
        let r = correlation
        let q = (zx * zx - 2 * r * zx * zy + zy * zy) / (1 - r * r)
        return logNormaliser - 0.5 * q
    }

    /// Relative tolerance of the outer quadrature for r ≠ 0.
    static let outerTolerance = QuadratureTolerance(absolute: 1e-300, relative: 1e-11)

    public func mass(x: ClosedRange<Double>, y: ClosedRange<Double>) throws -> RectangleMass {
        if correlation == 0 {
            let mx = IntervalMasses.along(factorX, faces: [x.lowerBound, x.upperBound])
            let my = IntervalMasses.along(factorY, faces: [y.lowerBound, y.upperBound])
            let p = IntervalMasses.product(mx, my)
            return RectangleMass(value: p.values[0], error: p.errors[0])
        }
        let sx = standardDeviations.x, sy = standardDeviations.y, r = correlation
        let lo = max(x.lowerBound, mean.x - 40 * sx), hi = min(x.upperBound, mean.x + 40 * sx)
        guard lo < hi, y.lowerBound < y.upperBound else { return RectangleMass(value: 0, error: 0) }
        let conditionalSD = sy * (1 - r * r).squareRoot()
        let slope = r * sy / sx
        var inner: (any Error)? = nil
        var innerError = 0.0
        let f: (Double) -> Double = { t in
            let m = self.mean.y + slope * (t - self.mean.x)
            guard let c = try? Normal(mean: m, standardDeviation: conditionalSD) else {
                if inner == nil { inner = InvalidArgument("normal2: conditional law at x = \(t) out of range") }
                return 0
            }
            // Limits cut to m ± 40 conditional standard deviations (the mass beyond is below
            // e^{−800}, not a double): infinite limits never reach the CDFs.
            let ya = max(y.lowerBound, m - 40 * conditionalSD), yb = min(y.upperBound, m + 40 * conditionalSD)
            guard ya < yb else { return 0 }
            let p = c.mass(from: ya, to: yb)
            let w = self.factorX.pdf(t)
            let e = 8 * Double.ulpOfOne * max(p, min(1, c.cdf(yb), c.survival(ya)))
            innerError = max(innerError, e)
            return w * p
        }
        let breaks = [mean.x - 3 * sx, mean.x, mean.x + 3 * sx]
        let q: QuadratureResult
        do {
            q = try Quadrature.integrate(f, from: lo, to: hi, breakpoints: breaks, tolerance: Self.outerTolerance)
        } catch {
            throw InvalidArgument("\(spec): mass of [\(x.lowerBound), \(x.upperBound)] × [\(y.lowerBound), \(y.upperBound)] failed: \(error)")
        }
        if let e = inner { throw e }
        // ∫ φ_x · (inner error) ≤ max inner error × P(X ∈ [lo, hi]) ≤ max inner error.
        return RectangleMass(value: max(0, q.value), error: q.error + innerError + 4 * Double.ulpOfOne * abs(q.value))
    }

    public func cellMasses(xFaces: [Double], yFaces: [Double]) throws -> CellMasses {
        guard correlation == 0 else { return try cellMassesByRectangles(xFaces: xFaces, yFaces: yFaces) }
        return IntervalMasses.product(IntervalMasses.along(factorX, faces: xFaces),
                                      IntervalMasses.along(factorY, faces: yFaces))
    }
}
