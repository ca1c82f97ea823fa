import Foundation
import PropertyBased

/// A random symmetric eigenproblem with a spectrum known by construction, for testing an
/// eigensolver on its own: dimension `n`, a seed for the matrices, and the number of decades
/// the eigenvalue magnitudes spread over.
///
/// ``spectrum(signs:)`` draws magnitudes `10^(spread·U)` (U uniform on [0, 1)), and
/// ``householderProduct()`` an orthogonal Q as a product of three Householder reflections
/// `I − 2vvᵀ/vᵀv`; a test forms `Q Λ Qᵀ` (or a generalised pair on top of it) and compares
/// what the solver returns with Λ. Every draw comes from one ``SplitMix64`` seeded by
/// `seed`, in the order the test asks, so a printed case reproduces its matrices.
public struct KnownSpectrumCase: CustomStringConvertible, Sendable {
    public var n: Int
    public var seed: UInt64
    public var spread: Double
    public var description: String { "n = \(n), seed \(seed), eigenvalue spread 10^\(spread)" }

    /// Cases with `n` in `dimensions`, any 31-bit seed, spreads of 0…8 decades.
    public static func cases(dimensions: ClosedRange<Int>) -> Generator<KnownSpectrumCase, some SendableSequenceType> {
        zip(Gen.int(in: dimensions), Gen.int(in: 0...Int(Int32.max)), Gen.double(in: 0...8))
            .map { KnownSpectrumCase(n: $0, seed: UInt64($1), spread: $2) }
    }

    /// The seeded draws of one case.
    public struct Draws {
        var rng: SplitMix64
        let n: Int
        let spread: Double

        /// A uniform double in [0, 1) with 53 random bits.
        public mutating func unit() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }

        /// n eigenvalues of magnitude 10^(spread·U), the k-th negative where `negative(k)`.
        public mutating func spectrum(negative: (Int) -> Bool) -> [Double] {
            (0..<n).map { k in
                let magnitude = pow(10, spread * unit())
                return negative(k) ? -magnitude : magnitude
            }
        }

        /// An orthogonal n × n matrix (rows of arrays): the product of three Householder
        /// reflections with random directions (a zero direction is skipped).
        public mutating func householderProduct() -> [[Double]] {
            var q = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
            for _ in 0..<3 {
                let v = (0..<n).map { _ in unit() - 0.5 }
                let vv = v.reduce(0) { $0 + $1 * $1 }
                guard vv > 0 else { continue }
                for row in 0..<n {
                    let dot = (0..<n).reduce(0.0) { $0 + q[row][$1] * v[$1] }
                    for j in 0..<n { q[row][j] -= 2 * dot * v[j] / vv }
                }
            }
            return q
        }
    }

    /// A fresh generator for this case's matrices.
    public var draws: Draws { Draws(rng: SplitMix64(state: seed), n: n, spread: spread) }
}
