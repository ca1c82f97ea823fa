import Foundation

/// Random 2D density specs drawn from a seeded ``SplitMix64``, for the 2D property tests: the
/// seed is the property's input (printed on failure with the spec), and the spec goes through
/// the 2D parser like a user's.
///
/// Bounds: every location lies in [−2, 2] (in [0.2, 0.8] for factors on [0, 1]), every scale
/// in [0.4, 1.5], correlations in [−0.9, 0.9], beta shapes in [1, 5] (bounded densities,
/// zero only at the ends of [0, 1]), ring radii in [0.5, 2.5] with 2–6 components — so on the
/// boxes used with them ([−4, 4] per normal-type coordinate, [0, 1] per beta coordinate) every
/// target has a positive cell average in every cell, far above underflow.
public enum RandomPlaneSpecs {
    static func uniform(_ rng: inout SplitMix64, _ a: Double, _ b: Double) -> Double {
        a + (b - a) * Double(rng.next() >> 11) * 0x1p-53
    }
    static func num(_ x: Double) -> String { "\(x)" }

    /// What a coordinate of a product target lives on.
    public enum Axis: Sendable { case line, unit }

    /// A 1D factor on `axis`: normal (line), beta or uniform(0,1) (unit).
    public static func factor(_ rng: inout SplitMix64, _ axis: Axis) -> String {
        switch axis {
        case .line:
            return "normal(\(num(uniform(&rng, -2, 2))),\(num(uniform(&rng, 0.4, 1.5))))"
        case .unit:
            return rng.below(2) == 0 ? "beta(\(num(uniform(&rng, 1, 5))),\(num(uniform(&rng, 1, 5))))" : "uniform(0,1)"
        }
    }

    public static func normal2(_ rng: inout SplitMix64) -> String {
        "normal2(\(num(uniform(&rng, -2, 2))),\(num(uniform(&rng, -2, 2))),\(num(uniform(&rng, 0.4, 1.5))),\(num(uniform(&rng, 0.4, 1.5))),\(num(uniform(&rng, -0.9, 0.9))))"
    }

    public static func ring(_ rng: inout SplitMix64) -> String {
        "ring(\(2 + rng.below(5)),\(num(uniform(&rng, 0.5, 2.5))),\(num(uniform(&rng, 0.4, 1))))"
    }

    /// A random spec on the plane (all coordinates on the line): normal2, a product of
    /// normals, a ring, or a mixture of two of them, sometimes truncated to a box inside
    /// [−4, 4]² that holds most of the mass.
    public static func lineSpec(_ rng: inout SplitMix64) -> String {
        func leaf(_ rng: inout SplitMix64) -> String {
            switch rng.below(3) {
            case 0: return normal2(&rng)
            case 1: return "product(\(factor(&rng, .line)),\(factor(&rng, .line)))"
            default: return ring(&rng)
            }
        }
        var s: String
        if rng.below(3) == 0 {
            let w = uniform(&rng, 0.1, 0.9)
            s = "mixture(\(num(w))*\(leaf(&rng)),\(num(1 - w))*\(leaf(&rng)))"
        } else {
            s = leaf(&rng)
        }
        if rng.below(4) == 0 {
            s = "truncated(\(s),\(num(uniform(&rng, -4, -1))),\(num(uniform(&rng, 1, 4))),\(num(uniform(&rng, -4, -1))),\(num(uniform(&rng, 1, 4))))"
        }
        return s
    }
}
