import Testing
import PropertyBased
import Analytic
import Foundation
import TestSupport

/// 2D densities: total mass 1, additivity of cell masses, and rectangle masses against an
/// independent nested cubature of the pdf, each within the printed error bounds.
@Suite("2D densities: masses and cell averages")
struct PlaneDensityTests {
    /// Nested adaptive quadrature of the pdf over a rectangle: QAGS in y inside QAGS in x,
    /// relative tolerance 1e-10. Error bound: the outer estimate plus the inner estimates
    /// integrated over x (≤ width × largest inner error) — a route that uses only `pdf`,
    /// independent of the densities' own mass formulas.
    static func cubature(_ d: any PlaneDensity, _ x: ClosedRange<Double>, _ y: ClosedRange<Double>) throws -> QuadratureResult {
        let tol = QuadratureTolerance(absolute: 1e-300, relative: 1e-10)
        var innerError = 0.0
        var failure: (any Error)? = nil
        let outer = try Quadrature.qags({ px in
            do {
                let r = try Quadrature.qags({ py in d.pdf(px, py) }, from: y.lowerBound, to: y.upperBound, tolerance: tol)
                innerError = max(innerError, r.error)
                return r.value
            } catch {
                failure = error
                return 0
            }
        }, from: x.lowerBound, to: x.upperBound, tolerance: tol)
        if let f = failure { throw f }
        return QuadratureResult(value: outer.value, error: outer.error + (x.upperBound - x.lowerBound) * innerError,
                                evaluations: outer.evaluations)
    }

    /// `count` seeds, each seeding a generator that draws a random 2D spec
    /// (``RandomPlaneSpecs/lineSpec(_:)``); `body` gets the parsed density, its spec and the
    /// generator for further draws. A thrown error fails the case, labelled with seed and spec.
    static func forRandomSpecs(_ count: Int, sourceLocation: SourceLocation = #_sourceLocation,
                               _ body: (any PlaneDensity, String, inout SplitMix64) throws -> Void) async {
        await propertyCheck(count: count, input: Gen.uint64(), perform: { seed in
            var rng = SplitMix64(state: seed)
            let spec = RandomPlaneSpecs.lineSpec(&rng)
            failOnThrow("seed \(seed), spec \(spec)", sourceLocation: sourceLocation) {
                try body(try DensitySpec2D.parse(spec), spec, &rng)
            }
        }, sourceLocation: sourceLocation)
    }

