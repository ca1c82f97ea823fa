import ArgumentParser
import Foundation

/// A comma-separated list of numbers as users type it: `-8,8`, `0.5,1,2`, `1e3`.
///
/// Options of this type are declared with `parsing: .unconditional` so that a value
/// starting with `-` is read as a number, not as another option.
struct NumberList: ExpressibleByArgument, Sendable, CustomStringConvertible {
    var values: [Double]

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
        var out = [Double]()
        for p in parts {
            guard let v = Double(p.trimmingCharacters(in: .whitespaces)), v.isFinite else { return nil }
            out.append(v)
        }
        guard !out.isEmpty else { return nil }
        values = out
    }

    var description: String { values.map { "\($0)" }.joined(separator: ",") }
}

/// `--domain a,b`: the interval every subcommand truncates its densities to.
struct DomainInterval: ExpressibleByArgument, Sendable {
    var lower: Double
    var upper: Double

    init?(argument: String) {
        guard let list = NumberList(argument: argument), list.values.count == 2,
              list.values[0] < list.values[1] else { return nil }
        lower = list.values[0]
        upper = list.values[1]
    }

    static var defaultValueDescription: String { "a,b with a < b" }
}

