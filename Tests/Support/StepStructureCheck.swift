import Foundation
import Sim
import Verification

/// The test's own check of one accepted step against what implicit Euler guarantees for
/// the two-point-flux scheme (D2, D3; derived), written independently of the solver's
/// guard: the functionals come from ``GridFunctionals`` and ``ConvexFunctional/family`` (the
/// ones `ganflow check` uses), and each comparison allows only the round-off of evaluating
/// the figures it compares.
public struct StepStructureCheck {
    public let problem: FlowProblem
    /// inf and sup of u₀ over active cells.
    public let uRange: ClosedRange<Double>
    private var previousValues: [Double]
    private var previousScales: [Double]
    private var previousMass: Double
    private var previousAbsMass: Double
    private var previousChange = 0.0
    static let eps = Double.ulpOfOne

    public init(problem: FlowProblem, initial: [Double]) {
        self.problem = problem
        var lo = Double.infinity, hi = -Double.infinity
        for i in initial.indices where problem.active[i] {
            let u = initial[i] * problem.inverseTargetAverages[i]
            lo = min(lo, u); hi = max(hi, u)
        }
        uRange = lo...hi
        (previousValues, previousScales) = Self.figures(initial, problem)
        previousMass = GridFunctionals.mass(initial, spacing: problem.grid.spacing)
        previousAbsMass = problem.grid.spacing * initial.reduce(0) { $0 + abs($1) }
    }

    /// The names of ``ConvexFunctional/family``, in order, that ``scales(_:)`` knows.
    static let familyNames = ["js", "kl", "chi2", "tv", "hellinger2", "L4"]

    /// Size of the terms of each g of ``ConvexFunctional/family`` (js, kl, chi2, tv,
    /// hellinger2, L4, in that order) plus u|g'(u)|: a computed g(u) is within a few ε of it.
    /// One logarithm pair per cell serves all six (ln(2u/(1+u)) = ln 2 + ln u − ln(1+u); a
    /// bound, so the identity's own rounding, below 1e-15 against terms ≥ 1, does not matter).
    /// At u = 0 every u·ln term is 0 (their limit), not 0·∞.
    static func scales(_ u: Double) -> SIMD8<Double> {
        let lu = u > 0 ? log(u) : 0, l1 = log1p(u)
        let ulog = u * abs(lu)
        let sq = u.squareRoot() + 1, u2 = u * u
        return SIMD8(ulog + (1 + u) * (abs(l1) + 1) + 1 + u * abs(M_LN2 + lu - l1),   // js
                     2 * ulog + u + 1 + u,                                              // kl
                     (u + 1) * (u + 1) * 2,                                             // chi2
                     u + 1,                                                             // tv
                     sq * sq,                                                           // hellinger2
                     5 * u2 * u2 + 5 * u + 5,                                           // L4
                     0, 0)
    }

    /// Each functional's value and `(N + 8)ε h Σ ρd scale(u)`, the rounding bound of its
    /// evaluation (N terms summed recursively).
    static func figures(_ rho: [Double], _ p: FlowProblem) -> ([Double], [Double]) {
        let h = p.grid.spacing, rd = p.targetAverages, n = Double(rho.count)
        let family = ConvexFunctional.family
        precondition(family.map(\.name) == familyNames, "StepStructureCheck: the convex family changed: \(family)")
        let values = family.map { GridFunctionals.functional(rho, target: rd, spacing: h, $0) }
        var sums = SIMD8<Double>()
        for i in rho.indices where rd[i] > 0 { sums += rd[i] * scales(max(0, rho[i] / rd[i])) }
        let factor = (n + 8) * eps * h
        return (values, (0..<family.count).map { factor * sums[$0] })
    }

    /// `massAllowance` is what the step's Newton tolerance lets the mass change;
    /// `carriesMass`: a two-step formula (BDF2) also carries the previous step's change on
    /// (factor ω²/(1+2ω) ≤ 1).
    /// |g'(u)| of each g of ``ConvexFunctional/family`` (TV: its subgradient ½ sign(u − 1));
    /// +∞ where g' is unbounded (u ≤ 0 for js, kl, hellinger2).
    static func slope(_ name: String, _ u: Double) -> Double {
        switch name {
        case "js": return u > 0 ? abs(0.5 * log(2 * u / (1 + u))) : .infinity
        case "kl": return u > 0 ? abs(log(u)) : .infinity
        case "chi2": return 2 * abs(max(0, u) - 1)
        case "tv": return u == 1 ? 0 : 0.5
        case "hellinger2": return u > 0 ? 0.5 * abs(1 - 1 / u.squareRoot()) : .infinity
        default: let v = max(0, u); return 4 * abs(v * v * v - 1)   // L4
        }
    }

