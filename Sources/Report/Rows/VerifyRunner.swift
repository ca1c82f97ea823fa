import Foundation
import Verification
import Analytic
import Sim

/// Runs the verify rows of the statements of docs/MATH.md §2 on the built-in scenarios.
///
/// Each group computes a few rows from one scenario; a group that throws turns into FAIL
/// rows carrying the error (a statement whose computation breaks has not been verified).
/// Progress goes through `progress` (the CLI prints it on stderr); nothing here prints.
public enum VerifyRunner {
    public typealias Group = (name: String, ids: [String], run: @Sendable (VerifySize) throws -> RowGroup)

    /// Every group, in the order they run.
    public static var groups: [Group] {
        FlowRows.groups + Flow2DRows.groups + Grid2DRows.groups + AssumptionRows.groups + GANRows.groups
            + StochasticAlgorithm1Rows.groups + MSERows.groups + MLPRows.groups + DiscriminatorRows.groups
            + ProjectedFlowRows.groups + Algorithm1PlaneRows.groups
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
                progress("    done in \(NumberText.short(dt)) s: " + out.rows.map { "\($0.statement.id) \($0.verdict)" }.joined(separator: ", "))
            } catch {
                for id in g.ids {
                    var r = StatementRow(statement: StatementCatalogue.statement(id), scenario: g.name,
                                         measurements: [], verdict: .fail)
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
