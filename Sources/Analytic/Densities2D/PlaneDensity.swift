import Foundation

/// A probability density on the plane with a text spec and exact rectangle masses: the
/// 2D targets and initial densities of the grid solver (docs/MATH.md §4, two dimensions).
///
/// Conformers: ``Normal2D`` (`normal2(mx,my,sx,sy,r)`), ``Product2D`` (`product(spec,spec)`),
/// ``Ring2D`` (`ring(k,radius,sigma)`), ``Mixture2D`` and ``Truncated2D``; ``DensitySpec2D``
/// parses their specs. Rectangle masses come with an absolute error bound: exact products of
/// cancellation-free 1D masses where the density separates (round-off only), adaptive
/// quadrature otherwise (GSL's estimate).
public protocol PlaneDensity: Sendable, CustomStringConvertible {
    /// The text form; ``DensitySpec2D/parse(_:)`` gives an equal density back.
    var spec: String { get }
    /// A box containing the support (ends may be ±∞).
    var supportX: ClosedRange<Double> { get }
    var supportY: ClosedRange<Double> { get }
    func pdf(_ x: Double, _ y: Double) -> Double
    /// ln pdf, finite far in the tails where `pdf` underflows; −∞ off the support.
    func logPDF(_ x: Double, _ y: Double) -> Double
    /// P(X ∈ [ax, bx], Y ∈ [ay, by]) with an absolute error bound.
    func mass(x: ClosedRange<Double>, y: ClosedRange<Double>) throws -> RectangleMass
    /// Masses of the cells of a tensor grid with faces `xFaces` (increasing) and `yFaces`,
    /// row-major (`j·nx + i` for cell i along x, row j along y). The default calls
    /// ``mass(x:y:)`` per cell; separable densities override it with O(nx + ny) 1D masses.
    func cellMasses(xFaces: [Double], yFaces: [Double]) throws -> CellMasses
}

extension PlaneDensity {
    public var description: String { spec }
    public func pdf(_ x: Double, _ y: Double) -> Double { exp(logPDF(x, y)) }

    public func cellMasses(xFaces: [Double], yFaces: [Double]) throws -> CellMasses {
        try cellMassesByRectangles(xFaces: xFaces, yFaces: yFaces)
    }

    /// Each cell's mass by ``mass(x:y:)`` on its own rectangle (the general route; separable
    /// densities override ``cellMasses(xFaces:yFaces:)`` with products of 1D masses).
    public func cellMassesByRectangles(xFaces: [Double], yFaces: [Double]) throws -> CellMasses {
        let nx = xFaces.count - 1, ny = yFaces.count - 1
        var out = CellMasses(count: max(0, nx) * max(0, ny))
        guard nx > 0, ny > 0 else { return out }
        for j in 0..<ny {
            for i in 0..<nx {
                let m = try mass(x: xFaces[i]...xFaces[i + 1], y: yFaces[j]...yFaces[j + 1])
                out.values[j * nx + i] = m.value
                out.errors[j * nx + i] = m.error
            }
        }
        return out
    }
}

/// A probability with an absolute error bound.
public struct RectangleMass: Sendable, Equatable, CustomStringConvertible {
    public var value: Double
    public var error: Double
    public init(value: Double, error: Double) {
        self.value = value
        self.error = error
    }
    public var description: String { "\(value) ± \(error)" }
}

/// Cell masses of a grid with one absolute error bound per cell.
public struct CellMasses: Sendable, Equatable {
    public var values: [Double]
    public var errors: [Double]
    public init(count: Int) {
        values = [Double](repeating: 0, count: count)
        errors = values
    }
    public init(values: [Double], errors: [Double]) {
        self.values = values
        self.errors = errors
    }
}

/// Interval masses of a 1D density with a round-off bound.
///
/// ``Density/mass(from:to:)`` forms a difference of two CDF (or survival) values, each
/// ≤ min(1, F(b), S(a)) and each with relative error a few ε (GSL's `_P`/`_Q` are accurate
/// to ~2ε in their own tails): 8ε·max(mass, min(1, F(b), S(a))). To that comes the
/// rounding of each end's standardised argument, z = (x − μ)/σ with |δz| ≲ 2ε|z|, which
/// moves F(x) by p(x)·δx with δx ≲ 2ε|x − μ|: far out in a tail this dominates (F's
/// relative change is z·δz ~ 2εz², 1.4e-14 at z = 7.9; a strip 0.017σ wide there cancels
/// seven-fold, and a normal's mass on it came out 1.4e-13 off against a bound of 2e-14).
/// It is bounded by 4ε·p(x)·(max(|x|, |m|) + |x − m|) per finite end of a leaf, m its
/// median (the location of the symmetric families). A truncation's normaliser adds its
/// relative error (``Truncated/normaliserRelativeError``, 400ε in the regular case) times
/// the mass. Across a tensor grid this is computed once per face pair.
enum IntervalMasses {
    static func along(_ d: any Density, faces: [Double]) -> CellMasses {
        let n = faces.count - 1
        var out = CellMasses(count: max(0, n))
        guard n > 0 else { return out }
        let normaliser = normaliserRelativeError(d)
        // An infinite face takes the CDF or survival function at the other face alone (a
        // half-line's mass), so no CDF is evaluated at ±∞.
        for i in 0..<n {
            let a = faces[i], b = faces[i + 1]
            let m: Double
            switch (a == -.infinity, b == .infinity) {
            case (true, true): m = 1
            case (true, false): m = d.cdf(b)
            case (false, true): m = d.survival(a)
            default: m = d.mass(from: a, to: b)
            }
            let ends = argumentRounding(d, a) + argumentRounding(d, b) + normaliser * m
            if a == -.infinity || b == .infinity {
                out.values[i] = m
                out.errors[i] = 8 * Double.ulpOfOne * m + ends
                continue
            }
            out.values[i] = m
            out.errors[i] = b > a ? 8 * Double.ulpOfOne * max(m, min(1, d.cdf(b), d.survival(a))) + ends : 0
        }
        return out
    }

