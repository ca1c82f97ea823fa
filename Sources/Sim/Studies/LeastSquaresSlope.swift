/// Least-squares slope of `y` against `x`: `Σ(x−x̄)(y−ȳ) / Σ(x−x̄)²`.
///
/// Applied to `(ln h, ln error)` over at least three refinements it is the observed order
/// of accuracy of a convergence study; to `(t, ln χ²)` it is a measured decay rate. Needs
/// at least two distinct `x` values (NaN otherwise).
public func leastSquaresSlope(_ x: [Double], _ y: [Double]) -> Double {
    precondition(x.count == y.count, "leastSquaresSlope: \(x.count) x values but \(y.count) y values")
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0
    for (a, b) in zip(x, y) { sxy += (a - mx) * (b - my); sxx += (a - mx) * (a - mx) }
    return sxy / sxx
}
