import Foundation
import Analytic
import Sim

/// A Gaussian kernel density estimate of samples, as exact cell averages on a grid and
/// renormalised to the domain: cell i gets `(1/n) Σⱼ [Φ((x_{i+½} − Xⱼ)/b) − Φ((x_{i−½} − Xⱼ)/b)] / h`
/// (interval masses of each kernel, no cancellation: ``Density/mass(from:to:)`` of a normal).
///
/// Bandwidth by Silverman's rule `b = 0.9 min(sd, IQR/1.34) n^{−1/5}` unless given. Used by
/// `ganflow check` for `t,sample` files; every figure built on it is labelled a KDE estimate.
public enum KDECellAverages {
    public static func silvermanBandwidth(_ x: [Double]) -> Double {
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let sd = (x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / max(n - 1, 1)).squareRoot()
        let s = x.sorted()
        func q(_ p: Double) -> Double {
            let r = p * (n - 1), i = Int(r), f = r - Double(i)
            return i + 1 < s.count ? s[i] * (1 - f) + s[i + 1] * f : s[i]
        }
        let iqr = q(0.75) - q(0.25)
        let spread = iqr > 0 ? min(sd, iqr / 1.34) : sd
        return 0.9 * max(spread, 1e-12) * pow(n, -0.2)
    }

    public static func estimate(_ samples: [Double], in problem: SchemeProblem,
                                bandwidth: Double? = nil) throws -> [Double] {
        guard samples.count >= 2 else { throw InvalidArgument("KDE: needs at least 2 samples") }
        let b = bandwidth ?? silvermanBandwidth(samples)
        guard b.isFinite, b > 0 else { throw InvalidArgument("KDE: bandwidth must be positive, got \(b)") }
        let h = problem.spacing
        var cells = [Double](repeating: 0, count: problem.cells)
        for x in samples {
            let kernel = try Normal(mean: x, standardDeviation: b)
            // Cells beyond 9 bandwidths get < 1e-19 of the kernel: skipped.
            let lo = max(0, Int(((x - 9 * b - problem.lower) / h).rounded(.down)))
            let hi = min(problem.cells - 1, Int(((x + 9 * b - problem.lower) / h).rounded(.up)))
            if lo > hi { continue }
            for i in lo...hi { cells[i] += kernel.mass(from: problem.face(i), to: problem.face(i + 1)) }
        }
        let total = cells.reduce(0, +)
        guard total > 0 else { throw InvalidArgument("KDE: no sample mass falls on [\(problem.lower), \(problem.upper)]") }
        return cells.map { $0 / (total * h) }
    }
}
