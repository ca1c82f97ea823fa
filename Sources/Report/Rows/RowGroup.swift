import Foundation
import Analytic
import Sim
import Verification

/// What one group of rows produced.
public struct RowGroup: Sendable {
    public var rows: [StatementRow] = []
    public var figures: [ReportFigure] = []
    public init(rows: [StatementRow] = [], figures: [ReportFigure] = []) {
        self.rows = rows
        self.figures = figures
    }
}
