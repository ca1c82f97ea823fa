import Foundation

/// A Poincaré constant `C_P` of a target density, `Var_ρd(g) ≤ C_P ∫ρd|∇g|²` (D6,
/// derived), and whether it is the optimal constant or only an upper bound (which is all
/// D6's rate needs).
///
/// - normal N(m, s²): `C_P = s²` (exact; Gaussian Poincaré inequality).
/// - uniform on an interval of length L: `C_P = L²/π²` (exact; first non-zero Neumann
///   eigenvalue π²/L² of −d²/dx²).
/// - a normal N(m, s²) truncated to an interval: `C_P ≤ s²` (a bound, Bakry–Émery: the
///   restriction of a 1/s²-log-concave density to a convex set).
///
/// Made only by the constructors below (the synthesised memberwise initialiser).
public struct PoincareConstant: Sendable, Equatable, CustomStringConvertible {
    public let value: Double
    /// True when `value` is the optimal constant, false when it is an upper bound.
    public let isExact: Bool

    public static func normal(_ d: Normal) -> PoincareConstant {
        PoincareConstant(value: d.variance, isExact: true)
    }

    public static func uniform(_ d: Uniform) -> PoincareConstant {
        PoincareConstant(value: d.width * d.width / (Double.pi * Double.pi), isExact: true)
    }

    /// For a truncated normal: the bound s² of its base.
    public static func truncatedNormal(_ d: Truncated) -> PoincareConstant? {
        guard let n = d.base as? Normal else { return nil }
        return PoincareConstant(value: n.variance, isExact: false)
    }

    /// The constant (or bound) for the densities above, nil for others (e.g. mixtures,
    /// whose constant depends on the depth of the valley and has no closed form).
    public static func of(_ d: any Density) -> PoincareConstant? {
        switch d {
        case let n as Normal: return normal(n)
        case let u as Uniform: return uniform(u)
        case let t as Truncated:
            // A truncated uniform is the uniform on [lower, upper] (bounds already clamped).
            if t.base is Uniform {
                return PoincareConstant(value: pow(t.upper - t.lower, 2) / (Double.pi * Double.pi), isExact: true)
            }
            return truncatedNormal(t)
        default: return nil
        }
    }

    public var description: String { "\(isExact ? "C_P =" : "C_P ≤") \(value)" }
}
