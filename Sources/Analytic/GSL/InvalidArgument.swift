/// Bad input to a computation of the Analytic layer: a non-finite number, an empty
/// interval, a density that does not integrate to one. Thrown before GSL is called.
public struct InvalidArgument: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
