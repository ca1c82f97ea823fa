#!/usr/bin/env python3
"""Writes the two example trajectories of `ganflow check` (t,x,rho cell averages).

Both use the explicit finite-volume step of the JS flow (docs/MATH.md §3) on [-5, 5] with
100 cells, target normal(0,1), start normal(-1.5, 0.7), exact cell averages from the normal
CDF (survival function right of the median, so no tail digits are lost):

  rho_i += dt/h^2 [rhod(x_{i+1/2}) (Psi(u_{i+1}) - Psi(u_i)) - rhod(x_{i-1/2}) (Psi(u_i) - Psi(u_{i-1}))],
  Psi(u) = log1p(u)/2, zero flux at both walls, dt at 0.9 of the monotone (CFL) limit.

  examples/js-flow-good.csv        the scheme above, t = 0, 0.5, ..., 2   (passes)
  examples/js-flow-sign-error.csv  the same code with the flux's sign flipped, t <= 0.02 (fails)

Run: python3 examples/make_examples.py
"""
import numpy as np
from scipy.stats import norm

A, B, N = -5.0, 5.0, 100
H = (B - A) / N
FACES = A + H * np.arange(N + 1)
CENTERS = 0.5 * (FACES[:-1] + FACES[1:])


def cell_averages(mean, sd):
    lo, hi = FACES[:-1], FACES[1:]
    left = norm.cdf(hi, mean, sd) - norm.cdf(lo, mean, sd)
    right = norm.sf(lo, mean, sd) - norm.sf(hi, mean, sd)
    mass = np.where(hi <= mean, left, right)
    return mass / (mass.sum() * H)  # renormalised to mass 1 on [A, B]


def run(sign, times):
    z = norm.cdf(B) - norm.cdf(A)
    target = cell_averages(0.0, 1.0)
    faces = norm.pdf(FACES[1:-1]) / z
    rho = cell_averages(-1.5, 0.7)
    u_max = (rho / target).max()
    psi_max = 0.5  # Psi'(u) = 1/(2(1+u)) <= 1/2
    left = np.concatenate(([0.0], faces))
    right = np.concatenate((faces, [0.0]))
    dt = 0.9 * (H * H * target / ((left + right) * psi_max)).min()
    out, t = [], 0.0
    for t_out in times:
        while t < t_out - 1e-15:
            step = min(dt, t_out - t)
            psi = 0.5 * np.log1p(np.maximum(rho, 0.0) / target)
            flux = np.zeros(N + 1)
            flux[1:-1] = -faces * (psi[1:] - psi[:-1]) / H
            rho = rho - sign * step * (flux[1:] - flux[:-1]) / H
            t += step
        out.append((t_out, rho.copy()))
    return out, u_max


def write(path, snapshots):
    with open(path, "w") as f:
        f.write("t,x,rho\n")
        for t, rho in snapshots:
            for x, r in zip(CENTERS, rho):
                f.write(f"{float(t)!r},{float(x)!r},{float(r)!r}\n")


if __name__ == "__main__":
    good, _ = run(+1.0, [0.0, 0.5, 1.0, 1.5, 2.0])
    write("examples/js-flow-good.csv", good)
    bad, _ = run(-1.0, [0.0, 0.005, 0.01, 0.015, 0.02])
    write("examples/js-flow-sign-error.csv", bad)
