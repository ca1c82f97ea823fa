/// The 2D grammar of ``DensitySpec2D`` on the 1D parser's tokens, depth and leaf counters:
/// a product's factors are parsed by the 1D grammar in place, so positions in errors point
/// into the spec as typed.
extension DensitySpecParser {
    mutating func parseWhole2D() throws -> any PlaneDensity {
        try parseWhole { try $0.parseDensity2D() }
    }

    mutating func parseDensity2D() throws -> any PlaneDensity {
        defer { depth -= 1 }  // back up the level that enterDensityName goes down, even on an error
        let (name, nameStart) = try enterDensityName(digits: true)
        let known = DensitySpec2D.knownNames.joined(separator: ", ")
        if name.isEmpty {
            throw fail(at: nameStart, to: min(nameStart + 1, chars.count), "expected a 2D density name (one of \(known))")
        }
        let lower = name.lowercased()
        guard DensitySpec2D.knownNames.contains(lower) else {
            if DensitySpec.knownNames.contains(lower) {
                throw fail(at: nameStart, to: index, "\"\(name)\" is a 1D density where a 2D one is expected (2D densities: \(known); product(SPEC,SPEC) combines two 1D ones)")
            }
            throw fail(at: nameStart, to: index, "unknown 2D density \"\(name)\" (known: \(known))")
        }
        skipSpace()
        try expect("(", after: lower)
        switch lower {
        case "mixture": return try parseMixture2D(start: nameStart)
        case "truncated": return try parseTruncated2D(start: nameStart)
        case "product": return try parseProduct(start: nameStart)
        case "ring": return try parseRing(start: nameStart)
        default: return try parseNormal2(start: nameStart)
        }
    }

    private mutating func parseNormal2(start: Int) throws -> any PlaneDensity {
        let (v, spans) = try parseArguments(of: "normal2")
        let call = (start, index)
        guard v.count == 5 else {
            throw fail(at: call.0, to: call.1, "normal2 takes 5 parameters normal2(mx,my,sx,sy,r), got \(v.count)")
        }
        for i in [2, 3] where !(v[i] > 0) {
            throw fail(at: spans[i].0, to: spans[i].1, "parameter \(i == 2 ? "sx" : "sy") of normal2(mx,my,sx,sy,r) must be > 0, got \(v[i])")
        }
        try countLeaves(1, at: start)
        return try construct(call) { try Normal2D(mx: v[0], my: v[1], sx: v[2], sy: v[3], r: v[4]) }
    }

    private mutating func parseRing(start: Int) throws -> any PlaneDensity {
        let (v, spans) = try parseArguments(of: "ring")
        let call = (start, index)
        guard v.count == 3 else {
            throw fail(at: call.0, to: call.1, "ring takes 3 parameters ring(k,radius,sigma), got \(v.count)")
        }
        let r = AcceptedRanges2D.ringComponents
        guard v[0] == v[0].rounded(), v[0] >= Double(r.lowerBound), v[0] <= Double(r.upperBound) else {
            throw fail(at: spans[0].0, to: spans[0].1, "the number of components k of ring(k,radius,sigma) must be a whole number in \(r.lowerBound)...\(r.upperBound), got \(v[0])")
        }
        guard v[2] > 0 else {
            throw fail(at: spans[2].0, to: spans[2].1, "parameter sigma of ring(k,radius,sigma) must be > 0, got \(v[2])")
        }
        try countLeaves(Int(v[0]), at: start)
        return try construct(call) { try Ring2D(components: Int(v[0]), radius: v[1], sigma: v[2]) }
    }

    private mutating func parseProduct(start: Int) throws -> any PlaneDensity {
        let x = try parseDensity()
        skipSpace()
        try expect(",", after: "the first factor of product(SPEC,SPEC)")
        let y = try parseDensity()
        skipSpace()
        try expect(")", after: "the second factor of product(SPEC,SPEC)")
        return Product2D(x, y)
    }

    private mutating func parseMixture2D(start: Int) throws -> any PlaneDensity {
        let (weights, components, call) = try parseWeightedComponents(start: start) { try $0.parseDensity2D() }
        return try construct(call) { try Mixture2D(weights: weights, components: components) }
    }

    private mutating func parseTruncated2D(start: Int) throws -> any PlaneDensity {
        let base = try parseDensity2D()
        var bounds = [Double]()
        let names = ["ax", "bx", "ay", "by"]
        for k in 0..<4 {
            skipSpace()
            try expect(",", after: k == 0 ? "the density inside truncated(SPEC2,ax,bx,ay,by)" : "\(names[k - 1]) of truncated(SPEC2,ax,bx,ay,by)")
            bounds.append(try parseNumber().0)
        }
        skipSpace()
        try expect(")", after: "by of truncated(SPEC2,ax,bx,ay,by)")
        let call = (start, index)
        guard bounds[0] < bounds[1], bounds[2] < bounds[3] else {
            throw fail(at: call.0, to: call.1, "truncated(SPEC2,ax,bx,ay,by) needs ax < bx and ay < by, got [\(bounds[0]), \(bounds[1])] × [\(bounds[2]), \(bounds[3])]")
        }
        return try construct(call) { try Truncated2D(base, ax: bounds[0], bx: bounds[1], ay: bounds[2], by: bounds[3]) }
    }
}