    /// The violations of the step to `rho` (empty when it keeps the structure).
    /// `implicitEuler`: for a step of implicit Euler, the residual norm ‖G‖ (L¹) its Newton
    /// solve stopped at and the step Δt. By convexity (derived), an implicit-Euler step can
    /// raise `Φ_g` by at most `h Σ g'(uᵢ)Gᵢ ≤ max|g'(u)|·(‖Ĝ‖ + ρ_G)`, ρ_G the rounding of the
    /// computed residual: `8(Δt·2εh Σ_faces w(|Ψ_l| + |Ψ_r|) + εh(Σ|ρ| + Σ|ρ_prev|))` (each Ψ and
    /// flux carries a few ε of |Ψ|, not of its differences); this is added to that functional's
    /// round-off bound.
    public mutating func violations(after rho: [Double], massAllowance: Double, carriesMass: Bool,
                                    implicitEuler: (residual: Double, step: Double)?) -> [String] {
        let me = self
        let allowance = implicitEuler.map { ie in { me.residualAllowance(rho, residual: ie.residual, step: ie.step) } }
        return violations(after: rho, massAllowance: massAllowance, carriesMass: carriesMass, functionalAllowance: allowance)
    }

    func residualAllowance(_ rho: [Double], residual: Double, step: Double) -> [Double] {
        let p = problem, h = p.grid.spacing, w = p.faceWeights, inv = p.inverseTargetAverages
        let psi = rho.indices.map { p.flow.psi(max(0, rho[$0] * inv[$0])) }
        var faces = 0.0
        for i in w.indices { faces += w[i] * (abs(psi[i]) + abs(psi[i + 1])) }
        let eps = Self.eps
        let floor = 8 * (step * 2 * eps * h * faces + eps * h * (rho.reduce(0) { $0 + abs($1) } + previousAbsMass / h))
        return ConvexFunctional.family.map { g in
            var peak = 0.0
            for i in rho.indices where p.active[i] { peak = max(peak, Self.slope(g.name, rho[i] * inv[i])) }
            return peak.isFinite ? peak * (residual + floor) : 0
        }
    }

    public mutating func violations(after rho: [Double], massAllowance: Double, carriesMass: Bool,
                                    functionalAllowance: (() -> [Double])? = nil) -> [String] {
        var out = [String]()
        let p = problem, h = p.grid.spacing, rd = p.targetAverages
        let maxRho = rho.max() ?? 0
        let floor = 16 * Self.eps * maxRho
        if let m = rho.min(), m < -floor { out.append("ρ min \(m) < −\(floor)") }
        let up = uRange.upperBound * (1 + 4 * Self.eps), down = uRange.lowerBound * (1 - 4 * Self.eps)
        for i in rho.indices where p.active[i] {
            if rho[i] - up * rd[i] > floor { out.append("cell \(i): u = \(rho[i] / rd[i]) above sup u₀ = \(uRange.upperBound)"); break }
            if down * rd[i] - rho[i] > floor { out.append("cell \(i): u = \(rho[i] / rd[i]) below inf u₀ = \(uRange.lowerBound)"); break }
        }
        let (values, scales) = Self.figures(rho, p)
        var allowance: [Double]? = nil
        for (k, g) in ConvexFunctional.family.enumerated() {
            // The solver's guard accepts a rise up to the rounding of its own evaluations, and
            // this evaluation has its own: each is bounded by the sum of the scales, so twice it.
            let rise = values[k] - previousValues[k]
            var bound = 2 * (scales[k] + previousScales[k])
            if rise > bound, let a = functionalAllowance {
                // Computed only when round-off alone does not cover the rise.
                if allowance == nil { allowance = a() }
                bound += allowance![k]
            }
            if rise > bound { out.append("\(g.name) rises by \(rise) > round-off \(bound)") }
        }
        let mass = GridFunctionals.mass(rho, spacing: h)
        let absMass = h * rho.reduce(0) { $0 + abs($1) }
        let change = mass - previousMass
        let allowed = massAllowance + (carriesMass ? abs(previousChange) : 0)
            + 2 * Double(rho.count + 8) * Self.eps * (absMass + previousAbsMass)
        if abs(change) > allowed { out.append("mass changes by \(change) > \(allowed)") }
        previousValues = values; previousScales = scales
        previousMass = mass; previousAbsMass = absMass; previousChange = change
        return out
    }
}
