import Foundation
import Testing

/// `ganflow check` on 2D files, run as a user runs it: ganflow's own `simulate --csv` output in
/// 2D must pass its own check at default settings; a file whose times are claimed twice as
/// fast must fail; mixing a 2D file with a 1D target (or a 1D file with a 2D target, or a 2D
/// file with a 2-number domain) is one clear line.
@Suite("check in two dimensions")
struct Check2DTests {
    static let simulate = ["simulate", "--target", "ring(4,1.5,0.6)", "--initial", "normal2(0.5,-0.3,0.8,0.6,0.3)",
                           "--domain", "-4,4,-3,3", "--cells", "16,12", "--times", "0,0.25,0.5,1,2", "--flow", "js"]

    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ganflow-check2d-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("simulate --csv in 2D, then check at default settings: every check holds (exit 0)")
    func ownOutputPasses() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("rho.csv").path
        let s = try GanflowProcess.run(Self.simulate + ["--csv", csv])
        #expect(s.status == 0, "\(s)")
        let r = try GanflowProcess.run(["check", csv, "--target", "ring(4,1.5,0.6)"])
        #expect(r.status == 0, "\(r)")
        for name in ["mass conservation", "positivity", "maximum principle", "JS non-increasing", "convex functionals", "trend", "independent re-solve"] {
            #expect(r.stdout.contains("ok   \(name)"), "missing or failing \(name): \(r)")
        }
        #expect(r.stdout.contains("all checks hold"), "\(r)")
        let j = try GanflowProcess.run(["check", csv, "--target", "ring(4,1.5,0.6)", "--domain", "-4,4,-3,3", "--json"])
        #expect(j.status == 0, "\(j)")
        #expect(j.stdout.contains("\"passed\" : true") || j.stdout.contains("\"passed\":true"), "\(j)")
    }

    @Test("The same file with its times doubled fails the re-solve (exit 1)")
    func wrongTimesFail() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("rho.csv").path
        let s = try GanflowProcess.run(Self.simulate + ["--csv", csv])
        #expect(s.status == 0, "\(s)")
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        let doubled = [String(lines[0])] + lines.dropFirst().map { l -> String in
            var f = l.split(separator: ",").map(String.init)
            f[0] = "\(2 * Double(f[0])!)"
            return f.joined(separator: ",")
        }
        let bad = dir.appendingPathComponent("fast.csv").path
        try doubled.joined(separator: "\n").write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try GanflowProcess.run(["check", bad, "--target", "ring(4,1.5,0.6)"])
        #expect(r.status == 1, "\(r)")
        #expect(r.stdout.contains("FAIL independent re-solve"), "\(r)")
    }

    @Test("Mixed dimensions and a 2-number domain for a 2D file are one clear line")
    func refusals() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let twoD = dir.appendingPathComponent("two.csv").path
        try "t,x,y,rho\n0,0.5,0.5,1\n0,1.5,0.5,1\n0,0.5,1.5,1\n0,1.5,1.5,1\n1,0.5,0.5,1\n1,1.5,0.5,1\n1,0.5,1.5,1\n1,1.5,1.5,1\n"
            .write(toFile: twoD, atomically: true, encoding: .utf8)
        expectOneLineFailure(try GanflowProcess.run(["check", twoD, "--target", "normal(0,1)"]), mentioning: ["2D file", "same dimension"])
        expectOneLineFailure(try GanflowProcess.run(["check", "examples/js-flow-good.csv", "--target", "ring(4,2,0.5)"]),
                             mentioning: ["1D file", "same dimension"])
        expectOneLineFailure(try GanflowProcess.run(["check", twoD, "--target", "normal2(1,1,1,1,0)", "--domain", "0,2"]),
                             mentioning: ["--domain", "4 numbers"])
        expectOneLineFailure(try GanflowProcess.run(["check", "examples/js-flow-good.csv", "--target", "normal(0,1)", "--domain", "-5,5,-5,5"]),
                             mentioning: ["--domain", "1D file"])
        let points = dir.appendingPathComponent("points.csv").path
        try "t,x,y\n0,0.1,0.2\n0,0.3,0.1\n".write(toFile: points, atomically: true, encoding: .utf8)
        expectOneLineFailure(try GanflowProcess.run(["check", points, "--target", "normal2(0,0,1,1,0)"]), mentioning: ["--domain"])
    }
}
