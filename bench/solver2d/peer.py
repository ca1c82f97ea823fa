#!/usr/bin/env python3
"""Peer for the 2D ring scenario: the same finite-volume semi-discretisation of the JS flow
as ganflow's 2D solver, solved by SciPy's solve_ivp(method="BDF") as a method of lines with
the analytic sparse Jacobian (five-point pattern) passed as `jac`.

Scenario (as ganflow verify's 2D grid rows): target ring(4, 2, 0.5), initial N(0, 0.6² I),
both truncated to the box [-4, 4]² and renormalised there; JS flow; nx × ny cells.

  dρ_ij/dt = wx_{i+½,j}(Ψ(u_{i+1,j}) − Ψ(u_ij)) − wx_{i−½,j}(Ψ(u_ij) − Ψ(u_{i−1,j}))
           + wy_{i,j+½}(Ψ(u_{i,j+1}) − Ψ(u_ij)) − wy_{i,j−½}(Ψ(u_ij) − Ψ(u_{i,j−1})),
  u = ρ/ρd, Ψ(u) = ½ log1p(u) (u/2 below 0, as ganflow), zero flux at the walls,
  wx = ρd(x_face, y_centre)/hx², wy = ρd(x_centre, y_face)/hy² (ρd the truncated pdf).

Cell averages are exact rectangle masses: per normal component the product of its two 1D
interval masses (CDF differences left of the mean, survival differences right of it, so
no cancellation in the tails), summed over components and divided by the box mass.

usage:
  peer.py js CSV                     JS at the last time of a ganflow CSV (full precision)
  peer.py solve N T RTOL ATOL        prints JS(T), mass, solve seconds, nfev, njev, nlu
  peer.py compare N T RTOL ATOL CSV  also the L¹ difference Σ hx hy |ρ − ρ_csv| at each
                                     time in CSV (ganflow simulate --csv, rows t,x,y,rho)
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

BOX = (-4.0, 4.0, -4.0, 4.0)
RING = (4, 2.0, 0.5)           # k, radius, sigma
START = (0.0, 0.0, 0.6, 0.6)   # mx, my, sx, sy (r = 0)


def interval_mass(mean, sd, a, b):
    return interval_masses(mean, sd, np.array([a, b]))[0]


def components(k, r, s):
    return [(r * np.cos(2 * np.pi * j / k), r * np.sin(2 * np.pi * j / k), s, s) for j in range(k)]


def mixture_cells(comps, xf, yf):
    """Cell masses, shape (ny, nx) (row-major as ganflow: index j·nx + i), and box mass."""
    ax, bx, ay, by = BOX
    m = np.zeros((len(yf) - 1, len(xf) - 1))
    z = 0.0
    for (mx, my, sx, sy) in comps:
        m += np.outer(interval_masses(my, sy, yf), interval_masses(mx, sx, xf))
        z += interval_mass(mx, sx, ax, bx) * interval_mass(my, sy, ay, by)
    return m / len(comps), z / len(comps)


def mixture_pdf(comps, x, y):
    p = 0.0
    for (mx, my, sx, sy) in comps:
        p = p + norm.pdf(x, mx, sx) * norm.pdf(y, my, sy)
    return p / len(comps)


class Problem:
    def __init__(self, nx, ny):
        ax, bx, ay, by = BOX
        self.nx, self.ny = nx, ny
        xf = np.linspace(ax, bx, nx + 1)
        yf = np.linspace(ay, by, ny + 1)
        hx, hy = (bx - ax) / nx, (by - ay) / ny
        self.area = hx * hy
        xc = 0.5 * (xf[:-1] + xf[1:])
        yc = 0.5 * (yf[:-1] + yf[1:])
        self.xc, self.yc = xc, yc
        tc = components(*RING)
        md, zd = mixture_cells(tc, xf, yf)
        self.rho_d = (md / zd / self.area).ravel()
        m0, z0 = mixture_cells([START], xf, yf)
        self.rho0 = (m0 / z0 / self.area).ravel()
        if np.any(self.rho_d <= 0):
            raise SystemExit("a target cell average is not positive")
        self.inv = 1.0 / self.rho_d
        # wx[j, i]: face between (i, j) and (i+1, j); wy[j, i]: between (i, j) and (i, j+1)
        self.wx = mixture_pdf(tc, xf[1:-1][None, :], yc[:, None]) / zd / (hx * hx)
        self.wy = mixture_pdf(tc, xc[None, :], yf[1:-1][:, None]) / zd / (hy * hy)
        # the constant weighted graph Laplacian L: F(ρ) = L Ψ(u), dF/dρ = L diag(Ψ'(u)/ρd)
        n = nx * ny
        idx = np.arange(n).reshape(ny, nx)
        a = np.concatenate([idx[:, :-1].ravel(), idx[:-1, :].ravel()])
        b = np.concatenate([idx[:, 1:].ravel(), idx[1:, :].ravel()])
        w = np.concatenate([self.wx.ravel(), self.wy.ravel()])
        rows = np.concatenate([a, b, a, b])
        cols = np.concatenate([b, a, a, b])
        vals = np.concatenate([w, w, -w, -w])
        self.lap = sparse.csr_matrix((vals, (rows, cols)), shape=(n, n))

    def psi(self, rho):
        u = rho * self.inv
        return np.where(u >= 0, 0.5 * np.log1p(np.maximum(u, 0.0)), 0.5 * u)

    def rhs(self, t, rho):
        p = self.psi(rho).reshape(self.ny, self.nx)
        out = np.zeros_like(p)
        fx = self.wx * np.diff(p, axis=1)
        out[:, :-1] += fx
        out[:, 1:] -= fx
        fy = self.wy * np.diff(p, axis=0)
        out[:-1, :] += fy
        out[1:, :] -= fy
        return out.ravel()

    def jac(self, t, rho):
        u = rho * self.inv
        d = np.where(u >= 0, 0.5 / (1.0 + np.maximum(u, 0.0)), 0.5) * self.inv
        return (self.lap @ sparse.diags(d)).tocsc()

    def js(self, rho):
        u = np.maximum(rho * self.inv, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            ulogu = np.where(u > 0, u * np.log(u), 0.0)
        f = 0.5 * (ulogu - (1 + u) * np.log((1 + u) / 2))
        return self.area * np.sum(self.rho_d * f)


def main():
    mode = sys.argv[1]
    if mode == "js":
        # JS of the last time in a ganflow CSV (rows t,x,y,rho), at full precision
        csv = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1)
        t = csv[:, 0].max()
        rows = csv[csv[:, 0] == t]
        n = int(round(np.sqrt(len(rows))))
        p = Problem(n, n)
        i = np.rint((rows[:, 1] - p.xc[0]) / (p.xc[1] - p.xc[0])).astype(int)
        j = np.rint((rows[:, 2] - p.yc[0]) / (p.yc[1] - p.yc[0])).astype(int)
        rho = np.zeros((n, n))
        rho[j, i] = rows[:, 3]
        print(f"JS({t:g}) {p.js(rho.ravel()):.15e} mass {p.area * rows[:, 3].sum():.15f} cells {n * n}")
        return
    n = int(sys.argv[2])
    t_end = float(sys.argv[3])
    rtol = float(sys.argv[4])
    atol = float(sys.argv[5])
    p = Problem(n, n)
    times = [t_end]
    csv = None
    if mode == "compare":
        csv = np.loadtxt(sys.argv[6], delimiter=",", skiprows=1)
        times = sorted(set(csv[:, 0]))
    start = time.perf_counter()
    sol = solve_ivp(p.rhs, (0.0, max(times)), p.rho0, method="BDF", jac=p.jac, rtol=rtol, atol=atol,
                    t_eval=times)
    elapsed = time.perf_counter() - start
    if sol.status != 0:
        print(f"solve_ivp failed: {sol.message}")
        sys.exit(1)
    rho = sol.y[:, -1]
    print(f"JS({t_end:g}) {p.js(rho):.15e} mass {p.area * rho.sum():.15f} solve {elapsed:.4f} s "
          f"nfev {sol.nfev} njev {sol.njev} nlu {sol.nlu} cells {n * n}")
    if csv is not None:
        for k, t in enumerate(times):
            rows = csv[csv[:, 0] == t]
            # ganflow's rows: x fastest (row-major j·nx + i); check the centres match
            x, y, r = rows[:, 1], rows[:, 2], rows[:, 3]
            i = np.rint((x - p.xc[0]) / (p.xc[1] - p.xc[0])).astype(int)
            j = np.rint((y - p.yc[0]) / (p.yc[1] - p.yc[0])).astype(int)
            assert np.allclose(p.xc[i], x) and np.allclose(p.yc[j], y) and len(r) == n * n
            mine = sol.y[:, k].reshape(n, n)[j, i]
            l1 = p.area * np.sum(np.abs(mine - r))
            print(f"t {t:g}: L1(peer - ganflow) {l1:.3e}  JS peer {p.js(sol.y[:, k]):.15e}")


if __name__ == "__main__":
    main()
