import ArgumentParser
import Analytic

/// A density spec typed on the command line (`'normal(0,1)'`, `'mixture(…)'`), parsed by
/// ``DensitySpec/parse(_:)``.
///
/// ArgumentParser's `init?(argument:)` can only say "invalid value", which would lose the
/// parser's column and reason; so the parse result is kept and ``density(option:)``
/// rethrows the parser's own message, prefixed by the option's name. Option groups call it
/// from `validate()`, so a bad spec is reported before any work starts.
struct DensityArgument: ExpressibleByArgument, Sendable {
    let text: String
    private let parsed: Result<any Density, DensitySpecErrorBox>

    init?(argument: String) {
        text = argument
        do { parsed = .success(try DensitySpec.parse(argument)) } catch {
            parsed = .failure(DensitySpecErrorBox(message: "\(error)"))
        }
    }

    /// The parsed density, or a `ValidationError` naming the option and the parser's reason.
    func density(option: String) throws -> any Density {
        switch parsed {
        case .success(let d): return d
        case .failure(let e): throw ValidationError("--\(option): \(e.message)")
        }
    }

    static var defaultValueDescription: String { "a density spec" }
}

/// The parser's message, kept as a `Sendable` error value.
struct DensitySpecErrorBox: Error, Sendable {
    let message: String
}
