"""The densities of ganflow's spec grammar, in log space from the spec's doubles.

normal, laplace, logistic, student, beta, uniform, mixture and truncated. Each
density is evaluated in mpmath from the spec numbers read as IEEE doubles (exactly
what ganflow sees). Besides its log density, a density knows its support, its scale
points (where the quadrature cuts the line), its support ends, its power-law exponent
at an end point (`expo`) and the class of its heaviest tail on each side (`tail`),
from which finiteness.py decides KL and chi2.

A truncation's normaliser is a quadrature of the base density over [lo, hi] in the
scheme of the current evaluation: the generator's `integrate` unless the scheme
names another (`scheme["normaliser"]`, the sweep's tanh-sinh).
"""

import mpmath as mp
from mpmath import mpf

from .logspace import NINF, elevated, logsumexp
from .quadrature import integrate, make_pieces


class Density:
    bounded_left = False
    bounded_right = False

    def support(self):  # list of disjoint closed intervals
        raise NotImplementedError

    def points(self):
        raise NotImplementedError

    def expo(self, x0, side):
        """Power-law exponent of the density at x0 on `side` (+1 right, -1 left),
        None when the density vanishes there."""
        raise NotImplementedError

    def tail(self, side):
        """None (compact on that side) or (rank, heaviness, scale): rank 0
        Gaussian (heaviness sigma), 1 exponential (heaviness 1/rate), 2
        polynomial (heaviness 1/nu)."""
        raise NotImplementedError

    def ends(self):
        out = []
        for lo, hi in self.support():
            out += [e for e in (lo, hi) if mp.isfinite(e)]
        return out


class Located(Density):
    def __init__(self, loc, scale):
        self.loc, self.scale = mpf(loc), mpf(scale)

    def support(self):
        return [(mpf("-inf"), mpf("inf"))]

    def points(self):
        pts = [self.loc]
        for j in range(-1, self.JMAX + 1):
            off = self.scale * mpf(2) ** j
            pts += [self.loc - off, self.loc + off]
        return pts

    def expo(self, x0, side):
        return 0

    def tail(self, side):
        return (self.RANK, self.heaviness(), self.scale * self.TAILSCALE)

    TAILSCALE = 1


class Normal(Located):
    JMAX = 6
    RANK = 0

    def __init__(self, mu, sigma):
        super().__init__(mu, sigma)
        with elevated(20):
            self.c = -mp.log(self.scale) - mp.log(2 * mp.pi) / 2

    def heaviness(self):
        return self.scale

    def logpdf(self, pt):
        z = pt.diff(self.loc) / self.scale
        return self.c - z * z / 2

    def approx(self, x):
        z = (x - float(self.loc)) / float(self.scale)
        return float(self.c) - z * z / 2


class Laplace(Located):
    JMAX = 8
    RANK = 1

    def __init__(self, mu, b):
        super().__init__(mu, b)
        self.c = -mp.log(2 * self.scale)

    def heaviness(self):
        return self.scale

    def logpdf(self, pt):
        return self.c - abs(pt.diff(self.loc)) / self.scale

    def approx(self, x):
        return float(self.c) - abs(x - float(self.loc)) / float(self.scale)


class Logistic(Located):
    JMAX = 8
    RANK = 1

    def __init__(self, mu, s):
        super().__init__(mu, s)
        self.c = -mp.log(self.scale)

    def heaviness(self):
        return self.scale

    def logpdf(self, pt):
        z = abs(pt.diff(self.loc)) / self.scale
        return self.c - z - 2 * mp.log1p(mp.exp(-z))


class Student(Located):
    JMAX = 30
    RANK = 2
    TAILSCALE = 2 ** 20

    def __init__(self, nu, mu, sigma):
        super().__init__(mu, sigma)
        self.nu = mpf(nu)
        # log-gamma ratio at raised precision: its two terms are ~nu ln nu
        with elevated(20 + 2 * max(0, float(mp.log10(self.nu)))):
            self.c = (mp.loggamma((self.nu + 1) / 2) - mp.loggamma(self.nu / 2)
                      - mp.log(self.nu * mp.pi) / 2 - mp.log(self.scale))
        self.c = +self.c

    def heaviness(self):
        return 1 / self.nu

    def logpdf(self, pt):
        z = pt.diff(self.loc) / self.scale
        return self.c - (self.nu + 1) / 2 * mp.log1p(z * z / self.nu)


class Uniform(Density):
    def __init__(self, a, b):
        self.a, self.b = mpf(a), mpf(b)
        self.c = -mp.log(self.b - self.a)

    def support(self):
        return [(self.a, self.b)]

    def points(self):
        return [self.a, self.b]

    def expo(self, x0, side):
        if side > 0:
            return 0 if self.a <= x0 < self.b else None
        return 0 if self.a < x0 <= self.b else None

    def tail(self, side):
        return None

    def logpdf(self, pt):
        if pt.diff(self.a) < 0 or pt.diff(self.b) > 0:
            return NINF
        return self.c


