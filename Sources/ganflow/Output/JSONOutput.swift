import Foundation

/// JSON output of the subcommands through `Codable` and `JSONEncoder`.
///
/// JSON has no infinities or NaN: numbers go through ``JSONNumber``, which encodes a
/// non-finite value as `null` (an infinite divergence, a diverged parameter). Keys are
/// sorted (the same run prints the same bytes); output is one line.
enum JSONOutput {
    static func text<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self)
    }

    static func print<T: Encodable>(_ value: T) throws {
        Swift.print(try text(value))
    }
}

/// A number that encodes as JSON `null` when it is not finite.
struct JSONNumber: Encodable, Sendable {
    let value: Double
    init(_ value: Double) { self.value = value }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        if value.isFinite { try c.encode(value) } else { try c.encodeNil() }
    }
}

extension Array where Element == Double {
    /// The values as ``JSONNumber``s.
    var json: [JSONNumber] { map(JSONNumber.init) }
}
