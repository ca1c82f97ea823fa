import Foundation
import Analytic
import Sim

/// A Gaussian kernel density estimate of samples, as exact cell averages on a grid and
/// renormalised to the domain: cell i gets `(1/n) Σⱼ [Φ((x_{i+½} − Xⱼ)/b) − Φ((x_{i−½} − Xⱼ)/b)] / h`
/// (interval masses of each kernel, no cancellation: `Density.mass(from:to:)` of a normal).
///
/// Bandwidth by Silverman's rule (Sim's `BandwidthRule.silverman`, the one implementation of
/// it) unless given. Used by `ganflow check` for `t,sample` files; every measurement built
/// on it is labelled a KDE estimate.
public enum KDECellAverages {

    public static func estimate(_ samples: [Double], in problem: SchemeProblem,
                                bandwidth: Double? = nil) throws -> [Double] {
        guard samples.count >= 2 else { throw InvalidArgument("KDE: needs at least 2 samples") }
        let b = try bandwidth ?? BandwidthRule.silverman.bandwidth(samples)
        guard b.isFinite, b > 0 else { throw InvalidArgument("KDE: bandwidth must be positive, got \(b)") }
        let h = problem.spacing
        var cells = [Double](repeating: 0, count: problem.cells)
        for x in samples {
            // Cells beyond 9 bandwidths get < 1e-19 of the kernel: skipped. The cell range
            // is clamped in floating point before the conversion to Int, so a sample far
            // outside the domain (1e20) skips instead of overflowing the conversion.
            let n = Double(problem.cells)
            let from = ((x - 9 * b - problem.lower) / h).rounded(.down)
            let to = ((x + 9 * b - problem.lower) / h).rounded(.up)
            guard to >= 0, from <= n - 1 else { continue }
            let lo = Int(max(0, from)), hi = Int(min(n - 1, to))
            let kernel = try Normal(mean: x, standardDeviation: b)
            for i in lo...hi { cells[i] += kernel.mass(from: problem.face(i), to: problem.face(i + 1)) }
        }
        let total = cells.reduce(0, +)
        guard total > 0 else { throw InvalidArgument("KDE: no sample mass falls on [\(problem.lower), \(problem.upper)]") }
        return cells.map { $0 / (total * h) }
    }
}
