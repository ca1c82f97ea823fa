import Foundation
import Analytic
import Sim
import Verification

/// A named SVG figure of the report with its caption (a line plot or a heat map). Made only
/// by the rows of this module (the synthesised memberwise initialiser); read by the CLI.
public struct ReportFigure: Sendable {
    public let file: String
    public let caption: String
    public let plot: any SVGFigure
}
