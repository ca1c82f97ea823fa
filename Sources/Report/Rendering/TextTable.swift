import Foundation
import Analytic
import Sim
import Verification

/// Tables of strings rendered as aligned plain text (terminal) or as a Markdown table.
/// Pure formatting: the CLI prints or writes the result.
public struct TextTable: Sendable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// Columns padded to their widest cell (by characters), separated by two spaces.
    public func plain() -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
        func line(_ r: [String]) -> String {
            header.indices.map { c in
                let cell = r.indices.contains(c) ? r[c] : ""
                return c == header.count - 1 ? cell : cell + String(repeating: " ", count: widths[c] - cell.count)
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
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