    /// The relative error the truncations' normalisers inside `d` give its masses: a
    /// truncation's own plus its base's; for a mixture Σwₖrₖmₖ ≤ maxₖ rₖ·Σwₖmₖ.
    static func normaliserRelativeError(_ d: any Density) -> Double {
        switch d {
        case let m as Mixture: return m.components.map(normaliserRelativeError).max() ?? 0
        case let t as Truncated: return t.normaliserRelativeError + normaliserRelativeError(t.base)
        default: return 0
        }
    }

    /// What rounding the standardised argument at a finite end x moves F(x) by (see the
    /// type's note): 4ε·p(x)·(max(|x|, |m|) + |x − m|) for a leaf of median m; for a
    /// mixture the weighted sum over its components (each standardises with its own
    /// location), for a truncation its base's term over the normaliser; 0 at an infinite end.
    static func argumentRounding(_ d: any Density, _ x: Double) -> Double {
        guard x.isFinite else { return 0 }
        switch d {
        case let m as Mixture:
            return zip(m.weights, m.components).reduce(0) { $0 + $1.0 * argumentRounding($1.1, x) }
        case let t as Truncated:
            return x < t.lower || x > t.upper ? 0 : argumentRounding(t.base, x) / t.normaliser
        default:
            let m = d.median
            return 4 * Double.ulpOfOne * d.pdf(x) * (max(abs(x), abs(m)) + abs(x - m))
        }
    }

    /// Product masses of two independent coordinates, row-major, errors
    /// `ex·my + mx·ey + 2ε·mx·my` (first order; the product itself rounds once).
    static func product(_ x: CellMasses, _ y: CellMasses) -> CellMasses {
        let nx = x.values.count, ny = y.values.count
        var out = CellMasses(count: nx * ny)
        for j in 0..<ny {
            let my = y.values[j], ey = y.errors[j]
            for i in 0..<nx {
                let mx = x.values[i], ex = x.errors[i]
                let m = mx * my
                out.values[j * nx + i] = m
                out.errors[j * nx + i] = ex * my + mx * ey + 2 * Double.ulpOfOne * m
            }
        }
        return out
    }
}

/// Accepted parameter ranges of the 2D densities (beyond those of their 1D parts,
/// ``AcceptedRanges``), refused with the range named outside them.
///
/// - **Correlation** |r| ≤ 0.999 in `normal2`: the rectangle mass of a correlated normal is
///   ∫ φ(x) P(Y ∈ [ay, by] | x) dx by adaptive quadrature; the conditional standard deviation
///   sy√(1 − r²) ≥ 0.045 sy keeps the integrand's transition at least 0.045 sx/|r| wide, which
///   the adaptive rule resolves to its tolerance (tested at the edge of the range).
/// - **Ring** k in 1...200 components (the leaf limit of 1D specs), radius ≥ 0 and
///   radius ≤ 1e15·sigma (the location limit of 1D normals), sigma as a 1D scale.
/// - **Truncation**: a rectangle with ax < bx, ay < by (each as a 1D interval) holding mass
///   known to 1e-10 relative (the 1D truncation's limit).
public enum AcceptedRanges2D {
    public static let correlation: ClosedRange<Double> = -0.999 ... 0.999
    public static let ringComponents: ClosedRange<Int> = 1 ... 200
    public static let maximumNormaliserError = 1e-10

    public static let summary = """
    2D specs: normal2(mx,my,sx,sy,r): sx, sy and |mx|/sx, |my|/sy as for normal, r in [-0.999, 0.999]; \
    product(SPEC,SPEC): any two 1D specs (x and y independent); ring(k,radius,sigma): k in 1...200 \
    equal normals N((radius cos 2πj/k, radius sin 2πj/k), sigma² I), radius >= 0; \
    mixture(w1*SPEC2,...) as in 1D; truncated(SPEC2,ax,bx,ay,by): both intervals as for \
    truncated, positive mass known to 1e-10 relative.
    """
}
