/// How a 1D particle method estimates the generator's density.
public enum KDEMethod: Sendable, Equatable {
    /// Direct O(N²) sums.
    case direct
    /// Linear binning + FFT with this many grid points per bandwidth.
    case binned(pointsPerBandwidth: Int)
    /// Direct below 10⁴ particles, binned (32 points per bandwidth) from 10⁴ on.
    case automatic
}
