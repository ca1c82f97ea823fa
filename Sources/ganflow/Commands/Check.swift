import ArgumentParser
import Analytic
import Foundation
import Report
import Sim
import Verification

/// `ganflow check FILE --target SPEC`: checks a trajectory written by any scheme, in any
/// language (``CheckRunner`` does the work; this file reads, prints and sets the exit status).
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a trajectory CSV (t,x,rho cell averages or t,sample samples; t,x,y,rho or t,x,y in 2D) against the flow's properties and an independent re-solve.",
        discussion: """
        Reports per time the mass, min ρ and the divergences to ρd on the grid; checks mass \
        conservation, positivity, monotone JS and convex functionals, the trend toward ρd, and \
        the L¹ distance to ganflow's own solution from the file's first snapshot. Exit status 0 \
        only if every check holds. Files may use LF or CRLF line ends and start with a UTF-8 \
        byte-order mark; at most 256 MiB are read.
        """)

    @Argument(help: "The CSV file (header t,x,rho or t,sample; t,x,y,rho or t,x,y in 2D).")
    var file: String

    @OptionGroup var targetOptions: TargetOptions

    @Option(parsing: .unconditional,
            help: "The domain a,b, or ax,bx,ay,by in 2D (required for sample files; must match a grid file's cells).")
    var domain: DomainBox?

    @OptionGroup var flowOptions: FlowOptions

    @Option(help: "Cells of the KDE grid for sample files: n (1D, default 200; 2 to \(Limits.maxCells)) or nx,ny (2D, default \(Check.default2DCells)).")
    var cells: GridCells?

    @Option(help: "Relative error of the file's values (default: printed with ≥ 10 significant digits).")
    var precision: Double = CheckTolerances().precision

    @Option(name: .customLong("resolve-l1"), help: "Largest L¹ distance to the re-solve.")
    var resolveL1: Double = CheckTolerances().resolveL1

    @Option(name: .customLong("bootstrap-sigmas"), help: "Bootstrap standard deviations of slack (sample files).")
    var bootstrapSigmas: Double = CheckTolerances().bootstrapSigmas

    @OptionGroup var output: JSONOptions

    func validate() throws {
        if let c = cells {
            try Limits.checkGrid(cells: c.x)
            if let y = c.y { try Limits.checkGrid(cells: c.x * y) }
        }
        guard precision.isFinite, precision >= 0, precision < 1 else {
            throw ValidationError("--precision must be in [0, 1), got \(precision)")
        }
        guard resolveL1.isFinite, resolveL1 > 0, resolveL1 <= 2 else {
            throw ValidationError("--resolve-l1 must be in (0, 2] (an L¹ distance of densities), got \(resolveL1)")
        }
        guard bootstrapSigmas.isFinite, bootstrapSigmas >= 0 else {
            throw ValidationError("--bootstrap-sigmas must be ≥ 0, got \(bootstrapSigmas)")
        }
    }

    func run() throws {
        let parsed: TrajectoryFile
        do { parsed = try TrajectoryCSV.parse(try Self.read(file)) } catch let e as TrajectoryParseError {
            throw OutputError("\(OutputFile.quoted(file)): \(e)")
        }
        let tol = CheckTolerances(precision: precision, resolveL1: resolveL1, bootstrapSigmas: bootstrapSigmas)
        let kind = flowOptions.flow
        let result: TrajectoryCheckResult, spec: String
        if parsed.dimension == 2 || targetOptions.target.isTwoDimensional {
            let r = try run2D(parsed, tolerances: tol)
            (result, spec) = (r.result, r.spec)
        } else {
            let target = try targetOptions.density
            try validate1DOptions()
            result = try CheckRunner.run(parsed, target: target, domain: domain.map { ($0.lower, $0.upper) },
                                         flow: kind, cells: cells?.x ?? 200, tolerances: tol)
            spec = target.spec
        }
        if output.json {
            try JSONOutput.print(Self.document(result, file: file, target: spec))
        } else {
            print("\(file): \(result.snapshots.count) snapshots, densities as \(result.densityKind), target \(spec), \(kind) flow")
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

    /// The file's text, refusing files over ``Limits/maxFileBytes`` and non-UTF-8 content.
    static func read(_ path: String) throws -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw OutputError("cannot read \(OutputFile.quoted(path)): no such file")
        }
        if let type = attributes[.type] as? FileAttributeType, type != .typeRegular {
            throw OutputError("cannot read \(OutputFile.quoted(path)): not a regular file")
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        guard size <= Limits.maxFileBytes else {
            throw OutputError("\(OutputFile.quoted(path)) has \(size) bytes; check reads at most \(Limits.maxFileBytes >> 20) MiB")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OutputError("cannot read \(OutputFile.quoted(path)): permission denied or unreadable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw OutputError("\(OutputFile.quoted(path)) is not UTF-8 text")
        }
        return text
    }

    /// The JSON document of `check --json`.
    struct Document: Encodable {
        struct Item: Encodable {
            let name: String
            let measured: JSONNumber
            let tolerance: JSONNumber
            let holds: Bool
            let detail: String
        }
        let file: String
        let target: String
        let density: String
        let times: [JSONNumber]
        let mass: [JSONNumber]
        let min: [JSONNumber]
        let js: [JSONNumber]
        let kl: [JSONNumber]
        let chi2: [JSONNumber]
        let tv: [JSONNumber]
        let hellinger2: [JSONNumber]
        let resolve_l1: [JSONNumber?]
        let checks: [Item]
        let passed: Bool
    }

    static func document(_ r: TrajectoryCheckResult, file: String, target: String) -> Document {
        let s = r.snapshots
        func series(_ k: String) -> [JSONNumber] { s.map { JSONNumber($0.divergences[k] ?? .nan) } }
        return Document(file: file, target: target, density: r.densityKind,
                        times: s.map(\.time).json, mass: s.map(\.mass).json, min: s.map(\.minimum).json,
                        js: series("js"), kl: series("kl"), chi2: series("chi2"), tv: series("tv"),
                        hellinger2: series("hellinger2"), resolve_l1: s.map { $0.resolveL1.map(JSONNumber.init) },
                        checks: r.checks.map { Document.Item(name: $0.name, measured: JSONNumber($0.measured),
                                                              tolerance: JSONNumber($0.tolerance), holds: $0.holds,
                                                              detail: $0.detail) },
                        passed: r.passed)
    }
}
