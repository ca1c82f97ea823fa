import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import PropertyBased
import TestSupport
import Analytic
import Report

/// ``SVGHeatMap`` and ``SequentialColourScale``: the document is well-formed XML with the
/// declared size and one cell per value, darker means larger, and bad input is refused.
@Suite("SVG heat maps", .stepBudget)
struct SVGHeatMapTests {
    /// Collects the elements of an SVG document (XMLParser: well-formedness is its job).
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements.append((name, attributes))
        }
    }

    static func parse(_ svg: String) -> (ok: Bool, elements: [(name: String, attributes: [String: String])], error: String) {
        let c = Collector()
        let p = XMLParser(data: Data(svg.utf8))
        p.delegate = c
        let ok = p.parse()
        return (ok, c.elements, p.parserError.map { "\($0)" } ?? "")
    }

    static func randomMap(_ seed: UInt64) throws -> SVGHeatMap {
        var rng = SplitMix64(state: seed)
        func u() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
        let panels = (0..<(1 + rng.below(4))).map { k -> SVGHeatMap.Panel in
            let nx = 1 + rng.below(20), ny = 1 + rng.below(20)
            let values = (0..<(nx * ny)).map { _ -> Double in
                switch rng.below(40) {
                case 0: return .nan
                case 1: return .infinity
                case 2: return -u()
                default: return u() * 3
                }
            }
            return SVGHeatMap.Panel("panel <\(k)> & \"q\"", nx: nx, ny: ny, values: values)
        }
        let ax = u() * 10 - 5, ay = u() * 10 - 5
        return try SVGHeatMap(title: "t < 1 & ρ", box: (ax, ax + 0.1 + u() * 8, ay, ay + 0.1 + u() * 8), panels: panels)
    }

    @Test("Random maps: well-formed SVG of the declared size, one coloured cell per value, every panel inside the document")
    func validDocument() async {
        await propertyCheck(count: 60, input: Gen.uint64()) { seed in
            failOnThrow("seed \(seed)") {
                let map = try Self.randomMap(seed)
                let svg = map.render()
                let (ok, elements, error) = Self.parse(svg)
                #expect(ok, "seed \(seed): not well-formed: \(error)")
                guard let root = elements.first else { Issue.record("no root"); return }
                #expect(root.name == "svg")
                let (w, h) = map.size
                #expect(root.attributes["width"] == "\(Int(w.rounded(.up)))" && root.attributes["height"] == "\(Int(h.rounded(.up)))")
                let cells = elements.filter { $0.name == "rect" && $0.attributes["class"] == "cell" }
                #expect(cells.count == map.panels.reduce(0) { $0 + $1.nx * $1.ny })
                for c in cells {
                    let fill = c.attributes["fill"] ?? ""
                    #expect(SequentialColourScale.luminance(hex: fill) != nil, "fill \(fill)")
                    let x = Double(c.attributes["x"] ?? "") ?? -1, y = Double(c.attributes["y"] ?? "") ?? -1
                    // Printed with 2 decimals: inside the document up to that rounding.
                    #expect(x >= -0.01 && y >= -0.01 && x <= w && y <= h, "cell at (\(x), \(y)) outside \(w) × \(h)")
                }
            }
        }
    }

    @Test("The colour scale: luminance non-increasing in the value on a fine grid, from white at 0 to dark at 1")
    func scaleMonotone() {
        var previous = Double.infinity
        for k in 0...2000 {
            let l = SequentialColourScale.luminance(hex: SequentialColourScale.hex(Double(k) / 2000))!
            #expect(l <= previous, "luminance rises at t = \(Double(k) / 2000)")
            previous = l
        }
        #expect(SequentialColourScale.hex(0) == "#ffffff")
        #expect(SequentialColourScale.luminance(hex: SequentialColourScale.hex(1))! < 0.05)
    }

    @Test("In a rendered map a larger value never gets a lighter cell; non-finite values are grey")
    func cellsOrdered() async {
        await propertyCheck(count: 40, input: Gen.uint64()) { seed in
            failOnThrow("seed \(seed)") {
                let map = try Self.randomMap(seed)
                let cells = Self.parse(map.render()).elements.filter { $0.attributes["class"] == "cell" }
                let values = map.panels.flatMap { p in (0..<p.ny).flatMap { j in (0..<p.nx).map { i in p.values[j * p.nx + i] } } }
                #expect(cells.count == values.count)
                var pairs = [(Double, Double)]()
                for (v, c) in zip(values, cells) {
                    let fill = c.attributes["fill"]!
                    if !v.isFinite { #expect(fill == SVGHeatMap.missingColour); continue }
                    pairs.append((v, SequentialColourScale.luminance(hex: fill)!))
                }
                pairs.sort { $0.0 < $1.0 }
                for (a, b) in zip(pairs, pairs.dropFirst()) { #expect(b.1 <= a.1, "value \(b.0) lighter than \(a.0)") }
            }
        }
    }

    @Test("No panels, a value count that is not nx·ny, or an empty box are refused")
    func refusals() {
        #expect(throws: InvalidArgument.self) { try SVGHeatMap(title: "t", box: (0, 1, 0, 1), panels: []) }
        #expect(throws: InvalidArgument.self) {
            try SVGHeatMap(title: "t", box: (0, 1, 0, 1), panels: [SVGHeatMap.Panel("a", nx: 2, ny: 2, values: [1, 2, 3])])
        }
        #expect(throws: InvalidArgument.self) {
            try SVGHeatMap(title: "t", box: (1, 1, 0, 1), panels: [SVGHeatMap.Panel("a", nx: 1, ny: 1, values: [1])])
        }
    }
}
