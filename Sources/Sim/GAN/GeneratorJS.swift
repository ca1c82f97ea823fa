import Foundation

/// JS(ρd, ρ_θ) for reporting Algorithm 1 (docs/MATH.md §1):
/// `JS = ½∫ ρd ln(ρd/m) + ½∫ ρ ln(ρ/m)`, `m = (ρd + ρ)/2`, integrand formed from
/// log-densities (`ln m = logaddexp(ln ρd, ln ρ) − ln 2`) so nothing cancels or underflows
/// to NaN in the tails.
public enum GeneratorJS {
    /// By adaptive quadrature: Analytic's `Divergences` (the one implementation of JS
    /// between two densities, with its integration nodes, mass checks and range guard),
    /// with its error estimate.
    public static func quadrature(_ target: any Density, _ generator: any Density,
                                  tolerance: QuadratureTolerance = .standard) throws -> QuadratureResult {
        let r = try Divergences.compute(.js, p: target, q: generator, tolerance: tolerance)
        return QuadratureResult(value: r.value, error: r.error, evaluations: r.evaluations)
    }

    /// A KDE estimate (labelled as such by callers): the samples' direct Gaussian KDE
    /// (Silverman bandwidth) against the target, by quadrature over the samples' range
    /// ±10 bandwidths joined with the target's support, split at the target's breakpoints
    /// and at sample quantiles.
    public static func kdeEstimate(_ target: any Density, samples: [Double],
                                   bandwidth: BandwidthRule = .silverman) throws -> QuadratureResult {
        let h = try bandwidth.bandwidth(samples)
        let kde = try KernelDensity1D(points: samples, bandwidth: h)
        let s = samples.sorted()
        let lo = s.first! - 10 * h, hi = s.last! + 10 * h
        let cuts = stride(from: 0.0, through: 1.0, by: 0.125).map { quantileOfSorted(s, $0) }
        let f: (Double) -> Double = { x in
            let q = kde.evaluate(x).density
            return integrand(target.logPDF(x), q > 0 ? log(q) : -.infinity)
        }
        let tol = QuadratureTolerance(absolute: 1e-9, relative: 1e-7)
        var total = try Quadrature.integrate(f, from: lo, to: hi, breakpoints: target.breakpoints + cuts, tolerance: tol)
        // Target mass outside the KDE's range contributes ½ ρd ln 2 per unit mass (ρ = 0 there).
        let outside = target.mass(from: -.infinity, to: lo) + target.mass(from: hi, to: .infinity)
        total.value += 0.5 * log(2) * outside
        return total
    }

    /// The JS integrand at a point with log-densities lp (target) and lq (generator).
    @inline(__always)
    static func integrand(_ lp: Double, _ lq: Double) -> Double {
        if lp == -.infinity && lq == -.infinity { return 0 }
        let top = max(lp, lq)
        let lm = top + log(exp(lp - top) + exp(lq - top)) - log(2.0)
        var s = 0.0
        if lp > -.infinity { s += exp(lp) * (lp - lm) }
        if lq > -.infinity { s += exp(lq) * (lq - lm) }
        return 0.5 * s
    }
}
