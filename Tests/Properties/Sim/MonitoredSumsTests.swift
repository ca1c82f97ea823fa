import Testing
import PropertyBased
import Foundation
import Sim
import TestSupport

/// A short grid state with the edge values of the guard's figures: u = 0, subnormal and huge
/// u, u = +∞ (ρd underflowing against ρ), NaN densities, inactive cells holding anything;
/// lengths 0…40 exercise the 8-cell loop and its tail.
struct SpecialMonitoredGrid: CustomStringConvertible {
    let seed: UInt64
    let rho: [Double], rd: [Double], active: [Bool]
    init(seed: UInt64) {
        self.seed = seed
        var rng = SplitMix64(state: seed)
        func uniform() -> Double { Double(rng.next() >> 11) * 0x1p-53 }
        let n = rng.below(41)
        var r = [Double](), d = [Double](), a = [Bool]()
        for _ in 0..<n {
            let density = exp2(-60 + 80 * uniform())
            d.append(density)
            switch rng.below(8) {
            case 0: r.append(0)
            case 1: r.append(density * exp2(-1070 + 40 * uniform()))       // u subnormal or near it
            case 2: r.append(density * exp2(900 + 120 * uniform()))        // u up to 2¹⁰²⁰
            case 3: r.append(.greatestFiniteMagnitude)                     // u = +∞ for ρd < 1
            case 4: r.append(.nan)
            case 5: r.append(-density * uniform())
            default: r.append(density * exp2(-10 + 20 * uniform()))
            }
            a.append(rng.below(5) != 0)
        }
        rho = r; rd = d; active = a
    }
    var description: String { "seed \(seed): \(rho.count) cells, ρ \(rho.prefix(6))…" }
}

@Suite("The step guard's figures: the vectorised C sums against the Swift reference", .stepBudget)
struct MonitoredSumsTests {
    /// The bound of a reference sum: the same `(N + 8)ε h Σ termScale` plus the subnormal
    /// allowance that `MonitoredState.init` states, from the reference's own term scales.
    static func referenceBound(_ r: MonitoredSumsReference, _ k: Int, cells n: Int, h: Double) -> Double {
        Double(n + 8) * Double.ulpOfOne * h * r.scales[k]
            + Double.leastNonzeroMagnitude * (16 * Double(n + 8) * h * (1 + r.rdMax) + 4)
    }

    /// The figures of one state by the C loop (through `MonitoredState`) and by the reference.
    static func figures(_ rho: [Double], _ rd: [Double], _ active: [Bool], spacing h: Double, scale: Double)
        -> (MonitoredState, MonitoredSumsReference) {
        let inv = rd.map { 1 / $0 }
        return (MonitoredState(density: rho, targetAverages: rd, inverseTargetAverages: inv, active: active,
                               spacing: h, scale: scale),
                MonitoredSumsReference(rho, rd, inv, active, 0..<rho.count, scale: scale))
    }

    /// The C loop and the Swift reference evaluate the same terms (log and log1p each within
    /// 1 ulp, by different routines) and sum them in different orders; each result is within
    /// its rounding bound of the exact sum, so the two are within the sum of the bounds. The
    /// extremes are comparisons only: equal. A term written differently (a sign, a factor,
    /// a dropped lane of the 8) moves a figure by a term's size, beyond the bounds.
    @Test("On random grids every functional and the mass agree within both rounding bounds; the extremes are equal")
    func matchesReference() async {
        await checkEveryCase(30, of: Gen.uint64().map { MonitoredGrid(seed: $0) }) { c in
            let h = 0.01, n = c.rho.count
            let (state, ref) = Self.figures(c.rho, c.rd, c.active, spacing: h, scale: 3)
            #expect(state.minimum == ref.lo && state.maximum == ref.hi)
            #expect(state.uMinimum == ref.ulo && state.uMaximum == ref.uhi)
            let massBound = 2 * Double(n + 8) * Double.ulpOfOne * h * ref.am
            #expect(abs(state.mass - h * ref.m) <= massBound, "mass \(state.mass) vs \(h * ref.m)")
            for (k, g) in MonitoredFunctional.allCases.enumerated() {
                let d = abs(state.functionals[k] - h * ref.values[k])
                let bound = state.roundOff[k] + Self.referenceBound(ref, k, cells: n, h: h)
                #expect(d <= bound, "\(g): C \(state.functionals[k]), Swift \(h * ref.values[k]), |Δ| \(d) > \(bound)")
            }
        }
    }

    /// The same on short grids with the edge values: the extremes equal, and each figure
    /// either within both bounds or, where a term is infinite or NaN, the same non-finite
    /// value (an infinite u makes KL, χ², L⁴ and the scales infinite in both) — or, for a sum
    /// that reaches the largest double, ±∞ in one order and that double in the other.
    @Test("Edge values (u = 0, subnormal, huge and infinite u, NaN, inactive cells, 0–40 cells): the C sums equal the reference's extremes and non-finite figures", .shrinking(false))
    func edges() async {
        await checkEveryCase(300, of: Gen.uint64().map { SpecialMonitoredGrid(seed: $0) }) { c in
            let h = 0.5, n = c.rho.count
            let (state, ref) = Self.figures(c.rho, c.rd, c.active, spacing: h, scale: 1)
            #expect(state.minimum == ref.lo && state.maximum == ref.hi, "ρ range \(state.minimum)…\(state.maximum) vs \(ref.lo)…\(ref.hi)")
            let uRange = ref.ulo <= ref.uhi ? (ref.ulo, ref.uhi) : (0, 0)
            #expect(state.uMinimum == uRange.0 && state.uMaximum == uRange.1, "u range \(state.uMinimum)…\(state.uMaximum) vs \(uRange)")
            for (k, g) in MonitoredFunctional.allCases.enumerated() {
                let a = state.functionals[k], b = h * ref.values[k]
                if a.isFinite && b.isFinite {
                    let bound = state.roundOff[k] + Self.referenceBound(ref, k, cells: n, h: h)
                    #expect(abs(a - b) <= bound, "\(g): C \(a), Swift \(b), bound \(bound)")
                } else if a.isInfinite != b.isInfinite, !a.isNaN, !b.isNaN {
                    // A sum within its rounding of the largest double rounds to ±∞ in one
                    // order and not in the other (seen: TV and H² of a cell with ρ at the
                    // largest double, both at 1.7977e308 before the factor h): allowed when
                    // the finite sum, before h, is within its (N + 8)ε of that double.
                    let finite = a.isInfinite ? b : a, infinite = a.isInfinite ? a : b
                    let edge = Double.greatestFiniteMagnitude * (1 - Double(n + 8) * Double.ulpOfOne)
                    #expect(finite.sign == infinite.sign && abs(finite) / h >= edge,
                            "\(g): C \(a), Swift \(b)")
                } else {
                    #expect(a.isNaN ? b.isNaN : a == b, "\(g): C \(a), Swift \(b)")
                }
            }
        }
    }
}
