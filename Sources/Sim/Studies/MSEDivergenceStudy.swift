import Foundation

/// D11 (derived, a mechanism for P4): exact D*, exact targets, and the MSE fitted by K
/// gradient steps of size η. For a generator linear in θ the inner error map is
/// `e ↦ (I − 2ηM)e`, `M = (1/m)Σ JᵢᵀJᵢ`, and the outer update is
/// `θ_{n+1} = θ_n + ε (I − (I − 2ηM)^K) M⁻¹ g(θ_n)`, `g(θ) = (1/m)Σ Jᵢᵀ v(G_θ(zᵢ))`.
public enum MSEDivergenceStudy {
    /// One outer trajectory: JS and θ after every iteration; stops early (diverged = true)
    /// when θ stops being finite or leaves |θ| < `escape`, or the generator's density
    /// degenerates (b = 0).
    public struct Trajectory: Sendable {
        public var js: [Double] = []
        public var parameters: [[Double]] = []
        public var diverged = false
        public var reason = ""
    }

    /// Algorithm 1 with the affine generator, D*, quantile noise (m nodes) and `update`.
    public static func run(target: any Density, start: AffineGenerator, eps: Double, batch m: Int,
                           update: GeneratorUpdate, iterations: Int, escape: Double = 1e3) throws -> Trajectory {
        var alg = try Algorithm1(target: target, generator: start,
                                 configuration: .init(eps: eps, batch: m, noise: .quantiles, discriminator: .exact, update: update))
        var t = Trajectory()
        for _ in 0..<iterations {
            do { try alg.step() } catch let e as Algorithm1Diverged {
                t.diverged = true; t.reason = e.description; return t
            } catch let e as InvalidArgument {
                t.diverged = true; t.reason = e.description; return t
            }
            let p = alg.generator.parameters
            t.parameters.append(p)
            if p.contains(where: { !$0.isFinite || abs($0) > escape }) || p[1] == 0 {
                t.diverged = true; t.reason = "parameters \(p) left |θ| < \(escape)"; return t
            }
            t.js.append(try ProjectedFlowStudy.js(target, a: p[0], b: p[1]))
        }
        return t
    }

    /// `g(θ) = (1/m)Σ Jᵢᵀ v(G_θ(zᵢ))` with v the exact velocity (D*'s drift) at the nodes.
    public static func meanDrift(target: any Density, _ g: AffineGenerator, nodes z: [Double]) throws -> [Double] {
        let d = OptimalDiscriminator(data: target, generator: try g.pushforwardDensity()!)
        var s = [0.0, 0.0]
        for zi in z { let v = d.drift(g.output(zi)); s[0] += v; s[1] += zi * v }
        return s.map { $0 / Double(z.count) }
    }

    /// The outer map's linearisation at a fixed point θ*: `A = P·Dg(θ*)` with
    /// `P = (I − (I − 2ηM)^K) M⁻¹` (`P = M⁻¹` for exact least squares), Dg by central
    /// differences with step 1e-5 (error O(1e-10), far below what the limit is used for).
    /// The outer iteration `θ ← θ + εAθ` is stable iff every eigenvalue λ of A has
    /// |1 + ελ| < 1; for real negative λ that is ε < 2/|λ|. Returns A's eigenvalues
    /// (real parts, imaginary parts) and the limit `min 2|Re λ|/|λ|²` over them.
    public static func outerStabilityLimit(target: any Density, at star: AffineGenerator, batch m: Int,
                                           update: GeneratorUpdate) throws -> (eigenvalues: [(Double, Double)], limit: Double) {
        let z = NoiseMode.quantileNodes(m)
        let mm = GeneratorObjectives.gram(star, noise: z)
        let det = mm[0][0] * mm[1][1] - mm[0][1] * mm[1][0]
        let minv = [[mm[1][1] / det, -mm[0][1] / det], [-mm[1][0] / det, mm[0][0] / det]]
        var p = minv
        if case .gradientSteps(let k, let eta) = update {
            // (I − 2ηM)^K by repeated multiplication.
            var q = [[1.0, 0.0], [0.0, 1.0]]
            let b = [[1 - 2 * eta * mm[0][0], -2 * eta * mm[0][1]], [-2 * eta * mm[1][0], 1 - 2 * eta * mm[1][1]]]
            for _ in 0..<k { q = mul(q, b) }
            p = mul([[1 - q[0][0], -q[0][1]], [-q[1][0], 1 - q[1][1]]], minv)
        }
        let h = 1e-5
        var dg = [[0.0, 0.0], [0.0, 0.0]]
        for j in 0..<2 {
            var tp = star.parameters, tm = star.parameters
            tp[j] += h; tm[j] -= h
            let gp = try meanDrift(target: target, try star.with(parameters: tp), nodes: z)
            let gm = try meanDrift(target: target, try star.with(parameters: tm), nodes: z)
            for i in 0..<2 { dg[i][j] = (gp[i] - gm[i]) / (2 * h) }
        }
        let a = mul(p, dg)
        let tr = a[0][0] + a[1][1], dt = a[0][0] * a[1][1] - a[0][1] * a[1][0]
        let disc = tr * tr / 4 - dt
        let eig: [(Double, Double)] = disc >= 0
            ? [(tr / 2 + disc.squareRoot(), 0), (tr / 2 - disc.squareRoot(), 0)]
            : [(tr / 2, (-disc).squareRoot()), (tr / 2, -(-disc).squareRoot())]
        var limit = Double.infinity
        for (re, im) in eig {
            if re >= 0 { limit = 0; continue }
            limit = min(limit, 2 * abs(re) / (re * re + im * im))
        }
        return (eig, limit)
    }

    static func mul(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        (0..<2).map { i in (0..<2).map { j in a[i][0] * b[0][j] + a[i][1] * b[1][j] } }
    }
}
