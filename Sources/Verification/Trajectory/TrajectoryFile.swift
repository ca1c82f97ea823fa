import Analytic
import Sim
/// A trajectory read from a CSV file written by any scheme, in one of two formats
/// (``TrajectoryCSV``): cell averages on a uniform grid, or samples.
public enum TrajectoryFile: Sendable {
    case grid(GridTrajectory)
    case samples(SampleTrajectory)

    public var times: [Double] {
        switch self {
        case .grid(let g): return g.times
        case .samples(let s): return s.times
        }
    }
}

/// Cell averages `rho[k][i]` at times `times[k]` on the uniform grid of cell centres
/// `centers`; the domain is [centers₀ − h/2, centers_{N−1} + h/2].
public struct GridTrajectory: Sendable {
    public let times: [Double]
    public let centers: [Double]
    public let rho: [[Double]]

    public init(times: [Double], centers: [Double], rho: [[Double]]) {
        self.times = times
        self.centers = centers
        self.rho = rho
    }

    /// The cell width, from the first and last centres.
    public var spacing: Double { (centers.last! - centers.first!) / Double(centers.count - 1) }
    public var lower: Double { centers.first! - spacing / 2 }
    public var upper: Double { centers.last! + spacing / 2 }
}

/// Samples `samples[k]` of the density at times `times[k]`.
public struct SampleTrajectory: Sendable {
    public let times: [Double]
    public let samples: [[Double]]

    public init(times: [Double], samples: [[Double]]) {
        self.times = times
        self.samples = samples
    }
}

/// Why a trajectory file cannot be read: the 1-based line number (0 when the problem is the
/// file as a whole) and the reason.
public struct TrajectoryParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let reason: String

    public init(line: Int, _ reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { line > 0 ? "line \(line): \(reason)" : reason }
}
