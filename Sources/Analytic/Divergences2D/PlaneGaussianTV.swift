import Foundation

/// Total variation of any two bivariate normals (derived for ganflow; not from the paper).
///
/// With A = {p > q} and B = {q > p}, TV = P(A) − Q(A) = P(A) + Q(B) − 1, since Q(A) = 1 − Q(B)
/// when p ≠ q (the curve p = q is Q-null). Each of P(A), Q(B) is the standard-normal mass
/// of the region where a quadratic is positive:
///
/// - in P's whitened coordinates z (x = μp + Lp z, Lp Lpᵀ = Σp, z ~ N(0, I)),
///   ln p − ln q = zᵀMz + bᵀz + c with M = ½(LpᵀΣq⁻¹Lp − I), b = LpᵀΣq⁻¹δ, δ = μp − μq,
///   c = ½δᵀΣq⁻¹δ + ½ ln(det Σq / det Σp) (``LogRatio``);
/// - a rotation to M's eigenbasis keeps N(0, I) and separates the quadratic part:
///   f = λ₁t² + β₁t + κ(s), κ(s) = λ₂s² + β₂s + c, with |λ₁| ≥ |λ₂| along t;
/// - for fixed s the mass in t is closed: N(0, 1) mass outside (λ₁ > 0) or between
///   (λ₁ < 0) the roots of λ₁t² + β₁t + κ(s), computed without cancellation from upper or
///   lower tails; t carries the larger |λ|, so its leading coefficient is never the small one
///   and no root runs to infinity as s varies;
/// - the outer integral ∫φ(s)·mass(s) ds runs over |s| ≤ 40 (beyond, φ < 1e-347) by
///   ``GaussLegendreRule/converged(_:from:to:tolerance:)`` on pieces cut at 0, ±4, ±8, ±16,
///   at the zeros of the discriminant D(s) = β₁² − 4λ₁κ(s) (where the roots appear and the
///   mass has a square-root end) and graded toward D's vertex as s* ± 10⁻ᵏ, k = 0…12 (where
///   D nearly touches 0 the integrand's nearest singularity is that close to s*). Each piece
///   is mapped by s = u + w(3τ² − 2τ³), τ ∈ [0, 1], which turns square-root ends into
///   analytic ones, so the difference of two rules is an honest error estimate.
///
/// M = 0 (one covariance) gives the half-plane mass Φ(c/|b|) directly; M tiny against b
/// (‖M‖ ≤ |b|/400) is integrated in a frame along b instead of M's eigenbasis (``frame(_:)``).
enum PlaneGaussianTV {
    /// ln p − ln q = zᵀMz + bᵀz + c in P's whitened coordinates, M = [[m11, m12], [m12, m22]].
    struct LogRatio: Equatable {
        var m11: Double, m12: Double, m22: Double
        var b1: Double, b2: Double
        var c: Double
    }

    static func logRatio(_ p: PlaneGaussian, _ q: PlaneGaussian) -> LogRatio {
        // Lp = [[a, 0], [e, d]]: a = σx, e = Σxy/σx, d = σy√(1 − r²).
        let a = p.xx.squareRoot(), e = p.xy / a, d = p.yy.squareRoot() * p.conditioning.squareRoot()
        let qi = q.inverse
        let k11 = qi.xx * a * a + 2 * qi.xy * a * e + qi.yy * e * e
        let k12 = (qi.xy * a + qi.yy * e) * d
        let k22 = qi.yy * d * d
        let delta = p.mean - q.mean
        let g1 = qi.xx * delta.x + qi.xy * delta.y, g2 = qi.xy * delta.x + qi.yy * delta.y
        let quad = PlaneGaussian.quadratic(qi, delta)
        return LogRatio(m11: 0.5 * (k11 - 1), m12: 0.5 * k12, m22: 0.5 * (k22 - 1),
                        b1: a * g1 + e * g2, b2: d * g2,
                        c: 0.5 * quad + 0.5 * (q.logDeterminant - p.logDeterminant))
    }

