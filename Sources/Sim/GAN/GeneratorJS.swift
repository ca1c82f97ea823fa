import Foundation

/// JS(ρd, ρ_θ) for reporting Algorithm 1 (MATH.md §1):
/// `JS = ½∫ ρd ln(ρd/m) + ½∫ ρ ln(ρ/m)`, `m = (ρd + ρ)/2`, integrand formed from
/// log-densities (`ln m = logaddexp(ln ρd, ln ρ) − ln 2`) so nothing cancels or underflows
/// to NaN in the tails.
public enum GeneratorJS {
    /// By adaptive quadrature, split at both densities' breakpoints and at their quantiles
    /// 10⁻⁶, 0.01, ¼, ½, ¾, 0.99, 1 − 10⁻⁶ (so that the mass of either density, however far
    /// or wide, lies between split points — QAGS/QAGI alone miss a density of width 10⁵⁰),
    /// with its error estimate.
    public static func quadrature(_ target: any Density, _ generator: any Density,
                                  tolerance: QuadratureTolerance = .standard) throws -> QuadratureResult {
        let lo = min(target.support.lowerBound, generator.support.lowerBound)
        let hi = max(target.support.upperBound, generator.support.upperBound)
        let ps = [1e-6, 0.01, 0.25, 0.5, 0.75, 0.99, 1 - 1e-6]
        var cuts = target.breakpoints + generator.breakpoints
        for d in [target, generator] { for p in ps { if let q = try? d.quantile(p), q.isFinite { cuts.append(q) } } }
        // Merge cuts closer than 1e-8 relative: a sliver of width ~1e-14 between two nearly
        // equal quantiles makes QAGS report a round-off failure for no gain.
        cuts.sort()
        cuts = cuts.reduce(into: [Double]()) { acc, x in
            if let l = acc.last, x - l <= 1e-8 * (1 + abs(x)) { return }
            acc.append(x)
        }
        return try Quadrature.integrate({ x in integrand(target.logPDF(x), generator.logPDF(x)) },
                                        from: lo, to: hi, breakpoints: cuts, tolerance: tolerance)
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
