import Foundation
import Testing

/// `ganflow train` with a 2D target, run as a user runs it: the dimension follows from the
/// spec, the affine generator's six parameters and the ring's mode coverage are printed, and
/// options that do not apply in 2D are refused in one line.
@Suite("train in two dimensions")
struct Train2DTests {
    struct Document: Decodable {
        let dimension: Int
        let iterations: [Int]
        let parameters: [[Double?]]?
        let modes_covered: [Int]?
        let modes_covered_within_3sigma: [Int]?
        let mode_counts: [[Int]]?
    }

    static func document(_ args: [String]) throws -> Document {
        let r = try GanflowProcess.run(["train"] + args + ["--json"])
        #expect(r.status == 0, "\(r)")
        return try JSONDecoder().decode(Document.self, from: Data(r.stdout.utf8))
    }

    @Test("an affine generator started on one ring mode stays there: a fixed point covering 1 of 5 modes")
    func affineFixedPointOnAMode() throws {
        let d = try Self.document(["--target", "ring(5,2,0.25)", "--generator", "affine", "--noise", "grid", "--batch", "400",
                                   "--eps", "0.5", "--iterations", "30", "--init", "2,0,0.25"])
        #expect(d.dimension == 2 && d.iterations.first == 0 && d.iterations.last == 30)
        let start = [2.0, 0.25, 0, 0, 0, 0.25]
        // Started at the mode N((2, 0), 0.25² I) itself: the other modes are ≥ 2.35 = 9.4σ away,
        // so the drift of eq. (22) there is of order e^{−9.4²/2} ≈ 1e-19 relative — the
        // parameters may move only by the least-squares round-off (≲ 1e-12 per step × 30).
        for p in d.parameters ?? [] {
            #expect(p.count == 6)
            for (a, b) in zip(p, start) { #expect(abs((a ?? .nan) - b) <= 1e-9, "\(p)") }
        }
        #expect(d.modes_covered?.allSatisfy { $0 == 1 } == true, "\(String(describing: d.modes_covered))")
        #expect(d.modes_covered_within_3sigma?.allSatisfy { $0 == 1 } == true)
        #expect(d.mode_counts?.allSatisfy { $0.reduce(0, +) == 4096 } == true)
    }

    @Test("free particles and the MLP run on a ring; a Gaussian target with the logistic discriminator runs; plain text names the columns")
    func otherGenerators() throws {
        let p = try Self.document(["--target", "ring(3,2,0.3)", "--generator", "particles", "--batch", "100", "--iterations", "4",
                                   "--init", "0,0,1.2", "--noise", "halton"])
        #expect(p.parameters == nil)
        #expect(p.mode_counts?.allSatisfy { $0.reduce(0, +) == 100 } == true)
        let m = try Self.document(["--target", "ring(3,2,0.3)", "--generator", "mlp", "--hidden", "3", "--inner-steps", "2",
                                   "--lr", "0.05", "--batch", "100", "--iterations", "3"])
        #expect(m.parameters?.allSatisfy { $0.count == 17 } == true)
        let r = try GanflowProcess.run(["train", "--target", "normal2(0,0,1,1,0.3)", "--discriminator", "logistic",
                                        "--batch", "200", "--iterations", "4"])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("a1 B11 B12 a2 B21 B22") && r.stdout.contains("(2D)"), "\(r)")
    }

    @Test("1D-only options, a non-square grid batch, a wrong --init, the MLP without inner steps and oversized runs are refused in one line")
    func refusals() throws {
        let ring = ["train", "--target", "ring(5,2,0.25)"]
        expectOneLineFailure(try GanflowProcess.run(ring + ["--noise", "grid", "--batch", "300"]), mentioning: ["square", "289", "324"])
        expectOneLineFailure(try GanflowProcess.run(["train", "--target", "normal(0,1)", "--noise", "halton"]), mentioning: ["2D"])
        expectOneLineFailure(try GanflowProcess.run(ring + ["--init", "1,2,3,4"]), mentioning: ["--init"])
        expectOneLineFailure(try GanflowProcess.run(ring + ["--features", "radial"]), mentioning: ["1D only"])
        expectOneLineFailure(try GanflowProcess.run(ring + ["--generator", "mlp"]), mentioning: ["--inner-steps"])
        expectOneLineFailure(try GanflowProcess.run(ring + ["--generator", "particles", "--batch", "100000", "--iterations", "100"]),
                             mentioning: ["limit"])
        expectOneLineFailure(try GanflowProcess.run(["train", "--target", "truncated(ring(3,2,0.3),30,31,30,31)"]), mentioning: ["target"])
    }
}
