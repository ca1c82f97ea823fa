import Foundation
import Analytic
import Sim

/// Reading and writing trajectory CSV files, the format `ganflow simulate --csv` writes
/// and `ganflow check` reads.
///
/// Four formats, told apart by the header (column names case-insensitive, in any order):
/// - `t,x,rho`: one row per cell and time; at each time the rows give the cell averages on
///   the same uniform grid of cell centres (any row order; centres sorted per time).
/// - `t,sample`: one row per sample; samples at each time are a draw from ρ(t, ·).
/// - `t,x,y,rho` and `t,x,y`: the same in two dimensions (a tensor grid of cell centres,
///   every (x, y) pair once per time; points in the plane). See `TrajectoryCSV2D.swift`.
///
/// Blank lines and lines starting with `#` are ignored; lines may end in LF or CRLF and
/// the file may start with a UTF-8 byte-order mark. Times must appear in increasing order
/// (rows of one time together). Every malformed input is a ``TrajectoryParseError`` naming
/// the line and the reason, never a crash; a field quoted in an error is clipped to
/// ``echoLimit`` characters.
///
/// Hand-written rather than a general CSV package: the format is numbers only (no quoting
/// to interpret), every row error must carry its line number and a bounded quote of the
/// field, and numbers are parsed as the lines stream by instead of building a table of
/// strings for the whole file first (a trajectory of 10⁶ rows is ~25 MB of numbers and
/// several times that as strings).
///
/// Uniform-grid tolerance: centres may deviate from `x₀ + i h` by 1e-6 h. A writer printing
/// d significant digits makes an error ≤ 5·10⁻ᵈ |x| per centre; with |x| ≤ N h (a domain
/// not far from the origin relative to its length) that is ≤ 5·10⁻ᵈ N h, below 1e-6 h for
/// d = 12 and N ≤ 10⁵ (17-digit output, as ganflow writes, is exact). A grid that is not
/// uniform is off by a fraction of h and is rejected.
public enum TrajectoryCSV {
    /// Largest deviation of a centre from the uniform grid, in units of h.
    public static let gridTolerance = 1e-6
    /// Most characters of one field or header quoted in an error.
    public static let echoLimit = 40

    static func clip(_ s: some StringProtocol) -> String {
        s.count <= echoLimit ? String(s) : String(s.prefix(echoLimit)) + "…"
    }

