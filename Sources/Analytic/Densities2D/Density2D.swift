import Foundation

/// A probability density on the plane R².
///
/// Points are `SIMD2<Double>`. Conformers give the log-density in closed form (finite far
/// in the tails, where `pdf` underflows), its gradient (the score), and seeded sampling.
/// These are the 2D targets ρd of the particle flow (docs/MATH.md §3, particles with a KDE).
public protocol Density2D: Sendable, CustomStringConvertible {
    func pdf(_ x: SIMD2<Double>) -> Double
    /// ln pdf(x).
    func logPDF(_ x: SIMD2<Double>) -> Double
    /// The score ∇ ln pdf(x).
    func score(_ x: SIMD2<Double>) -> SIMD2<Double>
    /// One draw, using `rng` only.
    func sample(_ rng: RandomSource) -> SIMD2<Double>
    /// A box holding all but a negligible part of the mass (mean ± `radius` standard
    /// deviations along each axis, over all components), for integration.
    func boundingBox(standardDeviations radius: Double) -> (lower: SIMD2<Double>, upper: SIMD2<Double>)
}

extension Density2D {
    public func pdf(_ x: SIMD2<Double>) -> Double { exp(logPDF(x)) }

    /// `count` independent draws.
    public func sample(count: Int, rng: RandomSource) -> [SIMD2<Double>] {
        (0..<max(0, count)).map { _ in sample(rng) }
    }
}
