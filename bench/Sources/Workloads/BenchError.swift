/// A workload that cannot produce its result, or a runner invocation that cannot be
/// served; the message says which and why.
public struct BenchError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
