import Analytic

/// The computation of bench/quadrature: JS(normal(0,1) ‖ ½N(−2, 0.6²) + ½N(2, 0.6²))
/// (natural log, value 0.326965878286716) by `Divergences.compute(.js, …)`, beside the
/// scipy.integrate.quad peer (bench/quadrature/peer.py). Each call is a full computation:
/// splitting points, GSL QAGS on each finite piece, QAGIL/QAGIU on the two tails.
public struct JSQuadrature: Sendable {
    public let p: any Density
    public let q: any Density

    public init() throws {
        p = try Normal(mean: 0, standardDeviation: 1)
        q = try Mixture(weights: [0.5, 0.5], components: [try Normal(mean: -2, standardDeviation: 0.6),
                                                          try Normal(mean: 2, standardDeviation: 0.6)])
    }

    /// One JS computation, with its error estimate and integrand-evaluation count.
    public func run() throws -> DivergenceResult {
        try Divergences.compute(.js, p: p, q: q)
    }
}
