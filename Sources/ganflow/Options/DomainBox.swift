import ArgumentParser

/// `--domain a,b` (1D) or `--domain ax,bx,ay,by` (2D) for `simulate`; each pair needs lower < upper.
struct DomainBox: ExpressibleByArgument, Sendable {
    var x: (lower: Double, upper: Double)
    var y: (lower: Double, upper: Double)?

    init?(argument: String) {
        guard let list = NumberList(argument: argument), list.values.count == 2 || list.values.count == 4 else { return nil }
        let v = list.values
        guard v[0] < v[1] else { return nil }
        x = (v[0], v[1])
        if v.count == 4 {
            guard v[2] < v[3] else { return nil }
            y = (v[2], v[3])
        }
    }

    var lower: Double { x.lower }
    var upper: Double { x.upper }

    static var defaultValueDescription: String { "a,b (1D) or ax,bx,ay,by (2D), each with lower < upper" }
}
