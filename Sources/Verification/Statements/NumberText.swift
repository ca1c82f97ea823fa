import Foundation
import Analytic
import Sim

/// Numbers as the verification tables print them.
public enum NumberText {
    /// Four significant digits, scientific outside [1e-3, 1e4).
    public static func short(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == 0 { return "0" }
        let a = abs(x)
        if a >= 1e-3 && a < 1e4 {
            var s = String(format: "%.4g", x)
            if s.contains("e") { s = String(format: "%.4f", x) }
            return s
        }
        return String(format: "%.3e", x)
    }
}
