/// Algorithm 1 stopped because the generator's parameters stopped being finite numbers.
public struct Algorithm1Diverged: Error, CustomStringConvertible, Sendable {
    public let iteration: Int
    public let parameters: [Double]
    public var description: String {
        "Algorithm 1 diverged at iteration \(iteration): generator parameters \(parameters) are not finite"
    }
}
