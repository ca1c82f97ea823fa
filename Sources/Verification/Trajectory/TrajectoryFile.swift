import Analytic
import Sim
/// A trajectory read from a CSV file written by any scheme (``TrajectoryCSV``): cell averages
/// on a uniform grid, or samples, in one or two dimensions.
public enum TrajectoryFile: Sendable {
    case grid(GridTrajectory)
    case samples(SampleTrajectory)
    /// `t,x,y,rho`: cell averages on a 2D tensor grid.
    case grid2D(GridTrajectory2D)
    /// `t,x,y`: samples in the plane.
    case samples2D(SampleTrajectory2D)

    public var times: [Double] {
        switch self {
        case .grid(let g): return g.times
        case .samples(let s): return s.times
        case .grid2D(let g): return g.times
        case .samples2D(let s): return s.times
        }
    }

    /// 1 or 2, from the header.
    public var dimension: Int {
        switch self {
        case .grid, .samples: return 1
        case .grid2D, .samples2D: return 2
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
