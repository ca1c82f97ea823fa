import Foundation

/// The finite-volume right-hand side of ``FlowProblem`` as a ``TridiagonalSystem``:
/// `Fᵢ(ρ) = w_{i+½}(Ψ(u_{i+1}) − Ψ(uᵢ)) − w_{i−½}(Ψ(uᵢ) − Ψ(u_{i−1})) + Sᵢ(t)`.
///
/// Ψ is extended to u < 0, where no solution of the flow goes (the exact implicit-Euler
/// solution obeys the discrete maximum principle) but a Newton iterate or a higher-order
/// BDF step can: JS and KL linearly with the slope Ψ'(0) (`u/2`, `u`: C¹, increasing with
/// slope bounded away from 0, so an iterate below 0 is pushed back and Newton's tangent
/// never flattens there), χ² as the odd function `−Ψ(−u)` (Ψ'(0) = 0 leaves no slope to
/// continue with). An odd extension of the JS Ψ = ½log(1+u) would flatten on both sides
/// like arctan, and Newton cycles on such functions from far starts; measured on S1 at long
/// times, tail cells then stalled Newton. Error norm: `h Σ|vᵢ|` (L¹).
public struct FiniteVolumeSystem: TridiagonalSystem {
    public let problem: FlowProblem
    private let w: [Double]
    private let invRhoD: [Double]
    private let h: Double
    private let kind: FlowDivergence
    private let cache = SourceCache()

    public init(problem: FlowProblem) {
        self.problem = problem
        w = problem.faceWeights
        invRhoD = problem.inverseTargetAverages
        h = problem.grid.spacing
        kind = problem.flow
    }

    public var dimension: Int { problem.grid.cells }

    /// Ψ with its extension to u < 0.
    @inline(__always)
    func psi(_ u: Double) -> Double {
        switch kind {
        case .js: return JSPsi.psi(u)
        case .kl: return u
        case .chi2: return u * abs(u)
        }
    }

    /// Ψ' of the extension.
    @inline(__always)
    func psiPrime(_ u: Double) -> Double {
        switch kind {
        case .js: return JSPsi.psiPrime(u)
        case .kl: return 1
        case .chi2: return 2 * abs(u)
        }
    }

    public func evaluate(_ t: Double, _ y: [Double], rhs: inout [Double]) -> Double {
        let n = y.count
        var magnitude = 0.0
        y.withUnsafeBufferPointer { yp in
            w.withUnsafeBufferPointer { wp in
                invRhoD.withUnsafeBufferPointer { ip in
                    rhs.withUnsafeMutableBufferPointer { fp in
                        var psiLeft = psi(yp[0] * ip[0])
                        fp[0] = 0
                        for i in 0..<(n - 1) {
                            let psiRight = psi(yp[i + 1] * ip[i + 1])
                            let flux = wp[i] * (psiRight - psiLeft)
                            fp[i] += flux
                            fp[i + 1] = -flux
                            magnitude += wp[i] * (abs(psiRight) + abs(psiLeft))
                            psiLeft = psiRight
                        }
                    }
                }
            }
        }
        if let s = cache.source(problem, at: t) {
            for i in 0..<n { rhs[i] += s[i]; magnitude += abs(s[i]) }
        }
        return 2 * Double.ulpOfOne * h * magnitude
    }

    public func jacobian(_ t: Double, _ y: [Double], lower: inout [Double], diagonal: inout [Double],
                         upper: inout [Double]) {
        let n = y.count
        for i in 0..<n { diagonal[i] = 0 }
        for i in 0..<(n - 1) {
            let dl = psiPrime(y[i] * invRhoD[i]) * invRhoD[i]
            let dr = psiPrime(y[i + 1] * invRhoD[i + 1]) * invRhoD[i + 1]
            // flux = w (Ψ_{i+1} − Ψ_i) enters F_i with +, F_{i+1} with −.
            upper[i] = w[i] * dr
            lower[i] = w[i] * dl
            diagonal[i] -= w[i] * dl
            diagonal[i + 1] -= w[i] * dr
        }
    }

