#!/usr/bin/env python3
"""30-digit references for the total variation of two bivariate normals (mpmath only).

    python3 Tests/Fixtures/plane_gaussian_tv.py

Prints TV(P, Q) = 1/2 of the integral of |p - q| over the plane for the pairs of
PAIRS, evaluated by a route independent of ganflow's (which whitens P and integrates in
the eigenbasis of the log-ratio's quadratic form):

* condition on x in the original coordinates: p(x, y) = p_x(x) N(y; m_p(x), s_p^2), the
  same for q;
* for fixed x, ln p - ln q is a quadratic in y whose roots are solved exactly, so the
  inner integral of |p - q| over y is a signed sum of normal masses between the roots
  (closed form, erfc);
* the outer integral over x runs on pieces cut where the inner roots appear or vanish
  (the zeros of the discriminant in x, a quadratic), by mpmath's tanh-sinh rule, which
  is insensitive to the square-root behaviour at those ends.

Each value is computed at 40 and at 60 digits; the script prints both and fails when they
differ beyond 1e-28. The values are pasted into PlaneGaussianTVTests.
"""
import sys
import mpmath as mp

# (name, p, q): each law as (mx, my, sx, sy, r), the arguments of normal2.
PAIRS = [
    ("standard vs correlated", (0, 0, 1, 1, 0), (1, 0.5, 1.2, 0.8, 0.3)),
    ("saddle boundary", (0.3, -0.2, 2, 0.5, 0.9), (-0.5, 0.4, 0.7, 1.5, -0.6)),
    ("concentric, crossing scales", (0, 0, 1, 1, 0), (0, 0, 3, 0.2, 0)),
]


def law(spec):
    mx, my, sx, sy, r = (mp.mpf(repr(float(v))) for v in spec)
    return mx, my, sx, sy, r


def marginal_and_conditional(spec):
    """x-marginal N(mx, sx^2); y | x is N(my + r sy (x - mx)/sx, sy^2 (1 - r^2))."""
    mx, my, sx, sy, r = law(spec)
    cs = sy * mp.sqrt(1 - r * r)
    return mx, sx, (lambda x: my + r * sy * (x - mx) / sx), cs


def log_coefficients(spec):
    """ln density as a polynomial in (x, y): coefficients of 1, x, y, x^2, xy, y^2."""
    mx, my, sx, sy, r = law(spec)
    det = (sx * sy) ** 2 * (1 - r * r)
    a, b, c = sy * sy / det, -r * sx * sy / det, sx * sx / det   # inverse covariance
    const = -mp.log(2 * mp.pi) - mp.log(det) / 2
    # -1/2 [a (x-mx)^2 + 2b (x-mx)(y-my) + c (y-my)^2]
    return {
        "1": const - (a * mx * mx + 2 * b * mx * my + c * my * my) / 2,
        "x": a * mx + b * my, "y": b * mx + c * my,
        "xx": -a / 2, "xy": -b, "yy": -c / 2,
    }


def tv(p, q):
    lp, lq = log_coefficients(p), log_coefficients(q)
    d = {k: lp[k] - lq[k] for k in lp}   # ln p - ln q
    A = d["yy"]
    Bx = lambda x: d["y"] + d["xy"] * x
    Cx = lambda x: d["1"] + d["x"] * x + d["xx"] * x * x
    mpx, spx, mpy, spy = marginal_and_conditional(p)
    mqx, sqx, mqy, sqy = marginal_and_conditional(q)

    def cdf(z):
        return mp.erfc(-z / mp.sqrt(2)) / 2

    def mass(m, s, lo, hi):
        a = (lo - m) / s if lo != -mp.inf else -mp.inf
        b = (hi - m) / s if hi != mp.inf else mp.inf
        if a >= 0:
            return (mp.erfc(a / mp.sqrt(2)) - mp.erfc(b / mp.sqrt(2))) / 2
        return cdf(b) - cdf(a)

    def inner(x):
        px = mp.npdf(x, mpx, spx)
        qx = mp.npdf(x, mqx, sqx)
        B, C = Bx(x), Cx(x)
        if A == 0:
            raise ValueError("pairs with a zero y^2 coefficient are not covered")
        disc = B * B - 4 * A * C
        cuts = [-mp.inf]
        if disc > 0:
            s = mp.sqrt(disc)
            cuts += sorted([(-B - s) / (2 * A), (-B + s) / (2 * A)])
        cuts.append(mp.inf)
        total = mp.mpf(0)
        for lo, hi in zip(cuts, cuts[1:]):
            mid = (lo + hi) / 2 if lo != -mp.inf and hi != mp.inf else (hi - 1 if lo == -mp.inf else lo + 1)
            if lo == -mp.inf and hi == mp.inf:
                mid = 0
            sign = 1 if A * mid * mid + B * mid + C > 0 else -1
            total += sign * (px * mass(mpy(x), spy, lo, hi) - qx * mass(mqy(x), sqy, lo, hi))
        return total / 2

    # Discriminant in x: (d_y + d_xy x)^2 - 4A(d_1 + d_x x + d_xx x^2).
    c2 = d["xy"] ** 2 - 4 * A * d["xx"]
    c1 = 2 * d["y"] * d["xy"] - 4 * A * d["x"]
    c0 = d["y"] ** 2 - 4 * A * d["1"]
    cuts = [-mp.inf]
    if c2 != 0:
        disc = c1 * c1 - 4 * c2 * c0
        if disc > 0:
            s = mp.sqrt(disc)
            cuts += sorted([(-c1 - s) / (2 * c2), (-c1 + s) / (2 * c2)])
    elif c1 != 0:
        cuts.append(-c0 / c1)
    cuts.append(mp.inf)
    return mp.quad(inner, cuts, maxdegree=10)


def main():
    bad = False
    for name, p, q in PAIRS:
        mp.mp.dps = 40
        v40 = tv(p, q)
        mp.mp.dps = 60
        v60 = tv(p, q)
        diff = abs(v40 - v60)
        mp.mp.dps = 40
        print(f"{name}: p = normal2{p}, q = normal2{q}")
        print(f"  TV = {mp.nstr(v60, 30)}   (40 vs 60 digits: {mp.nstr(diff, 3)})")
        bad |= diff > mp.mpf("1e-28")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
