import Foundation

/// A spec'd 2D density (``PlaneDensity``) seen as a ``Density2D``: with its score
/// `∇ ln p` and seeded sampling, so that Algorithm 1 and the particle flow can use the
/// targets of `ganflow simulate` (normal2, product, ring, mixture, truncated).
///
/// - Score: `normal2`: `−Σ⁻¹(x − μ)`; `product`: the two 1D scores; `ring` and `mixture`:
///   `Σₖ πₖ(x) ∇ln pₖ(x)` with responsibilities `πₖ = wₖpₖ/p` formed from logarithms (finite
///   far in the tails); `truncated`: the base's score inside the rectangle, 0 outside (where
///   the density is 0 and no sample lies).
/// - Sampling: `normal2`: `μ + (sx z₁, sy(r z₁ + √(1 − r²) z₂))`; `product`: the 1D samplers;
///   `ring`/`mixture`: a component by its weight, then its sample; `truncated`: rejection from
///   the base, accepted with probability Z (the rectangle's base mass). Z < 1e-3 is refused
///   when the adapter is built (more than 1000 expected draws per sample), naming the spec.
public struct PlaneTarget: Density2D {
    public let density: any PlaneDensity
    /// The smallest rectangle mass a truncation may have for rejection sampling.
    public static let minimumTruncationMass = 1e-3

    public init(_ density: any PlaneDensity) throws {
        try Self.checkSampleable(density)
        self.density = density
    }

    private static func checkSampleable(_ d: any PlaneDensity) throws {
        switch d {
        case let t as Truncated2D:
            guard t.normaliser.value >= minimumTruncationMass else {
                throw InvalidArgument("\(String(t.spec.prefix(80))): its rectangle holds \(t.normaliser.value) of the base's mass; sampling it by rejection needs at least \(minimumTruncationMass)")
            }
            try checkSampleable(t.base)
        case let m as Mixture2D:
            for (w, c) in zip(m.weights, m.components) where w > 0 { try checkSampleable(c) }
        case is Normal2D, is Product2D, is Ring2D: break
        default:
            throw InvalidArgument("\(String(d.spec.prefix(80))): no score and sampler for this 2D density")
        }
    }

    public var description: String { density.spec }
    public func logPDF(_ x: SIMD2<Double>) -> Double { density.logPDF(x.x, x.y) }
    public func score(_ x: SIMD2<Double>) -> SIMD2<Double> { Self.score(density, x) }
    public func sample(_ rng: RandomSource) -> SIMD2<Double> { Self.sample(density, rng) }

    public func boundingBox(standardDeviations radius: Double) -> (lower: SIMD2<Double>, upper: SIMD2<Double>) {
        Self.box(density, radius)
    }

    static func score(_ d: any PlaneDensity, _ p: SIMD2<Double>) -> SIMD2<Double> {
        switch d {
        case let n as Normal2D:
            let s = n.standardDeviations, r = n.correlation
            let zx = (p.x - n.mean.x) / s.x, zy = (p.y - n.mean.y) / s.y
            let c = 1 - r * r
            return SIMD2(-(zx - r * zy) / (c * s.x), -(zy - r * zx) / (c * s.y))
        case let q as Product2D:
            return SIMD2(q.x.score(p.x), q.y.score(p.y))
        case let ring as Ring2D:
            return ring.logPDFAndScore(p).score
        case let m as Mixture2D:
            var logs = [Double](), scores = [SIMD2<Double>]()
            for (w, c) in zip(m.weights, m.components) where w > 0 {
                logs.append(log(w) + c.logPDF(p.x, p.y))
                scores.append(score(c, p))
            }
            return responsibilityWeighted(logs, scores)
        case let t as Truncated2D:
            guard t.x.contains(p.x), t.y.contains(p.y) else { return .zero }
            return score(t.base, p)
        default:
            return SIMD2(.nan, .nan)
        }
    }

    /// `Σₖ πₖ sₖ`, `πₖ ∝ e^{logₖ}` relative to the largest term (0 if every term is −∞).
    private static func responsibilityWeighted(_ logs: [Double], _ scores: [SIMD2<Double>]) -> SIMD2<Double> {
        guard let top = logs.max(), top > -.infinity else { return .zero }
        var total = 0.0, s = SIMD2<Double>.zero
        for (l, g) in zip(logs, scores) where l > -.infinity {
            let w = exp(l - top)
            total += w
            if w > 0 { s += w * g }
        }
        return s / total
    }

    static func sample(_ d: any PlaneDensity, _ rng: RandomSource) -> SIMD2<Double> {
        switch d {
        case let n as Normal2D:
            let z1 = rng.standardNormal(), z2 = rng.standardNormal(), r = n.correlation
            return n.mean + n.standardDeviations * SIMD2(z1, r * z1 + (1 - r * r).squareRoot() * z2)
        case let q as Product2D:
            let x = q.x.sample(rng)
            return SIMD2(x, q.y.sample(rng))
        case let ring as Ring2D:
            let f = ring.factors[rng.index(below: ring.factors.count)]
            let x = f.x.sample(rng)
            return SIMD2(x, f.y.sample(rng))
        case let m as Mixture2D:
            let u = rng.uniform()
            var acc = 0.0, pick = m.components.count - 1
            for (k, w) in m.weights.enumerated() where w > 0 {
                acc += w
                pick = k
                if u < acc { break }
            }
            return sample(m.components[pick], rng)
        case let t as Truncated2D:
            // Acceptance probability Z ≥ 1e-3 (checked in init): 10⁷ rejections in a row
            // have probability below e^{−10⁴}.
            while true {
                let p = sample(t.base, rng)
                if t.x.contains(p.x), t.y.contains(p.y) { return p }
            }
        default:
            return SIMD2(.nan, .nan)
        }
    }

    static func box(_ d: any PlaneDensity, _ r: Double) -> (lower: SIMD2<Double>, upper: SIMD2<Double>) {
        switch d {
        case let n as Normal2D:
            return (n.mean - r * n.standardDeviations, n.mean + r * n.standardDeviations)
        case let ring as Ring2D:
            let e = ring.radius + r * ring.sigma
            return (SIMD2(-e, -e), SIMD2(e, e))
        case let q as Product2D:
            let std = try! Normal(mean: 0, standardDeviation: 1)
            let lo = std.cdf(-r), hi = std.survival(r)
            func ends(_ f: any Density) -> (Double, Double) {
                let a = (try? f.quantile(lo)) ?? f.support.lowerBound
                let b = (try? f.quantile(1 - hi)) ?? f.support.upperBound
                return (max(a, f.support.lowerBound), min(b, f.support.upperBound))
            }
            let (ax, bx) = ends(q.x), (ay, by) = ends(q.y)
            return (SIMD2(ax, ay), SIMD2(bx, by))
        case let m as Mixture2D:
            var lo = SIMD2(Double.infinity, .infinity), hi = -lo
            for (w, c) in zip(m.weights, m.components) where w > 0 {
                let b = box(c, r)
                lo = pointwiseMin(lo, b.lower)
                hi = pointwiseMax(hi, b.upper)
            }
            return (lo, hi)
        case let t as Truncated2D:
            let b = box(t.base, r)
            return (pointwiseMax(b.lower, SIMD2(t.x.lowerBound, t.y.lowerBound)),
                    pointwiseMin(b.upper, SIMD2(t.x.upperBound, t.y.upperBound)))
        default:
            return (SIMD2(-.infinity, -.infinity), SIMD2(.infinity, .infinity))
        }
    }
}
