import Testing
import PropertyBased
import TestSupport
import Analytic

@Suite("Smoke")
struct SmokeTests {
    @Test("A random normal mixture integrates to one")
    func integratesToOne() async {
        await propertyCheck(count: 20, input: RandomDensities.normalMixture()) { params in
            failOnThrow {
                let d = try params.density()
                let r = try Quadrature.integrate({ d.pdf($0) }, breakpoints: d.breakpoints)
                #expect(abs(r.value - 1) <= 1e-9)
            }
        }
    }
}
