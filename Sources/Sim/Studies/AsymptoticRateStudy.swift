import Foundation

/// The asymptotic decay rate of χ²(ρ_t‖ρd) along the finite-volume JS flow, against the
/// sharp prediction `1/(2C_P^h)` of docs/MATH.md D6 (derived): near equilibrium Ψ'(1) = ¼ and the
/// slowest mode of the scheme's weighted Laplacian decays at λ₁/4 in u, so χ² at λ₁/2.
///
/// Time stepping: fixed-step BDF2 with `Δt = stepFraction·2C_P^h`; its damping of the mode
/// differs from e^{−μΔt} (μ = λ₁/4) by O((μΔt)³) per step, a relative rate error
/// ~ (μΔt)²/3 ≈ 1e-5 for the default 0.02, so the scheme's damping is not what is measured.
/// The rate is the least-squares slope of ln χ² over the samples with χ² in `window`
/// (nonlinear corrections there are O(√χ²) relative); the two halves of the window are
/// also fitted separately: their difference estimates the contamination by faster modes.
public enum AsymptoticRateStudy {
    public struct Result: Sendable, CustomStringConvertible {
        public var poincare: Double
        public var predicted: Double
        public var measured: Double
        public var firstHalf: Double
        public var secondHalf: Double
        public var windowStart: Double
        public var windowEnd: Double
        public var description: String {
            "C_P^h \(poincare): predicted rate 1/(2C_P^h) = \(predicted), measured \(measured) (halves \(firstHalf), \(secondHalf)) over t ∈ [\(windowStart), \(windowEnd)]"
        }
    }

    public static func run(target: any Density, initial: any Density, lower: Double, upper: Double, cells: Int,
                           window: ClosedRange<Double> = 1e-10 ... 1e-5, stepFraction: Double = 0.02,
                           progress: ((Double) -> Void)? = nil) throws -> Result {
        let p = try FlowProblem(target: target, lower: lower, upper: upper, cells: cells)
        let cp = try DiscretePoincare.constant(p)
        let dt = stepFraction * 2 * cp
        var s = try FlowStepper(problem: p, initial: initial, stepping: .bdf2(.fixed(dt)))
        s.recordsEnergy = false
        var ts = [Double](), logs = [Double]()
        var k = 0
        while true {
            k += 1
            _ = try s.step(notBeyond: Double(k) * dt)
            let chi = s.diagnostics.chi2
            if chi < window.lowerBound { break }
            if chi <= window.upperBound { ts.append(s.time); logs.append(log(chi)) }
            if k % 1000 == 0 { progress?(s.time) }
            if k > 10_000_000 { throw InvalidArgument("asymptotic rate study: χ² did not reach \(window.lowerBound)") }
        }
        guard ts.count >= 8 else { throw InvalidArgument("asymptotic rate study: only \(ts.count) samples in the window") }
        let half = ts.count / 2
        return Result(poincare: cp, predicted: 1 / (2 * cp),
                      measured: -ConvergenceStudy.slope(ts, logs),
                      firstHalf: -ConvergenceStudy.slope(Array(ts[..<half]), Array(logs[..<half])),
                      secondHalf: -ConvergenceStudy.slope(Array(ts[half...]), Array(logs[half...])),
                      windowStart: ts.first!, windowEnd: ts.last!)
    }
}
