import Foundation

/// The 2D particle flow's approach to a 2D target: `JS(ρd, ρ̂_t)` between the exact target
/// and the particles' KDE, by GSL's VEGAS Monte Carlo over a box, with its standard error.
/// JS decreases along the flow and levels off at a floor set by N (the KDE's bias and
/// variance), which falls as N grows.
public enum ParticleFlow2DStudy {
    public struct Sample: Sendable, CustomStringConvertible {
        public var time: Double
        public var js: MonteCarloResult
        public var description: String { "t = \(time): JS = \(js)" }
    }

    /// `JS(ρd, KDE of x)` by VEGAS on the box holding the target's ±6 sd and the particles ±5
    /// bandwidths. The integrand is the JS density formed from logarithms.
    public static func js(target: any Density2D, particles x: [SIMD2<Double>], bandwidth: BandwidthRule = .scott,
                          calls: Int = 20_000, seed: UInt64 = 1) throws -> MonteCarloResult {
        let kde = try KernelDensity2D(points: x, bandwidth: try bandwidth.bandwidth(x))
        var (lo, hi) = target.boundingBox(standardDeviations: 6)
        for p in x {
            lo = pointwiseMin(lo, p - 5 * kde.bandwidth)
            hi = pointwiseMax(hi, p + 5 * kde.bandwidth)
        }
        return try MonteCarlo.integrate({ v in
            let p = SIMD2(v[0], v[1])
            let q = kde.evaluate(p).density
            return GeneratorJS.integrand(target.logPDF(p), q > 0 ? log(q) : -.infinity)
        }, lower: [lo.x, lo.y], upper: [hi.x, hi.y], calls: calls, method: .vegas, seed: seed)
    }

    /// N particles drawn from `initial` (seeded), moved by Heun steps of size dt, with JS
    /// reported at every time in `reportTimes` (multiples of dt, ascending; 0 allowed).
    public static func run(target: any Density2D, initial: any Density2D, particles n: Int, dt: Double,
                           reportTimes: [Double], seed: UInt64 = 1, calls: Int = 20_000,
                           progress: (Double) -> Void = { _ in }) throws -> [Sample] {
        let rng = RandomSource(seed: seed)
        var x = initial.sample(count: n, rng: rng)
        let flow = ParticleFlow2D(target: target)
        var t = 0.0, out = [Sample]()
        for (k, tr) in reportTimes.enumerated() {
            let steps = Int(((tr - t) / dt).rounded())
            if steps > 0 { x = try flow.run(x, dt: dt, steps: steps, scheme: .heun) }
            t += Double(max(0, steps)) * dt
            progress(t)
            out.append(Sample(time: t, js: try js(target: target, particles: x, calls: calls, seed: seed &+ UInt64(k))))
        }
        return out
    }
}
