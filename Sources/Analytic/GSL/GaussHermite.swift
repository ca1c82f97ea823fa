import CGSL

/// The n-point Gauss–Hermite rule for expectations under the standard normal,
/// `E[f(Z)] ≈ Σₖ wₖ f(zₖ)`, Z ~ N(0, 1), from GSL's fixed-point quadrature
/// (`gsl_integration_fixed_hermite` with weight `exp(−x²/2)`: nodes and weights by the
/// Golub–Welsch eigenvalue method), the weights divided by √(2π) so that they sum to 1.
///
/// Exact for polynomials of degree ≤ 2n − 1; for analytic integrands the error falls
/// geometrically in n, so the difference between two rules (n and a larger n′) is an error
/// estimate for the smaller one — the use in ganflow, which never trusts a single rule.
/// Tensor products give expectations under N(0, I₂).
public struct GaussHermiteRule: Sendable, Equatable {
    public let nodes: [Double]
    /// Weights summing to 1 (to round-off).
    public let weights: [Double]

    /// The largest n accepted: GSL's eigenvalue solve stays accurate (nodes up to ~√(4n),
    /// weights down to e^{−2n}, which underflow beyond n ≈ 350), and 300 nodes integrate
    /// polynomials of degree 599 — more than any smooth expectation here needs.
    public static let maximumNodes = 300

    public init(nodes n: Int) throws {
        guard (1...Self.maximumNodes).contains(n) else {
            throw InvalidArgument("a Gauss–Hermite rule needs 1 … \(Self.maximumNodes) nodes, got \(n)")
        }
        GSL.ensureReady()
        guard let w = gsl_integration_fixed_alloc(cgsl_integration_fixed_hermite(), n, 0, 0.5, 0, 0) else {
            throw GSLError(code: Int32(GSL_ENOMEM), context: "allocating the \(n)-point Gauss–Hermite rule")
        }
        defer { gsl_integration_fixed_free(w) }
        let x = gsl_integration_fixed_nodes(w)!, v = gsl_integration_fixed_weights(w)!
        let norm = 1 / (2 * Double.pi).squareRoot()
        let z = (0..<n).map { x[$0] }, wt = (0..<n).map { v[$0] * norm }
        guard z.allSatisfy(\.isFinite), wt.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw GSLError(code: Int32(GSL_ESANITY), context: "computing the \(n)-point Gauss–Hermite rule (non-finite node or weight)")
        }
        nodes = z
        weights = wt
    }

    /// `Σₖ wₖ f(zₖ)`.
    public func expectation(_ f: (Double) -> Double) -> Double {
        zip(nodes, weights).reduce(0) { $0 + $1.1 * f($1.0) }
    }
}
