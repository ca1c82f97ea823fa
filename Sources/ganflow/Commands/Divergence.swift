import ArgumentParser
import Analytic
import Foundation

/// `ganflow divergence --p SPEC --q SPEC [--kind …] [--domain a,b] [--json]`: divergences
/// between two densities, each with its quadrature error estimate (issue 2).
///
/// `--domain a,b` truncates both densities to [a, b] and renormalises them there.
/// `--repeat N` (hidden) recomputes N times and reports the throughput: the benchmark of
/// bench/quadrature.
struct Divergence: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Divergences between two densities, each with its quadrature error estimate.",
        discussion: """
        Specs: normal(mu,sigma) laplace(mu,b) logistic(mu,s) student(nu,mu,sigma) beta(a,b) \
        uniform(a,b) mixture(w1*SPEC,w2*SPEC,...) truncated(SPEC,a,b).
        Kinds: js = Jensen-Shannon, kl = KL(P||Q), chi2 = chi^2(P||Q), tv = total variation, \
        hellinger2 = squared Hellinger (1/2 integral of (sqrt p - sqrt q)^2). Natural logarithms.
        """)

    enum KindChoice: String, ExpressibleByArgument, CaseIterable {
        case js, kl, chi2, tv, hellinger2, all
    }

    @Option(name: .customLong("p"), help: "Density P, e.g. 'normal(0,1)'.")
    var p: String

    @Option(name: .customLong("q"), help: "Density Q, e.g. 'mixture(0.5*normal(-2,0.6),0.5*normal(2,0.6))'.")
    var q: String

    @Option(help: "Which divergence: js, kl, chi2, tv, hellinger2 or all.")
    var kind: KindChoice = .all

    @Option(parsing: .unconditional, help: "Truncate both densities to [a, b] and renormalise (e.g. -8,8).")
    var domain: DomainInterval?

    @Flag(help: "Print one JSON object.")
    var json = false

    @Option(name: .customLong("repeat"), help: .hidden)
    var repetitions: Int?

    func run() throws {
        let dp: any Density, dq: any Density
        do {
            dp = try DensitySpec.parse(p)
            dq = try DensitySpec.parse(q)
        } catch {
            fail("\(error)")
        }
        let kinds = kind == .all ? DivergenceKind.allCases : [DivergenceKind(rawValue: kind.rawValue)!]
        let range = domain.map { $0.lower ... $0.upper }
        if let n = repetitions {
            guard n > 0 else { fail("--repeat needs a positive count") }
            try bench(kinds, dp, dq, range, n)
            return
        }
        let results: [DivergenceResult]
        do {
            results = try kinds.map { try Divergences.compute($0, p: dp, q: dq, domain: range) }
        } catch {
            fail("\(error)")
        }
        print(json ? jsonText(dp, dq, results) : plainText(dp, dq, range, results))
    }

    private func plainText(_ dp: any Density, _ dq: any Density, _ range: ClosedRange<Double>?,
                           _ results: [DivergenceResult]) -> String {
        var lines = ["P = \(dp.spec)", "Q = \(dq.spec)"]
        if let r = range { lines.append("domain = [\(r.lowerBound), \(r.upperBound)] (both truncated and renormalised)") }
        for r in results {
            let name = r.kind.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
            lines.append(r.isFinite ? "\(name) \(r.value) ± \(String(format: "%.1e", r.error))"
                                    : "\(name) inf (\(r.reason ?? "infinite"))")
        }
        return lines.joined(separator: "\n")
    }

    private func jsonText(_ dp: any Density, _ dq: any Density, _ results: [DivergenceResult]) -> String {
        let items = results.map { r in
            let value = r.isFinite ? "\(r.value)" : "null"
            return "{\"kind\":\"\(r.kind.rawValue)\",\"value\":\(value),\"error\":\(r.error),\"finite\":\(r.isFinite)}"
        }
        return "{\"p\":\((try? JSONOutput.text(dp.spec)) ?? "null"),\"q\":\((try? JSONOutput.text(dq.spec)) ?? "null"),\"results\":[\(items.joined(separator: ","))]}"
    }

    /// Recomputes the divergences `n` times; prints computations and integrand
    /// evaluations per second (wall clock, monotonic).
    private func bench(_ kinds: [DivergenceKind], _ dp: any Density, _ dq: any Density,
                       _ range: ClosedRange<Double>?, _ n: Int) throws {
        var evaluations = 0
        var last = [DivergenceResult]()
        let start = DispatchTime.now().uptimeNanoseconds
        let cpuStart = processCPUSeconds()
        for _ in 0..<n {
            last = try kinds.map { try Divergences.compute($0, p: dp, q: dq, domain: range) }
            evaluations += last.reduce(0) { $0 + $1.evaluations }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        let cpu = processCPUSeconds() - cpuStart
        for r in last { print(r) }
        print("repeat \(n): \(String(format: "%.4f", seconds)) s, \(String(format: "%.1f", Double(n) / seconds)) computations/s, "
              + "\(evaluations / n) integrand evaluations each, \(String(format: "%.4g", Double(evaluations) / seconds)) evaluations/s; "
              + "cpu \(String(format: "%.4f", cpu)) s, \(String(format: "%.1f", Double(n) / cpu)) computations per cpu-second")
    }

    /// CPU time of this process (user + system), seconds.
    private func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Prints a one-line reason to standard error and exits with status 2.
    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data(("ganflow divergence: " + message + "\n").utf8))
        Foundation.exit(2)
    }
}
