import Foundation
import Analytic
import Sim

/// The property battery of the flow (docs/MATH.md §2) run on any ``FlowScheme``: two
/// trajectories from two starts, measured at every step.
///
/// Checks (each a ``BatteryProperty``): mass conservation and positivity (D3), the flow's
/// energy and JS non-increasing (P1), every convex functional of
/// ``ConvexFunctional/family`` non-increasing (D2), the maximum principle for u (D3), the L¹
/// distance of the two trajectories non-increasing (D4), and JS reduced by
/// ``BatteryConfiguration/trendFactor`` over the run (P2). The discrete properties are
/// exactly what a monotone conservative scheme (finite volumes with implicit Euler, or an
/// explicit step under its CFL limit) guarantees; schemes that guarantee less say so with
/// ``BatteryConfiguration/required``.
///
/// Thrown errors of the scheme propagate; a non-finite cell average fails positivity and
/// stops the run (later steps would only repeat NaN).
public enum FlowSchemeBattery {
    public static func run<S: FlowScheme>(
        _ scheme: S, configuration c: BatteryConfiguration,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> BatteryResult {
        let p = c.problem, h = p.spacing, target = p.targetAverages
        let eps = Double.ulpOfOne, n = Double(p.cells)
        let family: [ConvexFunctional] = ConvexFunctional.family
        let energyFunctional = ConvexFunctional(p.flow)

        var a = try scheme.makeState(from: c.first, in: p)
        var b = try scheme.makeState(from: c.second, in: p)
        var rho = try scheme.cellAverages(of: a, in: p)
        var sigma = try scheme.cellAverages(of: b, in: p)
        try requireSize(rho, p, scheme.name)

        let mass0 = [GridFunctionals.mass(rho, spacing: h), GridFunctionals.mass(sigma, spacing: h)]
        let range0 = GridFunctionals.ratioRange(rho, target: target)
        let range1 = GridFunctionals.ratioRange(sigma, target: target)
        let maxRho0 = max(rho.max() ?? 0, sigma.max() ?? 0)

        var series = BatterySeries()
        func record(_ t: Double) {
            series.times.append(t)
            series.mass.append(GridFunctionals.mass(rho, spacing: h))
            series.minimum.append(rho.min() ?? 0)
            for g in family {
                series.functionals[g.name, default: []].append(
                    GridFunctionals.functional(rho, target: target, spacing: h, g))
            }
            series.functionals["energy", default: []].append(
                GridFunctionals.functional(rho, target: target, spacing: h, energyFunctional))
            series.l1Distance.append(GridFunctionals.l1Distance(rho, sigma, spacing: h))
        }
        record(0)

        var worstMass = Worst(), worstMin = Worst(), worstEnergy = Worst(), worstJS = Worst()
        var worstConvex = Worst(), worstRange = Worst(), worstL1 = Worst()
        var finite = true
        // Mass: a conservative update moves Σ h ρ only by round-off, ≤ ε per cell and step
        // relative to the mass (worst case, no cancellation of errors): 4 ε N n.
        let massTolerance = 4 * eps * n * Double(c.steps) + 2 * Double(p.cells) * c.stateError * h
        // Positivity: a difference of O(max ρ) numbers can round to −ε max ρ.
        let positivityTolerance = 16 * eps * maxRho0 + c.stateError

        for step in 1...c.steps {
            let previous = (rho: rho, sigma: sigma)
            a = try scheme.advance(a, by: c.timeStep, in: p)
            b = try scheme.advance(b, by: c.timeStep, in: p)
            rho = try scheme.cellAverages(of: a, in: p)
            sigma = try scheme.cellAverages(of: b, in: p)
            let t = Double(step) * c.timeStep
            guard rho.allSatisfy(\.isFinite), sigma.allSatisfy(\.isFinite) else {
                finite = false
                worstMin.note(.infinity, "non-finite cell average at step \(step) (t = \(t))")
                break
            }
            let before = series.functionals.mapValues { $0.last ?? 0 }
            let l1Before = series.l1Distance.last ?? 0
            record(t)

            for k in 0..<2 {
                let m = GridFunctionals.mass(k == 0 ? rho : sigma, spacing: h)
                worstMass.note(abs(m - mass0[k]) / mass0[k], "start \(k + 1), t = \(t): mass \(m)")
            }
            let low = min(rho.min() ?? 0, sigma.min() ?? 0)
            worstMin.note(-low, "t = \(t): min ρ = \(low)")

            func increase(_ g: ConvexFunctional, key: String) -> (excess: Double, rise: Double, slack: Double) {
                let now = series.functionals[key]!.last!, was = before[key]!
                let slack = c.roundOffSlack(functionalValue: max(now, was))
                    + c.solveSlack(previous.rho, g) + c.solveSlack(rho, g)
                return (now - was - slack, now - was, slack)
            }
            let e = increase(energyFunctional, key: "energy")
            worstEnergy.note(e.excess, "t = \(t): energy rose by \(e.rise)", rise: e.rise, slack: e.slack)
            let j = increase(.js, key: "js")
            worstJS.note(j.excess, "t = \(t): JS rose by \(j.rise)", rise: j.rise, slack: j.slack)
            for g in family {
                let r = increase(g, key: g.name)
                worstConvex.note(r.excess, "t = \(t): \(g.name) rose by \(r.rise)", rise: r.rise, slack: r.slack)
            }

            let slackU = 16 * eps * n * max(range0.upperBound, range1.upperBound, 1)
                + c.stateError / (target.filter { $0 > 0 }.min() ?? 1)
            let r0 = GridFunctionals.ratioRange(rho, target: target)
            let r1 = GridFunctionals.ratioRange(sigma, target: target)
            let outside = max(range0.lowerBound - r0.lowerBound, r0.upperBound - range0.upperBound,
                              range1.lowerBound - r1.lowerBound, r1.upperBound - range1.upperBound)
            worstRange.note(outside - slackU, "t = \(t): u left its initial range by \(outside)", rise: outside, slack: slackU)

            let l1 = series.l1Distance.last!
            let l1Slack = 16 * eps * n * 2 + 2 * Double(p.cells) * c.stateError * h
            worstL1.note(l1 - l1Before - l1Slack, "t = \(t): ‖ρ − σ‖₁ rose by \(l1 - l1Before)", rise: l1 - l1Before, slack: l1Slack)
            progress?(step, c.steps)
        }

        let js = series.functionals["js"]!
        let trendRatio = finite ? js.last! / max(js.first!, .leastNormalMagnitude) : .infinity
        func make(_ prop: BatteryProperty, _ w: Worst) -> BatteryCheck {
            let holds = finite && w.value <= 0
            return BatteryCheck(property: prop, measured: w.rise, tolerance: w.slack,
                                holds: holds, detail: w.detail.isEmpty ? "never violated" : w.detail,
                                required: c.required.contains(prop))
        }
        var checks = [BatteryCheck]()
        checks.append(BatteryCheck(property: .massConservation, measured: worstMass.value,
                                   tolerance: massTolerance, holds: finite && worstMass.value <= massTolerance,
                                   detail: "largest relative mass change: \(worstMass.detail)",
                                   required: c.required.contains(.massConservation)))
        checks.append(BatteryCheck(property: .positivity, measured: -worstMin.value,
                                   tolerance: positivityTolerance,
                                   holds: finite && worstMin.value <= positivityTolerance,
                                   detail: "lowest cell average: \(worstMin.detail)",
                                   required: c.required.contains(.positivity)))
        checks.append(make(.energyDecay, worstEnergy))
        checks.append(make(.jsDecay, worstJS))
        checks.append(make(.convexFunctionals, worstConvex))
        checks.append(make(.maximumPrinciple, worstRange))
        checks.append(make(.l1Contraction, worstL1))
        checks.append(BatteryCheck(property: .trendToTarget, measured: trendRatio, tolerance: c.trendFactor,
                                   holds: finite && trendRatio <= c.trendFactor,
                                   detail: finite ? "JS(T)/JS(0) = \(js.last!)/\(js.first!)" : "run stopped",
                                   required: c.required.contains(.trendToTarget)))
        return BatteryResult(scheme: scheme.name, problem: p.description, checks: checks,
                             series: series, finalState: rho)
    }

    private static func requireSize(_ rho: [Double], _ p: SchemeProblem, _ name: String) throws {
        guard rho.count == p.cells else {
            throw InvalidArgument("battery: scheme \(name) reports \(rho.count) cell averages for \(p.cells) cells")
        }
    }
}

/// The worst excess seen so far (excess = measured change minus its slack; > 0 is a
/// violation), with the change and the slack at that step.
struct Worst {
    var value = -Double.infinity
    var rise = -Double.infinity
    var slack = 0.0
    var detail = ""
    mutating func note(_ excess: Double, _ what: @autoclosure () -> String, rise r: Double? = nil,
                       slack s: Double = 0) {
        if excess > value || (excess.isNaN && !value.isNaN) {
            value = excess.isNaN ? .infinity : excess
            rise = r ?? excess
            slack = s
            detail = what()
        }
    }
}
