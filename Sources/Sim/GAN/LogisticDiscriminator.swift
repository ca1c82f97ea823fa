import Foundation

/// Feature maps φ(x) for a logistic-regression discriminator `D = σ(wᵀφ(x))`.
public enum DiscriminatorFeatures: Sendable, Equatable, CustomStringConvertible {
    /// (1, x, x²): contains D* exactly when ρd and ρ are both Gaussian (D7), since
    /// ln ρd − ln ρ is then quadratic.
    case quadratic
    /// (1, x, x², exp(−(x − cₖ)²/(2s²)) for each centre cₖ): radial bumps on top of the
    /// quadratic, so a mixture's log-ratio can be approximated.
    case radial(centers: [Double], width: Double)

    public var description: String {
        switch self {
        case .quadratic: "quadratic"
        case .radial(let c, let s): "radial(centers: \(c), width: \(s))"
        }
    }

    public var count: Int {
        switch self {
        case .quadratic: 3
        case .radial(let c, _): 3 + c.count
        }
    }

    public func features(_ x: Double) -> [Double] {
        switch self {
        case .quadratic: return [1, x, x * x]
        case .radial(let cs, let s):
            var f: [Double] = [1, x, x * x]
            for c in cs { let d: Double = (x - c) / s; f.append(exp(-0.5 * d * d)) }
            return f
        }
    }

    public func derivatives(_ x: Double) -> [Double] {
        switch self {
        case .quadratic: return [0, 1, 2 * x]
        case .radial(let cs, let s):
            var f: [Double] = [0, 1, 2 * x]
            for c in cs { let d: Double = (x - c) / s; f.append(-d / s * exp(-0.5 * d * d)) }
            return f
        }
    }
}

/// How the logistic discriminator is trained in step 4 of Algorithm 1.
public enum LogisticTraining: Sendable, Equatable, CustomStringConvertible {
    /// Step 4 of the paper's Algorithm 1: `steps` ascent steps of size `rate` on
    /// `(1/m)Σ[ln D(xᵢ) + ln(1 − D(G(zᵢ)))]` (eq. 21), warm-started from the previous iterate.
    case ascent(steps: Int, rate: Double)
    /// Trained to its optimum by Newton's method (IRLS on the normal equations),
    /// maximising `Σ log-likelihood − (c/2)‖w‖²` over the 2m samples: the penalty per
    /// sample is c/(4m), shrinking like 1/m, so the fit is consistent. c = 0: no penalty.
    case optimum(penalty: Double)

    public var description: String {
        switch self {
        case .ascent(let k, let r): "ascent(steps: \(k), rate: \(r))"
        case .optimum(let c): "optimum(penalty: \(c))"
        }
    }
}

/// `D(x) = σ(wᵀφ(x))`: the discriminator of Algorithm 1 as logistic regression (D7).
public struct LogisticDiscriminator: Discriminator, Equatable {
    public var features: DiscriminatorFeatures
    public var weights: [Double]

    public init(features: DiscriminatorFeatures, weights: [Double]? = nil) throws {
        let w = weights ?? [Double](repeating: 0, count: features.count)
        guard w.count == features.count else {
            throw InvalidArgument("logistic discriminator with \(features) needs \(features.count) weights, got \(w.count)")
        }
        self.features = features
        self.weights = w
    }

    // The quadratic features are written out (no feature array per call: Algorithm 1 as
    // written evaluates them K·2m times per iteration); the arithmetic and its order are
    // those of the general sum 0 + w₀·1 + w₁·x + w₂·x², so results are bit-identical.
    public func logit(_ x: Double) -> Double {
        if case .quadratic = features { return 0 + weights[0] * 1 + weights[1] * x + weights[2] * (x * x) }
        return zip(weights, features.features(x)).reduce(0) { $0 + $1.0 * $1.1 }
    }
    public func logitDerivative(_ x: Double) -> Double {
        if case .quadratic = features { return 0 + weights[0] * 0 + weights[1] * 1 + weights[2] * (2 * x) }
        return zip(weights, features.derivatives(x)).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// The objective (21), `(1/m)Σ ln D(xᵢ) + (1/m)Σ ln(1 − D(gᵢ))`.
    public func objective(data: [Double], generated: [Double]) -> Double {
        let a = data.reduce(0) { $0 - softplus(-logit($1)) } / Double(data.count)
        let b = generated.reduce(0) { $0 - softplus(logit($1)) } / Double(generated.count)
        return a + b
    }

    /// ∇_w of (21): `(1/m)Σ(1 − D(xᵢ))φ(xᵢ) − (1/m)Σ D(gᵢ)φ(gᵢ)`.
    public func objectiveGradient(data: [Double], generated: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: weights.count)
        if case .quadratic = features {
            for x in data {
                let c = sigmoid(-logit(x)) / Double(data.count)
                g[0] += c * 1; g[1] += c * x; g[2] += c * (x * x)
            }
            for x in generated {
                let c = sigmoid(logit(x)) / Double(generated.count)
                g[0] -= c * 1; g[1] -= c * x; g[2] -= c * (x * x)
            }
            return g
        }
        for x in data {
            let c = sigmoid(-logit(x)) / Double(data.count)
            for (j, f) in features.features(x).enumerated() { g[j] += c * f }
        }
        for x in generated {
            let c = sigmoid(logit(x)) / Double(generated.count)
            for (j, f) in features.features(x).enumerated() { g[j] -= c * f }
        }
        return g
    }

