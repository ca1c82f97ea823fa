import Foundation
import Analytic
import Sim
import Verification

/// A line plot rendered as a standalone SVG document, with linear or logarithmic axes.
///
/// Pure text generation; the CLI writes the file. Non-finite points, and non-positive
/// values on a log axis, are skipped (they split the polyline).
public struct SVGLinePlot: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        public var dashed: Bool
        /// Draw markers instead of a line (measured points of a fit).
        public var markers: Bool
        public init(_ name: String, x: [Double], y: [Double], dashed: Bool = false, markers: Bool = false) {
            self.name = name
            self.x = x
            self.y = y
            self.dashed = dashed
            self.markers = markers
        }
    }

    // Made only by the rows of this module: the synthesised memberwise initialiser
    // `SVGLinePlot(title:xLabel:yLabel:logX:logY:series:width:height:)`, with these defaults.
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var logX = false
    public var logY = false
    public var series: [Series] = []
    public var width = 640.0
    public var height = 400.0

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    private func usable(_ v: Double, log: Bool) -> Bool { v.isFinite && (!log || v > 0) }

    /// The SVG document.
    public func render() -> String {
        let left = 70.0, right = 150.0, top = 36.0, bottom = 50.0
        let pw = width - left - right, ph = height - top - bottom
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            for (x, y) in zip(s.x, s.y) where usable(x, log: logX) && usable(y, log: logY) {
                xs.append(logX ? log10(x) : x)
                ys.append(logY ? log10(y) : y)
            }
        }
        var (x0, x1) = (xs.min() ?? 0, xs.max() ?? 1)
        var (y0, y1) = (ys.min() ?? 0, ys.max() ?? 1)
        if x1 <= x0 { x0 -= 0.5; x1 += 0.5 }
        if y1 <= y0 { y0 -= 0.5; y1 += 0.5 }
        if !logY { let pad = 0.05 * (y1 - y0); y0 -= pad; y1 += pad }
        func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * pw }
        func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * ph }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }

        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(left + pw / 2))" y="20" text-anchor="middle" font-size="14">\(escape(title))</text>
        <rect x="\(f(left))" y="\(f(top))" width="\(f(pw))" height="\(f(ph))" fill="none" stroke="#444"/>

        """
        for (v, label) in ticks(x0, x1, log: logX) {
            out += "<line x1=\"\(f(px(v)))\" y1=\"\(f(top + ph))\" x2=\"\(f(px(v)))\" y2=\"\(f(top))\" stroke=\"#ddd\"/>\n"
            out += "<text x=\"\(f(px(v)))\" y=\"\(f(top + ph + 16))\" text-anchor=\"middle\">\(label)</text>\n"
        }
        for (v, label) in ticks(y0, y1, log: logY) {
            out += "<line x1=\"\(f(left))\" y1=\"\(f(py(v)))\" x2=\"\(f(left + pw))\" y2=\"\(f(py(v)))\" stroke=\"#ddd\"/>\n"
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(py(v) + 4))\" text-anchor=\"end\">\(label)</text>\n"
        }
        out += "<text x=\"\(f(left + pw / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        out += "<text transform=\"translate(16,\(f(top + ph / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"

        for (k, s) in series.enumerated() {
            let colour = SVGLinePlot.palette[k % SVGLinePlot.palette.count]
            var pieces: [[String]] = [[]]
            var dots: [String] = []
            for (x, y) in zip(s.x, s.y) {
                guard usable(x, log: logX), usable(y, log: logY) else {
                    if !(pieces.last!.isEmpty) { pieces.append([]) }
                    continue
                }
                let p = "\(f(px(logX ? log10(x) : x))),\(f(py(logY ? log10(y) : y)))"
                pieces[pieces.count - 1].append(p)
                dots.append(p)
            }
            if s.markers {
                for d in dots {
                    let c = d.split(separator: ",")
                    out += "<circle cx=\"\(c[0])\" cy=\"\(c[1])\" r=\"3.5\" fill=\"\(colour)\"/>\n"
                }
            } else {
                for piece in pieces where piece.count > 1 {
                    out += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.6\"\(s.dashed ? " stroke-dasharray=\"6,4\"" : "") points=\"\(piece.joined(separator: " "))\"/>\n"
                }
            }
            let ly = top + 14 + Double(k) * 18
            out += "<line x1=\"\(f(left + pw + 10))\" y1=\"\(f(ly - 4))\" x2=\"\(f(left + pw + 34))\" y2=\"\(f(ly - 4))\" stroke=\"\(colour)\" stroke-width=\"2\"\(s.dashed ? " stroke-dasharray=\"6,4\"" : "")/>\n"
            out += "<text x=\"\(f(left + pw + 38))\" y=\"\(f(ly))\">\(escape(s.name))</text>\n"
        }
        out += "</svg>\n"
        return out
    }

    /// Tick positions (in plot coordinates: log10 for a log axis) and labels.
    func ticks(_ lo: Double, _ hi: Double, log: Bool) -> [(Double, String)] {
        if log {
            let a = Int(ceil(lo - 1e-9)), b = Int(floor(hi + 1e-9))
            let stride = max(1, (b - a + 1) / 8)
            var out: [(Double, String)] = []
            var e = a
            while e <= b { out.append((Double(e), "1e\(e)")); e += stride }
            if out.isEmpty { out = [(lo, NumberText.short(pow(10, lo))), (hi, NumberText.short(pow(10, hi)))] }
            return out
        }
        let raw = (hi - lo) / 6
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var v = ceil(lo / step) * step
        var out: [(Double, String)] = []
        while v <= hi + 1e-9 * step {
            out.append((v, NumberText.short(abs(v) < 1e-12 * step ? 0 : v)))
            v += step
        }
        return out
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
