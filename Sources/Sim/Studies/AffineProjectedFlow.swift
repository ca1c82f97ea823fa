import Foundation

/// The limit of Algorithm 1 with the affine generator `G(z) = a + bz` as ε → 0, m → ∞ and
/// D → D* (docs/MATH.md D10, derived): the projected flow
///
///     θ'(t) = −M⁻¹ ∇_θ JS(ρd, N(a, b²)),   M = E[JᵀJ] = I  (J = (1, z), Z ~ N(0, 1)),
///
/// because `E[Jᵀ v(G(z))] = −∇_θ JS` (first variation, `v = −∇f'(u)`). An affine generator
/// can only represent normals, while ODE (2) from a normal start leaves the normal family,
/// so this path — not the finite-volume solution — is what Algorithm 1 with an affine
/// generator converges to; the distance between the two at time t is the family's
/// projection gap.
///
/// Integrated by classical RK4 on the quadrature gradient of ``ProjectedFlowStudy/jsGradient(_:a:b:)``
/// (formed from the densities, independent of Algorithm 1's discriminator and targets).
public struct AffineProjectedFlow: Sendable, CustomStringConvertible {
    public var a: Double
    public var b: Double
    /// |θ(n steps) − θ(n/2 steps)|∞ / 15: RK4's Richardson estimate of the remaining error
    /// (fourth order), plus the gradient quadrature's own 1e-10 relative accuracy × t.
    public var error: Double

    public var description: String { "projected flow θ = (\(a), \(b)) ± \(error)" }

    /// θ(t) from (a₀, b₀) with `steps` RK4 steps (and `steps/2` for the error estimate).
    /// The default 64 steps: for paths whose time scale is ≳ 1 (θ moves by O(0.1–1) per unit
    /// time) RK4's error is ~(t/64)⁴ relative, far below the study's Monte Carlo errors
    /// (≥ 1e-4); the returned Richardson estimate checks it for the path at hand (the P3 row
    /// prints it).
    public static func solve(target: any Density, a0: Double, b0: Double, time: Double, steps: Int = 64) throws -> AffineProjectedFlow {
        guard time >= 0, time.isFinite, steps >= 2, steps % 2 == 0 else {
            throw InvalidArgument("projected flow: time ≥ 0 and an even step count ≥ 2 (got t = \(time), \(steps) steps)")
        }
        guard b0 > 0, b0.isFinite, a0.isFinite else { throw InvalidArgument("projected flow starts from b > 0, got (\(a0), \(b0))") }
        let fine = try rk4(target, [a0, b0], time, steps)
        let coarse = try rk4(target, [a0, b0], time, steps / 2)
        let richardson = max(abs(fine[0] - coarse[0]), abs(fine[1] - coarse[1])) / 15
        return AffineProjectedFlow(a: fine[0], b: fine[1], error: richardson + 1e-10 * time * (abs(fine[0]) + abs(fine[1])))
    }

    static func rk4(_ target: any Density, _ theta0: [Double], _ time: Double, _ n: Int) throws -> [Double] {
        let h = time / Double(n)
        func f(_ t: [Double]) throws -> [Double] {
            guard t[1] > 0, t.allSatisfy(\.isFinite) else { throw InvalidArgument("projected flow left b > 0 at θ = \(t)") }
            return try ProjectedFlowStudy.jsGradient(target, a: t[0], b: t[1]).map { -$0 }
        }
        func add(_ x: [Double], _ k: [Double], _ s: Double) -> [Double] { zip(x, k).map { $0 + s * $1 } }
        var th = theta0
        for _ in 0..<n {
            let k1 = try f(th)
            let k2 = try f(add(th, k1, h / 2))
            let k3 = try f(add(th, k2, h / 2))
            let k4 = try f(add(th, k3, h))
            th = (0..<2).map { th[$0] + h / 6 * (k1[$0] + 2 * k2[$0] + 2 * k3[$0] + k4[$0]) }
        }
        return th
    }
}
