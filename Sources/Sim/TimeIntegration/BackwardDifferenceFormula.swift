/// The coefficients of the k-step backward differentiation formulas (BDF) and of their
/// numerical-differentiation variants (NDF, Klopfenstein–Shampine), written in backward
/// differences `∇ʲyₙ₊₁` (Shampine & Reichelt, "The MATLAB ODE suite", SIAM J. Sci. Comput.
/// 18, 1997):
///
/// `Σ_{j=1}^{k} (1/j) ∇ʲyₙ₊₁ − κₖ γₖ (yₙ₊₁ − y⁽⁰⁾ₙ₊₁) = h F(tₙ₊₁, yₙ₊₁)`,
///
/// with `γₖ = Σ_{j=1}^{k} 1/j`, the predictor `y⁽⁰⁾ₙ₊₁ = Σ_{j=0}^{k} ∇ʲyₙ` (the polynomial
/// through the last k+1 points, extrapolated) and κₖ = 0 for the BDFs. In the correction
/// `d = yₙ₊₁ − y⁽⁰⁾ₙ₊₁` the formula reads
///
/// `d − (h/αₖ) F(tₙ₊₁, y⁽⁰⁾ + d) + ψ = 0`, `αₖ = (1 − κₖ)γₖ`, `ψ = (1/αₖ) Σ_{j=1}^{k} γⱼ ∇ʲyₙ`,
///
/// and its local error is `(κₖγₖ + 1/(k+1)) · d` to leading order (d = ∇^{k+1}yₙ₊₁).
/// Both families have order k. The NDF's κₖ (−0.1850, −1/9, −0.0823, −0.0415, 0) trade a
/// little of the BDFs' stability angle for a smaller error constant: steps about 26 % larger
/// at the same accuracy at orders 1–3, 12 % at order 4 (Shampine & Reichelt).
/// Orders 1 and 2 are A-stable in both families; higher orders are A(α)-stable, which
/// suffices for the real negative spectrum of the finite-volume Jacobian.
public enum BackwardDifferenceFormula: String, Sendable, CaseIterable {
    /// κ = 0: the classical BDFs.
    case bdf
    /// Klopfenstein–Shampine numerical differentiation formulas.
    case ndf

    /// Highest order supported (BDFs beyond 6 are not zero-stable; 5 is the usual cap).
    public static let maxOrder = 5

    /// κₖ for k = 0…5 (index 0 unused).
    public func kappa(_ k: Int) -> Double {
        switch self {
        case .bdf: return 0
        case .ndf: return [0, -0.1850, -1.0 / 9, -0.0823, -0.0415, 0][k]
        }
    }

    /// γₖ = Σ_{j=1}^{k} 1/j (γ₀ = 0).
    public static func gamma(_ k: Int) -> Double {
        var s = 0.0
        if k >= 1 { for j in 1...k { s += 1 / Double(j) } }
        return s
    }

    /// αₖ = (1 − κₖ)γₖ: the corrector is `d − (h/αₖ)F + ψ = 0`.
    public func alpha(_ k: Int) -> Double { (1 - kappa(k)) * Self.gamma(k) }

    /// The local error constant `κₖγₖ + 1/(k+1)`: local error ≈ constant · ∇^{k+1}yₙ₊₁.
    public func errorConstant(_ k: Int) -> Double { kappa(k) * Self.gamma(k) + 1 / Double(k + 1) }

    /// The matrix that maps the backward differences `∇¹…∇ᵏ` of a solution sampled at
    /// spacing h to those at spacing `ratio·h`, both ending at the same point (∇⁰ = yₙ does
    /// not change). From Newton's backward interpolation polynomial
    /// `P(tₙ + s h) = Σ_m φ_m(s) ∇ᵐyₙ`, `φ_m(s) = s(s+1)…(s+m−1)/m!`, the new differences are
    /// `∇ʲ_new = Σ_{i=0}^{j} (−1)ⁱ C(j, i) P(tₙ − i·ratio·h)`, so entry (j, m) (1-based in
    /// the formula, 0-based in the result) is `Σ_{i=0}^{j} (−1)ⁱ C(j, i) φ_m(−i·ratio)`.
    /// Exact for polynomials of degree ≤ k.
    public static func stepChangeMatrix(order k: Int, ratio: Double) -> [[Double]] {
        var a = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for j in 1...max(1, k) where j <= k {
            var binomial = 1.0   // C(j, i), updated along i
            for i in 0...j {
                let s = -Double(i) * ratio
                let sign: Double = i % 2 == 0 ? 1 : -1
                var phi = 1.0    // φ_m(s), built up along m
                for m in 1...k {
                    phi *= (s + Double(m - 1)) / Double(m)
                    a[j - 1][m - 1] += sign * binomial * phi
                }
                binomial = binomial * Double(j - i) / Double(i + 1)
            }
        }
        return a
    }
}
