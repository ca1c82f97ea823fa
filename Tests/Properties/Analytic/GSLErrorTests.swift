import Testing
import Analytic
import Foundation

/// The GSL error path: bad integrals and bad arguments throw Swift errors with a useful
/// message; nothing aborts the test process (the default handler would send SIGABRT).
@Suite("GSLError")
struct GSLErrorTests {
    @Test("A divergent integral (∫ 1/x on (0, 1] with QAGS) throws a GSLError naming the integral")
    func divergentIntegral() {
        do {
            let r = try Quadrature.qags({ 1 / $0 }, from: 0, to: 1)
            Issue.record("expected a GSL error, got \(r)")
        } catch let e as GSLError {
            #expect(e.context.contains("QAGS on [0.0, 1.0]"), "\(e)")
            #expect(!e.reason.isEmpty)
            #expect(e.code != 0)
        } catch {
            Issue.record("unexpected error type: \(error)")
        }
    }

    @Test("A NaN integrand value throws with the point where it happened")
    func nanIntegrand() {
        do {
            _ = try Quadrature.qags({ $0 > 0.5 ? .nan : 1 }, from: 0, to: 1)
            Issue.record("expected an error")
        } catch let e as GSLError {
            #expect(e.context.contains("integrand is nan"), "\(e)")
        } catch {
            Issue.record("unexpected error type: \(error)")
        }
    }

    @Test("lnΓ(0) and lnΓ(−2) throw GSLError (domain error), not abort")
    func logGammaPole() {
        for x in [0.0, -2.0] {
            do {
                let v = try SpecialFunctions.logGamma(x)
                Issue.record("lnΓ(\(x)) returned \(v)")
            } catch let e as GSLError {
                #expect(e.context.contains("lnΓ"), "\(e)")
                #expect(e.description.contains("GSL error"))
            } catch {
                Issue.record("unexpected error type: \(error)")
            }
        }
    }

    @Test("Invalid density parameters throw InvalidArgument with the reason")
    func invalidArguments() {
        let cases: [(String, () throws -> Any)] = [
            ("standard deviation must be in [1e-300, 1e300]", { try Normal(mean: 0, standardDeviation: -1) }),
            ("scale must be in [1e-300, 1e300]", { try Laplace(location: 0, scale: 0) }),
            ("scale must be in [1e-300, 1e300]", { try Logistic(location: 0, scale: -2) }),
            ("degrees of freedom must be in [0.5, 1e100]", { try StudentT(degreesOfFreedom: -1, location: 0, scale: 1) }),
            ("shape parameters must be in [0.1, 1e10]", { try Beta(-1, 2) }),
            ("needs a < b", { try Uniform(lower: 1, upper: -1) }),
            ("expected a finite number", { try Normal(mean: .nan, standardDeviation: 1) }),
            ("weights sum to", { try Mixture(weights: [0.5, 0.6], components: [try Normal(mean: 0, standardDeviation: 1), try Normal(mean: 1, standardDeviation: 1)]) }),
            ("does not overlap", { try Truncated(try Uniform(lower: 0, upper: 1), lower: 2, upper: 3) }),
            ("overflows", { try Uniform(lower: -1e308, upper: 1e308) }),
            ("exceeds 1e15", { try Normal(mean: 1e16, standardDeviation: 1) }),
            ("probability must be in [0, 1]", { try Normal(mean: 0, standardDeviation: 1).quantile(1.5) }),
            ("out of order", { try Quadrature.integrate({ $0 }, from: 1, to: 0) }),
        ]
        for (expected, make) in cases {
            do {
                let v = try make()
                Issue.record("expected InvalidArgument (\(expected)), got \(v)")
            } catch let e as InvalidArgument {
                #expect(e.message.contains(expected), "\(e.message)")
            } catch {
                Issue.record("unexpected error type for \(expected): \(error)")
            }
        }
    }
}