    /// The fused Newton pass: one Ψ (one `log1p` for JS) and one Ψ' per cell give both G(y)
    /// and the Newton matrix, with the flow kind chosen once outside the loop. Same
    /// floating-point operations, in the same order, as ``evaluate(_:_:rhs:)`` followed by
    /// ``jacobian(_:_:lower:diagonal:upper:)`` (bit-identical results). With a source term
    /// the separate evaluations are used.
    public func newtonSystem(_ t: Double, _ y: [Double], a0: Double, constant: [Double], step h: Double,
                             rhs: inout [Double], residual: inout [Double], lower: inout [Double],
                             diagonal: inout [Double], upper: inout [Double]) -> (norm: Double, roundOff: Double) {
        guard problem.source == nil, y.count >= 2 else {
            return separateNewtonSystem(t, y, a0: a0, constant: constant, step: h, rhs: &rhs, residual: &residual,
                                        lower: &lower, diagonal: &diagonal, upper: &upper)
        }
        let r: (Double, Double, Double, Double)
        switch kind {
        case .js: r = fusedNewton(JSPsi.self, y, a0, constant, h, &rhs, &residual, &lower, &diagonal, &upper)
        case .kl: r = fusedNewton(KLPsi.self, y, a0, constant, h, &rhs, &residual, &lower, &diagonal, &upper)
        case .chi2: r = fusedNewton(Chi2Psi.self, y, a0, constant, h, &rhs, &residual, &lower, &diagonal, &upper)
        }
        let (rSum, magnitude, ySum, cSum) = r
        let floor = 2 * Double.ulpOfOne * self.h * magnitude
        let roundOff = 8 * (h * floor + Double.ulpOfOne * (a0 * (self.h * ySum) + self.h * cSum))
        return (self.h * rSum, roundOff)
    }

    /// Returns (Σ|Gᵢ|, Σ_faces w(|Ψ_{i+1}| + |Ψᵢ|), Σ|yᵢ|, Σ|cᵢ|). Ψ(uᵢ) first goes into
    /// `psi` in a loop of its own (the `log1p` calls), so the main loop has no calls.
    @inline(__always)
    private func fusedNewton<K: PsiKind>(_: K.Type, _ y: [Double], _ a0: Double, _ constant: [Double], _ dt: Double,
                                         _ psi: inout [Double],
                                         _ residual: inout [Double], _ lower: inout [Double],
                                         _ diagonal: inout [Double], _ upper: inout [Double]) -> (Double, Double, Double, Double) {
        let n = y.count
        var rSum = 0.0, magnitude = 0.0, ySum = 0.0, cSum = 0.0
        y.withUnsafeBufferPointer { yp in
        invRhoD.withUnsafeBufferPointer { ip in
        psi.withUnsafeMutableBufferPointer { sp in
            for i in 0..<n { sp[i] = K.psi(yp[i] * ip[i]) }
        }}}
        y.withUnsafeBufferPointer { yp in
        psi.withUnsafeBufferPointer { sp in
        constant.withUnsafeBufferPointer { cp in
        w.withUnsafeBufferPointer { wp in
        invRhoD.withUnsafeBufferPointer { ip in
        residual.withUnsafeMutableBufferPointer { gp in
        lower.withUnsafeMutableBufferPointer { lp in
        diagonal.withUnsafeMutableBufferPointer { dp in
        upper.withUnsafeMutableBufferPointer { up in
            let u0 = yp[0] * ip[0]
            var psiLeft = sp[0]
            var dLeft = K.psiPrime(u0) * ip[0]
            var fluxLeft = 0.0      // flux through the left face of cell i (0 at the wall)
            var jLeft = 0.0         // ∂Fᵢ/∂yᵢ from the left face: −w_{i−½} Ψ'(uᵢ)/ρdᵢ
            for i in 0..<(n - 1) {
                let ur = yp[i + 1] * ip[i + 1]
                let psiRight = sp[i + 1]
                let dRight = K.psiPrime(ur) * ip[i + 1]
                let wf = wp[i]
                let flux = wf * (psiRight - psiLeft)
                magnitude += wf * (abs(psiRight) + abs(psiLeft))
                let f = -fluxLeft + flux
                let g = a0 * yp[i] + cp[i] - dt * f
                gp[i] = g
                rSum += abs(g); ySum += abs(yp[i]); cSum += abs(cp[i])
                let lw = wf * dLeft, uw = wf * dRight
                dp[i] = a0 - dt * (jLeft - lw)
                lp[i] = lw * -dt
                up[i] = uw * -dt
                jLeft = 0 - uw
                fluxLeft = flux; psiLeft = psiRight; dLeft = dRight
            }
            let last = n - 1
            let g = a0 * yp[last] + cp[last] - dt * (0 - fluxLeft)
            gp[last] = g
            rSum += abs(g); ySum += abs(yp[last]); cSum += abs(cp[last])
            dp[last] = a0 - dt * jLeft
        }}}}}}}}}
        return (rSum, magnitude, ySum, cSum)
    }

