import Foundation
import Analytic
import Sim
import Verification

/// A named SVG figure of the report with its caption (a line plot or a heat map).
public struct ReportFigure: Sendable {
    public let file: String
    public let caption: String
    public let plot: any SVGFigure
    public init(file: String, caption: String, plot: any SVGFigure) {
        self.file = file
        self.caption = caption
        self.plot = plot
    }
}
