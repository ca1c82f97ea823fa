#!/usr/bin/env python3
"""References for the total variation of two smooth 2D densities (NumPy/SciPy).

    python3 Tests/Fixtures/plane_column_tv.py

Prints TV(P, Q) for the pairs of PAIRS (rings, normal2 laws and mixtures of them, each
written as its list of weighted normal2 leaves) by a route written apart from ganflow's
column rule, sharing only the formula c(x) = sum over sign pieces of max(0, P_x - Q_x):

* each column's sign changes of ln p - ln q are found on a fixed grid of 6001 points over
  y in [-30, 30] (spacing 0.01, far finer than every sigma here) and refined by brentq;
* the column masses are, per leaf, the normal pdf of its x-marginal times the normal cdf
  difference of its conditional law of y (scipy.stats.norm);
* the outer integral is scipy's QUADPACK QAGP over x in [-30, 30] with breakpoints every
  0.5 on [-8, 8], at epsabs 1e-14, epsrel 1e-13.

Each line gives the value and QUADPACK's error estimate (about 1e-13 or less). The
values are pasted into PlaneTotalVariationTests. Takes about a minute per pair.
"""
import numpy as np
from scipy import integrate, optimize
from scipy.stats import norm


def ring(k, radius, s, weight=1.0):
    """The leaves (w, mx, my, sx, sy, r) of ring(k, radius, s), scaled by weight."""
    return [(weight / k, radius * np.cos(2 * np.pi * j / k), radius * np.sin(2 * np.pi * j / k), s, s, 0.0)
            for j in range(k)]


def normal2(mx, my, sx, sy, r, weight=1.0):
    return [(weight, mx, my, sx, sy, r)]


# (P, Q) as leaf lists. The last pair has the soak's parameters to the digits it printed.
PAIRS = [
    (ring(4, 2.0, 0.5), normal2(0.0, 0.0, 1.5, 1.5, 0.0)),
    (ring(3, 2.435869888681583, 1.106424676198989),
     normal2(0.28186710060701614, -0.48456965881899894, 1.6730665219954635, 0.54049452015938, 0.34097834767554613)),
    (ring(6, 2.27825540400849, 0.5153367892846789),
     normal2(0.4043235419101876, 2.115151009026457, 1.2365397898293236, 4.122526748154501, -0.6376692456605668)),
    (ring(4, 2.2252, 0.4239),
     ring(4, 2.2291, 0.9202, 0.7) + normal2(0.689, 1.786, 0.436, 1.202, 0.346, 0.3)),
]


def log_density(leaves, x, y):
    y = np.atleast_1d(y)
    terms = []
    for w, mx, my, sx, sy, r in leaves:
        zx, zy = (x - mx) / sx, (y - my) / sy
        terms.append(np.log(w) - (zx * zx - 2 * r * zx * zy + zy * zy) / (2 * (1 - r * r))
                     - np.log(2 * np.pi * sx * sy * np.sqrt(1 - r * r)))
    z = np.array(terms)
    m = z.max(0)
    return m + np.log(np.exp(z - m).sum(0))


def column_mass(leaves, x, a, b):
    total = 0.0
    for w, mx, my, sx, sy, r in leaves:
        m, c = my + r * sy / sx * (x - mx), sy * np.sqrt(1 - r * r)
        total += w * norm.pdf(x, mx, sx) * (norm.cdf(b, m, c) - norm.cdf(a, m, c))
    return total


def column_rule(p, q):
    ys = np.linspace(-30, 30, 6001)

    def d(x, y):
        return log_density(p, x, y) - log_density(q, x, y)

    def column(x):
        v = d(x, ys)
        cuts = [optimize.brentq(lambda y: d(x, y)[0], ys[i], ys[i + 1], xtol=1e-15, rtol=1e-15)
                for i in range(len(ys) - 1) if np.sign(v[i]) != np.sign(v[i + 1])]
        ends = [-np.inf] + cuts + [np.inf]
        return sum(max(0.0, column_mass(p, x, a, b) - column_mass(q, x, a, b)) for a, b in zip(ends, ends[1:]))

    return integrate.quad(column, -30, 30, limit=2000, epsabs=1e-14, epsrel=1e-13,
                          points=list(np.linspace(-8, 8, 33)))


if __name__ == "__main__":
    for p, q in PAIRS:
        value, error = column_rule(p, q)
        print(f"{len(p)} leaves vs {len(q)} leaves: {value!r} ± {error:.1e}")
