import Foundation
import Sim

/// An upper bound on the discrete Poincaré constant `C_P^h = 1/λ₁` of a finite-volume problem,
/// computed by the tests independently of the library's dense eigen-solve
/// (``DiscretePoincare/constant(_:)``) and accurate for graded targets.
///
/// Why: the dense generalised solver's error in λ₁ is of order ε·λ_max (λ_max up to
/// 4 max w / min ρdᵢ), i.e. relative ε·λ_max/λ₁ — for targets whose cell averages span
/// 1e-14…1 on a fine grid that is no longer small, so a test cannot just widen GSL's value by a
/// fixed factor.
///
/// How: with face weights cₖ = ρd(x_{k+½})/h and cell masses mᵢ = hρdᵢ, the pencil
/// `K − xM` (K the path Laplacian of the c) is tridiagonal; by Sylvester's law of inertia the
/// number of negative pivots of its LDLᵀ factorisation is the number of generalised
/// eigenvalues below x. The pivots are run in differential form, `dᵢ = cᵢ + sᵢ`,
/// `s₁ = −x m₁`, `sᵢ = c_{i−1} s_{i−1}/d_{i−1} − x mᵢ` (algebraically the usual recurrence
/// `dᵢ = c_{i−1} + cᵢ − x mᵢ − c_{i−1}²/d_{i−1}`, without its cancellation of c_{i−1} against
/// c_{i−1}²/d_{i−1}, which loses every small weight next to a large one): each pivot comes
/// from products, quotients and one sum of terms with known signs, so the count is exact for
/// weights and masses perturbed by a few ulps, and by Courant–Fischer λ₁ moves by a few ε
/// relative under such perturbations. Geometric bisection brackets λ₁ (count 1 below, ≥ 2
/// above) to relative width 1e-13; the constant returned is 1/lower end · (1 + 1e-9),
/// the margin ≫ the few-ε perturbation.
public enum PoincareCertificate {
    /// Number of generalised eigenvalues of K g = λ M g below x.
    static func count(below x: Double, weights c: [Double], masses m: [Double]) -> Int {
        let n = m.count
        var negative = 0
        var s = -x * m[0]
        for i in 0..<n {
            let ci = i < n - 1 ? c[i] : 0
            var d = ci + s
            if d == 0 { d = -Double.leastNormalMagnitude }   // a zero pivot counts as just below
            if d < 0 { negative += 1 }
            if i < n - 1 { s = ci * s / d - x * m[i + 1] }
        }
        return negative
    }

    /// An upper bound on C_P^h (see the type's comment). Needs a connected support.
    public static func constant(_ problem: FlowProblem) throws -> Double {
        guard problem.active.allSatisfy({ $0 }) else {
            throw InvalidCertificate("the target's support has a gap; C_P^h is infinite")
        }
        let h = problem.grid.spacing
        let c = problem.faceWeights.map { $0 * h }
        let m = problem.targetAverages.map { $0 * h }
        // Gershgorin on M⁻¹K: every eigenvalue is ≤ max 2(c_{i−1} + cᵢ)/mᵢ.
        var top = 0.0
        for i in m.indices {
            let left = i > 0 ? c[i - 1] : 0, right = i < c.count ? c[i] : 0
            top = max(top, 2 * (left + right) / m[i])
        }
        var hi = top * 1.01, lo = top * 1e-280
        guard count(below: hi, weights: c, masses: m) == m.count, count(below: lo, weights: c, masses: m) <= 1 else {
            throw InvalidCertificate("eigenvalue bracket [\(lo), \(hi)] does not hold λ₁")
        }
        while hi / lo - 1 > 1e-13 {
            let mid = (lo * hi).squareRoot()
            if count(below: mid, weights: c, masses: m) >= 2 { hi = mid } else { lo = mid }
        }
        return (1 / lo) * (1 + 1e-9)
    }

    public struct InvalidCertificate: Error, CustomStringConvertible {
        public let description: String
        init(_ d: String) { description = "Poincaré certificate: " + d }
    }
}
