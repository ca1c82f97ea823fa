import Foundation

/// Tables of strings rendered as aligned plain text (terminal) or as a Markdown table.
/// Pure formatting: the CLI prints or writes the result.
///
/// Hand-written on purpose: the two formats ganflow needs fit in forty lines, widths are
/// counted in `Character`s (so `χ²`, `ρd` and `≤` align), cells can be clipped to a column
/// budget (the verify table fits 120 columns), and Markdown cells escape `|`. The table
/// package available here (a 0.0.x port of a Swift 5 library built on Foundation
/// formatters) offers many styles ganflow does not use and neither clipping nor this
/// width rule.
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// Columns padded to their widest cell (by characters), separated by two spaces.
    /// `maxWidths[c]`, when given, clips column c's cells to that many characters (the
    /// last kept character becomes `…`).
    public func plain(maxWidths: [Int?] = []) -> String {
        func clip(_ s: String, _ c: Int) -> String {
            guard c < maxWidths.count, let w = maxWidths[c], s.count > w else { return s }
            return String(s.prefix(max(0, w - 1))) + "…"
        }
        let all = ([header] + rows).map { r in header.indices.map { c in clip(r.indices.contains(c) ? r[c] : "", c) } }
        let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        func line(_ r: [String]) -> String {
            header.indices.map { c in
                c == header.count - 1 ? r[c] : r[c] + String(repeating: " ", count: widths[c] - r[c].count)
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(all[0]), rule] + all.dropFirst().map(line)).joined(separator: "\n")
    }

    /// A GitHub-flavoured Markdown table; `|` inside cells is escaped.
    public func markdown() -> String {
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        let head = "| " + header.map(esc).joined(separator: " | ") + " |"
        let rule = "|" + header.map { _ in "---|" }.joined()
        let body = rows.map { r in "| " + header.indices.map { r.indices.contains($0) ? esc(r[$0]) : "" }.joined(separator: " | ") + " |" }
        return ([head, rule] + body).joined(separator: "\n")
    }
}