class Beta(Density):
    def __init__(self, a, b):
        self.a, self.b = mpf(a), mpf(b)
        with elevated(20 + max(0, float(mp.log10(self.a + self.b)))):
            self.c = -(mp.loggamma(self.a) + mp.loggamma(self.b) - mp.loggamma(self.a + self.b))
        self.c = +self.c

    def support(self):
        return [(mpf(0), mpf(1))]

    def points(self):
        a, b = self.a, self.b
        mean = a / (a + b)
        sd = mp.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        pts = [mpf(0), mpf(1)]
        centres = [mean]
        if a > 1 and b > 1:
            centres.append((a - 1) / (a + b - 2))
        for m in centres:
            pts.append(m)
            for j in range(-1, 7):
                off = sd * mpf(2) ** j
                pts += [m - off, m + off]
        return [x for x in pts if 0 <= x <= 1]

    def expo(self, x0, side):
        if x0 == 0 and side > 0:
            return self.a - 1
        if x0 == 1 and side < 0:
            return self.b - 1
        return 0 if 0 < x0 < 1 else None

    def tail(self, side):
        return None

    def logpdf(self, pt):
        x = pt.diff(0)
        y = -pt.diff(1)
        if x <= 0 or y <= 0:
            return NINF
        # ln x through log1p when x is near 1 (y is exact there)
        lx = mp.log(x) if x < 0.5 else mp.log1p(-y)
        ly = mp.log(y) if y < 0.5 else mp.log1p(-x)
        return self.c + (self.a - 1) * lx + (self.b - 1) * ly


class Mixture(Density):
    def __init__(self, weights, comps):
        tot = mp.fsum(weights)
        self.w = [mpf(w) / tot for w in weights]
        self.lw = [mp.log(w) if w > 0 else NINF for w in self.w]
        self.comps = comps

    def support(self):
        return merge([iv for w, c in zip(self.w, self.comps) if w > 0 for iv in c.support()])

    def points(self):
        return [x for w, c in zip(self.w, self.comps) if w > 0 for x in c.points()]

    def ends(self):
        return [x for w, c in zip(self.w, self.comps) if w > 0 for x in c.ends()]

    def expo(self, x0, side):
        es = [c.expo(x0, side) for w, c in zip(self.w, self.comps) if w > 0]
        es = [e for e in es if e is not None]
        return min(es) if es else None

    def tail(self, side):
        ts = [c.tail(side) for w, c in zip(self.w, self.comps) if w > 0]
        ts = [t for t in ts if t is not None]
        if not ts:
            return None
        best = max(ts, key=lambda t: (t[0], t[1]))
        return (best[0], best[1], max(t[2] for t in ts))

    def logpdf(self, pt):
        live = [(lw, c) for lw, c in zip(self.lw, self.comps) if lw != NINF]
        if len(live) > 8:
            live = self.screen(live, pt)
        return logsumexp([lw + c.logpdf(pt) for lw, c in live])

    def screen(self, live, pt):
        """Drop components whose log density (estimated in doubles) is more than
        2.4 dps + 60 nats below the largest: they cannot change a digit."""
        try:
            xf = float(pt.x)
            approx = [float(lw) + c.approx(xf) for lw, c in live]
        except (AttributeError, OverflowError, ValueError):
            return live
        top = max(approx)
        margin = 2.4 * mp.mp.dps + 60
        return [lc for lc, a in zip(live, approx) if a >= top - margin]


class Truncated(Density):
    def __init__(self, base, lo, hi, scheme):
        self.base, self.lo, self.hi = base, mpf(lo), mpf(hi)
        ivs = []
        for a, b in base.support():
            a, b = max(a, self.lo), min(b, self.hi)
            if a < b:
                ivs.append((a, b))
        if not ivs:
            raise ValueError("truncation outside the support")
        self.ivs = ivs
        # normaliser by quadrature of the base density over [lo, hi], in the
        # scheme of the current evaluation
        pieces = make_pieces([self.base], self.support(), one_density_points(self.base, self.lo, self.hi), scheme)
        quad = scheme.get("normaliser", integrate)
        mass, err = quad(lambda lp, lq, p, q: p, pieces, [self.base, self.base], {})
        self.mass = mass
        self.lnz = mp.log(mass)

    def support(self):
        return self.ivs

    def points(self):
        return [x for x in self.base.points() if self.lo <= x <= self.hi] + [self.lo, self.hi]

    def ends(self):
        return [x for x in self.base.ends() if self.lo < x < self.hi] + [self.lo, self.hi]

    def expo(self, x0, side):
        if side > 0 and not (self.lo <= x0 < self.hi):
            return None
        if side < 0 and not (self.lo < x0 <= self.hi):
            return None
        return self.base.expo(x0, side)

    def tail(self, side):
        return None

    def logpdf(self, pt):
        if pt.diff(self.lo) < 0 or pt.diff(self.hi) > 0:
            return NINF
        v = self.base.logpdf(pt)
        return v - self.lnz if v != NINF else NINF


def one_density_points(d, lo, hi):
    return sorted(set([x for x in d.points() + d.ends() if lo <= x <= hi] + [lo, hi]))


def merge(ivs):
    ivs = sorted(ivs)
    out = []
    for a, b in ivs:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
