/// Recursive-descent parser behind ``DensitySpec/parse(_:)``. Positions are offsets in
/// characters so that errors can point into the spec the user typed.
struct DensitySpecParser {
    let text: String
    let chars: [Character]
    var index = 0
    var depth = 0
    var leaves = 0

    init(_ text: String) {
        self.text = text
        // Only the first maximumLength + 1 characters are ever looked at: a longer spec
        // is refused by its length, and converting a megabyte spec to characters first
        // would itself be the slow part.
        self.chars = Array(text.prefix(DensitySpec.maximumLength + 1))
    }

    mutating func parseWhole() throws -> any Density {
        try parseWhole { try $0.parseDensity() }
    }

    /// The whole spec as one density of `grammar` (1D or 2D): refused when longer than
    /// ``DensitySpec/maximumLength`` or followed by anything but white space.
    mutating func parseWhole<D>(_ grammar: (inout DensitySpecParser) throws -> D) throws -> D {
        guard chars.count <= DensitySpec.maximumLength else {
            throw fail(at: 0, to: 0, "the spec is longer than \(DensitySpec.maximumLength) characters; at most \(DensitySpec.maximumLength) are accepted")
        }
        let d = try grammar(&self)
        skipSpace()
        if index < chars.count {
            throw fail(at: index, to: chars.count, "unexpected text after the density")
        }
        return d
    }

    // MARK: Grammar

    /// One nesting level deeper (refused past ``DensitySpec/maximumDepth``), then the name
    /// that starts a density: its first character a letter, the rest letters or, when
    /// `digits` (2D names such as `normal2`), also digits. Returns where the name starts.
    mutating func enterDensityName(digits: Bool) throws -> (name: String, start: Int) {
        depth += 1
        guard depth <= DensitySpec.maximumDepth else {
            throw fail(at: index, to: min(index + 10, chars.count), "nesting deeper than \(DensitySpec.maximumDepth) levels is not accepted")
        }
        skipSpace()
        let start = index
        while index < chars.count, chars[index].isLetter || (digits && index > start && chars[index].isNumber) { index += 1 }
        return (String(chars[start..<index]), start)
    }

    mutating func parseDensity() throws -> any Density {
        defer { depth -= 1 }  // back up the level that enterDensityName goes down, even on an error
        let (name, nameStart) = try enterDensityName(digits: false)
        if name.isEmpty {
            throw fail(at: nameStart, to: min(nameStart + 1, chars.count),
                       "expected a density name (one of \(DensitySpec.knownNames.joined(separator: ", ")))")
        }
        let lower = name.lowercased()
        guard DensitySpec.knownNames.contains(lower) else {
            throw fail(at: nameStart, to: index,
                       "unknown density \"\(name)\" (known: \(DensitySpec.knownNames.joined(separator: ", ")))")
        }
        skipSpace()
        try expect("(", after: "\(lower)")
        switch lower {
        case "mixture": return try parseMixture(start: nameStart)
        case "truncated": return try parseTruncated(start: nameStart)
        default:
            try countLeaves(1, at: nameStart)
            return try parseFamily(DensitySpec.families.first { $0.name == lower }!, start: nameStart)
        }
    }

    /// Adds `n` leaf densities to the count, refused past ``DensitySpec/maximumLeaves``.
    mutating func countLeaves(_ n: Int, at start: Int) throws {
        leaves += n
        guard leaves <= DensitySpec.maximumLeaves else {
            throw fail(at: start, to: index, "more than \(DensitySpec.maximumLeaves) leaf densities in one spec are not accepted")
        }
    }

    /// Comma-separated numbers up to the closing parenthesis of `name(…)`, with their spans.
    mutating func parseArguments(of name: String) throws -> ([Double], [(Int, Int)]) {
        var values = [Double](), spans = [(Int, Int)]()
        skipSpace()
        if peek() != ")" {
            while true {
                let (v, span) = try parseNumber()
                values.append(v); spans.append(span)
                skipSpace()
                if peek() == "," { index += 1; continue }
                break
            }
        }
        try expect(")", after: "the parameters of \(name)")
        return (values, spans)
    }

    private mutating func parseFamily(_ family: DensitySpec.Family, start: Int) throws -> any Density {
        let (values, spans) = try parseArguments(of: family.name)
        let call = (start, index)
        let signature = "\(family.name)(\(family.parameters.joined(separator: ",")))"
        guard values.count == family.parameters.count else {
            throw fail(at: call.0, to: call.1,
                       "\(family.name) takes \(family.parameters.count) parameters \(signature), got \(values.count)")
        }
        for i in family.positive where !(values[i] > 0) {
            throw fail(at: spans[i].0, to: spans[i].1,
                       "parameter \(family.parameters[i]) of \(signature) must be > 0, got \(values[i])")
        }
        if family.name == "uniform", !(values[0] < values[1]) {
            throw fail(at: spans[1].0, to: spans[1].1, "uniform(a,b) needs a < b, got a = \(values[0]), b = \(values[1])")
        }
        return try construct(call) {
            switch family.name {
            case "normal": return try Normal(mean: values[0], standardDeviation: values[1])
            case "laplace": return try Laplace(location: values[0], scale: values[1])
            case "logistic": return try Logistic(location: values[0], scale: values[1])
            case "student": return try StudentT(degreesOfFreedom: values[0], location: values[1], scale: values[2])
            case "beta": return try Beta(values[0], values[1])
            default: return try Uniform(lower: values[0], upper: values[1])
            }
        }
    }

