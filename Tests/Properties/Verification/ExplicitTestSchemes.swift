import Sim
import Verification

/// Test scaffolding for the battery (not a solver of the package): the explicit Euler step
/// of the finite-volume scheme of docs/MATH.md §3,
///
///     ρᵢ ← ρᵢ + Δt/h² [ρd(x_{i+½})(Ψ(u_{i+1}) − Ψ(uᵢ)) − ρd(x_{i−½})(Ψ(uᵢ) − Ψ(u_{i−1}))],
///
/// zero flux at both walls. It is conservative, and monotone (order preserving in u) when
/// `Δt ≤ h² ρdᵢ / ((ρd(x_{i−½}) + ρd(x_{i+½})) Ψ'max)` in every cell, with Ψ'max the largest
/// Ψ' over the range of u (bounded by the maximum principle): then by Crandall–Tartar it
/// contracts L¹, keeps the range of u, and decreases every convex functional — the
/// properties the battery checks. Its variants break exactly one ingredient.
struct ExplicitFiniteVolume: CellAverageScheme {
    enum Defect: String, Sendable {
        /// The scheme above.
        case none
        /// The flux with its sign flipped: anti-diffusion (a sign error in the code).
        case fluxSignError
        /// Outflow at both walls (ρ = 0 ghost cells instead of zero flux): mass leaks.
        case leakingWalls
        /// The flow toward a different target (`wrongTarget` averages): a consistent
        /// gradient flow, of the wrong problem.
        case wrongTarget
    }

    var defect: Defect = .none
    /// Used only by `.wrongTarget`: cell averages and face values of the target it flows to.
    var wrongTarget: (averages: [Double], faces: [Double])? = nil

    var name: String { "explicit finite volumes (\(defect.rawValue))" }

    /// The largest stable (monotone) step for u up to `maxRatio`, times `safety` ≤ 1.
    static func stableStep(_ p: SchemeProblem, maxRatio: Double, safety: Double = 0.9) -> Double {
        let h = p.spacing
        let psiMax = [0, maxRatio].map { p.flow.psiPrime($0) }.max()!
        var dt = Double.infinity
        for i in 0..<p.cells {
            let left = i > 0 ? p.targetAtFaces[i - 1] : 0
            let right = i < p.cells - 1 ? p.targetAtFaces[i] : 0
            dt = min(dt, h * h * p.targetAverages[i] / ((left + right) * psiMax))
        }
        return safety * dt
    }

    func advance(_ rho: [Double], by dt: Double, in p: SchemeProblem) throws -> [Double] {
        let n = p.cells, h = p.spacing
        let avg = wrongTarget?.averages ?? p.targetAverages
        let faces = wrongTarget?.faces ?? p.targetAtFaces
        let psi = (0..<n).map { p.flow.psi(max(rho[$0], 0) / avg[$0]) }
        // flux[k] = −ρd(x_{k−½}) (Ψ(u_k) − Ψ(u_{k−1})) / h through face k (0 and n are the walls).
        var flux = [Double](repeating: 0, count: n + 1)
        for k in 1..<n { flux[k] = -faces[k - 1] * (psi[k] - psi[k - 1]) / h }
        if defect == .leakingWalls {
            // Ghost cells with ρ = 0 outside: Ψ(0) at the walls, target at the walls.
            flux[0] = -p.target.pdf(p.lower) * (psi[0] - p.flow.psi(0)) / h
            flux[n] = -p.target.pdf(p.upper) * (p.flow.psi(0) - psi[n - 1]) / h
        }
        let sign: Double = defect == .fluxSignError ? -1 : 1
        return (0..<n).map { rho[$0] - sign * dt * (flux[$0 + 1] - flux[$0]) / h }
    }
}
