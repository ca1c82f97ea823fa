/// Sim: the numerical schemes of ganflow and the experiments built on them.
///
/// Finite-volume and Lagrangian solvers of the nonlinear Fokker–Planck equation
/// `∂ₜρ = div(ρd ∇Ψ(u))` (docs/MATH.md §1, §3), particle simulation of ODE (2), Algorithm 1,
/// and the verification battery other packages can run on their own schemes.
/// Everything here is built on `Analytic`; nothing here touches a GSL pointer.
@_exported import Analytic
