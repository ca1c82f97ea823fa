import Foundation
import Analytic

/// The noise prior ρ_Z = N(0, I₂) of Algorithm 1 in 2D and how its minibatches are drawn.
public enum PlaneNoise: String, Sendable, CaseIterable, CustomStringConvertible {
    /// m independent N(0, I₂) draws per minibatch, from the seeded source.
    case random
    /// The tensor grid of the 1D quantile nodes `Φ⁻¹((i − ½)/q)`, q² = m (m must be a
    /// square): the same deterministic nodes at every step, so Algorithm 1 is a deterministic
    /// map of θ with exact fixed points.
    case grid
    /// The first m points of the Halton sequence in bases 2 and 3 (a low-discrepancy set,
    /// any m), mapped through Φ⁻¹ in each coordinate; deterministic like ``grid``.
    case halton

    public var description: String { rawValue }

    /// Checks that a batch of size m can be drawn (grid needs a square m).
    public func validate(batch m: Int) throws {
        guard m >= 1 else { throw InvalidArgument("a noise batch needs m ≥ 1, got \(m)") }
        if self == .grid {
            let q = Int(Double(m).squareRoot().rounded())
            guard q * q == m else {
                let below = Int(Double(m).squareRoot().rounded(.down))
                throw InvalidArgument("grid noise needs a square batch m = q² (the tensor grid of q quantile nodes), got \(m); the nearest squares are \(below * below) and \((below + 1) * (below + 1))")
            }
        }
    }

    /// One minibatch of size m (``validate(batch:)`` first).
    public func batch(_ m: Int, rng: RandomSource) -> [SIMD2<Double>] {
        switch self {
        case .random:
            return (0..<m).map { _ in
                let x = rng.standardNormal()
                return SIMD2(x, rng.standardNormal())
            }
        case .grid:
            let q = Int(Double(m).squareRoot().rounded())
            let nodes = NoiseMode.quantileNodes(q)
            var out = [SIMD2<Double>]()
            for j in 0..<q { for i in 0..<q { out.append(SIMD2(nodes[i], nodes[j])) } }
            return out
        case .halton:
            let std = try! Normal(mean: 0, standardDeviation: 1)
            return (1...max(1, m)).map { i in
                SIMD2(try! std.quantile(Self.radicalInverse(i, base: 2)), try! std.quantile(Self.radicalInverse(i, base: 3)))
            }
        }
    }

    /// The van der Corput radical inverse of i ≥ 1 in `base`: in (0, 1), never 0 or 1.
    static func radicalInverse(_ i: Int, base: Int) -> Double {
        var n = i, f = 1.0, r = 0.0
        let b = Double(base)
        while n > 0 {
            f /= b
            r += f * Double(n % base)
            n /= base
        }
        return r
    }
}
