import Foundation
import Analytic
import Sim
import Verification

/// Row D11 on the MLP generator: with exact targets held fixed, K gradient steps of size η
/// on the MSE map a small fit error e to (I − 2ηM)^K e to first order, M = E[JᵀJ] at the
/// θ* that fits the targets; along the top eigenvector the error is scaled by
/// (1 − 2ηλmax)^K, so above η = 1/λmax it grows exponentially in K (docs/MATH.md D11, derived).
/// λmax is computed from the network's Jacobians, not assumed.
enum MLPRows {
    static var groups: [VerifyRunner.Group] {
        [("Algorithm 1, MLP generator, inner MSE fit", ["D11"], rows)]
    }

    static func rows(_ size: VerifySize) throws -> RowGroup {
        let g = try MLPGenerator.random(hidden: 3, rng: RandomSource(seed: 20231217))
        let z = NoiseMode.quantileNodes(64)
        let y = g.outputs(z)   // targets fitted exactly at θ* = g's parameters
        let eig = try SymmetricEigen(GeneratorObjectives.gram(g, noise: z))
        let lambda = eig.values.last!, q = eig.vectors.last!
        // A start δ·q off θ*: the measured factor q·e_K/δ deviates from (1 − 2ηλ)^K by the
        // O(δ) remainder of the linearisation; δ = 1e-6 keeps it far below 1e-3 of the factor
        // (the Properties test checks that the deviation halves with δ).
        let delta = 1e-6
        let ks = size.quick ? [1, 2, 4] : [1, 2, 4, 8]
        var measurements = [Measurement("λmax(E[JᵀJ])", lambda, "threshold η = \(NumberText.short(1 / lambda))")]
        var worst = 0.0
        var growsAbove = true, shrinksBelow = true
        for c in [0.8, 1.2] {
            let eta = c / lambda
            var previous = 1.0
            for k in ks {
                let start = try g.with(parameters: zip(g.parameters, q).map { $0 + delta * $1 })
                let fit = try GeneratorUpdate.gradientSteps(count: k, rate: eta).fit(start, noise: z, targets: y)
                let measured = zip(zip(fit.parameters, g.parameters).map { $0 - $1 }, q).reduce(0) { $0 + $1.0 * $1.1 } / delta
                let predicted = pow(1 - 2 * eta * lambda, Double(k))
                worst = max(worst, abs(measured - predicted) / max(1, abs(predicted)))
                if c > 1 { growsAbove = growsAbove && abs(measured) > abs(previous) }
                else { shrinksBelow = shrinksBelow && abs(measured) < abs(previous) }
                previous = measured
                measurements.append(Measurement("η = \(NumberText.short(c))/λmax, K = \(k): error factor", measured,
                                      "predicted (1 − 2ηλmax)^K = \(NumberText.short(predicted))"))
            }
        }
        measurements.append(Measurement("largest relative deviation from (1 − 2ηλmax)^K", worst, "< 1e-3"))
        var group = RowGroup()
        group.rows.append(StatementRow(StatementCatalogue.statement("D11"),
            scenario: "random MLP G(z) (1 hidden layer, 3 units, seed 20231217), m = 64 quantile nodes, exact targets held fixed, K gradient steps of size η on the MSE",
            measurements: measurements, holds: worst < 1e-3 && growsAbove && shrinksBelow))
        return group
    }
}
