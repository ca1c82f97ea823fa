import Foundation

/// The diagnostics of a cell-average density ρ against the target ρd on a grid, all in
/// their discrete (midpoint-in-cells) form, u = ρᵢ/ρdᵢ over the active cells:
///
/// | field | formula |
/// |---|---|
/// | mass | `h Σ ρᵢ` |
/// | umin, umax | min, max of uᵢ (D3) |
/// | js | `h Σ ρdᵢ f_JS(uᵢ)` = JS(ρd, ρ), the JS flow's energy (P1) |
/// | kl | `h Σ ρdᵢ (uᵢ ln uᵢ − uᵢ + 1)` = KL(ρ‖ρd) when both have mass 1 |
/// | chi2 | `h Σ ρdᵢ (uᵢ − 1)²` = χ²(ρ‖ρd) |
/// | tv | `½ h Σ |ρᵢ − ρdᵢ|` |
/// | hellinger2 | `½ h Σ (√ρᵢ − √ρdᵢ)²` (squared Hellinger, in [0, 1]) |
/// | dissipation | `Σ_faces h w_{i+½}(Ψ(u_{i+1}) − Ψ(uᵢ))(f'(u_{i+1}) − f'(uᵢ))` = −dE/dt of the scheme, the discrete `∫ρ|v|²` (D1) for the flow being solved |
///
/// umin and umax are the true extremes (a negative u is reported as it is); in the
/// divergences a value u < 0 within the solver's round-off floor is read as 0.
public struct Diagnostics: Sendable, Equatable, CustomStringConvertible {
    public var mass: Double
    public var umin: Double
    public var umax: Double
    public var js: Double
    public var kl: Double
    public var chi2: Double
    public var tv: Double
    public var hellinger2: Double
    public var dissipation: Double

    public init(density rho: [Double], problem: FlowProblem) {
        let rd = problem.targetAverages, inv = problem.inverseTargetAverages
        let h = problem.grid.spacing
        var mass = 0.0, lo = Double.infinity, hi = -Double.infinity
        var js = 0.0, kl = 0.0, chi = 0.0, tv = 0.0, hel = 0.0
        for i in rho.indices {
            mass += rho[i]
            guard problem.active[i] else { continue }
            let uRaw = rho[i] * inv[i]
            lo = min(lo, uRaw); hi = max(hi, uRaw)
            let u = max(0, uRaw)
            js += rd[i] * FlowDivergence.js.f(u)
            kl += rd[i] * FlowDivergence.kl.f(u)
            chi += rd[i] * (u - 1) * (u - 1)
            tv += abs(rho[i] - rd[i])
            let d = sqrt(max(0, rho[i])) - sqrt(rd[i])
            hel += d * d
        }
        self.mass = h * mass
        umin = lo; umax = hi
        self.js = h * js; self.kl = h * kl; self.chi2 = h * chi
        self.tv = 0.5 * h * tv; self.hellinger2 = 0.5 * h * hel
        dissipation = Diagnostics.dissipation(rho, problem: problem)
    }

    /// `Σ_faces h w(ΔΨ)(Δf')` for the problem's own flow (≥ 0: Ψ and f' both increase).
    /// A face with equal u on both sides contributes 0 even where f' is infinite.
    public static func dissipation(_ rho: [Double], problem: FlowProblem) -> Double {
        let inv = problem.inverseTargetAverages, w = problem.faceWeights
        let kind = problem.flow, h = problem.grid.spacing
        var s = 0.0
        for i in 0..<(rho.count - 1) where w[i] > 0 {
            let a = max(0, rho[i] * inv[i]), b = max(0, rho[i + 1] * inv[i + 1])
            if a == b { continue }
            s += w[i] * (kind.psi(b) - kind.psi(a)) * (kind.fPrime(b) - kind.fPrime(a))
        }
        return h * s
    }

    /// The discrete energy `h Σ ρdᵢ f(uᵢ)` of a flow kind.
    public static func energy(_ rho: [Double], problem: FlowProblem, kind: FlowDivergence? = nil) -> Double {
        let k = kind ?? problem.flow
        let rd = problem.targetAverages, inv = problem.inverseTargetAverages
        var s = 0.0
        for i in rho.indices where problem.active[i] { s += rd[i] * k.f(max(0, rho[i] * inv[i])) }
        return problem.grid.spacing * s
    }

    /// The energy of the problem's flow.
    public func energy(of kind: FlowDivergence) -> Double {
        switch kind {
        case .js: return js
        case .kl: return kl
        case .chi2: return chi2
        }
    }

    public var description: String {
        "mass \(mass), u ∈ [\(umin), \(umax)], JS \(js), KL \(kl), χ² \(chi2), TV \(tv), H² \(hellinger2), dissipation \(dissipation)"
    }
}

/// The density at probe points by linear interpolation between cell centres (constant
/// beyond the first and last centre).
public func probeValues(_ rho: [Double], grid: Grid1D, at points: [Double]) -> [Double] {
    let h = grid.spacing, n = grid.cells
    return points.map { x in
        let s = (x - grid.lower) / h - 0.5
        if s <= 0 { return rho[0] }
        if s >= Double(n - 1) { return rho[n - 1] }
        let k = Int(s.rounded(.down)), t = s - Double(k)
        return (1 - t) * rho[k] + t * rho[k + 1]
    }
}
