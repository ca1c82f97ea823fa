import Foundation

/// Observed order of accuracy from a refinement study: the least-squares slope of
/// `ln error` against `ln h` over all refinements (≥ 3), plus the local orders of
/// successive pairs, which show whether the errors are in the asymptotic range.
public struct ConvergenceStudy: Sendable, CustomStringConvertible {
    /// Mesh sizes (h, Δt, 1/N …), one per refinement.
    public let sizes: [Double]
    public let errors: [Double]
    /// Fitted slope of ln error vs ln size.
    public let order: Double
    /// `ln(eₖ/eₖ₊₁)/ln(hₖ/hₖ₊₁)` for successive pairs.
    public let localOrders: [Double]

    public init(sizes: [Double], errors: [Double]) throws {
        guard sizes.count >= 3, sizes.count == errors.count else {
            throw InvalidArgument("convergence study: needs ≥ 3 refinements with one error each (got \(sizes.count) sizes, \(errors.count) errors)")
        }
        for (h, e) in zip(sizes, errors) where !(h > 0 && e > 0 && h.isFinite && e.isFinite) {
            throw InvalidArgument("convergence study: sizes and errors must be positive and finite (got h = \(h), error = \(e))")
        }
        self.sizes = sizes
        self.errors = errors
        order = ConvergenceStudy.slope(sizes.map { log($0) }, errors.map { log($0) })
        var local = [Double]()
        for k in 0..<(sizes.count - 1) {
            let ratioE: Double = errors[k] / errors[k + 1]
            let ratioH: Double = sizes[k] / sizes[k + 1]
            local.append(log(ratioE) / log(ratioH))
        }
        localOrders = local
    }

    /// The generic driver: the error at each mesh size (h, Δt, ε, 1/N …, ≥ 3 of them), then
    /// the fit. Every refinement study of the package goes through this or `init`.
    public static func run(sizes: [Double], error: (Double) throws -> Double) throws -> ConvergenceStudy {
        try ConvergenceStudy(sizes: sizes, errors: try sizes.map(error))
    }

    /// Least-squares slope of y against x (``leastSquaresSlope(_:_:)``).
    public static func slope(_ x: [Double], _ y: [Double]) -> Double { leastSquaresSlope(x, y) }

    public var description: String {
        let rows = zip(sizes, errors).map { String(format: "h %.4g  error %.4e", $0, $1) }.joined(separator: "; ")
        return String(format: "observed order %.3f (local %@): ", order,
                      localOrders.map { String(format: "%.3f", $0) }.joined(separator: ", ")) + rows
    }
}
