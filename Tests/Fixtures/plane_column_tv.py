#!/usr/bin/env python3
"""References for the total variation of a ring against a normal2 law (NumPy/SciPy).

    python3 Tests/Fixtures/plane_column_tv.py

Prints TV(P, Q) for the pairs of PAIRS by a route written apart from ganflow's column
rule, sharing only the formula c(x) = sum over sign pieces of max(0, P_x - Q_x):

* each column's sign changes of ln p - ln q are found on a fixed grid of 6001 points over
  y in [-30, 30] (spacing 0.01, far finer than every sigma here) and refined by brentq;
* the column masses are normal pdf times normal cdf differences (scipy.stats.norm);
* the outer integral is scipy's QUADPACK QAGP over x in [-30, 30] with breakpoints every
  0.5 on [-8, 8], at epsabs 1e-14, epsrel 1e-13.

Each line gives the value and QUADPACK's error estimate (about 1e-13 or less). The
values are pasted into PlaneTotalVariationTests. Takes about a minute per pair.
"""
import numpy as np
from scipy import integrate, optimize
from scipy.stats import norm

# (ring k, radius, sigma), normal2 (mx, my, sx, sy, r)
PAIRS = [
    ((4, 2.0, 0.5), (0.0, 0.0, 1.5, 1.5, 0.0)),
    ((3, 2.435869888681583, 1.106424676198989),
     (0.28186710060701614, -0.48456965881899894, 1.6730665219954635, 0.54049452015938, 0.34097834767554613)),
    ((6, 2.27825540400849, 0.5153367892846789),
     (0.4043235419101876, 2.115151009026457, 1.2365397898293236, 4.122526748154501, -0.6376692456605668)),
]


def column_rule(ring, law):
    k, radius, s = ring
    mx, my, sx, sy, r = law
    cx = radius * np.cos(2 * np.pi * np.arange(k) / k)
    cy = radius * np.sin(2 * np.pi * np.arange(k) / k)
    ys = np.linspace(-30, 30, 6001)

    def log_p(x, y):
        z = -((x - cx[:, None]) ** 2 + (np.atleast_1d(y)[None, :] - cy[:, None]) ** 2) / (2 * s * s)
        m = z.max(0)
        return m + np.log(np.exp(z - m).sum(0)) - np.log(k * 2 * np.pi * s * s)

    def log_q(x, y):
        zx, zy = (x - mx) / sx, (np.atleast_1d(y) - my) / sy
        return -(zx * zx - 2 * r * zx * zy + zy * zy) / (2 * (1 - r * r)) - np.log(2 * np.pi * sx * sy * np.sqrt(1 - r * r))

    def mass_p(x, a, b):
        return sum(norm.pdf(x, cx[j], s) * (norm.cdf(b, cy[j], s) - norm.cdf(a, cy[j], s)) for j in range(k)) / k

    def mass_q(x, a, b):
        m, c = my + r * sy / sx * (x - mx), sy * np.sqrt(1 - r * r)
        return norm.pdf(x, mx, sx) * (norm.cdf(b, m, c) - norm.cdf(a, m, c))

    def column(x):
        d = log_p(x, ys) - log_q(x, ys)
        cuts = [optimize.brentq(lambda y: (log_p(x, y) - log_q(x, y))[0], ys[i], ys[i + 1], xtol=1e-15, rtol=1e-15)
                for i in range(len(ys) - 1) if np.sign(d[i]) != np.sign(d[i + 1])]
        ends = [-np.inf] + cuts + [np.inf]
        return sum(max(0.0, mass_p(x, a, b) - mass_q(x, a, b)) for a, b in zip(ends, ends[1:]))

    return integrate.quad(column, -30, 30, limit=2000, epsabs=1e-14, epsrel=1e-13,
                          points=list(np.linspace(-8, 8, 33)))


if __name__ == "__main__":
    for ring, law in PAIRS:
        value, error = column_rule(ring, law)
        print(f"ring{ring} vs normal2{law}: {value!r} ± {error:.1e}")
