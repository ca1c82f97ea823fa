import Foundation
import Analytic

/// Mode coverage on a ring target `ring(k, r, σ)`: each sample is assigned to the nearest
/// mode centre `(r cos 2πj/k, r sin 2πj/k)`; a mode is *covered* when it holds at least half
/// of its mass share, `count_j ≥ ½ · n/k`. The standard measure of mode collapse: a target's
/// own samples cover all k modes with high probability when the modes are well separated
/// (each holds ~n/k ± √(n/k)).
///
/// With `within` = nil every sample counts (the plain criterion). A broad Gaussian centred on
/// the ring's centre then gives every sector its share 1/k and "covers" all modes while its
/// samples lie between them; with `within` = ρ (3σ is the usual choice) a sample counts for
/// its nearest mode only when it lies within ρ of that centre, so coverage needs mass *at*
/// the modes.
public struct ModeCoverage: Sendable, Equatable, CustomStringConvertible {
    /// Samples per mode.
    public let counts: [Int]
    /// Modes with count ≥ ½ n/k.
    public let covered: Int

    /// The radius a sample must lie within (nil: any distance).
    public let within: Double?

    public init(samples: [SIMD2<Double>], ring: Ring2D, within: Double? = nil) {
        self.within = within
        let k = ring.components
        let centres = (0..<k).map { j -> SIMD2<Double> in
            let a = 2 * Double.pi * Double(j) / Double(k)
            return ring.radius * SIMD2(cos(a), sin(a))
        }
        var c = [Int](repeating: 0, count: k)
        for p in samples {
            var best = 0, bestD = Double.infinity
            for (j, q) in centres.enumerated() {
                let d = ((p - q) * (p - q)).sum()
                if d < bestD { bestD = d; best = j }
            }
            if let r = within, bestD > r * r { continue }
            c[best] += 1
        }
        counts = c
        let threshold = 0.5 * Double(samples.count) / Double(k)
        covered = c.filter { Double($0) >= threshold }.count
    }

    public var description: String {
        "\(covered) of \(counts.count) modes covered (samples per mode \(counts)\(within.map { ", counting samples within \($0) of a centre" } ?? ""))"
    }
}
