import Foundation
import Testing

/// `ganflow simulate` with 2D specs, run as a user runs it: the dimension follows from the
/// specs, the printed keys are the 1D ones, `--csv` writes t,x,y,rho, and mixing 1D and 2D
/// specs (or 1D-only options) is one clear line.
@Suite("simulate in two dimensions")
struct Simulate2DTests {
    static let run2D = ["simulate", "--target", "product(beta(2,3),normal(0,1))", "--initial", "normal2(0.5,0.5,0.2,1,0.5)",
                        "--domain", "0,1,-4,4", "--cells", "12,10", "--times", "0,0.5,1", "--flow", "js"]

    @Test("A 2D run prints the 1D keys and writes t,x,y,rho rows whose mass stays 1 within the self-check's bound")
    func runAndCSV() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ganflow-2d-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("rho.csv").path
        let r = try GanflowProcess.run(Self.run2D + ["--csv", csv, "--stats"])
        #expect(r.status == 0, "\(r)")
        for key in ["t", "mass", "umin", "umax", "JS", "KL", "chi2", "TV", "H2", "dissipation"] {
            #expect(r.stdout.contains(key), "missing \(key): \(r)")
        }
        let steps = r.stderr.split(separator: " ").dropFirst().first.flatMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: ","))) }
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "t,x,y,rho")
        #expect(lines.count == 1 + 3 * 12 * 10)
        // Mass per time: the initial truncation is renormalised to 1 on the box, and the
        // solver's self-check bounds the drift by its accumulated allowance, printed by
        // --stats (the steps' Newton residuals — and for second-order steps the rounding of
        // their stage constants — plus 72Nε per step, N = 120 cells). The 17-digit CSV and
        // this test's sum add ≤ 8Nε.
        #expect(steps != nil, "steps: \(r.stderr)")
        let eps = Double.ulpOfOne
        let allowance = r.stderr.components(separatedBy: "mass allowance ").dropFirst().first
            .flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(allowance != nil, "allowance: \(r.stderr)")
        let bound = (allowance ?? 0) + 8 * 120 * eps
        var mass = [Double: Double]()
        for l in lines.dropFirst() {
            let f = l.split(separator: ",").compactMap { Double($0) }
            #expect(f.count == 4)
            if f.count == 4 { mass[f[0], default: 0] += f[3] * (1.0 / 12) * (8.0 / 10) }
        }
        #expect(mass.count == 3)
        for (t, m) in mass { #expect(abs(m - 1) <= bound, "mass at t = \(t): \(m), bound \(bound)") }
    }

    @Test("Mixing 1D and 2D specs, a 2-number domain for 2D specs and 1D-only options are refused in one line")
    func refusals() throws {
        let base2D = ["--target", "ring(4,2,0.5)", "--domain", "-4,4,-4,4", "--times", "1"]
        expectOneLineFailure(try GanflowProcess.run(["simulate", "--initial", "normal(0,1)"] + base2D), mentioning: ["same dimension"])
        expectOneLineFailure(try GanflowProcess.run(["simulate", "--target", "normal(0,1)", "--initial", "ring(2,1,1)",
                                                     "--domain", "-4,4", "--times", "1"]), mentioning: ["same dimension"])
        expectOneLineFailure(try GanflowProcess.run(["simulate", "--target", "ring(4,2,0.5)", "--initial", "normal2(0,0,1,1,0)",
                                                     "--domain", "-4,4", "--times", "1"]), mentioning: ["--domain", "4 numbers"])
        expectOneLineFailure(try GanflowProcess.run(["simulate", "--initial", "normal2(0,0,1,1,0)", "--probe", "0"] + base2D),
                             mentioning: ["--probe"])
        expectOneLineFailure(try GanflowProcess.run(["simulate", "--initial", "normal2(0,0,1,1,0)", "--cells", "2000,2000"] + base2D),
                             mentioning: ["--cells"])
        expectOneLineFailure(try GanflowProcess.run(["simulate", "--target", "normal(0,1)", "--initial", "normal(0,1)",
                                                     "--domain", "-4,4,-4,4", "--times", "1"]), mentioning: ["--domain"])
        expectOneLineFailure(try GanflowProcess.run(["simulate", "--initial", "normal2(0,0,1,1,1.5)"] + base2D),
                             mentioning: ["--initial", "[-0.999, 0.999]"])
    }
}
