import ArgumentParser
import Analytic
import Foundation

/// `ganflow divergence --p SPEC --q SPEC [--kind …] [--domain a,b] [--json]`: divergences
/// between two densities, each with its quadrature error estimate .
///
/// `--domain a,b` truncates both densities to [a, b] and renormalises them there.
/// ``Divergences/evaluate(_:p:q:domain:tolerance:)`` does the work, one outcome per kind.
struct Divergence: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Divergences between two densities, each with its quadrature error estimate.",
        discussion: """
        Specs: normal(mu,sigma) laplace(mu,b) logistic(mu,s) student(nu,mu,sigma) beta(a,b) \
        uniform(a,b) mixture(w1*SPEC,w2*SPEC,...) truncated(SPEC,a,b); or two 2D specs \
        (normal2, product, ring, mixture, truncated). In 2D, js and hellinger2 are iterated \
        adaptive quadratures; tv is computed for two Gaussians (normal2, or product of two \
        normals: a closed-form inner mass and a Gauss-Legendre outer integral), for two \
        products with one factor in common, and for other pairs of normal2, ring and their \
        mixtures column by column (exact inner masses between the sign changes of p - q; by \
        columns and by rows, their half-difference in the error); kl and chi2 are closed forms \
        for two Gaussians or two products; other pairs are refused with the reason.
        Kinds: js = Jensen-Shannon, kl = KL(P||Q), chi2 = chi^2(P||Q), tv = total variation, \
        hellinger2 = squared Hellinger (1/2 integral of (sqrt p - sqrt q)^2). Natural logarithms.
        Each kind is computed on its own: a kind that cannot be computed prints its reason \
        (JSON: "value": null, "finite": null, "error": "<reason>"), an infinite KL or chi^2 \
        prints inf with the reason (JSON: "finite": false, "value": null). Exit status 0 when \
        every requested kind has a value or a proven infinity, 1 when any kind failed.

        \(AcceptedRanges.summary)

        \(AcceptedRanges2D.summary)
        """)

    enum KindChoice: String, ExpressibleByArgument, CaseIterable {
        case js, kl, chi2, tv, hellinger2, all
    }

    @Option(name: .customLong("p"), help: "Density P, e.g. 'normal(0,1)'.")
    var p: DensityArgument

    @Option(name: .customLong("q"), help: "Density Q, e.g. 'mixture(0.5*normal(-2,0.6),0.5*normal(2,0.6))'.")
    var q: DensityArgument

    @Option(help: "Which divergence: js, kl, chi2, tv, hellinger2 or all.")
    var kind: KindChoice = .all

    @Option(parsing: .unconditional, help: "Truncate both densities to [a, b] and renormalise (e.g. -8,8).")
    var domain: DomainInterval?

    @OptionGroup var output: JSONOptions

    func validate() throws {
        try p.validate(option: "p")
        try q.validate(option: "q")
        guard p.isTwoDimensional == q.isTwoDimensional else {
            throw ValidationError("--p is a \(p.isTwoDimensional ? "2D" : "1D") spec and --q a \(q.isTwoDimensional ? "2D" : "1D") one: both must be in the same dimension")
        }
        if p.isTwoDimensional, domain != nil {
            throw ValidationError("--domain truncates 1D specs; for 2D specs write truncated(SPEC2,ax,bx,ay,by)")
        }
    }

    func run() throws {
        let kinds = kind == .all ? DivergenceKind.allCases : [DivergenceKind(rawValue: kind.rawValue)!]
        let range = domain.map { $0.lower ... $0.upper }
        let specs: (p: String, q: String)
        let outcomes: [Result<DivergenceResult, DivergenceFailure>]
        if p.isTwoDimensional {
            let dp = try p.planeDensity(option: "p"), dq = try q.planeDensity(option: "q")
            specs = (dp.spec, dq.spec)
            outcomes = PlaneDivergences.evaluate(kinds, p: dp, q: dq)
        } else {
            let dp = try p.density(option: "p"), dq = try q.density(option: "q")
            specs = (dp.spec, dq.spec)
            outcomes = Divergences.evaluate(kinds, p: dp, q: dq, domain: range)
        }
        print(output.json ? try jsonText(specs, outcomes) : plainText(specs, range, outcomes))
        // Exit 0 only when every requested kind has a value or a proven infinity.
        let failed = outcomes.filter { if case .failure = $0 { return true } else { return false } }.count
        if failed > 0 { throw KindsFailed(failed: failed, requested: outcomes.count) }
    }

    /// Exit status 1 (ArgumentParser's failure code for a thrown error) with one line on
    /// stderr; the reasons themselves are in the printed output.
    struct KindsFailed: Error, CustomStringConvertible {
        var failed: Int
        var requested: Int
        var description: String { "\(failed) of \(requested) requested divergence kinds could not be computed (reasons above)" }
    }

    private func plainText(_ specs: (p: String, q: String), _ range: ClosedRange<Double>?,
                           _ outcomes: [Result<DivergenceResult, DivergenceFailure>]) -> String {
        var lines = ["P = \(clip(specs.p))", "Q = \(clip(specs.q))"]
        if let r = range { lines.append("domain = [\(r.lowerBound), \(r.upperBound)] (both truncated and renormalised)") }
        for o in outcomes {
            switch o {
            case .success(let r):
                let name = r.kind.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                lines.append(r.isFinite ? "\(name) \(r.value) ± \(String(format: "%.1e", r.error))"
                                        : "\(name) inf (\(r.reason ?? "infinite"))")
            case .failure(let f):
                let name = f.kind.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                lines.append("\(name) error: \(f.reason)")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// One kind in the JSON output: `value` and `error` null unless finite; `finite` null
    /// and `error` a reason string when the kind failed.
    struct KindJSON: Encodable {
        var kind: String
        var value: Double?
        var finite: Bool?
        var error: ErrorField?
        var reason: String?

        enum ErrorField: Encodable {
            case estimate(Double), message(String)
            func encode(to encoder: Encoder) throws {
                var c = encoder.singleValueContainer()
                switch self {
                case .estimate(let e): try c.encode(e)
                case .message(let m): try c.encode(m)
                }
            }
        }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind)
            try c.encode(value, forKey: .value)      // explicit null when absent
            try c.encode(finite, forKey: .finite)
            try c.encode(error, forKey: .error)
            try c.encodeIfPresent(reason, forKey: .reason)
        }
        enum CodingKeys: String, CodingKey { case kind, value, finite, error, reason }
    }

    struct OutputJSON: Encodable {
        var p: String
        var q: String
        var results: [KindJSON]
    }

    private func jsonText(_ specs: (p: String, q: String),
                          _ outcomes: [Result<DivergenceResult, DivergenceFailure>]) throws -> String {
        let items: [KindJSON] = outcomes.map { o in
            switch o {
            case .success(let r) where r.isFinite:
                return KindJSON(kind: r.kind.rawValue, value: r.value, finite: true, error: .estimate(r.error))
            case .success(let r):
                return KindJSON(kind: r.kind.rawValue, value: nil, finite: false, error: nil, reason: r.reason)
            case .failure(let f):
                return KindJSON(kind: f.kind.rawValue, value: nil, finite: nil, error: .message(f.reason))
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(OutputJSON(p: specs.p, q: specs.q, results: items))
        return String(decoding: data, as: UTF8.self)
    }

    private func clip(_ s: String) -> String { s.count <= 200 ? s : String(s.prefix(197)) + "..." }
}
