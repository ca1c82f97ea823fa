import Foundation

/// Mean and standard error of a quantity over independent seeds:
/// `mean = (1/S)Σxₛ`, `SE = sd/√S` with the unbiased sample standard deviation.
public struct SeedMean: Sendable, CustomStringConvertible {
    public var mean: Double
    public var standardError: Double
    public var count: Int

    public init(_ samples: [Double]) throws {
        guard samples.count >= 2, samples.allSatisfy(\.isFinite) else {
            throw InvalidArgument("a seed average needs ≥ 2 finite samples (got \(samples.count))")
        }
        let n = Double(samples.count)
        mean = samples.reduce(0, +) / n
        let m = mean
        let variance = samples.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
        standardError = (variance / n).squareRoot()
        count = samples.count
    }

    public var description: String { String(format: "%.4g ± %.2g", mean, standardError) }
}

/// An observed rate from seed-averaged errors: the least-squares slope of `ln mean` against
/// `ln size` over ≥ 3 sizes, with two uncertainties.
///
/// - `standardError` (delta method): each `ln meanₖ` carries the variance `(SEₖ/meanₖ)²`
///   from its seeds; the slope is the linear combination `Σ cₖ ln meanₖ`,
///   `cₖ = (xₖ − x̄)/Σ(x − x̄)²`, so its variance is `Σ cₖ² (SEₖ/meanₖ)²` (independent seeds per
///   size). This is the Monte Carlo uncertainty of the slope.
/// - `residuals`: `ln meanₖ − (intercept + slope·xₖ)`; residuals much larger than
///   `SEₖ/meanₖ` say the errors do not follow one power law over the range (e.g. a noise
///   floor), which a slope alone would hide. `residualStandardError`,
///   `√(Σr²/(n − 2)) / √Σ(x − x̄)²`, is the slope's uncertainty read from that scatter
///   (the ordinary regression standard error; undefined, reported as ∞, for n = 2).
public struct SeedAveragedRate: Sendable, CustomStringConvertible {
    public var sizes: [Double]
    public var means: [SeedMean]
    public var slope: Double
    public var intercept: Double
    public var standardError: Double
    public var residuals: [Double]

    public init(sizes: [Double], means: [SeedMean]) throws {
        guard sizes.count >= 3, sizes.count == means.count else {
            throw InvalidArgument("a rate fit needs ≥ 3 sizes with one mean each (got \(sizes.count), \(means.count))")
        }
        for (h, m) in zip(sizes, means) where !(h > 0 && h.isFinite && m.mean > 0) {
            throw InvalidArgument("a rate fit needs positive sizes and means (got size \(h), mean \(m.mean))")
        }
        let x = sizes.map { log($0) }, y = means.map { log($0.mean) }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        let c = x.map { ($0 - mx) / sxx }
        slope = zip(c, y).reduce(0) { $0 + $1.0 * $1.1 }
        intercept = y.reduce(0, +) / n - slope * mx
        standardError = zip(c, means).reduce(0) { $0 + $1.0 * $1.0 * pow($1.1.standardError / $1.1.mean, 2) }.squareRoot()
        let b = intercept, s = slope
        residuals = zip(x, y).map { $1 - (b + s * $0) }
        self.sizes = sizes
        self.means = means
    }

    /// The slope's regression standard error from the residuals' scatter.
    public var residualStandardError: Double {
        let n = Double(sizes.count)
        guard n > 2 else { return .infinity }
        let x = sizes.map { log($0) }
        let mx = x.reduce(0, +) / n
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        return (residuals.reduce(0) { $0 + $1 * $1 } / (n - 2) / sxx).squareRoot()
    }

    /// Largest |residual| in ln units.
    public var maxResidual: Double { residuals.map(abs).max() ?? 0 }

    public var description: String {
        String(format: "slope %.3f ± %.3f (Monte Carlo), ± %.3f (fit residuals; max |ln residual| %.3f)",
               slope, standardError, residualStandardError, maxResidual)
    }
}
