import Analytic
import Sim
/// The statements of docs/MATH.md §2, in order: the paper's claims P1–P5, the derived
/// statements D1–D12 that make them checkable, and the suite's own sufficient
/// assumptions A1–A3 (derived). `docs/THEOREMS.md` lists the same ids; a test keeps them
/// equal.
public enum StatementCatalogue {
    public static let all: [Statement] = [
        Statement(id: "P1", words: "ODE (2) is a gradient flow: JS(ρd, ρt) is non-increasing along it", label: .paperClaim),
        Statement(id: "P2", words: "the data distribution is the long-time limit: ρt → ρd", label: .paperClaim),
        Statement(id: "P3", words: "simulating ODE (2) is equivalent to training a GAN (Algorithm 1)", label: .paperClaim),
        Statement(id: "P4", words: "the GAN algorithm implicitly minimises an MSE between sample sets, and this MSE fitting alone can make GANs diverge", label: .paperClaim),
        Statement(id: "P5", words: "the Fokker–Planck equation has a unique weak solution, ODE (2) a unique solution", label: .paperClaim),
        Statement(id: "D1", words: "energy identity: JS(0) − JS(T) = ∫₀ᵀ∫ρ|v|²", label: .derived),
        Statement(id: "D2", words: "every convex functional ∫ρd g(u) decreases along the flow (KL, χ², Hellinger, TV, Lᵖ)", label: .derived),
        Statement(id: "D3", words: "maximum principle: inf u₀ ≤ u_t ≤ sup u₀; mass conserved; ρ ≥ 0", label: .derived),
        Statement(id: "D4", words: "L¹ contraction: ‖ρt − σt‖₁ non-increasing for two solutions", label: .derived),
        Statement(id: "D5", words: "stationary densities: ρd is the only one on a connected support; with a gap each component keeps its initial mass", label: .derived),
        Statement(id: "D6", words: "rate under a Poincaré inequality: χ²(t) ≤ e^{−t/(C_P(1+M))} χ²(0); asymptotic rate 1/(2C_P)", label: .derived),
        Statement(id: "D7", words: "D* maximises V(·, ρ); at the fixed point D* ≡ ½, V = −ln 4; logistic regression on (1, x, x²) contains D* for Gaussians", label: .derived),
        Statement(id: "D8", words: "gradient identity: ∇θ MSE = ε ∇θ L (minimax generator loss) at the θ that formed the targets", label: .derived),
        Statement(id: "D9", words: "function-space equivalence: with free particles and D = D*, Algorithm 1 = explicit Euler for ODE (2), first order in ε", label: .derived),
        Statement(id: "D10", words: "projected flow: fixed points of Algorithm 1 with a parametric generator are critical points of θ ↦ JS(ρd, ρθ)", label: .derived),
        Statement(id: "D11", words: "MSE fitting alone can diverge: K inner steps amplify the fit error by |1 − 2ηλ|^K; runaway for η > 1/λmax", label: .derived),
        Statement(id: "D12", words: "saturation: where u ≫ 1 mass barely moves; the plateau grows with sup u₀ (observed, not proved)", label: .derived),
        Statement(id: "A1", words: "assumption: ρd smooth and positive on a connected domain (dropped: a gap breaks uniqueness)", label: .derived),
        Statement(id: "A2", words: "assumption: ρ₀ ≤ M ρd (dropped: heavier tails than ρd give a long slow phase)", label: .derived),
        Statement(id: "A3", words: "assumption: ρd satisfies a Poincaré inequality (weakened: convergence slows with a bimodal valley)", label: .derived),
    ]

    /// The statement with this id.
    public static func statement(_ id: String) -> Statement {
        guard let s = all.first(where: { $0.id == id }) else {
            preconditionFailure("no statement \(id) in docs/MATH.md §2")
        }
        return s
    }
}
