import Foundation
import Analytic

/// Discrete functionals of a 2D state against the target's cell averages, the 2D
/// counterparts of the 1D ``Diagnostics``: mass `A Σρᵢⱼ` and `A Σ ρdᵢⱼ g(uᵢⱼ)` for the
/// divergences (A = hx·hy), and the range of u = ρ/ρd. Exact for the piecewise-constant
/// reconstruction; against the continuous densities they are second-order accurate in h for
/// smooth densities (the midpoint rule in each cell).
public struct Diagnostics2D: Sendable, Equatable, CustomStringConvertible {
    public let mass: Double
    public let js: Double
    public let kl: Double
    public let chi2: Double
    public let tv: Double
    public let hellinger2: Double
    public let uMin: Double
    public let uMax: Double
    /// `A Σ_faces w(Ψ(u₊) − Ψ(u₋))(f'(u₊) − f'(u₋))` for the problem's flow: −dE/dt of the
    /// semi-discretisation, the discrete ∫ρ|v|² (D1); ≥ 0 since Ψ and f' both increase.
    public let dissipation: Double

    public init(density rho: [Double], problem: FlowProblem2D) {
        let a = problem.grid.area, rd = problem.targetAverages, inv = problem.inverseTargetAverages
        var m = 0.0, js = 0.0, kl = 0.0, c2 = 0.0, tv = 0.0, h2 = 0.0
        var lo = Double.infinity, hi = -Double.infinity
        for k in rho.indices {
            let u = rho[k] * inv[k]
            m += rho[k]
            js += rd[k] * FlowDivergence.js.f(max(0, u))
            kl += rd[k] * FlowDivergence.kl.f(max(0, u))
            c2 += rd[k] * (u - 1) * (u - 1)
            tv += abs(rho[k] - rd[k])
            let s = max(0, u).squareRoot() - 1
            h2 += rd[k] * s * s
            lo = min(lo, u); hi = max(hi, u)
        }
        mass = a * m
        self.js = a * js
        self.kl = a * kl
        chi2 = a * c2
        self.tv = 0.5 * a * tv
        hellinger2 = a * h2
        uMin = lo
        uMax = hi
        dissipation = Self.dissipation(rho, problem: problem)
    }

    public static func dissipation(_ rho: [Double], problem: FlowProblem2D) -> Double {
        let g = problem.grid, nx = g.nx, ny = g.ny, inv = problem.inverseTargetAverages, kind = problem.flow
        func face(_ a: Int, _ b: Int, _ w: Double) -> Double {
            let ua = max(0, rho[a] * inv[a]), ub = max(0, rho[b] * inv[b])
            if ua == ub { return 0 }
            return w * (kind.psi(ub) - kind.psi(ua)) * (kind.fPrime(ub) - kind.fPrime(ua))
        }
        var s = 0.0
        for j in 0..<ny {
            for i in 0..<(nx - 1) { s += face(j * nx + i, j * nx + i + 1, problem.xWeights[j * (nx - 1) + i]) }
        }
        for i in 0..<nx {
            for j in 0..<(ny - 1) { s += face(j * nx + i, (j + 1) * nx + i, problem.yWeights[i * (ny - 1) + j]) }
        }
        return g.area * s
    }

    /// `A Σ ρdᵢⱼ g(uᵢⱼ)` for any g.
    public static func functional(_ rho: [Double], problem: FlowProblem2D, _ g: (Double) -> Double) -> Double {
        var s = 0.0
        for k in rho.indices { s += problem.targetAverages[k] * g(rho[k] * problem.inverseTargetAverages[k]) }
        return problem.grid.area * s
    }

    public var description: String {
        "mass \(mass) js \(js) kl \(kl) chi2 \(chi2) tv \(tv) hellinger2 \(hellinger2) umin \(uMin) umax \(uMax) dissipation \(dissipation)"
    }
}
