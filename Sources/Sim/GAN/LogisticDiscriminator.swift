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
    /// The seed's step 4: `steps` ascent steps of size `rate` on
    /// `(1/m)Σ[ln D(xᵢ) + ln(1 − D(G(zᵢ)))]` (eq. 21), warm-started from the previous iterate.
    case ascent(steps: Int, rate: Double)
    /// Trained to its optimum by Newton's method (IRLS through GSL weighted least squares),
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

    public func logit(_ x: Double) -> Double { zip(weights, features.features(x)).reduce(0) { $0 + $1.0 * $1.1 } }
    public func logitDerivative(_ x: Double) -> Double { zip(weights, features.derivatives(x)).reduce(0) { $0 + $1.0 * $1.1 } }

    /// The objective (21), `(1/m)Σ ln D(xᵢ) + (1/m)Σ ln(1 − D(gᵢ))`.
    public func objective(data: [Double], generated: [Double]) -> Double {
        let a = data.reduce(0) { $0 - softplus(-logit($1)) } / Double(data.count)
        let b = generated.reduce(0) { $0 - softplus(logit($1)) } / Double(generated.count)
        return a + b
    }

    /// ∇_w of (21): `(1/m)Σ(1 − D(xᵢ))φ(xᵢ) − (1/m)Σ D(gᵢ)φ(gᵢ)`.
    public func objectiveGradient(data: [Double], generated: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: weights.count)
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

    /// Newton/IRLS: `(XᵀWX + cI) w_new = XᵀW z`, `W = p(1−p)`, `z = η + (y − p)/W`, solved as
    /// a weighted least-squares problem (GSL multifit) with √c·I rows appended. Stops when
    /// the largest weight change is below 1e-12·(1 + max|w|): Newton converges
    /// quadratically, so the next iterate would change nothing at double precision.
    /// Perfectly separated samples (no penalty) have no optimum: the weights grow without
    /// bound and this throws after 100 iterations.
    mutating func fitByNewton(data: [Double], generated: [Double], penalty c: Double) throws {
        guard c >= 0, c.isFinite else { throw InvalidArgument("logistic penalty must be ≥ 0, got \(c)") }
        let p = features.count
        let xs = data + generated
        let ys = [Double](repeating: 1, count: data.count) + [Double](repeating: 0, count: generated.count)
        let phis = xs.map(features.features)
        for _ in 0..<100 {
            var rows = [[Double]](), resp = [Double](), wts = [Double]()
            rows.reserveCapacity(xs.count + p)
            for i in xs.indices {
                let eta = zip(weights, phis[i]).reduce(0) { $0 + $1.0 * $1.1 }
                let pr = sigmoid(eta)
                // Floor the IRLS weight so a saturated sample cannot make the system singular;
                // at 1e-300 it only matters for samples with |η| > 690, which carry no information.
                let w = max(pr * (1 - pr), 1e-300)
                rows.append(phis[i]); resp.append(eta + (ys[i] - pr) / w); wts.append(w)
            }
            if c > 0 {
                for j in 0..<p {
                    var r = [Double](repeating: 0, count: p); r[j] = c.squareRoot()
                    rows.append(r); resp.append(0); wts.append(1)
                }
            }
            let fit = try LeastSquares.fit(design: rows, observations: resp, weights: wts)
            let change = zip(fit.coefficients, weights).map { abs($0 - $1) }.max() ?? 0
            weights = fit.coefficients
            if change <= 1e-12 * (1 + (weights.map(abs).max() ?? 0)) { return }
        }
        throw InvalidArgument("logistic regression did not converge in 100 Newton steps (weights \(weights)); the samples may be separable — add a penalty")
    }
}