    /// After the Newton update y ← y − δ (δ from `M δ = G(y)`), `G(y − δ)` is the Taylor
    /// remainder `−h[F(y−δ) − F(y) + F'(y)δ]` plus the linear solve's round-off. Per cell
    /// `|Ψ(u+d) − Ψ(u) − Ψ'(u)d| ≤ ½ L d²` (d = −δᵢ/ρdᵢ, L the Lipschitz constant of Ψ' on
    /// [u, u+d]: JS `½/(1+m)²` with m the smallest s ≥ 0 there (0 below 0), KL 0, χ² 2), and each cell
    /// remainder Rᵢ enters F at its two faces, so `‖G‖ ≤ h·hₓ·2Σ_f w_f(R_f + R_{f+1})` plus
    /// `8ε hₓ Σⱼ colⱼ(|δⱼ| + |yⱼ − δⱼ|)` (colⱼ the j-th column sum of |M|: the solve's backward
    /// error and the rounding of y − δ).
    public func newtonUpdateBound(_ y: [Double], delta: [Double], step h: Double, lower: [Double],
                                  diagonal: [Double], upper: [Double]) -> Double? {
        let n = y.count
        guard n >= 2 else { return nil }
        let sums: (Double, Double)
        switch kind {
        case .js: sums = updateSums(JSPsi.self, y, delta, lower, diagonal, upper)
        case .kl: sums = updateSums(KLPsi.self, y, delta, lower, diagonal, upper)
        case .chi2: sums = updateSums(Chi2Psi.self, y, delta, lower, diagonal, upper)
        }
        let (remainder, roundOff) = sums
        return h * self.h * 2 * remainder + 8 * Double.ulpOfOne * self.h * roundOff
    }

    /// (Σ_f w_f(R_f + R_{f+1}), Σⱼ colⱼ(|δⱼ| + |yⱼ − δⱼ|)) of ``newtonUpdateBound(_:delta:step:lower:diagonal:upper:)``.
    @inline(__always)
    private func updateSums<K: PsiKind>(_: K.Type, _ y: [Double], _ delta: [Double], _ lower: [Double],
                                        _ diagonal: [Double], _ upper: [Double]) -> (Double, Double) {
        let n = y.count
        var remainder = 0.0, roundOff = 0.0
        y.withUnsafeBufferPointer { yp in
        delta.withUnsafeBufferPointer { dp in
        w.withUnsafeBufferPointer { wp in
        invRhoD.withUnsafeBufferPointer { ip in
        lower.withUnsafeBufferPointer { lp in
        diagonal.withUnsafeBufferPointer { mp in
        upper.withUnsafeBufferPointer { up in
            func cell(_ i: Int) -> Double {
                let u = yp[i] * ip[i], d = -dp[i] * ip[i]
                return 0.5 * K.lipschitzOfDerivative(u, u + d) * d * d
            }
            var rLeft = cell(0)
            roundOff = (abs(mp[0]) + abs(lp[0])) * (abs(dp[0]) + abs(yp[0] - dp[0]))
            for i in 1..<(n - 1) {
                let r = cell(i)
                remainder += wp[i - 1] * (rLeft + r)
                rLeft = r
                roundOff += (abs(mp[i]) + abs(up[i - 1]) + abs(lp[i])) * (abs(dp[i]) + abs(yp[i] - dp[i]))
            }
            let last = n - 1
            remainder += wp[last - 1] * (rLeft + cell(last))
            roundOff += (abs(mp[last]) + abs(up[last - 1])) * (abs(dp[last]) + abs(yp[last] - dp[last]))
        }}}}}}}
        return (remainder, roundOff)
    }

    public func isAdmissible(_ y: [Double]) -> Bool {
        for v in y where !v.isFinite { return false }
        return true
    }

    public func norm(_ v: [Double]) -> Double {
        var s = 0.0
        for x in v { s += abs(x) }
        return h * s
    }

    public func project(_ y: inout [Double]) {
        for i in y.indices where y[i] < 0 { y[i] = 0 }
    }
}

extension FiniteVolumeSystem: EquilibriumProjection {
    /// Components are maximal runs of cells joined by faces of positive weight (a face next
    /// to an inactive cell has weight 0; inactive cells hold no mass). Without a source only.
    public func equilibrium(of y: [Double]) -> (state: [Double], distance: Double)? {
        guard problem.source == nil else { return nil }
        var out: [Double]? = [Double](repeating: 0, count: y.count)
        let d = projectOntoEquilibrium(y, into: &out)
        return (out!, d)
    }

    public func equilibriumDistance(_ y: [Double]) -> Double {
        guard problem.source == nil else { return .infinity }
        var none: [Double]? = nil
        return projectOntoEquilibrium(y, into: &none)
    }

    /// `h Σ_k Σ_{i∈k} |yᵢ − c_k ρdᵢ|`, `c_k = Σ_{i∈k} yᵢ / Σ_{i∈k} ρdᵢ`, writing `c_k ρdᵢ` into
    /// `out` when given (inactive cells: 0).
    private func projectOntoEquilibrium(_ y: [Double], into out: inout [Double]?) -> Double {
        let n = y.count, rd = problem.targetAverages, act = problem.active
        var distance = 0.0, start = 0
        for i in 0..<n where i == n - 1 || !(w[i] > 0) {
            // Cells start…i form one component (or one inactive cell).
            var m = 0.0, md = 0.0
            for j in start...i where act[j] { m += y[j]; md += rd[j] }
            let c = md > 0 ? m / md : 0
            for j in start...i {
                let e = act[j] ? c * rd[j] : 0
                distance += abs(y[j] - e)
                out?[j] = e
            }
            start = i + 1
        }
        return h * distance
    }
}

