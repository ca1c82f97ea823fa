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

    /// Size of the terms of each g of ``ConvexFunctional/family`` (js, kl, chi2, tv,
    /// hellinger2, L4) plus u|g'(u)|: a computed g(u) is within a few ε of it.
    static func scale(_ name: String, _ u: Double) -> Double {
        let ulog = u > 0 ? u * abs(log(u)) : 0
        switch name {
        case "js": return ulog + (1 + u) * (abs(log1p(u)) + 1) + 1 + u * abs(log(2 * u / (1 + u)))
        case "kl": return 2 * ulog + u + 1 + u
        case "chi2": return (u + 1) * (u + 1) * 2
        case "tv": return u + 1
        case "hellinger2": return (u.squareRoot() + 1) * (u.squareRoot() + 1)
        default: return 5 * pow(u, 4) + 5 * u + 5   // L4
        }
    }

    /// Each functional's value and `(N + 8)ε h Σ ρd scale(u)`, the rounding bound of its
    /// evaluation (N terms summed recursively).
    static func figures(_ rho: [Double], _ p: FlowProblem) -> ([Double], [Double]) {
        let h = p.grid.spacing, rd = p.targetAverages, n = Double(rho.count)
        var values = [Double](), scales = [Double]()
        for g in ConvexFunctional.family {
            values.append(GridFunctionals.functional(rho, target: rd, spacing: h, g))
            var s = 0.0
            for i in rho.indices where rd[i] > 0 { s += rd[i] * scale(g.name, max(0, rho[i] / rd[i])) }
            scales.append((n + 8) * eps * h * s)
        }
        return (values, scales)
    }

    /// The violations of the step to `rho` (empty when it keeps the structure).
    /// `massAllowance` is what the step's Newton tolerance lets the mass change;
    /// `carriesMass`: a two-step formula (BDF2) also carries the previous step's change on
    /// (factor ω²/(1+2ω) ≤ 1).
    public mutating func violations(after rho: [Double], massAllowance: Double, carriesMass: Bool) -> [String] {
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
        for (k, g) in ConvexFunctional.family.enumerated() {
            // The solver's guard accepts a rise up to the rounding of its own evaluations, and
            // this evaluation has its own: each is bounded by the sum of the scales, so twice it.
            let rise = values[k] - previousValues[k], bound = 2 * (scales[k] + previousScales[k])
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
