import Foundation
import Testing

/// `ganflow divergence` with 2D specs, as a user runs it: the dimension follows from the
/// specs; every kind prints a value with its error or its reason; mixing dimensions and a
/// 1D `--domain` are refused in one line.
@Suite("divergence in two dimensions")
struct Divergence2DTests {
    struct Document: Decodable {
        struct Kind: Decodable { let kind: String; let value: Double?; let finite: Bool? }
        let p: String
        let q: String
        let results: [Kind]
    }

    @Test("two normal2 specs with one covariance: all five kinds with values; a ring pair: JS with a value, KL refused with its reason, exit 1")
    func twoDimensionalSpecs() throws {
        let r = try GanflowProcess.run(["divergence", "--p", "normal2(0,0,1,1,0.5)", "--q", "normal2(1,0.5,1,1,0.5)", "--json"])
        #expect(r.status == 0, "\(r)")
        let d = try JSONDecoder().decode(Document.self, from: Data(r.stdout.utf8))
        #expect(d.results.map(\.kind) == ["js", "kl", "chi2", "tv", "hellinger2"] && d.results.allSatisfy { $0.finite == true })
        let ring = try GanflowProcess.run(["divergence", "--p", "ring(3,1.5,0.5)", "--q", "normal2(0,0,1,1,0)", "--kind", "kl"])
        #expect(ring.status == 1 && ring.stdout.contains("closed form only") && ring.errorLines.count == 1, "\(ring)")
    }

    /// The reference is `Tests/Fixtures/plane_gaussian_tv.py`'s (30 digits); the JSON value
    /// must lie within the printed error plus its rounding to 17 digits.
    @Test("tv of two normal2 specs with different covariances prints a value within its error of the 30-digit reference")
    func gaussianTV() throws {
        struct Result: Decodable { let kind: String; let value: Double?; let error: Double? }
        struct Doc: Decodable { let results: [Result] }
        let r = try GanflowProcess.run(["divergence", "--p", "normal2(0,0,1,1,0)", "--q", "normal2(1,0.5,1.2,0.8,0.3)",
                                        "--kind", "tv", "--json"])
        #expect(r.status == 0, "\(r)")
        let d = try JSONDecoder().decode(Doc.self, from: Data(r.stdout.utf8))
        let tv = try #require(d.results.first { $0.kind == "tv" })
        let value = try #require(tv.value), error = try #require(tv.error)
        #expect(abs(value - 0.412564889860674285578783932809) <= error + 1e-16, "\(r.stdout)")
    }

    @Test("a 1D and a 2D spec, or a 2D pair with --domain, are refused in one line naming the problem")
    func mixedDimensionsRefused() throws {
        let mixed = try GanflowProcess.run(["divergence", "--p", "normal(0,1)", "--q", "normal2(0,0,1,1,0)"])
        #expect(mixed.status != 0 && mixed.errorLines.count == 1 && mixed.stderr.contains("same dimension"), "\(mixed)")
        let domain = try GanflowProcess.run(["divergence", "--p", "normal2(0,0,1,1,0)", "--q", "normal2(0,0,1,1,0)", "--domain", "-1,1"])
        #expect(domain.status != 0 && domain.errorLines.count == 1 && domain.stderr.contains("truncated(SPEC2"), "\(domain)")
    }
}
