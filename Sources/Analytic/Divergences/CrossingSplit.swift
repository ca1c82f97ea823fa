import Foundation

/// TV's integrand |p − q| has kinks where p = q; the pieces are split there, *in the
/// offset* from their anchor.
///
/// A crossing found in x and rounded to a double sits up to half an ulp of x away from the
/// kink (0.5e-3 near x = 5e12): the kink then lies just inside a piece, where QAGS's
/// extrapolation assumes an end-point singularity and returned TV 5e-10 off with an
/// estimate of 7e-14. Hence:
///
/// - **Finite pieces**: sign changes of ln p − ln q on an 8-point grid of offsets, refined by
///   Brent's method in the offset.
/// - **Singular pieces** (next to a beta pole): the crossing can sit at any scale below the
///   first node (beta(0.116, 6.6e8) against beta(0.1, 3.8e9) cross at 2.6e-11 inside a
///   piece 5e-10 long; unsplit, TV came out 6.4e-8 off with an estimate of 7.5e-12), so the
///   grid is geometric: offsets `length·10^{−j/4}` down to the quadrature's cut (1e-300).
///   The part before the first crossing stays singular; the rest become offset pieces.
enum CrossingSplit {
    static func split(_ pieces: [AnchoredQuadrature.Piece], _ p: any Density,
                      _ q: any Density) -> [AnchoredQuadrature.Piece] {
        var out = [AnchoredQuadrature.Piece]()
        for piece in pieces {
            switch piece {
            case let .finite(a, w) where w > 0:
                let ts = (0...8).map { $0 == 8 ? w : w * Double($0) / 8 }
                let cuts = crossings(at: ts, anchor: a, direction: 1, p, q, scale: w)
                if cuts.isEmpty { out.append(piece); continue }
                let ends = [0.0] + cuts + [w]
                for (t0, t1) in zip(ends, ends.dropFirst()) where t1 > t0 {
                    out.append(.offsets(anchor: a, from: t0, to: t1))
                }
            case let .singular(a, length, dir, k) where length > AnchoredQuadrature.singularCut:
                // Distances from the singular end, increasing.
                var ts = [Double]()
                var t = length
                while t >= AnchoredQuadrature.singularCut { ts.append(t); t *= 0.5623413251903491 } // 10^{−1/4}
                ts.reverse()
                let cuts = crossings(at: ts, anchor: a, direction: dir, p, q, scale: length)
                if cuts.isEmpty { out.append(piece); continue }
                out.append(.singular(anchor: a, length: cuts[0], direction: dir, power: k))
                // Past the first crossing the integrand still behaves like a power of the
                // distance to the end, over many decades (a crossing at 1.1e-21 in a piece
                // 1e-2 long): the offset pieces are cut at every factor 10, so QAGS sees a
                // smooth integrand on each (unsplit, TV(beta(0.113,1.11)‖beta(0.1,0.155))
                // came out 2.8e-4 off with an estimate of 7e-12).
                var ends = [Double]()
                for (t0, t1) in zip(cuts, cuts.dropFirst() + [length]) {
                    var t = t0
                    while t < t1 { ends.append(t); t *= 10 }
                }
                ends.append(length)
                for (t0, t1) in zip(ends, ends.dropFirst()) where t1 > t0 {
                    out.append(dir > 0 ? .offsets(anchor: a, from: t0, to: t1) : .offsets(anchor: a, from: -t1, to: -t0))
                }
            default:
                out.append(piece)
            }
        }
        return out
    }

    /// Distances t (increasing, from `ts`) where ln p − ln q at `anchor + direction·t`
    /// changes sign, each refined by Brent's method to 1e-15 relative (absolute 1e-15·scale
    /// on finite pieces); only roots strictly inside (ts.first, ts.last).
    static func crossings(at ts: [Double], anchor a: Double, direction dir: Double,
                          _ p: any Density, _ q: any Density, scale: Double) -> [Double] {
        let g: (Double) -> Double = { p.logPDF(anchor: a, offset: dir * $0) - q.logPDF(anchor: a, offset: dir * $0) }
        guard let first = ts.first, let last = ts.last else { return [] }
        var cuts = [Double]()
        var prevT = first, prevG = g(first)
        for t in ts.dropFirst() {
            let gt = g(t)
            if prevG.isFinite, gt.isFinite, (prevG < 0) != (gt < 0), prevG != 0, gt != 0,
               let r = try? findRoot(g, bracket: prevT, t, absolute: first == 0 ? 1e-15 * scale : 0,
                                     relative: 1e-15),
               r > first, r < last {
                cuts.append(r)
            }
            prevT = t; prevG = gt
        }
        return cuts
    }
}
