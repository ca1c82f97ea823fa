import Testing
import Analytic
import Foundation

/// The fixture Tests/Fixtures/divergence-reference.json: extreme-but-valid pairs with
/// high-precision reference values (each with its own error, from two independent
/// evaluations) computed by Tests/Fixtures/make_divergence_reference.py.
struct DivergenceReference: Decodable {
    struct Kind: Decodable {
        var finite: Bool
        var value: Double?
        var error: Double?
    }
    struct Case: Decodable {
        var id: String
        var `class`: String
        var p: String
        var q: String
        var domain: [Double]?
        var kinds: [String: Kind]
    }
    var cases: [Case]

    static var url: URL {
        // Tests/Properties/Analytic/<file> → the repository root is four levels up.
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Tests/Fixtures/divergence-reference.json")
    }
}

@Suite("Divergences against the high-precision reference")
struct DivergenceReferenceTests {
    /// Every ganflow value within (its printed error + the reference's error); an infinite
    /// reference must be reported infinite; a refusal (a per-kind failure or a refused
    /// spec) counts as refused and must carry a reason. Wrong must be 0.
    @Test("Every reference case: right within both errors, or refused with a reason; none wrong")
    func compareWithReference() throws {
        let data = try Data(contentsOf: DivergenceReference.url)
        let reference = try JSONDecoder().decode(DivergenceReference.self, from: data)
        #expect(reference.cases.count >= 50)
        var right = 0, refused = 0, wrong = 0
        var lines = [String]()
        for c in reference.cases {
            let kinds = c.kinds.keys.sorted().compactMap { DivergenceKind(rawValue: $0) }
            #expect(kinds.count == c.kinds.count, "\(c.id): unknown kind in \(c.kinds.keys.sorted())")
            let p: any Density, q: any Density
            do {
                p = try DensitySpec.parse(c.p)
                q = try DensitySpec.parse(c.q)
            } catch {
                refused += kinds.count
                #expect(!"\(error)".isEmpty)
                lines.append("refused \(c.id) (spec): \(error)")
                continue
            }
            let domain = c.domain.map { $0[0] ... $0[1] }
            let outcomes = Divergences.evaluate(kinds, p: p, q: q, domain: domain)
            for (k, o) in zip(kinds, outcomes) {
                let ref = c.kinds[k.rawValue]!
                switch o {
                case .failure(let f):
                    refused += 1
                    #expect(!f.reason.isEmpty)
                    lines.append("refused \(c.id) \(k): \(f.reason)")
                case .success(let r):
                    if !ref.finite {
                        if r.isFinite { wrong += 1; lines.append("WRONG \(c.id) \(k): \(r) but the reference is infinite") }
                        else { right += 1 }
                    } else if let v = ref.value {
                        let e = ref.error ?? 0
                        if r.isFinite, abs(r.value - v) <= r.error + e { right += 1 }
                        else {
                            wrong += 1
                            lines.append("WRONG \(c.id) \(k): ganflow \(r), reference \(v) ± \(e)")
                        }
                    }
                }
            }
        }
        print("divergence reference: \(right) right, \(refused) refused, \(wrong) wrong (\(reference.cases.count) cases)")
        for l in lines { print("  " + l) }
        #expect(wrong == 0, "\(lines.filter { $0.hasPrefix("WRONG") }.joined(separator: "\n"))")
    }
}
