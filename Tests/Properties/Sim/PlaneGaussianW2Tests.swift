import Foundation
import Testing
import PropertyBased
import TestSupport
import Sim

/// The closed-form W₂ between the laws N(a, BBᵀ) of two affine plane generators
/// (``AffinePlaneProjectedFlow/w2(_:_:)``) against cases with independent answers.
/// Tolerance: the formula subtracts `2 tr(…)^{½}` from `tr Σ + tr Σ′` (each O(s²), s the
/// largest entry of B or B′), so W₂² carries an absolute round-off of ~16ε·s²·(1 + |a|²/s²)
/// and W₂ — its square root — one of √(16ε)·s where W₂² is near 0: the bound used is
/// `1e-7·(s + |a| + |a′|)`, above √(16ε) ≈ 6e-8 times that scale.
@Suite("Closed-form W₂ between plane Gaussians", .stepBudget)
struct PlaneGaussianW2Tests {
    struct Case: Sendable, CustomStringConvertible {
        var a: SIMD2<Double>, a2: SIMD2<Double>
        var s: (Double, Double), t: (Double, Double), angle: Double
        var description: String { "a \(a), a′ \(a2), scales \(s), \(t), rotation \(angle)" }
    }

    static func cases() -> Generator<Case, some SendableSequenceType> {
        let v = zip(Gen.double(in: -3...3), Gen.double(in: -3...3))
        let sc = zip(Gen.double(in: 0.05...3), Gen.double(in: 0.05...3))
        return zip(v, v, sc, sc, Gen.double(in: 0...(2 * Double.pi))).map {
            Case(a: SIMD2($0.0, $0.1), a2: SIMD2($1.0, $1.1), s: $2, t: $3, angle: $4)
        }
    }

    static func diagonal(_ a: SIMD2<Double>, _ s: (Double, Double)) -> AffineGenerator2D {
        AffineGenerator2D(a: a, b1: SIMD2(s.0, 0), b2: SIMD2(0, s.1))
    }

    static func tolerance(_ c: Case) -> Double {
        1e-7 * (max(c.s.0, c.s.1, c.t.0, c.t.1) + (c.a * c.a).sum().squareRoot() + (c.a2 * c.a2).sum().squareRoot())
    }

    @Test("diagonal covariances: W₂² = |a − a′|² + (sx − sx′)² + (sy − sy′)² (product of 1D normals)")
    func diagonalCase() async {
        await checkEveryCase(200, of: Self.cases()) { c in
            let d = c.a - c.a2
            let exact = ((d * d).sum() + pow(c.s.0 - c.t.0, 2) + pow(c.s.1 - c.t.1, 2)).squareRoot()
            let got = AffinePlaneProjectedFlow.w2(Self.diagonal(c.a, c.s), Self.diagonal(c.a2, c.t))
            #expect(abs(got - exact) <= Self.tolerance(c), "W₂ \(got), exact \(exact)")
        }
    }

    @Test("B and BQ (Q a rotation) give one law: W₂ = 0 between them, and W₂ to a third law is unchanged")
    func rotationInvariance() async {
        await checkEveryCase(200, of: Self.cases()) { c in
            let g = Self.diagonal(c.a, c.s)
            let (cs, sn) = (cos(c.angle), sin(c.angle))
            // Rows of BQ: (b₁ᵀQ, b₂ᵀQ) with Q = [[cos, −sin], [sin, cos]].
            let rotated = AffineGenerator2D(a: c.a, b1: SIMD2(c.s.0 * cs, -c.s.0 * sn), b2: SIMD2(c.s.1 * sn, c.s.1 * cs))
            let other = Self.diagonal(c.a2, c.t)
            #expect(AffinePlaneProjectedFlow.w2(g, rotated) <= Self.tolerance(c), "W₂(B, BQ) = \(AffinePlaneProjectedFlow.w2(g, rotated))")
            #expect(abs(AffinePlaneProjectedFlow.w2(g, other) - AffinePlaneProjectedFlow.w2(rotated, other)) <= 2 * Self.tolerance(c))
            // Symmetric, and a common translation changes nothing.
            #expect(abs(AffinePlaneProjectedFlow.w2(g, other) - AffinePlaneProjectedFlow.w2(other, g)) <= Self.tolerance(c))
            let shift = SIMD2(1.5, -0.5)
            var g2 = g, o2 = other
            g2.a += shift; o2.a += shift
            #expect(abs(AffinePlaneProjectedFlow.w2(g, other) - AffinePlaneProjectedFlow.w2(g2, o2)) <= 2 * Self.tolerance(c) + 1e-7 * 3)
        }
    }
}
