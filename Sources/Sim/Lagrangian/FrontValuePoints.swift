import Foundation

/// The dual widths `Dᵢ` of the Lagrangian velocity `Vᵢ = −(gᵢ − g_{i−1})/Dᵢ` (`gⱼ = f'(u_{j+½})`),
/// with the front correction of degenerate flows.
///
/// **Smooth solutions: barycentres.** `Dᵢ = cᵢ − c_{i−1}`, `cⱼ` the ρd-barycentre of `Iⱼ`: where u
/// is smooth, `u_{j+½}` (the ρd-mean of u on `Iⱼ`) equals u at `cⱼ` to second order.
///
/// **Fronts of degenerate flows (derived).** When `Ψ'(0) = 0` (the χ² flow: `Ψ' = 2u`,
/// `f'(u) = 2(u − 1)` affine) a region where u is O(1) spreads into one where u ≈ 0 at a
/// finite speed, and u has a kink at the front `x_f`: `u = σ(x_f − x)` behind it, ≈ 0 ahead
/// (porous-medium behaviour); the front moves at `2σ`. Across a face `Xᵢ` with `u_{i+½} < u_{i−½}`
/// take this profile with the front inside the interval ahead, `δ = x_f − Xᵢ ≥ 0`. With
/// `h = Xᵢ − c_{i−1}` and `L = Md(Iᵢ)/ρd(Xᵢ)` (ρd taken constant over the occupied part
/// `[Xᵢ, x_f]`, short where the model applies), the two interval means are
/// `u_{i−½} = σ(h + δ)` and `u_{i+½} = σδ²/(2L)`; their ratio `r = u_{i+½}/u_{i−½}` gives
///
///     δ = Lr + √((Lr)² + 2Lrh),   σ = u_{i−½}/(h + δ),   D_front = (u_{i−½} − u_{i+½})/σ = (h + δ)(1 − r),
///
/// so that `Vᵢ = 2σ`, the front speed. `D_front = h + δ − δ²/(2L)` increases with δ up to
/// `h + L/2` at `δ = L` (the interval ahead fully on the linear part), which is `cᵢ − c_{i−1}`
/// for constant ρd: the two rules meet there, and `Dᵢ = min(cᵢ − c_{i−1}, D_front)` switches
/// continuously. For smooth u, `r = 1 + O(Δ)` puts δ beyond L and the barycentres are kept
/// (second order); the front rule acts once `r` falls below ≈ `L/(2(h + L))` (⅓ for equal
/// widths, the ratio of the last two interval means of a linear profile ending at a particle).
/// At `r → 0` (a front exactly at `Xᵢ`), `Dᵢ → h`: the one-sided difference of the
/// Lagrangian porous-medium scheme. Mirrored for a front moving left (`u_{i−½} < u_{i+½}`).
///
/// Why: with barycentres alone the last interval of S1's tail-refined particles ([0.48, 8]
/// at t = 0.25 for 400 particles) holds u ≈ 0 and has its barycentre 0.24 ahead of the front;
/// `Dᵢ` then understates σ, the front lagged 0.2 behind the finite volumes at t = 0.25, the
/// swept tail intervals piled up behind it at u ≈ 0.38 (a plateau instead of the linear
/// profile) and the L¹ distance was 0.026.
///
/// Non-degenerate flows (JS, KL: `Ψ'(0) > 0`) have no fronts (u > 0 everywhere at once) and
/// keep the barycentres. Every `Dᵢ > 0` (`h > 0`, `r < 1`), which is all the decrease of every
/// convex functional needs (``LagrangianParticles``, ``CDFImplicitEuler``).
struct FrontValuePoints {
    /// Dᵢ = aᵢ − bᵢ for i = 1 … N−1 (index i − 1).
    var widths: [Double]
    /// aᵢ, where `u_{i+½}` is taken at the face `Xᵢ` (cᵢ, or nearer Xᵢ at a front moving right).
    var ahead: [Double]
    /// bᵢ, where `u_{i−½}` is taken at the face `Xᵢ` (c_{i−1}, or nearer Xᵢ at a front moving left).
    var behind: [Double]
    /// Which rule gave Dᵢ: 0 the barycentres, +1 a front moving right (vacuum ahead), −1 a
    /// front moving left.
    var rule: [Int]

    /// - Parameters: positions `x` (N + 1), ratios `u` (N), target masses `md` (N), barycentres
    ///   `c` (N), `ρd(Xᵢ)` at the positions `pd` (N + 1; read only for a degenerate flow), and
    ///   whether the flow is degenerate (`Ψ'(0) = 0`).
    init(positions x: [Double], ratios u: [Double], targetMasses md: [Double], barycentres c: [Double],
         densities pd: [Double], degenerate: Bool) {
        let n = u.count
        var ahead = Array(c.dropFirst()), behind = Array(c.dropLast())
        var rule = [Int](repeating: 0, count: n - 1)
        for i in 1..<n where degenerate && pd[i] > 0 && u[i] != u[i - 1] {
            let right = u[i] < u[i - 1]
            let r = right ? u[i] / u[i - 1] : u[i - 1] / u[i]
            let h = right ? x[i] - c[i - 1] : c[i] - x[i]
            let l = (right ? md[i] : md[i - 1]) / pd[i]
            let delta = l * r + ((l * r) * (l * r) + 2 * l * r * h).squareRoot()
            let s = delta / l
            guard s < 1 else { continue }
            // The value point of the thin side moves from the barycentre (s = 1) to the face
            // (s = 0) as s(2 − s): D = h + (its barycentre's distance to Xᵢ)·s(2 − s).
            let w = s * (2 - s)
            if right { ahead[i - 1] = x[i] + (c[i] - x[i]) * w } else { behind[i - 1] = x[i] - (x[i] - c[i - 1]) * w }
            rule[i - 1] = right ? 1 : -1
        }
        widths = (0..<(n - 1)).map { (k: Int) -> Double in ahead[k] - behind[k] }
        self.ahead = ahead
        self.behind = behind
        self.rule = rule
    }
}
