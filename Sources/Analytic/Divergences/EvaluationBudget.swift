/// A cap on the integrand evaluations of one computation, shared by all its quadratures.
///
/// GSL's CQUAD (the fallback where QAGS gives up) keeps no iteration count: on an
/// integrand it cannot resolve it refines for ever. χ² between two concentrated betas,
/// beta(7.7e9, 3.5e5) against beta(1e10, 1.1e5), whose value is e^353946 (an overflow),
/// ran for minutes before this cap. With the cap, every quadrature of a computation draws
/// from one budget; once it is spent the integrand returns 0 without evaluating anything
/// (the running GSL rule ends within its own limits: QAGS's subinterval limit, the
/// evaluation cap of ``Quadrature/cquad(_:from:to:tolerance:evaluationLimit:)``), the
/// remaining pieces are not started, and the computation fails with
/// ``EvaluationBudget/Exhausted``, naming the budget.
///
/// **The default, 4·10⁶ evaluations.** In a full test run (every random generator, the
/// 90-case reference fixture) the most any divergence drew was 35,490 evaluations (H²
/// of two betas with a pole, over its three integrals: value, round-off envelope,
/// bisected check). The budget is over 100 times that, and about a second of work at the
/// cost of a beta log-density.
public final class EvaluationBudget: @unchecked Sendable {
    /// Evaluations allowed.
    public let limit: Int
    /// Evaluations asked for so far (counting those refused after the limit).
    public private(set) var used = 0

    /// The default cap (see the type's documentation).
    public static let standardLimit = 4_000_000

    public init(limit: Int = EvaluationBudget.standardLimit) {
        precondition(limit > 0, "an evaluation budget must be positive")
        self.limit = limit
    }

    /// Whether more evaluations were asked for than the limit allows.
    public var isExhausted: Bool { used > limit }

    /// `g`, counted against this budget: 0, without evaluating `g`, once it is spent.
    public func metered(_ g: @escaping AnchoredQuadrature.Integrand) -> AnchoredQuadrature.Integrand {
        { a, t in
            self.used += 1
            return self.used > self.limit ? 0 : g(a, t)
        }
    }

    /// Throws ``Exhausted`` when the budget is spent.
    public func check() throws {
        if isExhausted { throw Exhausted(limit: limit) }
    }

    /// The budget ran out before the quadratures met their tolerance.
    public struct Exhausted: Error, CustomStringConvertible, Sendable, Equatable {
        public var limit: Int
        public init(limit: Int) { self.limit = limit }
        public var description: String {
            "the quadrature did not meet its tolerance within \(limit) integrand evaluations (its evaluation budget): the integrand is not resolved at double precision — refused"
        }
    }
}
