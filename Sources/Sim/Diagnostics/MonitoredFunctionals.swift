import Foundation
import CFluxKernels

/// The convex functionals `Φ_g(ρ) = h Σ ρdᵢ g(uᵢ)`, `uᵢ = ρᵢ/ρdᵢ` (active cells, u < 0 read
/// as 0), that the solvers keep non-increasing at every accepted step and that `ganflow
/// check` tests (D2, derived: for the two-point-flux scheme every convex g decreases along
/// implicit Euler for any step). One place for the family, so that the step guard of the
/// integrators and the checks agree on what "monotone" means.
///
/// | case | g(u) |
/// |---|---|
/// | js | ½[u ln u − (1+u) ln((1+u)/2)] |
/// | kl | u ln u − u + 1 |
/// | chi2 | (u − 1)² |
/// | tv | ½\|u − 1\| |
/// | hellinger2 | ½(√u − 1)² |
/// | l4 | u⁴ − 1 − 4(u − 1) (the L⁴(ρd) norm of u, made ≥ 0 by its tangent at 1) |
public enum MonitoredFunctional: String, CaseIterable, Sendable {
    case js, kl, chi2, tv, hellinger2, l4

    /// g(u) (u ≤ 0 read as 0).
    public func g(_ u: Double) -> Double {
        let v = max(0, u)
        switch self {
        case .js: return FlowDivergence.js.f(v)
        case .kl: return FlowDivergence.kl.f(v)
        case .chi2: return (v - 1) * (v - 1)
        case .tv: return 0.5 * abs(v - 1)
        case .hellinger2: let s = v.squareRoot() - 1; return 0.5 * s * s
        case .l4: let v2 = v * v; return v2 * v2 - 1 - 4 * (v - 1)
        }
    }

    /// |g'(u)| for u > 0 (TV: the subgradient ½ sign(u − 1), 0 at u = 1, non-decreasing in u
    /// as the monotonicity argument needs); +∞ at u ≤ 0 where g' is unbounded (js, kl,
    /// hellinger2), so that no allowance is derived from such a cell.
    ///
    /// `scale` U ≥ 1: the slope in the functional's unit (``unit(scale:)``), computed without
    /// forming u³ (χ²: `2|u − 1|/U²`, L⁴: `4|u³ − 1|/U⁴` as `4|(u/U)³/U − 1/U⁴|`).
    public func slope(_ u: Double, scale: Double = 1) -> Double {
        switch self {
        case .js: return u > 0 ? abs(0.5 * log(2 * u / (1 + u))) : .infinity
        case .kl: return u > 0 ? abs(log(u)) : .infinity
        case .chi2: let s = 1 / scale; return 2 * abs((max(0, u) - 1) * s) * s
        case .tv: return u == 1 ? 0 : 0.5
        case .hellinger2: return u > 0 ? abs(0.5 * (1 - 1 / u.squareRoot())) : .infinity
        case .l4:
            let s = 1 / scale, v = max(0, u) * s, s2 = s * s
            return 4 * abs(v * v * v * s - s2 * s2)
        }
    }

    /// The unit the guard measures this functional in for a run whose u stays below U
    /// (`scale` = max(1, sup u₀)): U² for χ², U⁴ for L⁴, 1 for the others. Why: `ρd u⁴` and
    /// `(u − 1)²` overflow for u ≳ 1.2e77 and 1.3e154, which a start far into a tail of ρd
    /// reaches (u₀ = ρ₀/ρd with ρd ~ 1e-100 on a wide domain); then the guard compared
    /// inf − inf and rejected every step. In units of U⁴ (U²) every term is at most about
    /// ρdᵢ, since the maximum principle, checked first, keeps u ≤ U; the others grow at most
    /// like u ln u, finite for every u the problem accepts (`FlowProblem.maximumInitialRatio`).
    public func unit(scale: Double) -> Double {
        switch self {
        case .chi2: return scale * scale
        case .l4: return scale * scale * scale * scale
        default: return 1
        }
    }

    /// A bound on the size of the terms whose sum is g(u), plus `u|g'(u)|` (the effect of
    /// the rounding of u = ρ·(1/ρd)): each evaluation of g is within a few ε of this.
    public func termScale(_ u: Double) -> Double {
        let v = max(0, u)
        let vlog = v > 0 ? v * abs(log(v)) : 0
        switch self {
        case .js: return vlog + (1 + v) * (abs(log1p(v)) + M_LN2) + 1
        case .kl: return 2 * vlog + v + 1
        case .chi2: return (v + 1) * (v + 1)
        case .tv: return v + 1
        case .hellinger2: let s = v.squareRoot() + 1; return s * s
        case .l4: let v2 = v * v; return 5 * v2 * v2 + 4 * v + 5
        }
    }
}

