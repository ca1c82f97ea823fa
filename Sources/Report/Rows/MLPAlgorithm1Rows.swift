import Foundation
import Analytic
import Sim
import Verification

/// The MLP half of row P3 (``MLPAlgorithm1Study``): Algorithm 1 as written with
/// `G(z) = c + Σ vₖ tanh(wₖz + bₖ)`, its law (20 000 quantile nodes) against the FV flow
/// along a joint refinement of ε, m, K and the MSE steps, and the under-trained
/// discriminator's bias, each judged with a margin of 4 Monte Carlo standard errors; the
/// measurement's own error (quantile nodes, FV) must stay below a tenth of the finest
/// distance. Full run only (about 40 s of processor time: too slow for the test suite).
extension StochasticAlgorithm1Rows {
    static func mlp(_ size: VerifySize) throws -> (measurements: [Measurement], holds: Bool, scenario: String) {
        let plan = try MLPAlgorithm1Study.Plan.full()
        let r = try MLPAlgorithm1Study.run(plan: plan)
        var ms = [Measurement("MLP: W₁(G₀, ρ_t): how far the flow moved", r.startW1)]
        let measurementError = r.flowUncertainty + r.joint.map(\.nodeError).max()!
        for s in r.joint {
            ms.append(Measurement("MLP, \(s.setting): W₁(G, ρ_t)", s.w1Flow.mean,
                                  "\(pm(s.w1Flow)); node bound \(NumberText.short(s.nodeError)), FV \(NumberText.short(r.flowUncertainty))"))
            ms.append(Measurement("MLP, \(s.setting): JS(G, ρ_t) (node histogram on 4-cell bins vs FV)", s.jsFlow.mean,
                                  "\(pm(s.jsFlow)); FV \(NumberText.short(r.flowUncertaintyJS))"))
        }
        ms.append(Measurement("fitted rate of W₁(G, ρ_t) in ε, MLP, joint refinement", r.jointRate.slope, rate(r.jointRate)))
        ms.append(Measurement("fitted rate of JS(G, ρ_t) in ε, MLP, joint refinement", r.jointRateJS.slope, rate(r.jointRateJS)))
        for s in r.underTrained {
            ms.append(Measurement("MLP, under-trained D: \(s.setting): JS(G, ρ_t)", s.jsFlow.mean, pm(s.jsFlow)))
        }
        let falls = zip(r.joint, r.joint.dropFirst()).allSatisfy {
            $0.w1Flow.mean - $1.w1Flow.mean > 4 * combined($0.w1Flow, $1.w1Flow)
                && $0.jsFlow.mean - $1.jsFlow.mean > 4 * combined($0.jsFlow, $1.jsFlow)
        }
        let one = r.underTrained.first!, most = r.underTrained.last!
        let bias = one.jsFlow.mean - most.jsFlow.mean > 4 * combined(one.jsFlow, most.jsFlow)
        let resolved = measurementError < 0.1 * r.joint.last!.w1Flow.mean
        let holds = falls && bias && resolved && r.jointRate.slope > 4 * r.jointRate.standardError
        return (ms, holds, "\(r.scenario.description); \(plan.algorithm.description) (K and MSE steps per setting)")
    }
}