    /// Φ(z) and its complement 1 − Φ(z), each from its own tail (no cancellation).
    static func lower(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
    static func upper(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// N(0, 1) mass of [lo, hi], lo ≤ hi, from the tail that keeps it free of cancellation.
    static func between(_ lo: Double, _ hi: Double) -> Double {
        if lo >= 0 { return upper(lo) - upper(hi) }
        if hi <= 0 { return lower(hi) - lower(lo) }
        return 1 - lower(lo) - upper(hi)
    }

    /// N(0, I) mass of {zᵀMz + bᵀz + c > 0} with its error, or nil when f is identically
    /// c (M = 0 and b = 0: p = q up to rounding).
    static func positiveMass(_ f: LogRatio) throws -> (value: Double, error: Double)? {
        if f.m11 == 0, f.m12 == 0, f.m22 == 0 {
            let norm = (f.b1 * f.b1 + f.b2 * f.b2).squareRoot()
            return norm == 0 ? nil : (lower(f.c / norm), 0)
        }
        // The frame (t inner, s outer): f = A t² + (β₁ + 2μs) t + (νs² + β₂s + c).
        let (a, mu, nu, b1, b2) = frame(f)
        let c = f.c

        // Mass in t for fixed s.
        func inner(_ s: Double) -> Double {
            let slope = b1 + 2 * mu * s, kappa = (nu * s + b2) * s + c
            guard a != 0 else { return lower(kappa / abs(slope)) }
            let disc = slope * slope - 4 * a * kappa
            guard disc > 0 else { return a > 0 ? 1 : 0 }
            let root = disc.squareRoot()
            let qq = -0.5 * (slope + (slope >= 0 ? root : -root))
            let r1 = qq / a, r2 = kappa / qq
            let lo = min(r1, r2), hi = max(r1, r2)
            return a > 0 ? lower(lo) + upper(hi) : between(lo, hi)
        }

        let reach = 40.0
        var cuts: [Double] = [-reach, -16, -8, -4, 0, 4, 8, 16, reach]
        // D(s) = (β₁ + 2μs)² − 4A(νs² + β₂s + c) = d2 s² + d1 s + d0.
        let d2 = 4 * (mu * mu - a * nu), d1 = 4 * (b1 * mu - a * b2), d0 = b1 * b1 - 4 * a * c
        cuts += realRoots(d2, d1, d0)
        if d2 != 0 {
            let vertex = -d1 / (2 * d2)
            cuts.append(vertex)
            for k in 0...12 {
                let step = pow(10, -Double(k))
                cuts += [vertex - step, vertex + step]
            }
        }
        let pieces = Array(Set(cuts.filter { $0.isFinite && abs($0) <= reach })).sorted()
        let density = 1 / (2 * Double.pi).squareRoot()
        var total = 0.0, error = 0.0
        for (u, v) in zip(pieces, pieces.dropFirst()) {
            let w = v - u
            let r = try GaussLegendreRule.converged({ tau in
                let s = u + w * tau * tau * (3 - 2 * tau)
                return density * exp(-0.5 * s * s) * inner(s) * 6 * w * tau * (1 - tau)
            }, from: 0, to: 1, tolerance: 1e-16)
            total += r.value
            error += r.error
        }
        return (min(1, max(0, total)), error + 4 * Double.ulpOfOne * total)
    }

    /// The rotated frame (t, s) of f and f's coefficients in it: A t² + 2μ ts + ν s² + β₁t + β₂s.
    ///
    /// - Normally M's eigenbasis (μ = 0), t along the eigenvalue of larger size: then A is
    ///   the larger |λ| and the inner roots stay finite for every s.
    /// - When M is tiny against b, ‖M‖ ≤ |b|/400 (equal covariances up to rounding, or
    ///   nearly), the eigenbasis is set by rounding and may put b across t with A ~ 1e-16:
    ///   the inner mass then jumps between 0 and 1 across a band of width ~1e-13 in s, which
    ///   no rule resolves. There t runs along b instead: β₁ = |b|, β₂ = 0, and over |s| ≤ 40
    ///   the inner slope β₁ + 2μs stays ≥ 0.8|b| while the inner parabola's vertex
    ///   |slope/(2A)| stays ≥ 160, so the far root never enters the window and the inner mass
    ///   is smooth in s.
    static func frame(_ f: LogRatio) -> (a: Double, mu: Double, nu: Double, b1: Double, b2: Double) {
        let norm = max(abs(f.m11) + abs(f.m12), abs(f.m12) + abs(f.m22))   // ≥ ‖M‖₂
        let bNorm = (f.b1 * f.b1 + f.b2 * f.b2).squareRoot()
        let cs: Double, sn: Double
        if 400 * norm <= bNorm {
            cs = f.b1 / bNorm; sn = f.b2 / bNorm
        } else {
            let theta = 0.5 * atan2(2 * f.m12, f.m11 - f.m22)
            let c0 = cos(theta), s0 = sin(theta)
            let la = f.m11 * c0 * c0 + 2 * f.m12 * c0 * s0 + f.m22 * s0 * s0
            let lb = f.m11 * s0 * s0 - 2 * f.m12 * c0 * s0 + f.m22 * c0 * c0
            // t along the eigenvector of the larger |λ|: (c0, s0) or (−s0, c0).
            (cs, sn) = abs(la) >= abs(lb) ? (c0, s0) : (-s0, c0)
        }
        // t-axis e = (cs, sn), s-axis g = (−sn, cs).
        let a = f.m11 * cs * cs + 2 * f.m12 * cs * sn + f.m22 * sn * sn
        let nu = f.m11 * sn * sn - 2 * f.m12 * cs * sn + f.m22 * cs * cs
        let mixed = (f.m22 - f.m11) * cs * sn + f.m12 * (cs * cs - sn * sn)
        let inEigenbasis = !(400 * norm <= bNorm)
        return (a, inEigenbasis ? 0 : mixed, nu, cs * f.b1 + sn * f.b2, -sn * f.b1 + cs * f.b2)
    }

    /// The real roots of a s² + b s + c (stable formula; a linear or constant one handled).
    static func realRoots(_ a: Double, _ b: Double, _ c: Double) -> [Double] {
        if a == 0 { return b == 0 ? [] : [-c / b] }
        let disc = b * b - 4 * a * c
        guard disc >= 0 else { return [] }
        let q = -0.5 * (b + (b >= 0 ? disc.squareRoot() : -disc.squareRoot()))
        return q == 0 ? [0] : [q / a, c / q]
    }

    /// TV(P, Q) with its error: the two masses' quadrature errors, plus the rounding of the
    /// coefficients carried to the mass (derived bound): each coefficient of f carries a
    /// relative error ≲ 64ε/(1 − r²) through the 2×2 Cholesky factor and inverse, moving the
    /// boundary f = 0 by that fraction of its scale — a mass change ≤ 64ε/(1 − r²); and c
    /// carries an absolute error ≲ 64ε(1 + |c|) against a gradient of f of size
    /// max(|λ|, |b|) on the unit disc, shifting the boundary by their ratio, which moves at
    /// most that much mass (the normal density is < 1). The second term dominates for
    /// nearly equal laws, where f is tiny: there TV is printed with the large error it has.
    static func tv(_ p: PlaneGaussian, _ q: PlaneGaussian) throws -> (value: Double, error: Double) {
        let fp = logRatio(p, q), fq = logRatio(q, p)
        let roundOff = 64 * Double.ulpOfOne / min(p.conditioning, q.conditioning)
        func nearEqual(_ f: LogRatio) -> Double {
            let scale = max(abs(f.m11) + abs(f.m12), abs(f.m12) + abs(f.m22), abs(f.b1), abs(f.b2))
            return scale > 0 ? 64 * Double.ulpOfOne * (1 + abs(f.c)) / scale : .infinity
        }
        let bound = 2 * roundOff + nearEqual(fp) + nearEqual(fq)
        guard let a = try positiveMass(fp), let b = try positiveMass(fq) else {
            return (0, min(1, bound))
        }
        let value = a.value + b.value - 1
        return (min(1, max(0, value)), min(1, a.error + b.error + bound + 2 * Double.ulpOfOne))
    }
}
