import ArgumentParser
import Foundation
import Sim
import Report
import Verification

/// `ganflow check FILE --target SPEC`: checks a trajectory written by any scheme.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a trajectory CSV (t,x,rho cell averages or t,sample samples) against the flow's properties and an independent re-solve.",
        discussion: """
        Reports per time the mass, min ρ and the divergences to ρd on the grid; checks mass \
        conservation, positivity, monotone JS and convex functionals, the trend toward ρd, and \
        the L¹ distance to ganflow's own solution from the file's first snapshot. Exit status 0 \
        only if every check holds.
        """)

    @Argument(help: "The CSV file (header t,x,rho or t,sample).")
    var file: String

    @Option(help: "The target density ρd, e.g. normal(0,1); truncated to the domain.")
    var target: String

    @Option(parsing: .unconditional,
            help: "The domain a,b (required for sample files; must match a grid file's cells).")
    var domain: DomainInterval?

    @Option(help: "The flow: js, kl or chi2.")
    var flow: String = "js"

    @Option(help: "Cells of the KDE grid for sample files.")
    var cells: Int = 200

    @Option(help: "Relative error of the file's values (default: printed with ≥ 10 significant digits).")
    var precision: Double = CheckTolerances().precision

    @Option(name: .customLong("resolve-l1"), help: "Largest L¹ distance to the re-solve.")
    var resolveL1: Double = CheckTolerances().resolveL1

    @Option(name: .customLong("bootstrap-sigmas"), help: "Bootstrap standard deviations of slack (sample files).")
    var bootstrapSigmas: Double = CheckTolerances().bootstrapSigmas

    @Flag(help: "Print one JSON object instead of the tables.")
    var json = false

    func run() throws {
        guard let kind = FlowDivergence(rawValue: flow) else {
            throw ValidationError("--flow must be js, kl or chi2, got '\(flow)'")
        }
        guard precision >= 0, resolveL1 > 0, bootstrapSigmas >= 0, cells >= 2 else {
            throw ValidationError("tolerances must be non-negative (--resolve-l1 positive) and --cells ≥ 2")
        }
        let rho: any Density
        do { rho = try DensitySpec.parse(target) } catch { throw ValidationError("--target: \(error)") }
        let text: String
        do { text = try String(contentsOfFile: file, encoding: .utf8) } catch {
            throw ReportError("cannot read \(file): \(error.localizedDescription)")
        }
        let parsed: TrajectoryFile
        do { parsed = try TrajectoryCSV.parse(text) } catch let e as TrajectoryParseError {
            throw ReportError("\(file): \(e)")
        }
        let tol = CheckTolerances(precision: precision, resolveL1: resolveL1, bootstrapSigmas: bootstrapSigmas)
        let result = try CheckRunner.run(parsed, target: rho, domain: domain.map { ($0.lower, $0.upper) },
                                         flow: kind, cells: cells, tolerances: tol)
        if json {
            print(Self.json(result, file: file, target: target).text)
        } else {
            print("\(file): \(result.snapshots.count) snapshots, densities as \(result.densityKind), target \(target), \(kind) flow")
            print("tolerances: \(tol)")
            print("")
            let header = ["t", "mass", "min ρ", "JS", "KL", "χ²", "TV", "H²", "L¹ to re-solve"]
            let rows = result.snapshots.map { s -> [String] in
                [NumberText.short(s.time), NumberText.short(s.mass), NumberText.short(s.minimum)]
                    + ["js", "kl", "chi2", "tv", "hellinger2"].map { NumberText.short(s.divergences[$0] ?? .nan) }
                    + [s.resolveL1.map(NumberText.short) ?? "-"]
            }
            print(TextTable(header: header, rows: rows).plain())
            print("")
            for c in result.checks { print(c.description) }
            print("")
            print(result.passed ? "all checks hold" : "\(result.checks.filter { !$0.holds }.count) check(s) FAIL")
        }
        if !result.passed { throw ExitCode(1) }
    }

    static func json(_ r: TrajectoryCheckResult, file: String, target: String) -> JSONValue {
        let s = r.snapshots
        func series(_ k: String) -> JSONValue { .array(s.map { .number($0.divergences[k] ?? .nan) }) }
        return .object([
            ("file", .string(file)), ("target", .string(target)), ("density", .string(r.densityKind)),
            ("times", .array(s.map { .number($0.time) })), ("mass", .array(s.map { .number($0.mass) })),
            ("min", .array(s.map { .number($0.minimum) })),
            ("js", series("js")), ("kl", series("kl")), ("chi2", series("chi2")), ("tv", series("tv")),
            ("hellinger2", series("hellinger2")),
            ("resolve_l1", .array(s.map { $0.resolveL1.map(JSONValue.number) ?? .null })),
            ("checks", .array(r.checks.map { .object([("name", .string($0.name)), ("measured", .number($0.measured)),
                                                      ("tolerance", .number($0.tolerance)), ("holds", .bool($0.holds)),
                                                      ("detail", .string($0.detail))]) })),
            ("passed", .bool(r.passed)),
        ])
    }
}