    private mutating func parseMixture(start: Int) throws -> any Density {
        let (weights, components, call) = try parseWeightedComponents(start: start) { try $0.parseDensity() }
        return try construct(call) { try Mixture(weights: weights, components: components) }
    }

    /// The body of `mixture(w1*SPEC,…)` after its opening parenthesis, for 1D and 2D
    /// components alike: weights ≥ 0, each followed by `*` and a component, summing to 1
    /// within ``Mixture/weightSumTolerance``; returns them with the call's span.
    mutating func parseWeightedComponents<C>(start: Int, _ component: (inout DensitySpecParser) throws -> C)
        throws -> ([Double], [C], (Int, Int)) {
        var weights = [Double](), components = [C]()
        while true {
            let (w, span) = try parseNumber()
            if w < 0 {
                throw fail(at: span.0, to: span.1, "mixture weight \(weights.count + 1) is negative (\(w)); weights must be ≥ 0")
            }
            skipSpace()
            try expect("*", after: "mixture weight \(weights.count + 1)")
            weights.append(w)
            components.append(try component(&self))
            skipSpace()
            if peek() == "," { index += 1; continue }
            break
        }
        try expect(")", after: "the components of mixture")
        let call = (start, index)
        let total = weights.reduce(0, +)
        guard abs(total - 1) <= Mixture.weightSumTolerance else {
            throw fail(at: call.0, to: call.1, "mixture weights sum to \(total), not 1")
        }
        return (weights, components, call)
    }

    private mutating func parseTruncated(start: Int) throws -> any Density {
        let base = try parseDensity()
        skipSpace()
        try expect(",", after: "the density inside truncated(SPEC,a,b)")
        let (a, _) = try parseNumber()
        skipSpace()
        try expect(",", after: "the lower bound of truncated(SPEC,a,b)")
        let (b, bSpan) = try parseNumber()
        skipSpace()
        try expect(")", after: "the upper bound of truncated(SPEC,a,b)")
        guard a < b else {
            throw fail(at: bSpan.0, to: bSpan.1, "truncated(SPEC,a,b) needs a < b (a zero-width truncation has no density), got a = \(a), b = \(b)")
        }
        return try construct((start, index)) { try Truncated(base, lower: a, upper: b) }
    }

    // MARK: Tokens

    /// A number: the run of characters up to the next `,`, `)`, `*`, `(` or space.
    mutating func parseNumber() throws -> (Double, (Int, Int)) {
        skipSpace()
        let start = index
        while index < chars.count, !",)*( \t\n".contains(chars[index]) { index += 1 }
        let token = String(chars[start..<index])
        if token.count > 64 {
            throw fail(at: start, to: index, "a number of \(token.count) characters is not a number")
        }
        if token.isEmpty {
            throw fail(at: start, to: min(start + 1, chars.count), "expected a number")
        }
        guard let v = Double(token) else {
            throw fail(at: start, to: index, "\"\(token)\" is not a number")
        }
        guard v.isFinite else {
            throw fail(at: start, to: index, "parameters must be finite, got \(token)")
        }
        return (v, (start, index))
    }

    mutating func expect(_ c: Character, after what: String) throws {
        skipSpace()
        guard peek() == c else {
            let found = index < chars.count ? "\"\(chars[index])\"" : "the end of the spec"
            throw fail(at: index, to: min(index + 1, chars.count), "expected \"\(c)\" after \(what), found \(found)")
        }
        index += 1
    }

    func peek() -> Character? { index < chars.count ? chars[index] : nil }

    mutating func skipSpace() {
        while index < chars.count, chars[index].isWhitespace { index += 1 }
    }

    // MARK: Errors

    func fail(at a: Int, to b: Int, _ reason: String) -> DensitySpecError {
        let end = min(max(a, b), a + DensitySpecError.quoteLimit)
        return DensitySpecError(spec: String(chars.prefix(DensitySpecError.quoteLimit + 1)), position: a,
                                part: String(chars[a..<end]), reason: reason)
    }

    /// Builds a density (1D or 2D), turning a constructor's ``InvalidArgument`` (e.g. a
    /// truncation with no mass) into an error pointing at the whole call.
    func construct<D>(_ call: (Int, Int), _ make: () throws -> D) throws -> D {
        do {
            return try make()
        } catch let e as InvalidArgument {
            throw fail(at: call.0, to: call.1, e.message)
        } catch let e as GSLError {
            throw fail(at: call.0, to: call.1, e.description)
        }
    }
}
