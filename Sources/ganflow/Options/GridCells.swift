import ArgumentParser
import Foundation

/// `--cells n` (1D, or an n × n grid in 2D) or `--cells nx,ny` (2D).
struct GridCells: ExpressibleByArgument, Sendable, CustomStringConvertible {
    var x: Int
    var y: Int?

    init(_ n: Int) { x = n; y = nil }

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let values = parts.map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard let first = values[0] else { return nil }
        x = first
        if parts.count == 2 {
            guard let second = values[1] else { return nil }
            y = second
        }
    }

    var description: String { y.map { "\(x),\($0)" } ?? "\(x)" }

    static var defaultValueDescription: String { "n (1D) or nx,ny (2D)" }
}