/// The figures of one state that the step guard compares between consecutive accepted
/// steps: mass, the extremes of ρ and u, and each ``MonitoredFunctional`` with the
/// round-off bound of its evaluation.
public struct MonitoredState: Sendable, Equatable {
    /// `h Σ ρᵢ` and `h Σ |ρᵢ|` (the scale of its round-off).
    public var mass: Double
    public var absoluteMass: Double
    /// min and max of ρᵢ over all cells.
    public var minimum: Double
    public var maximum: Double
    /// min and max of uᵢ = ρᵢ/ρdᵢ over the active cells (not clamped).
    public var uMinimum: Double
    public var uMaximum: Double
    /// Φ_g in the order of `MonitoredFunctional.allCases`, each in its unit `g.unit(scale:)`.
    public var functionals: [Double]
    /// `(N + 8)ε h Σ ρdᵢ termScale(uᵢ)` per functional: the rounding error of the computed
    /// Φ_g (N terms summed recursively, each evaluated with a few roundings).
    public var roundOff: [Double]

    /// max(1, sup u₀) of the run: χ² is stored in units of scale², L⁴ of scale⁴
    /// (``MonitoredFunctional/unit(scale:)``), so that neither overflows; compare only states
    /// of one scale.
    public var scale: Double = 1

    /// Evaluates all figures in one O(N) pass (two logarithms and one square root per cell),
    /// by the vectorised C loop `ganflow_monitored_sums_range`: the terms of
    /// `MonitoredSumsReference` (log and log1p by `Log1pKernel`'s reduction, within 1 ulp
    /// as the platform's), summed in 8 interleaved lanes. `scale` U ≥ 1 (max(1, sup u₀) of
    /// the run): χ² and L⁴ terms are computed as `ρd((u − 1)/U)²` and
    /// `ρd((u/U)⁴ − (4u/U − 3/U)/U³)`, never forming u² or u⁴.
    ///
    /// `blocks` > 1 (on grids of at least 16·`blocks` cells) sums the cells in that many
    /// consecutive blocks on all cores and adds the blocks' sums in block order: the same
    /// numbers on any number of cores. The rounding bound stays `(N + 8)ε Σ`: a block of
    /// N_b terms summed in 8 lanes (at most N_b/8 + 1 terms each), the lanes added (7 more),
    /// then K block sums added, accumulate at most (N_b/8 + 8 + K)ε relative rounding per
    /// term, and N_b/8 + 8 + K ≤ N + 8.
    public init(density rho: [Double], targetAverages rd: [Double], inverseTargetAverages inv: [Double],
                active: [Bool], spacing h: Double, scale: Double = 1, blocks: Int = 1) {
        let sc = scale.isFinite && scale >= 1 ? scale : 1
        let n = rho.count
        let k = blocks > 1 && n >= 16 * blocks ? blocks : 1
        func sums(_ cells: Range<Int>) -> ganflow_monitored_sums {
            var out = ganflow_monitored_sums()
            rho.withUnsafeBufferPointer { r in
                rd.withUnsafeBufferPointer { d in
                    inv.withUnsafeBufferPointer { i in
                        active.withUnsafeBufferPointer { a in
                            ganflow_monitored_sums_range(r.baseAddress, d.baseAddress, i.baseAddress, a.baseAddress,
                                                         cells.lowerBound, cells.upperBound, sc, &out)
                        }
                    }
                }
            }
            return out
        }
        let parts = k == 1 ? [MonitoredSums(sums(0..<n))]
            : (try? SeedParallel.map(k) { b in MonitoredSums(sums((b * n / k)..<((b + 1) * n / k))) }) ?? []
        var t = parts[0]
        for p in parts.dropFirst() { t.add(p) }
        self.scale = sc
        mass = h * t.m; absoluteMass = h * t.am
        minimum = t.lo; maximum = t.hi
        uMinimum = t.ulo <= t.uhi ? t.ulo : 0; uMaximum = t.ulo <= t.uhi ? t.uhi : 0
        functionals = t.values.map { h * $0 }
        let factor = Double(n + 8) * Double.ulpOfOne * h
        // Plus the absolute rounding of subnormal results (≤ 2⁻¹⁰⁷⁵ per operation, a dozen
        // per term, each term then scaled by ρdᵢ ≤ max ρd and summed): terms in units of
        // scale⁴ can fall below 2⁻¹⁰²², where rounding is no longer relative.
        // (+4: the final products by h and the subtraction of two states round once more.)
        let tiny = Double.leastNonzeroMagnitude * (16 * Double(n + 8) * h * (1 + t.rdMax) + 4)
        roundOff = t.scales.map { factor * $0 + tiny }
    }

