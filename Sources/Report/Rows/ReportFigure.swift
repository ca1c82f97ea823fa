import Foundation
import Analytic
import Sim
import Verification

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
