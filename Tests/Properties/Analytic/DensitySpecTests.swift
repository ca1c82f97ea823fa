import Testing
import PropertyBased
import TestSupport
import Analytic

/// A valid spec and one way of breaking it, for the error-path property.
struct BrokenSpec: CustomStringConvertible {
    var recipe: RandomDensityRecipe
    var mutation: Int
    var description: String { "mutation \(mutation) of \(recipe)" }
}

@Suite("DensitySpec")
struct DensitySpecTests {
    @Test("Hand-written specs parse to the densities they name")
    func knownSpecs() throws {
        let cases: [(String, any Density)] = [
            ("normal(0,1)", try Normal(mean: 0, standardDeviation: 1)),
            (" normal ( -2.5 , 0.6 ) ", try Normal(mean: -2.5, standardDeviation: 0.6)),
            ("laplace(0,1)", try Laplace(location: 0, scale: 1)),
            ("logistic(1e-3,2)", try Logistic(location: 0.001, scale: 2)),
            ("student(3,0,1)", try StudentT(degreesOfFreedom: 3, location: 0, scale: 1)),
            ("beta(2,5)", try Beta(2, 5)),
            ("uniform(-1,1)", try Uniform(lower: -1, upper: 1)),
            ("Mixture(0.5*normal(-2,0.6), 0.5*normal(2,0.6))",
             try Mixture(weights: [0.5, 0.5], components: [try Normal(mean: -2, standardDeviation: 0.6),
                                                           try Normal(mean: 2, standardDeviation: 0.6)])),
            ("truncated(normal(0,1),-8,8)", try Truncated(try Normal(mean: 0, standardDeviation: 1), lower: -8, upper: 8)),
            ("mixture(0.3*normal(0,1),0.3*laplace(1,2),0.4*truncated(beta(2,2),0.1,0.9))",
             try Mixture(weights: [0.3, 0.3, 0.4],
                         components: [try Normal(mean: 0, standardDeviation: 1), try Laplace(location: 1, scale: 2),
                                      try Truncated(try Beta(2, 2), lower: 0.1, upper: 0.9)])),
        ]
        for (text, expected) in cases {
            let parsed = try DensitySpec.parse(text)
            #expect(DensitySpec.equal(parsed, expected), "\(text) parsed to \(parsed.spec), expected \(expected.spec)")
        }
    }

    @Test("Random valid specs round-trip, with and without extra whitespace")
    func roundTrip() async {
        await checkEveryCase(60, of: RandomDensities.anyDensity()) { recipe in
            let d = try recipe.density()
            let back = try DensitySpec.parse(d.spec)
            #expect(DensitySpec.equal(d, back), "\(d.spec) → \(back.spec)")
            #expect(back.spec == d.spec)
            // Spaces around every separator must not change the result.
            var spaced = ""
            for ch in d.spec { spaced += ["(", ")", ",", "*"].contains(ch) ? " \(ch)\t" : String(ch) }
            let back2 = try DensitySpec.parse(spaced)
            #expect(DensitySpec.equal(d, back2), "\(spaced) → \(back2.spec)")
        }
    }

    /// (spec, offending part, word the reason must contain).
    static let invalid: [(String, String, String)] = [
        ("gauss(0,1)", "gauss", "unknown density"),
        ("normal(0)", "normal(0)", "takes 2 parameters"),
        ("student(3,0,1,2)", "student(3,0,1,2)", "takes 3 parameters"),
        ("normal(inf,1)", "inf", "finite"),
        ("normal(0,nan)", "nan", "finite"),
        ("normal(0,-1)", "-1", "must be > 0"),
        ("laplace(0,0)", "0", "must be > 0"),
        ("beta(0,1)", "0", "must be > 0"),
        ("student(-1,0,1)", "-1", "must be > 0"),
        ("uniform(1,1)", "1", "a < b"),
        ("normal(0,x1)", "x1", "not a number"),
        ("mixture(-0.5*normal(0,1),1.5*normal(1,1))", "-0.5", "negative"),
        ("mixture(0.5*normal(0,1),0.6*normal(1,1))", "mixture(0.5*normal(0,1),0.6*normal(1,1))", "sum to"),
        ("mixture(0.5 normal(0,1))", "n", "expected \"*\""),
        ("truncated(normal(0,1),3,2)", "2", "a < b"),
        ("truncated(uniform(0,1),2,3)", "truncated(uniform(0,1),2,3)", "does not overlap"),
        ("normal(0,1) extra", "extra", "unexpected text"),
        ("normal(0,1", "", "expected \")\""),
        ("", "", "expected a density name"),
    ]

    @Test("Invalid specs give errors quoting the spec and the offending part")
    func invalidSpecs() {
        for (text, part, reason) in Self.invalid {
            do {
                let d = try DensitySpec.parse(text)
                Issue.record("\(text) parsed to \(d.spec); expected an error")
            } catch let e as DensitySpecError {
                #expect(e.spec == text)
                #expect(e.part == part, "\(text): part \(e.part), expected \(part)")
                #expect(e.reason.contains(reason), "\(text): reason \(e.reason)")
                // The position points at the part inside the spec.
                #expect(String(Array(text).dropFirst(e.position).prefix(part.count)) == part)
                #expect(e.description.contains("\"\(text)\""))
                #expect(!e.description.contains("\n"))
            } catch {
                Issue.record("\(text): unexpected error type \(error)")
            }
        }
    }

    @Test("Breaking a random valid spec gives an error at the broken place")
    func brokenRandomSpecs() async {
        let input = zip(RandomDensities.anyDensity(), Gen.int(in: 0...1)).map { BrokenSpec(recipe: $0, mutation: $1) }
        await checkEveryCase(40, of: input) { broken in
            let spec = Array(try broken.recipe.density().spec)
            // Offset of the last density name in the spec (a run of letters before "(").
            guard let open = spec.lastIndex(where: { $0 == "(" }) else { Issue.record("no call"); return }
            var start = open
            while start > 0, spec[start - 1].isLetter { start -= 1 }
            let text: String
            let expectedPart: String
            if broken.mutation == 0 {
                // Replace that name with an unknown one.
                text = String(spec[..<start]) + "zeta" + String(spec[open...])
                expectedPart = "zeta"
            } else {
                // Add one parameter to that (innermost, numeric) call.
                let close = spec[open...].firstIndex(of: ")")!
                text = String(spec[..<close]) + ",7" + String(spec[close...])
                expectedPart = String(spec[start..<close]) + ",7)"
            }
            do {
                let d = try DensitySpec.parse(text)
                Issue.record("\(text) parsed to \(d.spec)")
            } catch let e as DensitySpecError {
                #expect(e.position == start, "\(text): position \(e.position), expected \(start)")
                #expect(e.part == expectedPart, "\(text): part \(e.part)")
            }
        }
    }
}
