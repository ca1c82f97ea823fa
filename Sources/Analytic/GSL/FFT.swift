import CGSL

/// Real FFTs through GSL's mixed-radix routines (`gsl_fft_real_transform`,
/// `gsl_fft_halfcomplex_inverse`), and the circular convolution built on them.
///
/// Any length n ≥ 1 works (mixed radix); lengths with only factors 2, 3, 5 are fastest.
public enum FFT {
    /// The forward transform in GSL's half-complex packing (length n).
    public static func forwardHalfComplex(_ data: [Double]) throws -> [Double] {
        var x = data
        try transform(&x, inverse: false)
        return x
    }

    /// The inverse of ``forwardHalfComplex(_:)`` (including the 1/n factor).
    public static func inverseHalfComplex(_ packed: [Double]) throws -> [Double] {
        var x = packed
        try transform(&x, inverse: true)
        return x
    }

    /// Circular convolution `(a ⊛ b)ₖ = Σⱼ aⱼ b₍ₖ₋ⱼ₎ mod n` of two real sequences of equal
    /// length n, by multiplying half-complex spectra. Round-off ~ ε·log n·Σ|a||b|.
    public static func circularConvolution(_ a: [Double], _ b: [Double]) throws -> [Double] {
        let n = a.count
        guard n > 0, b.count == n else { throw InvalidArgument("circular convolution: lengths \(a.count) and \(b.count)") }
        let fa = try forwardHalfComplex(a), fb = try forwardHalfComplex(b)
        var out = [Double](repeating: 0, count: n)
        out[0] = fa[0] * fb[0]
        var k = 1
        while k < n - k {
            // Half-complex: index 2k−1 = Re(X_k), 2k = Im(X_k).
            let ar = fa[2 * k - 1], ai = fa[2 * k], br = fb[2 * k - 1], bi = fb[2 * k]
            out[2 * k - 1] = ar * br - ai * bi
            out[2 * k] = ar * bi + ai * br
            k += 1
        }
        if n % 2 == 0 { out[n - 1] = fa[n - 1] * fb[n - 1] }
        return try inverseHalfComplex(out)
    }

    private static func transform(_ x: inout [Double], inverse: Bool) throws {
        let n = x.count
        guard n > 0 else { throw InvalidArgument("FFT of an empty sequence") }
        try requireFinite(x, what: "FFT input")
        let work = try GSL.allocate("an FFT workspace of \(n)") { gsl_fft_real_workspace_alloc(n) }
        defer { gsl_fft_real_workspace_free(work) }
        let status: Int32
        if inverse {
            let table = try GSL.allocate("a half-complex wavetable of \(n)") { gsl_fft_halfcomplex_wavetable_alloc(n) }
            defer { gsl_fft_halfcomplex_wavetable_free(table) }
            status = x.withUnsafeMutableBufferPointer { gsl_fft_halfcomplex_inverse($0.baseAddress, 1, n, table, work) }
        } else {
            let table = try GSL.allocate("a real wavetable of \(n)") { gsl_fft_real_wavetable_alloc(n) }
            defer { gsl_fft_real_wavetable_free(table) }
            status = x.withUnsafeMutableBufferPointer { gsl_fft_real_transform($0.baseAddress, 1, n, table, work) }
        }
        try GSL.check(status, "\(inverse ? "inverse" : "forward") real FFT of length \(n)")
    }
}
