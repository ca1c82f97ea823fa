import Foundation

/// A sequential colour scale from white (t = 0) through light blue to dark navy (t = 1):
/// piecewise-linear in sRGB between five stops whose relative luminance strictly decreases,
/// so darker always means larger (each channel falls on every segment, hence so does the
/// luminance, a positive combination of increasing functions of the channels).
public enum SequentialColourScale {
    /// (r, g, b) stops in 0…255, every channel non-increasing and at least one decreasing
    /// along each segment.
    static let stops: [(Double, Double, Double)] = [
        (255, 255, 255), (198, 219, 239), (107, 174, 214), (33, 113, 181), (8, 48, 107),
    ]

    /// The colour of t ∈ [0, 1] (clamped) as (r, g, b) in 0…255.
    public static func rgb(_ t: Double) -> (r: Double, g: Double, b: Double) {
        let s = min(1, max(0, t.isNaN ? 0 : t)) * Double(stops.count - 1)
        let k = min(stops.count - 2, Int(s)), f = s - Double(k)
        let a = stops[k], b = stops[k + 1]
        return (a.0 + f * (b.0 - a.0), a.1 + f * (b.1 - a.1), a.2 + f * (b.2 - a.2))
    }

    /// `#rrggbb` of t.
    public static func hex(_ t: Double) -> String {
        let c = rgb(t)
        return String(format: "#%02x%02x%02x", Int(c.r.rounded()), Int(c.g.rounded()), Int(c.b.rounded()))
    }

    /// Relative luminance (sRGB, WCAG) of a `#rrggbb` colour.
    public static func luminance(hex: String) -> Double? {
        guard hex.count == 7, hex.first == "#", let v = UInt32(hex.dropFirst(), radix: 16) else { return nil }
        func lin(_ c: UInt32) -> Double {
            let x = Double(c) / 255
            return x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * lin(v >> 16 & 255) + 0.7152 * lin(v >> 8 & 255) + 0.0722 * lin(v & 255)
    }
}
