import Verification

/// A finite-volume scheme for the gradient flow `∂ₜρ = div(ρd ∇Ψ(u))`, `u = ρ/ρd`, written
/// for this example (it uses nothing of ganflow but the problem description).
///
/// Cell averages `ρᵢ` on the problem's uniform grid, the two-point flux through each
/// interior face `k` (between cells `k` and `k + 1`)
///
///     F_k = −ρd(x_k) (Ψ(u_{k+1}) − Ψ(u_k)) / h,
///
/// no flux through the walls, and explicit Euler in time:
/// `ρᵢ ← ρᵢ − Δt (F_{right face} − F_{left face}) / h`.
///
/// The update is conservative (the fluxes telescope) and, below the step limit of
/// ``largestStableStep(for:ratios:)``, monotone: each new `ρᵢ` is a non-decreasing function
/// of the old `ρⱼ`. A monotone conservative scheme that keeps constant ratios `u ≡ c` fixed
/// inherits the flow's structure at every step: positivity, the maximum principle for `u`,
/// the L¹ contraction of two solutions, and the decrease of every convex functional
/// `Σ h ρdᵢ g(uᵢ)` — exactly what ganflow's scheme battery checks.
public struct ExplicitFiniteVolumes: CellAverageScheme, Sendable {
    public init() {}

    public var name: String { "explicit finite volumes (example)" }

    /// The fluxes `F_k` through the `cells − 1` interior faces.
    public func interiorFluxes(_ rho: [Double], in p: SchemeProblem) -> [Double] {
        let h = p.spacing
        let psi = (0..<p.cells).map { p.flow.psi(rho[$0] / p.targetAverages[$0]) }
        return (0..<(p.cells - 1)).map { k in -p.targetAtFaces[k] * (psi[k + 1] - psi[k]) / h }
    }

    /// One explicit Euler step with the given interior fluxes (zero at the walls).
    public static func step(_ rho: [Double], fluxes: [Double], by dt: Double, in p: SchemeProblem) -> [Double] {
        let h = p.spacing, last = p.cells - 1
        return (0..<p.cells).map { i in
            let right = i < last ? fluxes[i] : 0
            let left = i > 0 ? fluxes[i - 1] : 0
            return rho[i] - dt * (right - left) / h
        }
    }

    public func advance(_ rho: [Double], by dt: Double, in p: SchemeProblem) throws -> [Double] {
        Self.step(rho, fluxes: interiorFluxes(rho, in: p), by: dt, in: p)
    }

    /// The largest step for which the update is monotone while every ratio `u` stays in
    /// `ratios`.
    ///
    /// `∂ρᵢ_new/∂ρᵢ = 1 − Δt (ρd_left + ρd_right) Ψ'(uᵢ) / (h² ρdᵢ)` must be ≥ 0, with
    /// `ρd_left`, `ρd_right` the target at cell i's interior faces (0 at a wall); the
    /// derivatives with respect to the neighbours are ≥ 0 for any step. `Ψ'` is monotone for
    /// the flows of the f-family (JS: decreasing; KL: constant; χ²: increasing), so its
    /// largest value on `ratios` is at an end. The maximum principle keeps `u` inside its
    /// initial range, so the limit computed from the start holds for the whole run.
    public static func largestStableStep(for p: SchemeProblem, ratios: ClosedRange<Double>) -> Double {
        let psiMax = max(p.flow.psiPrime(ratios.lowerBound), p.flow.psiPrime(ratios.upperBound))
        let h = p.spacing
        var dt = Double.infinity
        for i in 0..<p.cells where p.targetAverages[i] > 0 {
            let left = i > 0 ? p.targetAtFaces[i - 1] : 0
            let right = i < p.cells - 1 ? p.targetAtFaces[i] : 0
            let faces = left + right
            if faces > 0 { dt = min(dt, h * h * p.targetAverages[i] / (faces * psiMax)) }
        }
        return dt
    }
}
