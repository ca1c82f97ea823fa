import Foundation

/// Algorithm 1 with a fully flexible 1D generator at fixed noise quantiles and the exact
/// discriminator (D9): the generator's samples are its parameters, X₀ = a < X₁ < … < X_N = b,
/// particle i carrying the noise quantile i/N, so the generator's density is piecewise
/// constant, `ρ = (1/N)/(X_{i+1} − X_i)` between neighbours. The end particles stay at the
/// walls of the target's support [a, b] (zero flux).
///
/// Written from the discriminator, not from a flow solver:
/// - D* on cell i+½ is `ρd/(ρd + ρ)` with the cell averages, i.e. `D = μᵢ/(μᵢ + 1/N)`,
///   `μᵢ = ρd-mass of [Xᵢ, X_{i+1}]` (cancellation-free interval mass);
/// - eq. (22) needs `∇D/(2(1 − D)) = −½ ∇ln(1 − D)`, and `ln(1 − D) = −log1p(N μ)`; its
///   gradient at particle i is the centred difference between the neighbouring cells over
///   `(X_{i+1} − X_{i−1})/2`;
/// - step 7 with exact MSE minimisation moves each sample to its target.
///
/// docs/MATH.md §3: this is one explicit Euler step of the Lagrangian scheme, stable only for
/// ε = O(1/N²).
public struct QuantileParticleAlgorithm1: Sendable {
    public let target: any Density
    public let eps: Double

    public init(target: any Density, eps: Double) throws {
        guard target.support.lowerBound.isFinite, target.support.upperBound.isFinite else {
            throw InvalidArgument("quantile particles need a target on a bounded interval (truncate \(target.spec))")
        }
        guard eps > 0, eps.isFinite else { throw InvalidArgument("ε must be positive, got \(eps)") }
        self.target = target
        self.eps = eps
    }

    /// X_i = F₀⁻¹(i/N), i = 0…N, for an initial density inside the target's support;
    /// the ends are the target's walls.
    public func initialParticles(from initial: any Density, count n: Int) throws -> [Double] {
        guard n >= 2 else { throw InvalidArgument("quantile particles need N ≥ 2 cells") }
        var x = [Double](repeating: 0, count: n + 1)
        x[0] = target.support.lowerBound
        x[n] = target.support.upperBound
        for i in 1..<n { x[i] = try initial.quantile(Double(i) / Double(n)) }
        for i in 1...n where !(x[i] > x[i - 1]) {
            throw InvalidArgument("initial particles not strictly inside [\(x[0]), \(x[n])] and increasing at \(i): \(x[i - 1]), \(x[i])")
        }
        return x
    }

    /// D* on each cell, `μᵢ/(μᵢ + 1/N)`.
    public func discriminator(_ x: [Double]) -> [Double] {
        let n = Double(x.count - 1)
        return (0..<(x.count - 1)).map { i in
            let mu = target.mass(from: x[i], to: x[i + 1])
            return mu / (mu + 1 / n)
        }
    }

    /// The targets of eq. (22): interior particles moved by ε·(−½ discrete ∇ln(1 − D*)),
    /// ends pinned. Throws when particles cross (the explicit step was too large).
    public func targets(_ x: [Double]) throws -> [Double] {
        let n = x.count - 1
        guard n >= 2 else { throw InvalidArgument("quantile particles need N ≥ 2 cells") }
        let nd = Double(n)
        // −ln(1 − D) on every cell: log1p(N μ).
        var minusLog = [Double](repeating: 0, count: n)
        for i in 0..<n { minusLog[i] = log1p(nd * target.mass(from: x[i], to: x[i + 1])) }
        var y = x
        for i in 1..<n {
            // ∇D/(2(1−D)) = −½ ∇ln(1−D) = ½ (log1p₊ − log1p₋) / ((X_{i+1} − X_{i−1})/2).
            let drift = (minusLog[i] - minusLog[i - 1]) / (x[i + 1] - x[i - 1])
            y[i] = x[i] + eps * drift
        }
        for i in 1...n where !(y[i] > y[i - 1]) {
            throw InvalidArgument("quantile particles crossed at \(i) (ε = \(eps) too large for N = \(n): the explicit step needs ε = O(1/N²))")
        }
        return y
    }

    /// `iterations` iterations of Algorithm 1 (exact MSE fit: X ← Y).
    public func run(_ x0: [Double], iterations: Int, progress: (Int, [Double]) -> Void = { _, _ in }) throws -> [Double] {
        var x = x0
        for k in 0..<iterations {
            x = try targets(x)
            progress(k + 1, x)
        }
        return x
    }
}
