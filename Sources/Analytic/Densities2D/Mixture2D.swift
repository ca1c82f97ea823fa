import Foundation

/// `mixture(w₁*spec2, w₂*spec2, …)`: `Σₖ wₖ pₖ(x, y)` over 2D densities, weights ≥ 0 summing
/// to 1 within ``Mixture/weightSumTolerance`` (as in 1D). Log-density by log-sum-exp;
/// rectangle masses are the weighted sums of the components' (errors add, plus the sum's
/// round-off).
public struct Mixture2D: PlaneDensity {
    public let weights: [Double]
    public let components: [any PlaneDensity]
    private let givenWeights: [Double]
    /// ln wₖ (−∞ for a zero weight), for ``logPDF(_:_:)``.
    private let logWeights: [Double]
    private let xBox: ClosedRange<Double>
    private let yBox: ClosedRange<Double>

    public init(weights: [Double], components: [any PlaneDensity]) throws {
        guard !components.isEmpty, weights.count == components.count else {
            throw InvalidArgument("mixture (2D): needs as many weights as components and at least one (got \(weights.count) weights, \(components.count) components)")
        }
        for (i, w) in weights.enumerated() where !(w.isFinite && w >= 0) {
            throw InvalidArgument("mixture (2D): weight \(i + 1) is \(w); weights must be finite and ≥ 0")
        }
        let total = weights.reduce(0, +)
        guard abs(total - 1) <= Mixture.weightSumTolerance else {
            throw InvalidArgument("mixture (2D): weights sum to \(total), not 1")
        }
        givenWeights = weights
        self.weights = total == 1 ? weights : weights.map { $0 / total }
        self.components = components
        logWeights = self.weights.map { $0 > 0 ? log($0) : -.infinity }
        let live = zip(self.weights, components).filter { $0.0 > 0 }.map(\.1)
        let used = live.isEmpty ? components : live
        xBox = used.map(\.supportX.lowerBound).min()! ... used.map(\.supportX.upperBound).max()!
        yBox = used.map(\.supportY.lowerBound).min()! ... used.map(\.supportY.upperBound).max()!
    }

    public var spec: String {
        "mixture(" + zip(givenWeights, components).map { "\(specNumber($0))*\($1.spec)" }.joined(separator: ",") + ")"
    }
    public var supportX: ClosedRange<Double> { xBox }
    public var supportY: ClosedRange<Double> { yBox }

    /// `ln Σₖ wₖpₖ` by log-sum-exp in one pass without allocation (it runs in the inner
    /// loops of the 2D quadratures): the running sum is kept relative to the largest term so
    /// far and rescaled when a larger one comes, so no term overflows. Terms that are −∞ or
    /// NaN are skipped.
    public func logPDF(_ x: Double, _ y: Double) -> Double {
        var top = -Double.infinity, s = 0.0
        for k in components.indices where weights[k] > 0 {
            let l = logWeights[k] + components[k].logPDF(x, y)
            if l > top {
                s = s * exp(top - l) + 1
                top = l
            } else if l > -.infinity {
                s += exp(l - top)
            }
        }
        guard top > -.infinity else { return -.infinity }
        return top + log(s)
    }

    public func mass(x: ClosedRange<Double>, y: ClosedRange<Double>) throws -> RectangleMass {
        var v = 0.0, e = 0.0
        for k in components.indices where weights[k] > 0 {
            let m = try components[k].mass(x: x, y: y)
            v += weights[k] * m.value
            e += weights[k] * m.error
        }
        return RectangleMass(value: v, error: e + Double(components.count + 1) * Double.ulpOfOne * v)
    }

    public func cellMasses(xFaces: [Double], yFaces: [Double]) throws -> CellMasses {
        let n = max(0, xFaces.count - 1) * max(0, yFaces.count - 1)
        var out = CellMasses(count: n)
        for k in components.indices where weights[k] > 0 {
            let c = try components[k].cellMasses(xFaces: xFaces, yFaces: yFaces)
            for i in 0..<n {
                out.values[i] += weights[k] * c.values[i]
                out.errors[i] += weights[k] * c.errors[i]
            }
        }
        let r = Double(components.count + 1) * Double.ulpOfOne
        for i in 0..<n { out.errors[i] += r * out.values[i] }
        return out
    }
}
