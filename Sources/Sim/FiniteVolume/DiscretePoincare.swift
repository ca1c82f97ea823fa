/// The discrete Poincaré constant `C_P^h` of the finite-volume scheme (docs/MATH.md D6, discrete
/// form; derived): the best constant in
/// `Var_h(g) ≤ C_P^h Σ_faces ρd(x_{i+½})(g_{i+1} − gᵢ)²/h`, `Var_h(g) = Σ hρdᵢ(gᵢ − ḡ)²`,
/// i.e. `1/λ₁` for the smallest non-zero eigenvalue of `K g = λ M g` with K the
/// finite-volume Laplacian weighted by ρd at the faces and `M = diag(h ρdᵢ)` the cell masses
/// (GSL's generalised symmetric eigensolver). Needs a connected support (all cells active).
public enum DiscretePoincare {
    /// The matrices (row-major) of the generalised eigenproblem on the problem's grid.
    public static func matrices(_ problem: FlowProblem) throws -> (stiffness: [Double], mass: [Double]) {
        guard problem.active.allSatisfy({ $0 }) else {
            throw InvalidArgument("discrete Poincaré constant: the target's support has a gap; C_P^h is infinite")
        }
        let n = problem.grid.cells, h = problem.grid.spacing
        var k = [Double](repeating: 0, count: n * n), m = k
        for i in 0..<n { m[i * n + i] = h * problem.targetAverages[i] }
        for f in 0..<(n - 1) {
            let c = problem.faceWeights[f] * h   // ρd(x_{f+½})/h
            k[f * n + f] += c; k[(f + 1) * n + f + 1] += c
            k[f * n + f + 1] -= c; k[(f + 1) * n + f] -= c
        }
        return (k, m)
    }

    /// `C_P^h = 1/λ₁` (λ₀ = 0 belongs to the constants).
    public static func constant(_ problem: FlowProblem) throws -> Double {
        let (k, m) = try matrices(problem)
        let values = try GeneralizedEigen.eigenvalues(a: k, b: m, dimension: problem.grid.cells)
        guard values.count >= 2, values[1] > 0 else {
            throw InvalidArgument("discrete Poincaré constant: no positive eigenvalue (got \(values.prefix(2)))")
        }
        return 1 / values[1]
    }
}
