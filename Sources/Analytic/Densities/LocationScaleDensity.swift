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
}

extension AcceptedRanges {
    /// The checks every location–scale family makes on (μ, s): both finite, s in
    /// ``scale``, |μ| ≤ ``locationOverScale``·s. `scaleName` names s in the message.
    static func checkLocationScale(_ location: Double, _ scale: Double, scaleName: String = "scale",
                                   _ what: String) throws {
        try requireFinite(location, scale, what: what)
        try checkScale(scale, scaleName, what)
        try checkLocation(location, scale: scale, what)
    }
}
