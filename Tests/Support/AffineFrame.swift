import Analytic
import PropertyBased
import Foundation

/// A density tree with dyadic parameters, printable in any frame x ↦ a·x + b where
/// a = ±2^e and b = B·2^e/64 (B an integer): every mapped parameter is then an exact
/// double (an integer below 2^53 times a power of two), so the mapped pair is *exactly*
/// the image of the original and an f-divergence must not change at all — only the two
/// computations' own errors may separate them.
///
/// Canonical parameters: locations k/64 with |k| ≤ 256 (|μ| ≤ 4), scales j/64 with
/// j ∈ [16, 192] (σ ∈ [0.25, 3]), Student ν log-uniform in [0.5, 1e15], uniform widths
/// j/64, mixture weights m/64 and 1 − m/64 with m ∈ [4, 60], truncation bounds at the
/// base's first location ± [1/8, 2], so a truncation keeps ≳ 1 % of its base's mass.
public indirect enum DyadicDensity: Sendable, CustomStringConvertible {
    case normal(k: Int, j: Int)
    case laplace(k: Int, j: Int)
    case logistic(k: Int, j: Int)
    case student(nu: Double, k: Int, j: Int)
    case uniform(k: Int, j: Int)
    case mixture(m: Int, DyadicDensity, DyadicDensity)
    case truncated(DyadicDensity, lower: Int, upper: Int)

    /// The spec in the frame x ↦ sign·2^e·x + B·2^e/64.
    public func spec(_ f: Frame) -> String {
        switch self {
        case let .normal(k, j): return "normal(\(f.x(k)),\(f.s(j)))"
        case let .laplace(k, j): return "laplace(\(f.x(k)),\(f.s(j)))"
        case let .logistic(k, j): return "logistic(\(f.x(k)),\(f.s(j)))"
        case let .student(nu, k, j): return "student(\(nu),\(f.x(k)),\(f.s(j)))"
        case let .uniform(k, j):
            let (l, u) = f.interval(k, k + j)
            return "uniform(\(l),\(u))"
        case let .mixture(m, a, b):
            return "mixture(\(Double(m) / 64)*\(a.spec(f)),\(Double(64 - m) / 64)*\(b.spec(f)))"
        case let .truncated(base, lo, hi):
            let (l, u) = f.interval(lo, hi)
            return "truncated(\(base.spec(f)),\(l),\(u))"
        }
    }

    public var description: String { spec(.identity) }

    /// Whether an interval (uniform or truncation) occurs: those need |b|/|a| small enough
    /// that the width stays ≥ 1e-12 of the end points (an accepted-range limit).
    public var hasInterval: Bool {
        switch self {
        case .uniform, .truncated: return true
        case let .mixture(_, a, b): return a.hasInterval || b.hasInterval
        default: return false
        }
    }

    /// The first location index (for placing truncation bounds).
    var anchor: Int {
        switch self {
        case let .normal(k, _), let .laplace(k, _), let .logistic(k, _), let .student(_, k, _), let .uniform(k, _): return k
        case let .mixture(_, a, _): return a.anchor
        case let .truncated(b, _, _): return b.anchor
        }
    }
}

/// The affine frame x ↦ sign·2^e·x + B·2^e/64.
public struct Frame: Sendable, CustomStringConvertible {
    public var exponent: Int
    public var negative: Bool
    public var shift: Int64
    public init(exponent: Int, negative: Bool, shift: Int64) {
        self.exponent = exponent; self.negative = negative; self.shift = shift
    }
    public static let identity = Frame(exponent: 0, negative: false, shift: 0)
    public var description: String { "x ↦ \(negative ? "-" : "")2^\(exponent)·x + \(shift)·2^\(exponent)/64" }

    var unit: Double { Double(sign: .plus, exponent: exponent - 6, significand: 1) }
    /// The image of the location k/64.
    func x(_ k: Int) -> Double { Double((negative ? -Int64(k) : Int64(k)) + shift) * unit }
    /// The image of the scale j/64.
    func s(_ j: Int) -> Double { Double(j) * unit }
    /// The image of [lo/64, hi/64], ends in order.
    func interval(_ lo: Int, _ hi: Int) -> (Double, Double) {
        negative ? (x(hi), x(lo)) : (x(lo), x(hi))
    }
}

public struct AffinePair: Sendable, CustomStringConvertible {
    public var p: DyadicDensity
    public var q: DyadicDensity
    public var frame: Frame
    public var description: String {
        "P = \(p.spec(.identity)), Q = \(q.spec(.identity)); frame \(frame): P' = \(p.spec(frame)), Q' = \(q.spec(frame))"
    }
}

public enum AffineFrames {
    /// A dyadic density from uniform numbers (leaf, mixture of two leaves, or a truncation).
    static func density(_ u: [Double]) -> DyadicDensity {
        func leaf(_ o: Int) -> DyadicDensity {
            let k = Int(u[o + 1] * 512) - 256, j = 16 + Int(u[o + 2] * 176)
            switch Int(u[o] * 5) {
            case 0: return .normal(k: k, j: j)
            case 1: return .laplace(k: k, j: j)
            case 2: return .logistic(k: k, j: j)
            case 3: return .student(nu: 0.5 * pow(2e15, u[o + 3]), k: k, j: j)
            default: return .uniform(k: k, j: j)
            }
        }
        let shape = u[0]
        let first = leaf(1)
        if shape < 0.4 { return first }
        let mixed: DyadicDensity = .mixture(m: 4 + Int(u[5] * 56), first, leaf(6))
        if shape < 0.75 { return mixed }
        let base = u[10] < 0.5 ? first : mixed
        let c = base.anchor
        return .truncated(base, lower: c - 8 - Int(u[11] * 120), upper: c + 8 + Int(u[12] * 120))
    }

    /// Pairs in a random frame: scale 2^e with e ∈ [−40, 40] (1e-12…1e12), either sign,
    /// shift B·2^e/64 with |B| < 2^50 (locations to ~1e15 scale units, and to 1e15·2^e)
    /// — or |B| < 2^40 when an interval occurs.
    public static func pairs() -> Generator<AffinePair, some SendableSequenceType> {
        let numbers = Gen.double(in: 0...1).array(of: 13...13)
        return zip(numbers, numbers, Gen.int(in: -40...40), Gen.bool(), Gen.double(in: 0...1), Gen.double(in: -1...1))
            .map { a, b, e, neg, mag, frac in
                let p = density(a), q = density(b)
                let bits = p.hasInterval || q.hasInterval ? 40.0 : 50.0
                let shift = Int64((frac * pow(2, mag * bits)).rounded())
                return AffinePair(p: p, q: q, frame: Frame(exponent: e, negative: neg, shift: shift))
            }
    }
}

