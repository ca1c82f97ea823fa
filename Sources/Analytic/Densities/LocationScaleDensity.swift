import Foundation

/// A density of the form `f((x − μ)/s)/s` on the whole line: normal, Laplace, logistic and
/// Student-t. What they share follows from that form alone: support (−∞, ∞), the median
/// and the only breakpoint at μ (each is symmetric about μ, and μ is the Laplace kink),
/// and pdf = exp(logPDF), whose log form keeps far tails finite where the pdf underflows.
public protocol LocationScaleDensity: Density {
    /// μ.
    var location: Double { get }
    /// s > 0.
    var scale: Double { get }
}

extension LocationScaleDensity {
    public var support: ClosedRange<Double> { -Double.infinity ... Double.infinity }
    public var breakpoints: [Double] { [location] }
    public var median: Double { location }
    public func pdf(_ x: Double) -> Double { exp(logPDF(x)) }

    /// The checks on (μ, s) of ``AcceptedRanges/checkLocationScale(_:_:scaleName:_:)``, then
    /// GSL made ready (its CDFs and inverses serve every member): the start of each initialiser.
    static func prepare(location: Double, scale: Double, scaleName: String = "scale",
                        _ what: @autoclosure () -> String) throws {
        try AcceptedRanges.checkLocationScale(location, scale, scaleName: scaleName, what())
        GSL.ensureReady()
    }

    /// The p-quantile as μ + `lowerTail(p)` for p ≤ ½ and μ + `upperTail(1 − p)` above, where
    /// `lowerTail` inverts the CDF of X − μ and `upperTail` its survival function: each is used
    /// on the side where its probability is small, so neither loses digits to 1 − p near 1.
    /// p = 0 and p = 1 give ∓∞ (the support is the line); p outside [0, 1] is an error.
    func quantile(_ p: Double, lowerTail: (Double) -> Double, upperTail: (Double) -> Double) throws -> Double {
        try requireProbability(p)
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        return p <= 0.5 ? location + lowerTail(p) : location + upperTail(1 - p)
    }
}

extension AcceptedRanges {
    /// The checks every location–scale family makes on (μ, s): both finite, s in
    /// ``scale``, |μ| ≤ ``locationOverScale``·s. `scaleName` names s in the message.
    static func checkLocationScale(_ location: Double, _ scale: Double, scaleName: String = "scale",
                                   _ what: @autoclosure () -> String) throws {
        try requireFinite(location, scale, what: what())
        try checkScale(scale, scaleName, what())
        try checkLocation(location, scale: scale, what())
    }
}
