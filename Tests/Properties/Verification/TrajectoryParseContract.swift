import Testing
import Verification

/// What every trajectory file parser promises (1D and 2D, grids and samples): a file is
/// either parsed into a consistent trajectory or refused with a ``TrajectoryParseError`` that
/// names a line of the file and a short reason; never a crash and never another error.
enum TrajectoryParseContract {
    /// `text` must be refused at `line` with a reason containing `reason`.
    static func expectRefused(_ text: String, line: Int, reason: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try TrajectoryCSV.parse(text)
            Issue.record("accepted: \(text)", sourceLocation: sourceLocation)
        } catch let e as TrajectoryParseError {
            #expect(e.line == line, "\(e)", sourceLocation: sourceLocation)
            #expect(e.reason.contains(reason), "\(e)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    /// A mutant of `lines` lines (from `seed`) parses into a consistent trajectory (finite
    /// values, one per cell, increasing times, ≥ 2 cells or samples) or is refused within the
    /// file with a message of at most 400 characters.
    static func expectParsedOrRefused(_ mutant: String, lines: Int, seed: UInt64,
                                      sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let file = try TrajectoryCSV.parse(mutant)
            let times = file.times
            #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 }, "seed \(seed)", sourceLocation: sourceLocation)
            switch file {
            case .grid(let g):
                #expect(g.centers.count >= 2, "seed \(seed)", sourceLocation: sourceLocation)
                #expect(g.rho.allSatisfy { $0.count == g.centers.count && $0.allSatisfy(\.isFinite) },
                        "seed \(seed)", sourceLocation: sourceLocation)
            case .samples(let s):
                #expect(s.samples.allSatisfy { $0.count >= 2 && $0.allSatisfy(\.isFinite) }, "seed \(seed)",
                        sourceLocation: sourceLocation)
            case .grid2D(let p):
                let n = p.xCenters.count * p.yCenters.count
                #expect(p.xCenters.count >= 2 && p.yCenters.count >= 2, "seed \(seed)", sourceLocation: sourceLocation)
                #expect(p.rho.allSatisfy { $0.count == n && $0.allSatisfy(\.isFinite) }, "seed \(seed)",
                        sourceLocation: sourceLocation)
            case .samples2D(let s):
                #expect(s.points.allSatisfy { $0.count >= 2 }, "seed \(seed)", sourceLocation: sourceLocation)
            }
        } catch let e as TrajectoryParseError {
            #expect(e.line >= 0 && e.line <= lines, "seed \(seed): \(e)", sourceLocation: sourceLocation)
            #expect(e.description.count <= 400, "seed \(seed): message of \(e.description.count) characters",
                    sourceLocation: sourceLocation)
        } catch {
            Issue.record("seed \(seed): unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }
}