    /// Trains in place from the current weights.
    public mutating func train(data: [Double], generated: [Double], how: LogisticTraining) throws {
        switch how {
        case .ascent(let steps, let rate):
            for _ in 0..<steps {
                let g = objectiveGradient(data: data, generated: generated)
                for j in weights.indices { weights[j] += rate * g[j] }
            }
            for w in weights where !w.isFinite {
                throw InvalidArgument("logistic discriminator ascent diverged (weights \(weights)); lower the rate")
            }
        case .optimum(let c):
            try fitByNewton(data: data, generated: generated, penalty: c)
        }
    }

    /// Newton's method on the concave log-likelihood `ℓ(w) − (c/2)‖w‖²` (labels 1 for data,
    /// 0 for generated samples): gradient `Φᵀ(y − p) − c w`, Hessian `−(ΦᵀWΦ + cI)`,
    /// `W = p(1 − p)`; the p×p Newton system is solved by Cholesky. (This is IRLS written
    /// on the normal equations; p ≤ ~10, so it costs O(n p²) per iteration and no
    /// allocation per sample.) Stops when the largest weight change is below
    /// 1e-10·(1 + max|w|): Newton converges quadratically, and 1e-10 sits above the
    /// normal equations' own accuracy κ(H)·ε_mach (κ ≲ 1e4 for these features) and far
    /// below any statistical error of the fit. Perfectly separated samples (no penalty)
    /// have no optimum: the weights grow without bound and this throws after 100 iterations.
    mutating func fitByNewton(data: [Double], generated: [Double], penalty c: Double) throws {
        guard c >= 0, c.isFinite else { throw InvalidArgument("logistic penalty must be ≥ 0, got \(c)") }
        let p = features.count
        let xs = data + generated
        let n = xs.count
        var phi = [Double]()
        phi.reserveCapacity(n * p)
        for x in xs { phi.append(contentsOf: features.features(x)) }
        for _ in 0..<100 {
            var grad = weights.map { -c * $0 }
            var hess = [Double](repeating: 0, count: p * p)
            for j in 0..<p { hess[j * p + j] = c }
            for i in 0..<n {
                var eta = 0.0
                for j in 0..<p { eta += weights[j] * phi[i * p + j] }
                let pr = sigmoid(eta)
                let r = (i < data.count ? 1 : 0) - pr
                let w = pr * (1 - pr)
                for j in 0..<p {
                    let fj = phi[i * p + j]
                    grad[j] += r * fj
                    let wf = w * fj
                    for k in 0...j { hess[j * p + k] += wf * phi[i * p + k] }
                }
            }
            let step = try Self.choleskySolve(hess, grad, p)
            for j in 0..<p { weights[j] += step[j] }
            if weights.contains(where: { !$0.isFinite }) { break }
            let change = step.map(abs).max() ?? 0
            if change <= 1e-10 * (1 + (weights.map(abs).max() ?? 0)) { return }
        }
        throw InvalidArgument("logistic regression did not converge in 100 Newton steps (weights \(weights)); the samples may be separable — add a penalty")
    }
}

extension LogisticDiscriminator {
    /// Solves `H x = g` for symmetric positive definite H (lower triangle used, row-major).
    static func choleskySolve(_ h: [Double], _ g: [Double], _ p: Int) throws -> [Double] {
        var l = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            var d = h[j * p + j]
            for k in 0..<j { d -= l[j * p + k] * l[j * p + k] }
            guard d > 0, d.isFinite else {
                throw InvalidArgument("logistic regression: the Hessian is not positive definite (features collinear on these samples?)")
            }
            l[j * p + j] = d.squareRoot()
            for i in (j + 1)..<max(j + 1, p) {
                var s = h[i * p + j]
                for k in 0..<j { s -= l[i * p + k] * l[j * p + k] }
                l[i * p + j] = s / l[j * p + j]
            }
        }
        var y = g
        for i in 0..<p {
            for k in 0..<i { y[i] -= l[i * p + k] * y[k] }
            y[i] /= l[i * p + i]
        }
        for i in stride(from: p - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(i + 1, p) { y[i] -= l[k * p + i] * y[k] }
            y[i] /= l[i * p + i]
        }
        return y
    }
}
