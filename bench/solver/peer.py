#!/usr/bin/env python3
"""Peer for scenario S1: the same finite-volume discretisation of the JS flow solved by
SciPy's solve_ivp (BDF) as a method of lines, with the sparse tridiagonal Jacobian passed
as `jac`.

S1: domain [-8, 8], target normal(0,1), initial normal(-3,0.5), both truncated to the
domain; 2000 cells; to t = 50. Prints JS(rho_d, rho(50)) and the wall time of the solve.

  dρ_i/dt = w_{i+1/2}(Ψ(u_{i+1}) − Ψ(u_i)) − w_{i−1/2}(Ψ(u_i) − Ψ(u_{i−1})),
  u_i = ρ_i/ρd_i, Ψ(u) = ½ log1p(u) (u/2 for u < 0, as in the Swift solver),
  w = ρd(x_face)/h², zero flux at the ends.

Cell averages are exact interval masses without cancellation (CDF differences left of
the median, survival-function differences right of it), as in the Swift solver.

usage: peer.py [rtol] [atol]   (defaults: the accuracy-matched setting in README.md)
"""
import sys
import time
import os
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from normal_cells import interval_masses  # noqa: E402

import numpy as np
from scipy import sparse
from scipy.integrate import solve_ivp
from scipy.stats import norm


def main():
    rtol = float(sys.argv[1]) if len(sys.argv) > 1 else 1e-5
    atol = float(sys.argv[2]) if len(sys.argv) > 2 else 1e-8
    a, b, n, t_end = -8.0, 8.0, 2000, 50.0
    faces = np.linspace(a, b, n + 1)
    h = (b - a) / n
    zd = norm.cdf(b) - norm.cdf(a)
    rho_d = interval_masses(0.0, 1.0, faces) / zd / h
    z0 = norm.cdf((b + 3) / 0.5) - norm.cdf((a + 3) / 0.5)
    rho0 = interval_masses(-3.0, 0.5, faces) / z0 / h
    w = norm.pdf(faces[1:-1]) / zd / (h * h)
    inv = 1.0 / rho_d

    def rhs(t, rho):
        u = rho * inv
        psi = np.where(u >= 0, 0.5 * np.log1p(np.maximum(u, 0.0)), 0.5 * u)  # u/2 below 0, as the Swift solver
        flux = w * np.diff(psi)
        out = np.zeros_like(rho)
        out[:-1] += flux
        out[1:] -= flux
        return out

    def jac(t, rho):
        u = rho * inv
        d = np.where(u >= 0, 0.5 / (1.0 + np.maximum(u, 0.0)), 0.5) * inv
        upper = w * d[1:]
        lower = w * d[:-1]
        diag = np.zeros(n)
        diag[:-1] -= lower
        diag[1:] -= upper
        return sparse.diags([lower, diag, upper], [-1, 0, 1], format="csc")

    start = time.perf_counter()
    sol = solve_ivp(rhs, (0.0, t_end), rho0, method="BDF", jac=jac, rtol=rtol, atol=atol, t_eval=[t_end])
    elapsed = time.perf_counter() - start
    if sol.status != 0:
        print(f"solve_ivp failed: {sol.message}")
        sys.exit(1)
    rho = sol.y[:, -1]
    u = np.maximum(rho * inv, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ulogu = np.where(u > 0, u * np.log(u), 0.0)
    f = 0.5 * (ulogu - (1 + u) * np.log((1 + u) / 2))
    js = h * np.sum(rho_d * f)
    print(f"JS(50) {js:.15e} mass {h * rho.sum():.15f} solve {elapsed:.4f} s nfev {sol.nfev} njev {sol.njev} nlu {sol.nlu} status {sol.status}")


if __name__ == "__main__":
    main()
