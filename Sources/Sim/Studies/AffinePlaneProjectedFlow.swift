import Foundation
import Analytic

/// The limit of Algorithm 1 with the affine generator `G(z) = a + Bz` on the plane as ε → 0,
/// m → ∞ and D → D* (docs/MATH.md D10 in d = 2, derived): the projected flow
///
///     θ'(t) = M⁻¹ E[J(Z)ᵀ v(G(Z))],   M = E[JᵀJ] = I,   Z ~ N(0, I₂),
///
/// θ = (a₁, B₁₁, B₁₂, a₂, B₂₁, B₂₂): `ȧ = E[v(a + BZ)]`, `Ḃ = E[v(a + BZ) Zᵀ]`, with v the
/// velocity of ODE (2) at the generator's own law ρ = N(a, BBᵀ),
/// `v = ½ D* (∇ln ρd − ∇ln ρ)`, `D* = ρd/(ρd + ρ)`. At x = a + Bz the generator's terms are
/// closed forms of z: `ln ρ = −ln 2π − ln|det B| − |z|²/2` and `∇ln ρ = −B⁻ᵀz`; so the
/// velocity here is formed from ρd's log-density and score and B alone, independently of
/// the discriminators Algorithm 1 uses.
///
/// The expectations are tensor Gauss–Hermite rules (`GaussHermiteRule` (Analytic)), the path classical
/// RK4. ``error`` bounds both: the same path with a rule of 1.5× the nodes (the integrand is
/// analytic, so the larger rule's error is far below the difference) and RK4's Richardson
/// estimate `|θ(n) − θ(n/2)|∞/15`.
public struct AffinePlaneProjectedFlow: Sendable, CustomStringConvertible {
    public var generator: AffineGenerator2D
    /// A bound on `|θ − θ_exact|∞` (see the type's documentation).
    public var error: Double

    public var description: String { "projected flow θ = \(generator.parameters) ± \(error)" }

    /// θ(t) from `start`, `steps` RK4 steps, `nodes` Gauss–Hermite nodes per axis. Defaults:
    /// 64 steps — for paths that move θ by O(1) per unit time RK4's error is ~(t/64)⁴ — and
    /// 40 nodes — exact for bivariate polynomials of degree 79 in each variable; both checked
    /// for the path at hand by ``error``.
    public static func solve(target: any Density2D, start: AffineGenerator2D, time: Double, steps: Int = 64,
                             nodes: Int = 40) throws -> AffinePlaneProjectedFlow {
        guard time >= 0, time.isFinite, steps >= 2, steps % 2 == 0 else {
            throw InvalidArgument("projected flow: time ≥ 0 and an even step count ≥ 2 (got t = \(time), \(steps) steps)")
        }
        let rule = try GaussHermiteRule(nodes: nodes), finer = try GaussHermiteRule(nodes: nodes * 3 / 2)
        let theta0 = start.parameters
        let fine = try rk4(target, theta0, time, steps, rule)
        let coarse = try rk4(target, theta0, time, steps / 2, rule)
        let check = try rk4(target, theta0, time, steps, finer)
        let richardson = zip(fine, coarse).map { abs($0 - $1) }.max()! / 15
        let quadrature = zip(fine, check).map { abs($0 - $1) }.max()!
        return AffinePlaneProjectedFlow(generator: try start.with(parameters: fine), error: richardson + quadrature)
    }

    /// `E[Jᵀ v(G(Z))]` at θ by the tensor rule.
    public static func velocity(_ target: any Density2D, _ theta: [Double], _ rule: GaussHermiteRule) throws -> [Double] {
        let a = SIMD2(theta[0], theta[3]), b1 = SIMD2(theta[1], theta[2]), b2 = SIMD2(theta[4], theta[5])
        let det = b1.x * b2.y - b1.y * b2.x
        guard det != 0, det.isFinite, theta.allSatisfy(\.isFinite) else {
            throw InvalidArgument("projected flow left the non-degenerate affine maps at θ = \(theta)")
        }
        // B⁻ᵀ = (1/det) [[b2.y, −b2.x], [−b1.y, b1.x]].
        let logNormaliser = -log(2 * Double.pi) - log(abs(det))
        var sum = [Double](repeating: 0, count: 6)
        for (z1, w1) in zip(rule.nodes, rule.weights) {
            for (z2, w2) in zip(rule.nodes, rule.weights) {
                let z = SIMD2(z1, z2)
                let x = a + SIMD2((b1 * z).sum(), (b2 * z).sum())
                let logRho = logNormaliser - 0.5 * (z * z).sum()
                let scoreRho = -SIMD2(b2.y * z1 - b1.y * z2, -b2.x * z1 + b1.x * z2) / det
                let d = 1 / (1 + exp(logRho - target.logPDF(x)))
                let v = 0.5 * d * (target.score(x) - scoreRho)
                let w = w1 * w2
                sum[0] += w * v.x; sum[1] += w * v.x * z1; sum[2] += w * v.x * z2
                sum[3] += w * v.y; sum[4] += w * v.y * z1; sum[5] += w * v.y * z2
            }
        }
        return sum
    }

    static func rk4(_ target: any Density2D, _ theta0: [Double], _ time: Double, _ n: Int,
                    _ rule: GaussHermiteRule) throws -> [Double] {
        let h = time / Double(n)
        func add(_ x: [Double], _ k: [Double], _ s: Double) -> [Double] { zip(x, k).map { $0 + s * $1 } }
        var th = theta0
        for _ in 0..<n {
            let k1 = try velocity(target, th, rule)
            let k2 = try velocity(target, add(th, k1, h / 2), rule)
            let k3 = try velocity(target, add(th, k2, h / 2), rule)
            let k4 = try velocity(target, add(th, k3, h), rule)
            th = (0..<6).map { th[$0] + h / 6 * (k1[$0] + 2 * k2[$0] + 2 * k3[$0] + k4[$0]) }
        }
        return th
    }

    /// W₂ between the laws N(a, BBᵀ) and N(a′, B′B′ᵀ) of two affine generators, in closed
    /// form: `W₂² = |a − a′|² + tr Σ + tr Σ′ − 2 tr (Σ^{½}Σ′Σ^{½})^{½}`, and for 2 × 2 matrices
    /// `tr M^{½} = √(tr M + 2√det M)` with `tr(Σ^{½}Σ′Σ^{½}) = tr(ΣΣ′)`,
    /// `det = det Σ det Σ′`. (Coupling both through the same z gives
    /// `W₂ ≤ √(|a − a′|² + ‖B − B′‖²_F)`, which bounds how a parameter error moves it.)
    public static func w2(_ g: AffineGenerator2D, _ h: AffineGenerator2D) -> Double {
        func cov(_ g: AffineGenerator2D) -> (xx: Double, xy: Double, yy: Double) {
            ((g.b1 * g.b1).sum(), (g.b1 * g.b2).sum(), (g.b2 * g.b2).sum())
        }
        let s = cov(g), t = cov(h)
        let trS = s.xx + s.yy, trT = t.xx + t.yy
        let trST = s.xx * t.xx + 2 * s.xy * t.xy + s.yy * t.yy
        let detS = max(0, s.xx * s.yy - s.xy * s.xy), detT = max(0, t.xx * t.yy - t.xy * t.xy)
        let cross = max(0, trST + 2 * (detS * detT).squareRoot()).squareRoot()
        let d = g.a - h.a
        return max(0, (d * d).sum() + trS + trT - 2 * cross).squareRoot()
    }
}