extension FiniteVolumeSystem: StructureMonitoring {
    /// A manufactured source breaks mass conservation, positivity and monotonicity.
    public var guardsStructure: Bool { problem.source == nil }

    public func monitoredState(_ y: [Double]) -> MonitoredState { monitoredState(y, scale: 1) }

    public func monitoredState(_ y: [Double], scale: Double) -> MonitoredState {
        MonitoredState(density: y, targetAverages: problem.targetAverages, inverseTargetAverages: invRhoD,
                       active: problem.active, spacing: h, scale: scale)
    }

    public func isStationary(_ y: [Double]) -> Bool {
        guard problem.source == nil else { return false }
        let n = y.count
        var psiv = [Double](repeating: 0, count: n)
        for i in 0..<n { psiv[i] = psi(y[i] * invRhoD[i]) }
        for i in 0..<n {
            var f = 0.0, size = 0.0
            if i > 0 { let wf = w[i - 1]; f -= wf * (psiv[i] - psiv[i - 1]); size += wf * (abs(psiv[i]) + abs(psiv[i - 1])) }
            if i < n - 1 { let wf = w[i]; f += wf * (psiv[i + 1] - psiv[i]); size += wf * (abs(psiv[i + 1]) + abs(psiv[i])) }
            if abs(f) > 16 * Double.ulpOfOne * size { return false }
        }
        return true
    }

    /// `h Σᵢ |g'(uᵢ)||Ĝᵢ| + maxᵢ|g'(uᵢ)|·roundOff` over the active cells (with only the
    /// norm known: `maxᵢ|g'(uᵢ)|·(norm + roundOff)`), in the unit of each functional at `scale`
    /// (``MonitoredFunctional/unit(scale:)``); 0 for a functional whose g' is unbounded
    /// at some cell (u ≤ 0) or with a source term.
    public func residualEffect(_ y: [Double], residual: [Double]?, norm: Double, roundOff: Double,
                               scale: Double) -> [Double] {
        let all = MonitoredFunctional.allCases
        guard problem.source == nil else { return all.map { _ in 0 } }
        var sums = all.map { _ in 0.0 }, peaks = sums
        let act = problem.active
        for i in y.indices where act[i] {
            let u = y[i] * invRhoD[i]
            let r = residual.map { abs($0[i]) } ?? 0
            for (k, g) in all.enumerated() {
                let s = g.slope(u, scale: scale)
                sums[k] += s * r
                peaks[k] = max(peaks[k], s)
            }
        }
        return (0..<all.count).map { k in
            guard peaks[k].isFinite else { return 0 }
            return residual == nil ? peaks[k] * (norm + roundOff) : h * sums[k] + peaks[k] * roundOff
        }
    }

    public func principleLocation(_ y: [Double], range lo: Double, _ hi: Double) -> String {
        let rd = problem.targetAverages, act = problem.active
        let up = hi * (1 + 4 * Double.ulpOfOne), down = lo >= 0 ? lo * (1 - 4 * Double.ulpOfOne) : lo * (1 + 4 * Double.ulpOfOne)
        var worst = -Double.infinity, cell = 0
        for i in y.indices where act[i] {
            let e = max(y[i] - up * rd[i], down * rd[i] - y[i])
            if e > worst { worst = e; cell = i }
        }
        return String(format: "x = %.4g (ρ %.4g, ρd %.3g)", problem.grid.center(cell), y[cell], rd[cell])
    }

    public func principleExcess(_ y: [Double], range lo: Double, _ hi: Double) -> Double {
        let rd = problem.targetAverages, act = problem.active
        let up = hi * (1 + 4 * Double.ulpOfOne), down = lo >= 0 ? lo * (1 - 4 * Double.ulpOfOne) : lo * (1 + 4 * Double.ulpOfOne)
        var worst = -Double.infinity
        for i in y.indices where act[i] {
            worst = max(worst, y[i] - up * rd[i], down * rd[i] - y[i])
        }
        return worst
    }
}

/// Cell averages of the manufactured source at the last time asked for.
final class SourceCache: @unchecked Sendable {
    private var time = Double.nan
    private var values: [Double]? = nil
    func source(_ problem: FlowProblem, at t: Double) -> [Double]? {
        guard problem.source != nil else { return nil }
        if t != time { values = problem.sourceAverages(at: t); time = t }
        return values
    }
}
