import Foundation
import Analytic
import Verification

/// Heat maps of densities on 2D grids, side by side with one shared colour scale (so panels
/// compare by colour), rendered as a standalone SVG document: one `<rect>` per cell coloured
/// by ``SequentialColourScale`` from 0 (white) to the largest finite value of all panels
/// (dark), a colour bar with its end values, and a caption per panel. Pure text generation;
/// the CLI writes the file.
///
/// Cell (i, j) of a panel is `values[j·nx + i]`, drawn with y increasing upwards. A
/// non-finite value is drawn grey (#bbbbbb), outside the scale. Panels are `panelSize` points
/// square (the box's aspect ratio kept inside it).
public struct SVGHeatMap: SVGFigure {
    public struct Panel: Sendable {
        public var name: String
        public var nx: Int
        public var ny: Int
        public var values: [Double]
        public init(_ name: String, nx: Int, ny: Int, values: [Double]) {
            self.name = name
            self.nx = nx
            self.ny = ny
            self.values = values
        }
    }

    public var title: String
    /// (ax, bx, ay, by) of every panel's grid, for the axis labels.
    public var box: (ax: Double, bx: Double, ay: Double, by: Double)
    public var panels: [Panel]
    public var panelSize = 220.0

    public static let margin = (left: 40.0, right: 90.0, top: 40.0, bottom: 50.0, gap: 24.0)
    public static let missingColour = "#bbbbbb"

    public init(title: String, box: (ax: Double, bx: Double, ay: Double, by: Double), panels: [Panel]) throws {
        guard !panels.isEmpty else { throw InvalidArgument("heat map: no panels") }
        for p in panels where !(p.nx >= 1 && p.ny >= 1 && p.values.count == p.nx * p.ny) {
            throw InvalidArgument("heat map: panel \(p.name.prefix(40)) has \(p.values.count) values for \(p.nx) × \(p.ny) cells")
        }
        guard box.ax < box.bx, box.ay < box.by, [box.ax, box.bx, box.ay, box.by].allSatisfy(\.isFinite) else {
            throw InvalidArgument("heat map: the box must have finite ax < bx and ay < by")
        }
        self.title = title
        self.box = box
        self.panels = panels
    }

    /// Document width and height in points.
    public var size: (width: Double, height: Double) {
        let m = Self.margin
        return (m.left + Double(panels.count) * panelSize + Double(panels.count - 1) * m.gap + m.right,
                m.top + panelSize + m.bottom)
    }

    /// The top of the colour scale: the largest finite value of all panels (1 if none is > 0).
    public var scaleMaximum: Double {
        let m = panels.flatMap(\.values).filter(\.isFinite).max() ?? 0
        return m > 0 ? m : 1
    }

    public func render() -> String {
        let m = Self.margin, (w, h) = size, top = scaleMaximum
        let bw = box.bx - box.ax, bh = box.by - box.ay
        let scale = panelSize / max(bw, bh)
        let pw = bw * scale, ph = bh * scale
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(w.rounded(.up)))" height="\(Int(h.rounded(.up)))" viewBox="0 0 \(Int(w.rounded(.up))) \(Int(h.rounded(.up)))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(w / 2))" y="20" text-anchor="middle" font-size="14">\(Self.escape(title))</text>

        """
        for (k, p) in panels.enumerated() {
            let x0 = m.left + Double(k) * (panelSize + m.gap), y0 = m.top + (panelSize - ph)
            let cw = pw / Double(p.nx), ch = ph / Double(p.ny)
            out += "<g class=\"panel\">\n"
            for j in 0..<p.ny {
                for i in 0..<p.nx {
                    let v = p.values[j * p.nx + i]
                    let colour = v.isFinite ? SequentialColourScale.hex(v / top) : Self.missingColour
                    // Cells overlap by a hair (0.3 pt) so no white seams show between them.
                    out += "<rect class=\"cell\" x=\"\(f(x0 + Double(i) * cw))\" y=\"\(f(y0 + ph - Double(j + 1) * ch))\" width=\"\(f(cw + 0.3))\" height=\"\(f(ch + 0.3))\" fill=\"\(colour)\"/>\n"
                }
            }
            out += "<rect x=\"\(f(x0))\" y=\"\(f(y0))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"#444\"/>\n"
            out += "<text x=\"\(f(x0 + pw / 2))\" y=\"\(f(m.top + panelSize + 18))\" text-anchor=\"middle\">\(Self.escape(p.name))</text>\n"
            out += "<text x=\"\(f(x0))\" y=\"\(f(m.top + panelSize + 34))\" font-size=\"10\">x ∈ [\(NumberText.short(box.ax)), \(NumberText.short(box.bx))], y ∈ [\(NumberText.short(box.ay)), \(NumberText.short(box.by))]</text>\n"
            out += "</g>\n"
        }
        // Colour bar: 32 steps from 0 (bottom) to the maximum (top).
        let bx = w - m.right + 20, steps = 32, barH = panelSize, stepH = barH / Double(steps)
        for s in 0..<steps {
            let t = (Double(s) + 0.5) / Double(steps)
            out += "<rect class=\"bar\" x=\"\(f(bx))\" y=\"\(f(m.top + barH - Double(s + 1) * stepH))\" width=\"14\" height=\"\(f(stepH + 0.3))\" fill=\"\(SequentialColourScale.hex(t))\"/>\n"
        }
        out += "<rect x=\"\(f(bx))\" y=\"\(f(m.top))\" width=\"14\" height=\"\(f(barH))\" fill=\"none\" stroke=\"#444\"/>\n"
        out += "<text x=\"\(f(bx + 18))\" y=\"\(f(m.top + 10))\" font-size=\"10\">\(NumberText.short(top))</text>\n"
        out += "<text x=\"\(f(bx + 18))\" y=\"\(f(m.top + barH))\" font-size=\"10\">0</text>\n"
        out += "</svg>\n"
        return out
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
