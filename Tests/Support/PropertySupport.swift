import Testing

/// Runs `body` and records any error it throws as a test issue.
///
/// `propertyCheck` swallows errors thrown in its body (the test would pass on a throw),
/// so every property body that can throw goes through this: a thrown error fails the
/// test, and `propertyCheck` then prints the input and the seed that produced it.
public func failOnThrow(_ what: @autoclosure () -> String = "",
                        sourceLocation: SourceLocation = #_sourceLocation,
                        _ body: () throws -> Void) {
    do {
        try body()
    } catch {
        let prefix = what()
        Issue.record("\(prefix.isEmpty ? "" : prefix + ": ")unexpected error: \(error)",
                     sourceLocation: sourceLocation)
    }
}

/// Async variant of ``failOnThrow(_:sourceLocation:_:)``.
public func failOnThrow(_ what: @autoclosure () -> String = "",
                        sourceLocation: SourceLocation = #_sourceLocation,
                        _ body: () async throws -> Void) async {
    do {
        try await body()
    } catch {
        let prefix = what()
        Issue.record("\(prefix.isEmpty ? "" : prefix + ": ")unexpected error: \(error)",
                     sourceLocation: sourceLocation)
    }
}
