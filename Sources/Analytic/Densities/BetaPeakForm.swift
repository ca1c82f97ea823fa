import Foundation

/// ln beta(a, b) written about its mode, for a, b ≥ 30 (derived):
///
/// `ln p(x) = C + (a−1)·ln(1 + δ/m) + (b−1)·ln(1 − δ/c)`, δ = x − m, c = 1 − m,
///
/// with m a double chosen so that c = 1 − m is exact (Sterbenz), the linear parts
/// `δ·((a−1)/m − (b−1)/c)` separated (the bracket vanishes at the exact mode and is
/// formed with exact products), and `C = ln p(m)` from Stirling's series without any
/// term of size a:
///
/// `C = Σ_{x∈{a,b}} [(x−1)(log1p(−1/x) − log1p(−2/s)) − ½ ln(x/s)] + ½ ln s − ½ ln 2π − μ(a) − μ(b) + μ(s)`,
/// s = a + b, μ(x) = 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) (omitted term
/// < 1/(1188x⁹) < 1e-16 for x ≥ 30). m differs from the exact mode by ≤ ε, which moves C
/// only at second order (a·ε²).
struct BetaPeakForm: Sendable, Equatable {
    let am1: Double, bm1: Double
    let m: Double, c: Double
    let logPeak: Double
    let linear: Double

    init(_ a: Double, _ b: Double) {
        am1 = a - 1; bm1 = b - 1
        let mode = am1 / (am1 + bm1)
        if mode <= 0.5 { c = 1 - mode; m = 1 - c } else { m = mode; c = 1 - m }
        let s = a + b
        func mu(_ x: Double) -> Double {
            let r = 1 / (x * x)
            return (1 / (12 * x)) * (1 - r * (1.0 / 30 - r * (1.0 / 105 - r / 140)))
        }
        var cc = 0.5 * log(s) - 0.5 * log(2 * Double.pi) - mu(a) - mu(b) + mu(s)
        for x in [a, b] { cc += (x - 1) * (log1p(-1 / x) - log1p(-2 / s)) - 0.5 * log(x / s) }
        logPeak = cc
        // (a−1)/m − (b−1)/c = ((a−1)c − (b−1)m)/(mc), numerator from exact products.
        let p1 = am1 * c, e1 = fma(am1, c, -p1)
        let p2 = bm1 * m, e2 = fma(bm1, m, -p2)
        linear = ((p1 - p2) + (e1 - e2)) / (m * c)
    }

    /// At `anchor + offset`. Near an end the distance to it is taken exactly — x itself for
    /// an anchor below ½, y = (1 − anchor) − offset above (1 − anchor is exact there) — and
    /// where x < m/2 (y < c/2) that term is (a−1)(ln(x/m) − (x/m − 1)): δ = x − m would round
    /// x away (at y = 1e-300 below 1, δ/c rounds to 1 and the density to 0, which made a
    /// finite KL look infinite).
    func logPDF(anchor: Double, offset: Double) -> Double {
        let d = (anchor - m) + offset
        var left = am1 * Self.log1pmx(d / m), right = bm1 * Self.log1pmx(-d / c)
        if anchor < 0.5 {
            let x = anchor + offset
            guard x >= 0 else { return -.infinity }
            if x < 0.5 * m { left = am1 * (log(x / m) - (x / m - 1)) }
        } else {
            let y = (1 - anchor) - offset
            guard y >= 0 else { return -.infinity }
            if y < 0.5 * c { right = bm1 * (log(y / c) - (y / c - 1)) }
        }
        guard left > -.infinity, right > -.infinity else { return -.infinity }
        return logPeak + left + right + d * linear
    }

    /// ln(1 + u) − u without cancellation: for |u| < ¼ from the atanh series
    /// ln(1+u) = 2(w + w³/3 + w⁵/5 + …), w = u/(2+u), so ln(1+u) − u = −u²/(2+u) + 2w³(1/3 + w²/5 + …).
    static func log1pmx(_ u: Double) -> Double {
        if u <= -1 { return -.infinity }
        guard abs(u) < 0.25 else { return log1p(u) - u }
        let w = u / (2 + u), w2 = w * w
        var term = 1.0 / 3, sum = 0.0, p = 1.0
        for k in 0..<12 {
            sum += p * term
            p *= w2
            term = 1 / Double(2 * k + 5)
        }
        return -u * u / (2 + u) + 2 * w * w2 * sum
    }
}
