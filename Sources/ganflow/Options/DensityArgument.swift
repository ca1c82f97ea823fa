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

    /// The 2D parse, when the spec is a 2D one (``DensitySpec2D/isTwoDimensional(_:)``).
    private let plane: Result<any PlaneDensity, DensitySpecErrorBox>?

    init?(argument: String) {
        text = argument
        if DensitySpec2D.isTwoDimensional(argument) {
            do { plane = .success(try DensitySpec2D.parse(argument)) } catch {
                plane = .failure(DensitySpecErrorBox(message: "\(error)"))
            }
            parsed = .failure(DensitySpecErrorBox(message: "\"\(argument.prefix(80))\" is a 2D spec; this command takes 1D specs here (2D specs go to `ganflow simulate` with a 2D --domain, `ganflow train` and `ganflow divergence`)"))
            return
        }
        plane = nil
        do { parsed = .success(try DensitySpec.parse(argument)) } catch {
            parsed = .failure(DensitySpecErrorBox(message: "\(error)"))
        }
    }

    /// Whether the spec is a 2D one.
    var isTwoDimensional: Bool { plane != nil }

    /// The parsed density, or a `ValidationError` naming the option and the parser's reason.
    func density(option: String) throws -> any Density {
        switch parsed {
        case .success(let d): return d
        case .failure(let e): throw ValidationError("--\(option): \(e.message)")
        }
    }

    /// The parsed 2D density, or a `ValidationError` naming the option and the reason.
    func planeDensity(option: String) throws -> any PlaneDensity {
        switch plane {
        case .success(let d): return d
        case .failure(let e): throw ValidationError("--\(option): \(e.message)")
        case nil: throw ValidationError("--\(option): \"\(text.prefix(80))\" is a 1D spec where a 2D one is expected (2D: normal2, product, ring, and mixtures or truncations of them)")
        }
    }

    /// Either parse: validates the spec in whichever dimension it is written.
    func validate(option: String) throws {
        if isTwoDimensional { _ = try planeDensity(option: option) } else { _ = try density(option: option) }
    }

    static var defaultValueDescription: String { "a density spec" }
}

/// The parser's message, kept as a `Sendable` error value.
struct DensitySpecErrorBox: Error, Sendable {
    let message: String
}
