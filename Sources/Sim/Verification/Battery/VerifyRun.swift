import Foundation

/// Size of a `ganflow verify` run: `quick` (< 30 s on two cores) or `full` (a few minutes),
/// with the grid sizes and horizons each row uses.
public struct VerifySize: Sendable {
    public let quick: Bool
    public init(quick: Bool) { self.quick = quick }
    /// Cells of the S1 grid on [−8, 8] (2000 in the solver issue's benchmark).
    public var cells: Int { quick ? 200 : 800 }
    /// Horizon of the battery run through the door.
    public var batteryTime: Double { quick ? 10 : 20 }
    public var batteryStep: Double { quick ? 0.05 : 0.02 }
}

/// A named SVG figure of the report with its caption.
public struct ReportFigure: Sendable {
    public let file: String
    public let caption: String
    public let plot: SVGLinePlot
    public init(file: String, caption: String, plot: SVGLinePlot) {
        self.file = file
        self.caption = caption
        self.plot = plot
    }
}

/// What one group of rows produced.
public struct RowGroup: Sendable {
    public var rows: [StatementRow] = []
    public var figures: [ReportFigure] = []
    public init(rows: [StatementRow] = [], figures: [ReportFigure] = []) {
        self.rows = rows
        self.figures = figures
    }
}

/// The rows of `ganflow verify` in MATH.md order, with the figures of the report.
public struct VerifyOutcome: Sendable {
    public var rows: [StatementRow]
    public var figures: [ReportFigure]
    /// Statement ids with no row (their machinery is missing).
    public var missing: [String]
    public var seconds: Double
    public var passed: Bool { rows.allSatisfy { $0.verdict == .pass } }
}

/// Runs the battery of statements of MATH.md §2 on the built-in scenarios.
///
/// Each group computes a few rows from one scenario; a group that throws turns into FAIL
/// rows carrying the error (a statement whose computation breaks has not been verified).
/// Progress goes through `progress` (the CLI prints it on stderr); nothing here prints.
public enum VerifyBattery {
    public typealias Group = (name: String, ids: [String], run: @Sendable (VerifySize) throws -> RowGroup)

    /// Every group, in the order they run.
    public static var groups: [Group] {
        FlowRows.groups + Flow2DRows.groups + AssumptionRows.groups + GANRows.groups + MSERows.groups + MLPRows.groups + DiscriminatorRows.groups + ProjectedFlowRows.groups
    }

    /// Runs the groups that measure at least one of `ids` (all groups when nil).
    public static func run(size: VerifySize, only ids: Set<String>? = nil,
                           progress: (String) -> Void = { _ in }) -> VerifyOutcome {
        let start = Date()
        var rows = [StatementRow](), figures = [ReportFigure]()
        let groups = ids.map { wanted in Self.groups.filter { !wanted.isDisjoint(with: $0.ids) } } ?? Self.groups
        for (k, g) in groups.enumerated() {
            progress("[\(k + 1)/\(groups.count)] \(g.name) (\(g.ids.joined(separator: ", ")))")
            let t0 = Date()
            do {
                let out = try g.run(size)
                let dt = Date().timeIntervalSince(t0)
                rows += out.rows.map { var r = $0; r.seconds = dt / Double(max(out.rows.count, 1)); return r }
                figures += out.figures
                progress("    done in \(Figure.format(dt)) s: " + out.rows.map { "\($0.statement.id) \($0.verdict)" }.joined(separator: ", "))
            } catch {
                for id in g.ids {
                    var r = StatementRow(statement: StatementCatalogue.statement(id), scenario: g.name,
                                         figures: [], verdict: .fail)
                    r.note = "error: \(error)"
                    rows.append(r)
                }
                progress("    FAILED: \(error)")
            }
        }
        let order = StatementCatalogue.all.map(\.id)
        rows.sort { (order.firstIndex(of: $0.statement.id) ?? 99, $0.scenario) < (order.firstIndex(of: $1.statement.id) ?? 99, $1.scenario) }
        let present = Set(rows.map(\.statement.id))
        return VerifyOutcome(rows: rows, figures: figures,
                             missing: order.filter { !present.contains($0) && (ids?.contains($0) ?? true) },
                             seconds: Date().timeIntervalSince(start))
    }
}

