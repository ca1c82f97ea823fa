import Foundation

/// D10 (derived): with exact D*, exact least squares and deterministic noise nodes, the
/// fixed points of Algorithm 1 for the affine generator are the critical points of
/// `(a, b) ↦ JS(ρd, N(a, b²))`; this study computes both independently.
public enum ProjectedFlowStudy {
    /// `JS(ρd, N(a, b²))` by quadrature.
    public static func js(_ target: any Density, a: Double, b: Double) throws -> Double {
        try GeneratorJS.quadrature(target, try Normal(mean: a, standardDeviation: abs(b))).value
    }

    /// `∇_(a,b) JS(ρd, N(a, b²)) = ∫ f'(u) ∂_θρ_θ dx` by quadrature, with
    /// `f'(u) = ½ ln(2ρ/(ρ + ρd))`, `∂_aρ = ρ (x − a)/b²`, `∂_bρ = ρ ((x − a)²/b³ − 1/b)`
    /// (first variation of docs/MATH.md §1; independent of Algorithm 1's noise nodes).
    public static func jsGradient(_ target: any Density, a: Double, b: Double) throws -> [Double] {
        let g = try Normal(mean: a, standardDeviation: abs(b))
        let s = abs(b)
        func fPrimeTimesRho(_ x: Double) -> Double {
            let lq = g.logPDF(x), lp = target.logPDF(x)
            if lq == -.infinity { return 0 }
            let top = max(lp, lq)
            let lsum = top + log(exp(lp - top) + exp(lq - top))
            return 0.5 * (log(2.0) + lq - lsum) * exp(lq)
        }
        let bps = target.breakpoints + g.breakpoints
        let lo = target.support.lowerBound, hi = target.support.upperBound
        let da = try Quadrature.integrate({ x in fPrimeTimesRho(x) * (x - a) / (s * s) }, from: lo, to: hi, breakpoints: bps)
        let db = try Quadrature.integrate({ x in fPrimeTimesRho(x) * ((x - a) * (x - a) / (s * s * s) - 1 / s) }, from: lo, to: hi, breakpoints: bps)
        return [da.value, b < 0 ? -db.value : db.value]
    }

    /// A local minimiser of `(a, b) ↦ JS(ρd, N(a, b²))` from `start` by GSL's BFGS on the
    /// quadrature JS and its quadrature gradient, stopped at |∇JS| < `gradientTolerance`.
    /// The default 1e-9 sits three orders above the gradient quadrature's 1e-12 absolute
    /// accuracy and gives the minimiser to ~1e-9/λ_min(Hessian).
    public static func jsMinimum(_ target: any Density, start: (a: Double, b: Double),
                                 gradientTolerance: Double = 1e-9) throws -> (a: Double, b: Double, js: Double) {
        // A stalled line search resets BFGS's curvature model by restarting from where it
        // stopped; flat valleys (the mode-collapsed minimum) need a few restarts.
        var point = [start.a, start.b]
        for _ in 0..<50 {
            let r = try Minimizer.bfgs({ p in (try? js(target, a: p[0], b: p[1])) ?? .nan },
                                       gradient: { p in (try? jsGradient(target, a: p[0], b: p[1])) ?? [.nan, .nan] },
                                       start: point, initialStep: 0.05, lineTolerance: 0.1,
                                       gradientTolerance: gradientTolerance)
            point = r.point
            if !r.stalled { return (r.point[0], abs(r.point[1]), r.value) }
        }
        let g = try jsGradient(target, a: point[0], b: point[1])
        throw InvalidArgument("JS minimisation from \(start) stalled at \(point) with gradient \(g)")
    }

    /// The outcome of running Algorithm 1 to a fixed point.
    public struct FixedPoint: Sendable, CustomStringConvertible {
        public var a: Double
        public var b: Double
        public var iterations: Int
        /// |θ_{n} − θ_{n−1}| at the last iteration.
        public var lastStep: Double
        public var converged: Bool
        public var description: String { "(a, b) = (\(a), \(b)) after \(iterations) iterations, last step \(lastStep)" }
    }

    /// Algorithm 1 (affine generator, D*, exact least squares, quantile noise with m
    /// nodes, step ε) from `start` until a step moves θ by less than `tolerance`.
    public static func algorithm1FixedPoint(_ target: any Density, start: (a: Double, b: Double), eps: Double,
                                            batch m: Int, tolerance: Double = 1e-12, maxIterations: Int = 20_000,
                                            update: GeneratorUpdate = .exactLeastSquares) throws -> FixedPoint {
        var alg = try Algorithm1(target: target, generator: AffineGenerator(a: start.a, b: start.b),
                                 configuration: .init(eps: eps, batch: m, noise: .quantiles, discriminator: .exact, update: update))
        var last = Double.infinity
        for _ in 0..<maxIterations {
            let before = alg.generator.parameters
            try alg.step()
            let after = alg.generator.parameters
            last = max(abs(after[0] - before[0]), abs(after[1] - before[1]))
            if last < tolerance { break }
        }
        return FixedPoint(a: alg.generator.a, b: abs(alg.generator.b), iterations: alg.iteration,
                          lastStep: last, converged: last < tolerance)
    }
}
