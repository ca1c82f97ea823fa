import Foundation
import Analytic
import Sim

/// Functionals of cell averages on a uniform grid, the discrete forms of docs/MATH.md §1–2:
/// mass `Σ h ρᵢ`, and for a convex `g` with `g(1) = 0` the discrete functional
/// `Σ h ρdᵢ g(uᵢ)`, `uᵢ = ρᵢ/ρdᵢ` (D2: every such functional decreases along the flow).
///
/// Cells where the target vanishes use the perspective function: `ρd g(ρ/ρd) → ρ·g∞`
/// as ρd → 0, with `g∞ = lim g(u)/u` (½ ln 2 for JS, ½ for TV, ½ for squared Hellinger,
/// +∞ for KL and χ²), and 0 where both vanish.
public enum GridFunctionals {
    /// `Σ h ρᵢ`.
    public static func mass(_ rho: [Double], spacing h: Double) -> Double {
        rho.reduce(0, +) * h
    }

    /// `Σ h |ρᵢ − σᵢ|`, the L¹ distance of D4.
    public static func l1Distance(_ rho: [Double], _ sigma: [Double], spacing h: Double) -> Double {
        precondition(rho.count == sigma.count, "l1Distance: sizes differ")
        var s = 0.0
        for i in rho.indices { s += abs(rho[i] - sigma[i]) }
        return s * h
    }

    /// `Σ h ρdᵢ g(ρᵢ/ρdᵢ)` with the perspective convention above.
    public static func functional(_ rho: [Double], target: [Double], spacing h: Double,
                                  _ g: ConvexFunctional) -> Double {
        precondition(rho.count == target.count, "functional: sizes differ")
        var s = 0.0
        for i in rho.indices {
            let r = max(rho[i], 0), d = target[i]
            if d > 0 {
                s += d * g.value(r / d)
            } else if r > 0 {
                s += r * g.recession
            }
        }
        return s * h
    }

    /// The flow's own energy `Σ h ρdᵢ f(uᵢ)` (the f of the problem's divergence).
    public static func energy(_ rho: [Double], in problem: SchemeProblem) -> Double {
        functional(rho, target: problem.targetAverages, spacing: problem.spacing,
                   ConvexFunctional(problem.flow))
    }

    /// min and max of `uᵢ = ρᵢ/ρdᵢ` over cells where the target is positive.
    public static func ratioRange(_ rho: [Double], target: [Double]) -> ClosedRange<Double> {
        var lo = Double.infinity, hi = -Double.infinity
        for i in rho.indices where target[i] > 0 {
            let u = rho[i] / target[i]
            lo = min(lo, u)
            hi = max(hi, u)
        }
        return lo <= hi ? lo...hi : 0...0
    }
}

/// A convex `g` with `g(1) = 0`, the integrand of a divergence `∫ρd g(u)` (D2).
public struct ConvexFunctional: Sendable, CustomStringConvertible {
    public let name: String
    /// `lim_{u→∞} g(u)/u`, used where ρd = 0 < ρ (may be +∞).
    public let recession: Double
    private let g: @Sendable (Double) -> Double

    public init(name: String, recession: Double, _ g: @escaping @Sendable (Double) -> Double) {
        self.name = name
        self.recession = recession
        self.g = g
    }

    /// The f of a flow divergence (JS, KL(ρ‖ρd), χ²(ρ‖ρd)).
    public init(_ flow: FlowDivergence) {
        let recession: Double = flow == .js ? 0.5 * log(2.0) : .infinity
        self.init(name: flow.rawValue, recession: recession) { flow.f($0) }
    }

    public func value(_ u: Double) -> Double { g(u) }
    public var description: String { name }

    public static let js = ConvexFunctional(.js)
    public static let kl = ConvexFunctional(.kl)
    public static let chi2 = ConvexFunctional(.chi2)
    /// Total variation `½∫|ρ − ρd|`: g(u) = ½|u − 1|.
    public static let tv = ConvexFunctional(name: "tv", recession: 0.5) { 0.5 * abs($0 - 1) }
    /// Squared Hellinger `½∫(√ρ − √ρd)²`: g(u) = ½(√u − 1)².
    public static let hellinger2 = ConvexFunctional(name: "hellinger2", recession: 0.5) {
        let s = $0.squareRoot() - 1
        return 0.5 * s * s
    }
    /// `‖u‖^p_{L^p(ρd)} − 1`: g(u) = u^p − 1 − p(u − 1) (convex, g(1) = 0; the linear term
    /// integrates to 0 when masses agree, so it only makes the functional ≥ 0).
    /// Whole p in 1…16 takes uᵖ by repeated multiplication (within (p − 1) roundings of the
    /// correctly rounded power, which the round-off bounds of the checks cover) instead of
    /// `pow`: the checks evaluate it at every cell of every snapshot and accepted step.
    public static func lpNorm(_ p: Double) -> ConvexFunctional {
        let whole = p == p.rounded() && p >= 1 && p <= 16 ? Int(p) : nil
        return ConvexFunctional(name: "L\(p.formatted2)", recession: .infinity) { u in
            let power: Double
            if let k = whole {
                var x = u
                for _ in 1..<k { x *= u }
                power = x
            } else {
                power = pow(u, p)
            }
            return power - 1 - p * (u - 1)
        }
    }

    /// The family the battery checks for D2.
    public static let family: [ConvexFunctional] = [.js, .kl, .chi2, .tv, .hellinger2, .lpNorm(4)]
}

extension Double {
    /// A compact number for names and tables: integers without a fraction, else 4 significant digits.
    var formatted2: String {
        if self == rounded(), abs(self) < 1e9 { return String(Int(self)) }
        return String(format: "%.4g", self)
    }
}
