/// Interior particle positions an implicit step of a quantile scheme may accept: finite,
/// strictly increasing strictly inside the walls [lower, upper], and with target mass in
/// every interval between neighbours (`all` gives the positions with the walls), since
/// `u = m/(target mass)` divides by it. Shared by the equal-mass and the tail-refined systems.
func admissibleInteriorPositions(_ y: [Double], lower: Double, upper: Double, target: any Density,
                                 all: () -> [Double]) -> Bool {
    var prev = lower
    for v in y {
        guard v.isFinite, v > prev else { return false }
        prev = v
    }
    guard upper > prev else { return false }
    let x = all()
    for i in 0..<(x.count - 1) where !(target.mass(from: x[i], to: x[i + 1]) > 0) { return false }
    return true
}