    @Test("Rectangle masses of random 2D specs agree with nested cubature of the pdf within the two error bounds", .shrinking(false))
    func massAgainstCubature() async {
        await Self.forRandomSpecs(40) { d, spec, rng in
            // A rectangle inside [−3, 3]² of width ≥ 0.2 per side.
            let ax = -3 + 5.8 * Double(rng.below(1000)) / 1000, ay = -3 + 5.8 * Double(rng.below(1000)) / 1000
            let bx = min(3, ax + 0.2 + 3 * Double(rng.below(1000)) / 1000)
            let by = min(3, ay + 0.2 + 3 * Double(rng.below(1000)) / 1000)
            let m = try d.mass(x: ax...bx, y: ay...by)
            // The cubature runs over the rectangle cut to the support box: a truncation's
            // edge inside the rectangle is a jump of the pdf, where QAGS's error estimate
            // is not reliable (measured: 2e-9 off with a 1e-13 estimate).
            let lx = max(ax, d.supportX.lowerBound), hx = min(bx, d.supportX.upperBound)
            let ly = max(ay, d.supportY.lowerBound), hy = min(by, d.supportY.upperBound)
            let c = lx < hx && ly < hy ? try Self.cubature(d, lx...hx, ly...hy) : QuadratureResult.zero
            // Both are bounds (GSL's estimates are conservative); 4ε for the comparison.
            let tol = m.error + c.error + 4 * Double.ulpOfOne * abs(c.value)
            #expect(abs(m.value - c.value) <= tol,
                    "\(spec) on [\(ax), \(bx)] × [\(ay), \(by)]: mass \(m), cubature \(c)")
            #expect(m.error <= 1e-9 * max(m.value, 1e-300) + 1e-14, "error bound \(m.error) for mass \(m.value) is not small")
        }
    }

    @Test("Total mass 1 and additivity: the cell masses of a grid sum to the mass of its box within the summed errors", .shrinking(false))
    func totalAndAdditivity() async {
        await Self.forRandomSpecs(40) { d, spec, rng in
            let whole = try d.mass(x: -Double.infinity...Double.infinity, y: -Double.infinity...Double.infinity)
            #expect(abs(whole.value - 1) <= whole.error + 8 * Double.ulpOfOne, "\(spec): total mass \(whole)")
            let nx = 3 + rng.below(20), ny = 3 + rng.below(20)
            let xf = (0...nx).map { -4 + 8 * Double($0) / Double(nx) }
            let yf = (0...ny).map { -4 + 8 * Double($0) / Double(ny) }
            let cells = try d.cellMasses(xFaces: xf, yFaces: yf)
            let box = try d.mass(x: -4...4, y: -4...4)
            let sum = cells.values.reduce(0, +), err = cells.errors.reduce(0, +)
            // Summing N values adds ≤ Nε·sum of round-off.
            let tol = err + box.error + Double(cells.values.count) * Double.ulpOfOne * sum
            #expect(abs(sum - box.value) <= tol, "\(spec): Σ cells \(sum) ± \(err), box \(box)")
            #expect(cells.values.allSatisfy { $0 >= 0 && $0.isFinite })
        }
    }

    @Test("Specs round-trip: every parsed 2D density prints a spec that parses to the same spec")
    func roundTrip() async {
        await Self.forRandomSpecs(100) { d, _, _ in
            let e = try DensitySpec2D.parse(d.spec)
            #expect(e.spec == d.spec)
            #expect(e.logPDF(0.3, -0.7) == d.logPDF(0.3, -0.7))
        }
    }

    @Test("Edges of the accepted ranges: r = ±0.999 and far tails keep their masses accurate")
    func edges() throws {
        for r in [-0.999, 0.999] {
            let d = try Normal2D(mx: 0.3, my: -0.2, sx: 1.2, sy: 0.7, r: r)
            for (x, y) in [(-1.0...0.5, -0.4...0.9), (-0.05...0.05, -3.0...3.0), (2.0...2.1, 1.0...1.1)] {
                let m = try d.mass(x: x, y: y), c = try Self.cubature(d, x, y)
                #expect(abs(m.value - c.value) <= m.error + c.error + 4 * Double.ulpOfOne * c.value, "r \(r) \(x)×\(y): \(m) vs \(c)")
            }
            let whole = try d.mass(x: -Double.infinity...Double.infinity, y: -Double.infinity...Double.infinity)
            #expect(abs(whole.value - 1) <= whole.error + 8 * Double.ulpOfOne)
        }
        // A cell 30 standard deviations out keeps its relative accuracy: the product of two
        // cancellation-free 1D survival differences (the CDF route would give 0). Reference:
        // 40-digit mpmath, (erfc(30/√2) − erfc(30.1/√2))/2 · (Φ(0.1) − Φ(0)) at the doubles
        // 30.1 and 0.1. The bound's largest term is the rounding of the standardised end
        // z = 30, 4ε·p(30)·60 over a mass ≈ p(30)/31.5: ≈ 1.7e-12 of the value, so 2e-12.
        let p = try DensitySpec2D.parse("product(normal(0,1),normal(0,1))")
        let far = try p.mass(x: 30...30.1, y: 0...0.1)
        let reference = 1.857748442819569108837978212148797768623e-199
        #expect(far.value > 0 && abs(far.value - reference) <= far.error, "\(far) vs \(reference)")
        #expect(far.error <= 2e-12 * far.value, "\(far)")
    }
}
