import Foundation

/// D9/P3 as a convergence statement: Algorithm 1 with 1D quantile particles and exact D*
/// is the explicit Euler scheme of the Lagrangian particle ODE, so at fixed N it converges
/// with order 1 in ε to the same N integrated accurately.
public enum Algorithm1ConvergenceStudy {
    public struct Row: Sendable, CustomStringConvertible {
        public var eps: Double
        public var iterations: Int
        /// max_i |X_i^Alg(T) − X_i^ref(T)|: the quantile functions' sup distance.
        public var quantileError: Double
        /// |JS_Alg(T) − JS_ref(T)| with the particle scheme's own JS (Σ μᵢ f(uᵢ)).
        public var jsError: Double
        public var description: String { "ε = \(eps) (\(iterations) iterations): quantile error \(quantileError), JS error \(jsError)" }
    }

    public struct Result: Sendable {
        public var rows: [Row]
        /// Least-squares slope of ln(quantile error) against ln ε.
        public var quantileOrder: Double
        public var jsOrder: Double
        /// JS of the reference at T (and at 0), for context.
        public var referenceJS: Double
        public var initialJS: Double
        /// max_i |X_ref − X_ref'| between the reference and one with a 10× looser
        /// tolerance: an upper estimate of the reference's own error.
        public var referenceUncertainty: Double
    }

    /// Runs Algorithm 1 for T/ε iterations at each ε = `cfl`·(min initial gap)²·2^(−k),
    /// k = 0…refinements−1, against `QuantileParticles.integrate` (BDF2, adaptive,
    /// local tolerance `referenceTolerance`) at the same N.
    public static func run(target: any Density, initial: any Density, cells n: Int, time: Double,
                           cfl: Double = 0.25, refinements: Int = 3, referenceTolerance: Double = 1e-11) throws -> Result {
        let lag = try QuantileParticles(target: target, lower: target.support.lowerBound, upper: target.support.upperBound, count: n)
        let x0 = try lag.initialPositions(of: initial)
        let ref = try lag.integrate(from: x0, to: time, stepping: .bdf2(.adaptive(tolerance: referenceTolerance)))
        let loose = try lag.integrate(from: x0, to: time, stepping: .bdf2(.adaptive(tolerance: 10 * referenceTolerance)))
        let gap = zip(x0, x0.dropFirst()).map { $1 - $0 }.min()!
        var rows = [Row]()
        for k in 0..<refinements {
            // ε chosen so that T/ε is an integer number of iterations.
            let iterations = Int((time / (cfl * gap * gap * pow(0.5, Double(k)))).rounded(.up))
            let eps = time / Double(iterations)
            let alg = try QuantileParticleAlgorithm1(target: target, eps: eps)
            let x = try alg.run(x0, iterations: iterations)
            let qe = zip(x, ref).map { abs($0 - $1) }.max()!
            rows.append(Row(eps: eps, iterations: iterations, quantileError: qe,
                            jsError: abs(lag.energy(positions: x) - lag.energy(positions: ref))))
        }
        let eps = rows.map(\.eps)
        return Result(rows: rows,
                      quantileOrder: try ConvergenceStudy(sizes: eps, errors: rows.map(\.quantileError)).order,
                      jsOrder: try ConvergenceStudy(sizes: eps, errors: rows.map(\.jsError)).order,
                      referenceJS: lag.energy(positions: ref), initialJS: lag.energy(positions: x0),
                      referenceUncertainty: zip(ref, loose).map { abs($0 - $1) }.max()!)
    }
}
