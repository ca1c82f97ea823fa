import Foundation
import Analytic

/// W₁ between the 1D marginals of a sample cloud and of a piecewise-constant grid density:
/// `W₁(μ, ν) = ∫ |F_μ(s) − F_ν(s)| ds` in 1D, with F_μ the empirical CDF of the samples'
/// coordinate and F_ν the grid marginal's CDF (piecewise linear between faces, the marginal
/// mass normalised to 1). Computed exactly: between consecutive breakpoints (samples and
/// faces) F_μ is constant and F_ν linear, so `∫|c − F_ν|` is a triangle or trapezoid.
///
/// Each marginal W₁ is ≤ W₁ of the joint laws (projection is 1-Lipschitz), so
/// ``marginalSum(samples:grid:density:)`` ≤ 2 W₁(joint): a lower-bound proxy for the
/// distance between the generator's law and the flow's, free of density estimates.
public enum MarginalWasserstein {
    /// `∫|F_emp − F_grid|` for sorted-or-not 1D samples against masses on `faces`.
    public static func w1(samples: [Double], faces: [Double], masses: [Double]) throws -> Double {
        guard !samples.isEmpty, faces.count == masses.count + 1, masses.count >= 1 else {
            throw InvalidArgument("marginal W₁: needs samples and one mass per cell (got \(samples.count) samples, \(faces.count) faces, \(masses.count) masses)")
        }
        let total = masses.reduce(0, +)
        guard total > 0, total.isFinite, masses.allSatisfy({ $0 >= 0 }) else {
            throw InvalidArgument("marginal W₁: grid masses must be ≥ 0 with a positive finite total (total \(total))")
        }
        var cum = [0.0]
        for m in masses { cum.append(cum.last! + m / total) }
        func gridCDF(_ s: Double) -> Double {
            if s <= faces[0] { return 0 }
            if s >= faces[faces.count - 1] { return 1 }
            var lo = 0, hi = faces.count - 1
            while hi - lo > 1 { let mid = (lo + hi) / 2; if faces[mid] <= s { lo = mid } else { hi = mid } }
            let t = (s - faces[lo]) / (faces[lo + 1] - faces[lo])
            return cum[lo] + t * (cum[lo + 1] - cum[lo])
        }
        let s = samples.sorted()
        guard s.allSatisfy(\.isFinite) else { throw InvalidArgument("marginal W₁: a sample is not finite") }
        let points = (s + faces).sorted()
        let n = Double(s.count)
        var k = 0, total1 = 0.0
        for (p, q) in zip(points, points.dropFirst()) where q > p {
            while k < s.count, s[k] <= p { k += 1 }
            let c = Double(k) / n
            let a = c - gridCDF(p), b = c - gridCDF(q)
            if a * b >= 0 {
                total1 += (q - p) * abs(a + b) / 2
            } else {
                let t = a / (a - b)
                total1 += (q - p) * (abs(a) * t + abs(b) * (1 - t)) / 2
            }
        }
        return total1
    }

    /// W₁ of the x marginals plus W₁ of the y marginals, samples against the grid density
    /// `rho` (cell averages, row-major) on `grid`.
    public static func marginalSum(samples: [SIMD2<Double>], grid: Grid2D, density rho: [Double]) throws -> Double {
        guard rho.count == grid.count else { throw InvalidArgument("marginal W₁: \(rho.count) values for \(grid.count) cells") }
        var mx = [Double](repeating: 0, count: grid.nx), my = [Double](repeating: 0, count: grid.ny)
        for j in 0..<grid.ny { for i in 0..<grid.nx { mx[i] += rho[grid.index(i, j)]; my[j] += rho[grid.index(i, j)] } }
        return try w1(samples: samples.map(\.x), faces: grid.x.faces, masses: mx)
            + w1(samples: samples.map(\.y), faces: grid.y.faces, masses: my)
    }
}
