import CGSL

/// The n-point Gauss–Legendre rule `∫ₐᵇ f ≈ Σₖ wₖ f(xₖ)`, nodes and weights from GSL's
/// tables (`gsl_integration_glfixed_table_alloc`, `gsl_integration_glfixed_point`), stored
/// on [−1, 1] and mapped to [a, b] affinely.
///
/// Exact for polynomials of degree ≤ 2n − 1. For a function analytic in a Bernstein ellipse
/// around [a, b] with parameter ρ > 1 the error falls like ρ^(−2n), so of two rules n and 2n
/// the larger is far more accurate than their difference, and that difference bounds its
/// error (``converged(_:from:to:tolerance:)`` uses it so, never a single rule). It is no
/// bound for a function with a kink or a square-root end inside or at [a, b]: such
/// points must be made ends of pieces and mapped smooth by the caller.
public struct GaussLegendreRule: Sendable, Equatable {
    /// Nodes on [−1, 1], increasing.
    public let nodes: [Double]
    /// Weights on [−1, 1] (sum 2).
    public let weights: [Double]

    /// The sizes GSL tabulates to full precision. Other sizes it computes on the fly, and
    /// those rules lose accuracy fast: measured on this GSL, the 1000-point rule's weights sum
    /// to 2 + 4.3e-10 and integrate x¹⁸⁰⁰ with a relative error of 1e-7, while every size
    /// here integrates xᵏ (k ≤ 2n − 1) within a few ε. So only these are built.
    public static let tabulatedSizes: [Int] = Array(1...20) + [32, 64, 96, 100, 128, 256, 512, 1024]

    /// The largest rule built: 1024 points resolve any analytic piece whose nearest
    /// singularity is farther than about 1e-3 of its length; a piece that needs more must be
    /// cut instead.
    public static let maximumNodes = 1024

    public init(nodes n: Int) throws {
        guard Self.tabulatedSizes.contains(n) else {
            throw InvalidArgument("a Gauss–Legendre rule is built only for the sizes GSL tabulates to full precision, 1 … 20, 32, 64, 96, 100, 128, 256, 512 or 1024 nodes; got \(n)")
        }
        let table = try GSL.allocate("the \(n)-point Gauss–Legendre table") { gsl_integration_glfixed_table_alloc(n) }
        defer { gsl_integration_glfixed_table_free(table) }
        var x = [Double](repeating: 0, count: n), w = [Double](repeating: 0, count: n)
        for i in 0..<n {
            try GSL.check(gsl_integration_glfixed_point(-1, 1, i, &x[i], &w[i], table),
                          "reading node \(i) of the \(n)-point Gauss–Legendre rule")
        }
        guard x.allSatisfy(\.isFinite), w.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw GSLError(code: Int32(GSL_ESANITY), context: "the \(n)-point Gauss–Legendre rule (non-finite node or weight)")
        }
        let order = x.indices.sorted { x[$0] < x[$1] }
        nodes = order.map { x[$0] }
        weights = order.map { w[$0] }
    }

    /// `Σₖ wₖ f(xₖ)` mapped to [a, b], and `Σₖ |wₖ f(xₖ)|` (the size of the sum's terms).
    public func integrate(_ f: (Double) -> Double, from a: Double, to b: Double) -> (value: Double, size: Double) {
        let half = 0.5 * (b - a), mid = 0.5 * (a + b)
        var s = 0.0, size = 0.0
        for k in nodes.indices {
            let term = weights[k] * f(mid + half * nodes[k])
            s += term
            size += abs(term)
        }
        return (s * half, size * abs(half))
    }

    /// The rules of 16, 32, …, 1024 points, built once.
    static let doubling: Result<[GaussLegendreRule], any Error> = Result {
        try (4...10).map { try GaussLegendreRule(nodes: 1 << $0) }
    }

    /// ∫ₐᵇ f by rules of 16, 32, … points until two successive ones agree within
    /// `tolerance` (absolute; or within 16ε Σ|wₖ f(xₖ)|, the sums' own rounding noise, when
    /// that is larger); the value is the larger rule's, the error the difference
    /// plus the larger sum's own rounding, `(n − 1)ε Σ|wₖ f(xₖ)|` (recursive summation).
    /// Throws when 1024 points do not reach the tolerance (the piece needs cutting) or when
    /// f is not finite at a node.
    public static func converged(_ f: (Double) -> Double, from a: Double, to b: Double,
                                 tolerance: Double) throws -> (value: Double, error: Double) {
        guard a.isFinite, b.isFinite, a <= b, tolerance > 0 else {
            throw InvalidArgument("Gauss–Legendre: needs finite a ≤ b and a positive tolerance, got [\(a), \(b)], \(tolerance)")
        }
        if a == b { return (0, 0) }
        let rules = try doubling.get()
        var previous = rules[0].integrate(f, from: a, to: b)
        guard previous.value.isFinite else {
            throw InvalidArgument("Gauss–Legendre on [\(a), \(b)]: the integrand is not finite at a node")
        }
        var lastGap = Double.infinity
        for rule in rules.dropFirst() {
            let next = rule.integrate(f, from: a, to: b)
            guard next.value.isFinite else {
                throw InvalidArgument("Gauss–Legendre on [\(a), \(b)]: the integrand is not finite at a node")
            }
            let gap = abs(next.value - previous.value)
            let rounding = Double(rule.nodes.count - 1) * Double.ulpOfOne * next.size
            // Two sums of terms of total size S differ by their rounding, ~√n ε S, even
            // where both have converged: a request below 16ε S is met at that floor.
            if gap <= max(tolerance, 16 * Double.ulpOfOne * next.size) {
                return (next.value, gap + rounding)
            }
            lastGap = gap
            previous = next
        }
        throw GSLError(code: Int32(GSL_ETOL),
                       context: "Gauss–Legendre on [\(a), \(b)]: rules of 512 and 1024 points differ by \(lastGap) > \(tolerance)")
    }
}
