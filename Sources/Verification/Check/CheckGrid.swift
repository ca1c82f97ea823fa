import Foundation
import Analytic
import Sim

/// What ``TrajectoryCheck`` needs of a grid, in any dimension: the measure of one cell (h in
/// 1D, hx·hy in 2D), the target's cell averages ρdᵢ (with their absolute error bounds, 0
/// when exact to rounding) and the flow. Every functional is `measure · Σ ρdᵢ g(ρᵢ/ρdᵢ)`.
public struct CheckGrid: Sendable {
    public let cellMeasure: Double
    public let targetAverages: [Double]
    public let targetAverageErrors: [Double]
    public let flow: FlowDivergence

    public init(cellMeasure: Double, targetAverages: [Double], targetAverageErrors: [Double]? = nil, flow: FlowDivergence) {
        self.cellMeasure = cellMeasure
        self.targetAverages = targetAverages
        self.targetAverageErrors = targetAverageErrors ?? [Double](repeating: 0, count: targetAverages.count)
        self.flow = flow
    }

    public var cells: Int { targetAverages.count }

    /// D3's maximum principle on a file: every later u = ρ/ρd within the first snapshot's
    /// [min u, max u] (cells with ρd > 0). Slack per cell, in density units: the file's
    /// relative precision δ on ρ and on the first snapshot's extreme (2δ(|ρᵢ| + |u|ρdᵢ)), the
    /// target average's own error bound times |u|, 8ε|u|ρdᵢ for forming u and u·ρd, and the
    /// absolute floor `floor` (the positivity check's δ·max ρ: a value printed as 0 may be
    /// that far from the truth). The measured figure is the largest excess over the slack.
    func maximumPrinciple(_ snapshots: [[Double]], times: [Double], precision d: Double, floor: Double) -> CheckItem {
        let rd = targetAverages, err = targetAverageErrors, eps = Double.ulpOfOne
        var lo = Double.infinity, hi = -Double.infinity
        for i in rd.indices where rd[i] > 0 {
            let u = snapshots[0][i] / rd[i]
            lo = min(lo, u); hi = max(hi, u)
        }
        var worst = -Double.infinity, excessAt = 0.0, at = times[0], cell = 0
        for (k, rho) in snapshots.enumerated().dropFirst() {
            for i in rho.indices where rd[i] > 0 {
                for (bound, sign) in [(hi, 1.0), (lo, -1.0)] {
                    let excess = sign * (rho[i] - bound * rd[i])
                    let slack = 2 * d * (abs(rho[i]) + abs(bound) * rd[i]) + abs(bound) * (err[i] + 8 * eps * rd[i]) + floor
                    if excess - slack > worst { worst = excess - slack; excessAt = excess; at = times[k]; cell = i }
                }
            }
        }
        return CheckItem(name: "maximum principle (D3)", measured: worst, tolerance: 0, holds: worst <= 0,
                         detail: "u = ρ/ρd within the first snapshot's [\(NumberText.short(lo)), \(NumberText.short(hi))]: largest excess over its slack \(NumberText.short(worst)) (excess \(NumberText.short(excessAt)) in density units, cell \(cell), t = \(at))")
    }
}
