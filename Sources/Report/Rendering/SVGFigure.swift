/// A figure the report can write as a standalone SVG document: a title (the report's
/// heading) and the document's text.
public protocol SVGFigure: Sendable {
    var title: String { get }
    func render() -> String
}

extension SVGLinePlot: SVGFigure {}
