import Foundation
import Testing
import TestSupport
import Sim
import Verification

/// D10 (derived): with exact D*, exact least squares and deterministic noise nodes, the
/// fixed points of Algorithm 1 for the affine generator are the critical points of
/// `(a, b) ↦ JS(ρd, N(a, b²))`, found independently by GSL's BFGS on the quadrature JS.
/// Bimodal target ½N(−2, 0.6²) + ½N(2, 0.6²): the answer is not ρd's mean and variance
/// (0 and 4.36), and there are several local minima — a Gaussian spread over both modes and
/// one sitting on either mode (mode collapse as a fixed point of the projected flow).
@Suite("D10 projected flow: fixed points are critical points of JS (derived)", .stepBudget)
struct ProjectedFlowTests {
    static let target = try! Mixture(weights: [0.5, 0.5], components: [try! Normal(mean: -2, standardDeviation: 0.6),
                                                                       try! Normal(mean: 2, standardDeviation: 0.6)])

    /// Hessian of JS at a point by central differences of the quadrature gradient (step 1e-4:
    /// truncation ~1e-8·|JS'''|, round-off 1e-12/1e-4 = 1e-8; both far below the
    /// eigenvalues' size 1e-2 that the sign test needs).
    static func hessianEigenvalues(a: Double, b: Double) throws -> [Double] {
        let h = 1e-4
        let ga = try ProjectedFlowStudy.jsGradient(target, a: a + h, b: b), gb = try ProjectedFlowStudy.jsGradient(target, a: a - h, b: b)
        let gc = try ProjectedFlowStudy.jsGradient(target, a: a, b: b + h), gd = try ProjectedFlowStudy.jsGradient(target, a: a, b: b - h)
        let haa = (ga[0] - gb[0]) / (2 * h), hbb = (gc[1] - gd[1]) / (2 * h)
        let hab = 0.5 * ((ga[1] - gb[1]) + (gc[0] - gd[0])) / (2 * h)
        return try SymmetricEigen([[haa, hab], [hab, hbb]]).values
    }

    @Test("JS over N(a, b²) has a spread minimum and two mode-collapsed minima, each found from its own start")
    func severalMinima() throws {
        let spread = try ProjectedFlowStudy.jsMinimum(Self.target, start: (0.3, 1.5))
        let right = try ProjectedFlowStudy.jsMinimum(Self.target, start: (2, 0.6))
        let left = try ProjectedFlowStudy.jsMinimum(Self.target, start: (-2, 0.6))
        // Symmetry of the target: a = 0 exactly at the spread minimum, mirror collapsed minima.
        // 1e-6: BFGS stops at |∇JS| < 1e-9, i.e. within 1e-9/λmin(Hessian ≈ 1e-2) ≈ 1e-7.
        #expect(abs(spread.a) < 1e-6)
        #expect(abs(right.a + left.a) < 1e-6 && abs(right.b - left.b) < 1e-6)
        // Not the moment match: ρd's standard deviation is √(4 + 0.36) = 2.088.
        #expect(abs(spread.b - (4.36).squareRoot()) > 1e-2)
        #expect(right.a > 1.5 && right.b < 1)
        #expect(spread.js < right.js, "spread JS \(spread.js), collapsed \(right.js)")
        for p in [spread, right, left] {
            let e = try Self.hessianEigenvalues(a: p.a, b: p.b)
            #expect(e.allSatisfy { $0 > 1e-3 }, "Hessian eigenvalues \(e) at \(p): a strict local minimum")
        }
    }

    @Test("Algorithm 1 converges to the critical point whose basin it starts in, and its fixed point tends to it as m grows")
    func algorithm1FindsTheCriticalPointOfItsBasin() throws {
        let spread = try ProjectedFlowStudy.jsMinimum(Self.target, start: (0.3, 1.5))
        let right = try ProjectedFlowStudy.jsMinimum(Self.target, start: (2, 0.6))
        let left = try ProjectedFlowStudy.jsMinimum(Self.target, start: (-2, 0.6))

        // Spread minimum: the node sums (1/m)Σ Jᵢ v(G(zᵢ)) are a quadrature of a smooth,
        // Gaussian-weighted integrand, so the fixed point matches the critical point to the
        // minimiser's own accuracy (1e-7, see above) already at m = 512.
        let fs = try ProjectedFlowStudy.algorithm1FixedPoint(Self.target, start: (0.1, 2.5), eps: 1, batch: 512, tolerance: 1e-10)
        #expect(fs.converged)
        #expect(abs(fs.a - spread.a) < 1e-6 && abs(fs.b - spread.b) < 1e-6, "\(fs) vs \(spread)")

        // Collapsed minima: the generator's nodes never reach the other mode (6.7 sd away),
        // whose pull enters E[J v] through the last node cells; the midpoint-in-probability
        // rule then errs by O(1/m). The fixed points from starts in each basin go to the right
        // minimum, and the distance shrinks with observed order ≈ 1 in m.
        let fr = try ProjectedFlowStudy.algorithm1FixedPoint(Self.target, start: (1.5, 0.8), eps: 1, batch: 1024, tolerance: 1e-10)
        let fl = try ProjectedFlowStudy.algorithm1FixedPoint(Self.target, start: (-1.5, 0.8), eps: 1, batch: 1024, tolerance: 1e-10)
        // At m = 1024 the O(1/m) node error is still ~5e-3 (measured: 3.4e-3 in b).
        #expect(fr.converged && max(abs(fr.a - right.a), abs(fr.b - right.b)) < 1e-2, "\(fr) vs \(right)")
        #expect(fl.converged && max(abs(fl.a - left.a), abs(fl.b - left.b)) < 1e-2, "\(fl) vs \(left)")
        #expect(max(abs(fr.a - spread.a), abs(fr.b - spread.b)) > 1, "collapsed and spread fixed points are distinct")
        // Refine m, each run warm-started from the previous fixed point (fewer iterations;
        // the fixed point reached does not depend on the start within the basin). Stop at
        // 1e-10 per step: far below the distances (≥ 1e-5) being fitted.
        var dists = [Double]()
        let ms = [4096, 8192, 16384]
        var start = (fr.a, fr.b)
        for m in ms {
            let f = try ProjectedFlowStudy.algorithm1FixedPoint(Self.target, start: start, eps: 1, batch: m, tolerance: 1e-10)
            #expect(f.converged)
            start = (f.a, f.b)
            dists.append(max(abs(f.a - right.a), abs(f.b - right.b)))
        }
        let order = -fittedSlope(ms.map { log(Double($0)) }, dists.map(log))
        // Theory 1; ±0.5 for the pre-asymptotic range (the tail node still moving towards
        // the far mode). A fixed point elsewhere would give order ≈ 0.
        #expect(order > 0.5 && order < 1.5, "observed order \(order), distances \(dists)")
        #expect(dists.last! < 1e-4, "distances \(dists)")
    }
}