    /// The value of one functional.
    public func value(_ g: MonitoredFunctional) -> Double {
        functionals[MonitoredFunctional.allCases.firstIndex(of: g)!]
    }
}

/// The sums of ``MonitoredState`` over some cells: ρ, |ρ|, the extremes, and each
/// functional's terms and term scales in the order of `MonitoredFunctional.allCases`.
private struct MonitoredSums {
    var m = 0.0, am = 0.0, lo = Double.infinity, hi = -Double.infinity
    var ulo = Double.infinity, uhi = -Double.infinity, rdMax = 0.0
    var values = [Double](repeating: 0, count: 6), scales = [Double](repeating: 0, count: 6)

    init(_ c: ganflow_monitored_sums) {
        m = c.mass; am = c.absolute_mass; lo = c.minimum; hi = c.maximum
        ulo = c.u_minimum; uhi = c.u_maximum; rdMax = c.rd_maximum
        values = withUnsafeBytes(of: c.values) { Array($0.bindMemory(to: Double.self)) }
        scales = withUnsafeBytes(of: c.scales) { Array($0.bindMemory(to: Double.self)) }
    }

    /// Adds the sums of the cells that follow.
    mutating func add(_ o: MonitoredSums) {
        m += o.m; am += o.am; lo = min(lo, o.lo); hi = max(hi, o.hi)
        ulo = min(ulo, o.ulo); uhi = max(uhi, o.uhi); rdMax = max(rdMax, o.rdMax)
        for j in 0..<6 { values[j] += o.values[j]; scales[j] += o.scales[j] }
    }
}

/// The same sums cell after cell in Swift with the platform's `log` and `log1p`: the
/// reference the C loop is tested against (`MonitoredSumsTests`).
package struct MonitoredSumsReference {
    package var m = 0.0, am = 0.0, lo = Double.infinity, hi = -Double.infinity
    package var ulo = Double.infinity, uhi = -Double.infinity, rdMax = 0.0
    package var values = [Double](repeating: 0, count: 6), scales = [Double](repeating: 0, count: 6)

    package init(_ rho: [Double], _ rd: [Double], _ inv: [Double], _ active: [Bool], _ cells: Range<Int>, scale sc: Double) {
        let s = 1 / sc, s3 = s * s * s
        var js = 0.0, kl = 0.0, chi = 0.0, tv = 0.0, hel = 0.0, l4 = 0.0
        var sjs = 0.0, skl = 0.0, schi = 0.0, stv = 0.0, shel = 0.0, sl4 = 0.0
        for i in cells {
            let r = rho[i]
            m += r; am += abs(r)
            lo = min(lo, r); hi = max(hi, r)
            guard active[i] else { continue }
            let d = rd[i]
            rdMax = max(rdMax, d)
            let uRaw = r * inv[i]
            ulo = min(ulo, uRaw); uhi = max(uhi, uRaw)
            let u = max(0, uRaw)
            let lu = u > 0 ? log(u) : 0
            let l1 = log1p(u)
            let ulu = u * lu, aulu = abs(ulu)
            let lhalf = l1 - M_LN2
            js += d * (0.5 * (ulu - (1 + u) * lhalf))
            sjs += d * (aulu + (1 + u) * (abs(l1) + M_LN2) + 1)
            kl += d * (ulu - u + 1)
            skl += d * (2 * aulu + u + 1)
            let um1 = u - 1
            let um1s = um1 * s, up1s = (u + 1) * s
            chi += d * um1s * um1s
            schi += d * up1s * up1s
            tv += d * 0.5 * abs(um1)
            stv += d * (u + 1)
            let sq = u.squareRoot()
            hel += d * 0.5 * (sq - 1) * (sq - 1)
            shel += d * (sq + 1) * (sq + 1)
            let us = u * s, us2 = us * us
            l4 += d * (us2 * us2 - (4 * us - 3 * s) * s3)
            sl4 += d * (5 * us2 * us2 + (4 * us + 5 * s) * s3)
        }
        values = [js, kl, chi, tv, hel, l4]
        scales = [sjs, skl, schi, stv, shel, sl4]
    }
}