    public static func parse(_ text: String) throws -> TrajectoryFile {
        var header: [String]? = nil
        var headerLine = 0
        var rows: [(line: Int, values: [Double])] = []
        var lineNumber = 0
        // `\r\n` is one Character in Swift: split on every line break, not on "\n".
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        for rawLine in body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard let names = header else {
                header = fields.map { $0.lowercased() }
                headerLine = lineNumber
                continue
            }
            guard fields.count == names.count else {
                throw TrajectoryParseError(line: lineNumber, "expected \(names.count) fields (\(clip(names.joined(separator: ",")))), found \(fields.count)")
            }
            var values = [Double]()
            for (k, f) in fields.enumerated() {
                guard let v = Double(f) else {
                    throw TrajectoryParseError(line: lineNumber, "field \(clip(names[k])) is not a number: '\(clip(f))'")
                }
                guard v.isFinite else {
                    throw TrajectoryParseError(line: lineNumber, "field \(clip(names[k])) is not finite: '\(clip(f))'")
                }
                values.append(v)
            }
            rows.append((lineNumber, values))
        }
        guard let names = header else { throw TrajectoryParseError(line: 0, "empty file: no header line") }
        let set = Set(names)
        if set == ["t", "x", "rho"], names.count == 3 {
            return .grid(try gridTrajectory(rows, t: names.firstIndex(of: "t")!,
                                            x: names.firstIndex(of: "x")!,
                                            rho: names.firstIndex(of: "rho")!))
        }
        if set == ["t", "sample"], names.count == 2 {
            return .samples(try sampleTrajectory(rows, t: names.firstIndex(of: "t")!,
                                                 s: names.firstIndex(of: "sample")!))
        }
        if set == ["t", "x", "y", "rho"], names.count == 4 {
            return .grid2D(try grid2DTrajectory(rows, t: names.firstIndex(of: "t")!, x: names.firstIndex(of: "x")!,
                                                y: names.firstIndex(of: "y")!, rho: names.firstIndex(of: "rho")!))
        }
        if set == ["t", "x", "y"], names.count == 3 {
            return .samples2D(try sample2DTrajectory(rows, t: names.firstIndex(of: "t")!, x: names.firstIndex(of: "x")!,
                                                     y: names.firstIndex(of: "y")!))
        }
        throw TrajectoryParseError(line: headerLine, "header must name the columns t,x,rho or t,sample (1D), t,x,y,rho or t,x,y (2D); found '\(clip(names.joined(separator: ",")))'")
    }

    /// Rows grouped by time, in file order; times strictly increasing.
    static func groups(_ rows: [(line: Int, values: [Double])], t: Int)
        throws -> [(time: Double, rows: [(line: Int, values: [Double])])] {
        guard !rows.isEmpty else { throw TrajectoryParseError(line: 0, "no data rows after the header") }
        var out: [(time: Double, rows: [(line: Int, values: [Double])])] = []
        for r in rows {
            let time = r.values[t]
            guard time >= 0 else { throw TrajectoryParseError(line: r.line, "time \(time) is negative") }
            if let last = out.last, last.time == time {
                out[out.count - 1].rows.append(r)
            } else {
                if let last = out.last, time < last.time {
                    throw TrajectoryParseError(line: r.line, "time \(time) after time \(last.time): times must increase and the rows of one time must be together")
                }
                out.append((time, [r]))
            }
        }
        return out
    }

    private static func gridTrajectory(_ rows: [(line: Int, values: [Double])], t: Int, x: Int, rho: Int) throws -> GridTrajectory {
        let gs = try groups(rows, t: t)
        var centers: [Double] = []
        var values: [[Double]] = []
        for g in gs {
            let sorted = g.rows.sorted { $0.values[x] < $1.values[x] }
            guard sorted.count >= 2 else {
                throw TrajectoryParseError(line: g.rows[0].line, "time \(g.time) has \(sorted.count) cell; a grid needs at least 2")
            }
            for k in 1..<sorted.count where sorted[k].values[x] == sorted[k - 1].values[x] {
                throw TrajectoryParseError(line: sorted[k].line, "cell centre x = \(sorted[k].values[x]) appears twice at time \(g.time)")
            }
            // Negative cell averages are data to be judged (the positivity check), not a
            // parse error.
            let xs = sorted.map { $0.values[x] }
            if centers.isEmpty {
                let h = (xs.last! - xs.first!) / Double(xs.count - 1)
                for (i, r) in sorted.enumerated() {
                    let expected = xs.first! + Double(i) * h
                    if abs(r.values[x] - expected) > gridTolerance * h {
                        throw TrajectoryParseError(line: r.line, "x = \(r.values[x]) is not on the uniform grid of cell centres (expected \(expected), spacing \(h))")
                    }
                }
                centers = xs
            } else {
                guard xs.count == centers.count else {
                    throw TrajectoryParseError(line: g.rows[0].line, "time \(g.time) has \(xs.count) cells, the first time has \(centers.count)")
                }
                let h = (centers.last! - centers.first!) / Double(centers.count - 1)
                for (i, r) in sorted.enumerated() where abs(r.values[x] - centers[i]) > gridTolerance * h {
                    throw TrajectoryParseError(line: r.line, "x = \(r.values[x]) at time \(g.time) is not a cell centre of the first time's grid (expected \(centers[i]))")
                }
            }
            values.append(sorted.map { $0.values[rho] })
        }
        return GridTrajectory(times: gs.map(\.time), centers: centers, rho: values)
    }

    private static func sampleTrajectory(_ rows: [(line: Int, values: [Double])], t: Int, s: Int) throws -> SampleTrajectory {
        let gs = try groups(rows, t: t)
        for g in gs where g.rows.count < 2 {
            throw TrajectoryParseError(line: g.rows[0].line, "time \(g.time) has \(g.rows.count) sample; a density estimate needs at least 2")
        }
        return SampleTrajectory(times: gs.map(\.time), samples: gs.map { $0.rows.map { $0.values[s] } })
    }

    /// The `t,x,rho` text of a grid trajectory, numbers with 17 significant digits (exact
    /// round trip).
    public static func format(_ g: GridTrajectory) -> String {
        var out = "t,x,rho\n"
        for (k, t) in g.times.enumerated() {
            for (i, x) in g.centers.enumerated() {
                out += "\(t),\(x),\(g.rho[k][i])\n"
            }
        }
        return out
    }
}
