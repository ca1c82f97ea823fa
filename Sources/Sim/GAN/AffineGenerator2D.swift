import Foundation
import Analytic

/// The affine generator `G(z) = a + B z` on the plane, θ = (a₁, B₁₁, B₁₂, a₂, B₂₁, B₂₂);
/// its samples are N(a, B Bᵀ) for Z ~ N(0, I₂). Linear in θ, so the MSE step is an exact
/// least-squares problem (docs/MATH.md D10).
///
/// A Gaussian has one mode: on a ring of k ≥ 3 well-separated modes no affine generator can
/// give every mode its share, and the fixed points of Algorithm 1 (the critical points of
/// θ ↦ JS(ρd, N(a, BBᵀ)), D10) cover at most a few modes — mode collapse as a fixed point.
public struct AffineGenerator2D: PlaneGenerator, Equatable {
    public var a: SIMD2<Double>
    /// Rows of B.
    public var b1: SIMD2<Double>
    public var b2: SIMD2<Double>

    public init(a: SIMD2<Double>, b1: SIMD2<Double>, b2: SIMD2<Double>) {
        self.a = a; self.b1 = b1; self.b2 = b2
    }

    /// a + s·I z.
    public init(center: SIMD2<Double>, scale s: Double) {
        self.init(a: center, b1: SIMD2(s, 0), b2: SIMD2(0, s))
    }

    public var parameters: [Double] { [a.x, b1.x, b1.y, a.y, b2.x, b2.y] }

    public func with(parameters p: [Double]) throws -> AffineGenerator2D {
        guard p.count == 6 else { throw InvalidArgument("the 2D affine generator has 6 parameters, got \(p.count)") }
        return AffineGenerator2D(a: SIMD2(p[0], p[3]), b1: SIMD2(p[1], p[2]), b2: SIMD2(p[4], p[5]))
    }

    public func output(_ z: SIMD2<Double>) -> SIMD2<Double> { a + SIMD2((b1 * z).sum(), (b2 * z).sum()) }

    public func jacobian(_ z: SIMD2<Double>) -> (x: [Double], y: [Double]) {
        ([1, z.x, z.y, 0, 0, 0], [0, 0, 0, 1, z.x, z.y])
    }

    public var isLinearInParameters: Bool { true }

    /// N(a, BBᵀ); throws when B is singular (no density) or not finite.
    public func pushforwardDensity() throws -> (any Density2D)? {
        try Gaussian2D(mean: a, covariance: (b1 * b1).sum(), (b1 * b2).sum(), (b2 * b2).sum())
    }

    public var description: String {
        "affine2(a: (\(a.x), \(a.y)), B: [[\(b1.x), \(b1.y)], [\(b2.x), \(b2.y)]])"
    }
}
