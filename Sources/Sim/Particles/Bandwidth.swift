import Foundation

/// How the Gaussian kernel's bandwidth is chosen from the current particles.
///
/// - `silverman`: Silverman's rule of thumb, `h = 0.9 · min(σ̂, IQR/1.34) · N^(−1/5)` in 1D;
///   in d = 2 the normal-reference rule `h_j = σ̂_j N^(−1/6)` per axis
///   (`(4/(d+2))^(1/(d+4)) = 1` for d = 2, so it coincides with Scott's).
/// - `scott`: `h = 1.06 σ̂ N^(−1/5)` in 1D; `h_j = σ̂_j N^(−1/6)` in 2D.
/// - `fixed(h)`: the given h on every axis.
///
/// The exponents −1/5, −1/6 = −1/(d+4) balance squared bias O(h⁴) against variance
/// O(1/(N h^d)), the rate at which a KDE converges (docs/MATH.md §3, particles with a KDE).
public enum BandwidthRule: Sendable, Equatable, CustomStringConvertible {
    case silverman
    case scott
    case fixed(Double)

    public var description: String {
        switch self {
        case .silverman: "silverman"
        case .scott: "scott"
        case .fixed(let h): "fixed(\(h))"
        }
    }

    /// The 1D bandwidth for `points` (throws if the points have no spread and no fixed h).
    public func bandwidth(_ points: [Double]) throws -> Double {
        if case .fixed(let h) = self {
            guard h > 0, h.isFinite else { throw InvalidArgument("bandwidth must be positive and finite, got \(h)") }
            return h
        }
        let n = Double(points.count)
        guard points.count >= 2 else { throw InvalidArgument("a bandwidth rule needs at least 2 particles") }
        let mean = points.reduce(0, +) / n
        let sd = (points.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        let h: Double
        switch self {
        case .silverman:
            let s = points.sorted()
            let iqr = quantileOfSorted(s, 0.75) - quantileOfSorted(s, 0.25)
            let spread = iqr > 0 ? min(sd, iqr / 1.34) : sd
            h = 0.9 * spread * pow(n, -0.2)
        case .scott:
            h = 1.06 * sd * pow(n, -0.2)
        case .fixed: fatalError("handled above")
        }
        guard h > 0, h.isFinite else { throw InvalidArgument("bandwidth rule \(self) gives h = \(h) (particles without spread?)") }
        return h
    }

    /// The per-axis 2D bandwidths for `points`.
    public func bandwidth(_ points: [SIMD2<Double>]) throws -> SIMD2<Double> {
        if case .fixed(let h) = self {
            guard h > 0, h.isFinite else { throw InvalidArgument("bandwidth must be positive and finite, got \(h)") }
            return SIMD2(h, h)
        }
        guard points.count >= 2 else { throw InvalidArgument("a bandwidth rule needs at least 2 particles") }
        let n = Double(points.count)
        let mean = points.reduce(SIMD2<Double>.zero, +) / n
        var ss = SIMD2<Double>.zero
        for p in points { ss += (p - mean) * (p - mean) }
        let sd = (ss / (n - 1)).squareRoot()
        let h = sd * pow(n, -1.0 / 6.0)
        guard h.x > 0, h.y > 0, h.x.isFinite, h.y.isFinite else {
            throw InvalidArgument("bandwidth rule \(self) gives h = \(h) (particles without spread?)")
        }
        return h
    }
}

/// Linear-interpolation quantile of sorted data (type 7).
func quantileOfSorted(_ s: [Double], _ p: Double) -> Double {
    let pos = p * Double(s.count - 1)
    let i = Int(pos.rounded(.down)), f = pos - Double(i)
    return i + 1 < s.count ? s[i] * (1 - f) + s[i + 1] * f : s[i]
}
