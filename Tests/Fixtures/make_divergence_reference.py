#!/usr/bin/env python3
"""Independent high-precision reference for ganflow's divergences.

Run (from the repository root; needs Python 3 with mpmath >= 1.3, nothing else):

    python3 Tests/Fixtures/make_divergence_reference.py

It rewrites Tests/Fixtures/divergence-reference.json and prints a table
(id, kind, finite, value, error) and the run time. Options: `--only ID[,ID...]`
runs a subset and prints without writing; `--out PATH` writes elsewhere;
`--merge` (with `--only` or `--class`) writes the cases it computed into the
existing fixture, replacing those with the same id and keeping the others;
`--class NAME` runs the cases of one class;
`--jobs N` runs N cases at once (default 2); `--cache DIR` keeps each case's
result in DIR and reuses it while neither the case nor the script's computing
code (everything except this docstring and the case list) changed.
Run time (measured on the shared 2-core machine at load 10-17): 8 s to 8 min of
wall time per case, about 2.4 hours of wall time summed over the first 55 cases,
so about 30 minutes with --jobs 4-7; the nested and many-component mixtures
take the longest. Use --jobs and --cache.

What is computed
----------------
For each case, a pair of densities P, Q given in ganflow's spec grammar
(normal, laplace, logistic, student, beta, uniform, mixture, truncated) and an
optional domain [a, b] (both densities truncated to it and renormalised), the
five divergences, natural logarithms:

    js          JS(P,Q) = 1/2 KL(P||M) + 1/2 KL(Q||M),  M = (P+Q)/2
    kl          KL(P||Q) = int p ln(p/q)
    chi2        chi2(P||Q) = int p^2/q - 1
    tv          TV = 1/2 int |p - q|
    hellinger2  H^2 = 1/2 int (sqrt p - sqrt q)^2 = 1 - int sqrt(pq)

Every density is evaluated in log space in mpmath from the spec numbers read as
IEEE doubles (exactly what ganflow sees). Integrands are written so that they
never cancel (both densities are normalised on the same support, so int p = int q):
    kl:   q*(e^d (d-1) + 1) = p(d-1) + q,      d = ln p - ln q   (>= 0 pointwise)
    chi2: q*expm1(d)^2                                              (>= 0 pointwise)
    js:   (p+q)/2 * (ln 2 - H(p/(p+q)))                             (>= 0 pointwise)
    tv:   q*|expm1(d)|/2,   hellinger2: q*expm1(d/2)^2/2
with power series for small |d|, so values of 1e-30 keep all their digits.

Finiteness (a kind is recorded `finite: false` only when proved infinite):
  * tails: each density's heaviest tail on each side is classified as compact,
    Gaussian (sigma), exponential (rate) or polynomial (nu); a mixture's tail is
    its heaviest component's. KL(P||Q) = inf iff P has mass where Q has none, or
    E_P[-ln q] = inf in a tail (Q Gaussian: P needs a finite 2nd moment, i.e.
    not Student nu <= 2; Q exponential: finite 1st moment, nu > 1).
    chi2 tail finite iff p^2/q integrable: Gaussian/Gaussian needs
    sigma_p^2 < 2 sigma_q^2 (equality is left undecided and the kind omitted),
    exponential/exponential 2 rate_p > rate_q, polynomial/polynomial 2 nu_p > nu_q;
    a heavier tail in P than in Q makes chi2 infinite.
  * end points (support ends of every component, truncation bounds, domain):
    with p ~ |x-x0|^alpha, q ~ |x-x0|^beta on one side, chi2 is finite there iff
    2 alpha - beta > -1; KL, JS, TV, H^2 are always finite there.
A finite value too large for a double (e.g. chi2 = e^(1e12) - 1) is omitted
from the fixture (printed as such), since no double can carry it.

How each value is obtained and how its error is estimated
---------------------------------------------------------
Evaluation A: mpmath at 30 digits. The real line is cut at every scale point of
every component of both densities (location +- 2^j scale, j = -1..6 for the
normal, ..8 for laplace/logistic, ..30 for Student; beta mean +- 2^j sd; every
support end, truncation bound and domain bound), each interval is split in two
halves integrated by tanh-sinh in a variable measured from its own end (so a
point 1e-300 from an end is still resolved), and at a singular end point the
substitution x = x0 +- s^k with k = 1/(gamma+1) removes the power-law
singularity |x-x0|^gamma of the integrand. For TV the intervals are also cut at
every crossing of p and q (found by sampling and bisection). The two outer tails
are integrated on [L, inf) in units of the widest component's scale.
Evaluation B: mpmath at 50 digits, each interval split at 0.3 of its width,
substitution exponent 1.5 k, crossings refound: an independent splitting,
substitution, node set and precision (truncation normalisers are recomputed by
the same B quadrature).
Evaluation C, where a closed form exists (at 50 digits): normal-normal KL, chi2,
H^2, TV (through the crossing points); beta-beta KL (digamma), H^2 and chi2
(Beta functions); laplace-laplace KL; uniform-normal KL.
The recorded value is C if it exists, else B. The recorded `error` is
    max(|A - B|, |C - B|, quadrature estimate of B, 1.2e-16 |value|)
(the last term is the rounding to a double). The script asserts that the
evaluations agree to within REL_TOL = 1e-12 relative (1e-300 absolute floor);
a kind whose evaluations disagree is dropped with a printed reason.

Classes: scale (mass at scales far from 1: narrow, distant, very wide),
normaliser (Student with large nu, truncations deep in a tail, concentrated
beta), endpoint (power-law singularities and jumps at support ends, finite and
infinite chi2), construction (nested mixtures, mixtures with many components,
truncated mixtures), allkinds (one kind infinite or unrepresentable while the
others are finite), chi2shape (chi2 whose integrand p^2/q has its mass at its own
scale: q narrower than p near the integrability border sigma_q = sigma_p/sqrt 2,
narrow Laplace/logistic q that move the peak of p^2/q to mu +- sigma^2/(2b), tails
near their ties, truncations and mixtures of those; added after the random sweep,
Tests/Fixtures/sweep_divergences.py).
"""

import hashlib
import json
import math
import os
import multiprocessing
import sys
import time

import mpmath as mp
from mpmath import mpf

REL_TOL = mpf("1e-12")
KINDS = ("js", "kl", "chi2", "tv", "hellinger2")
DPS_A, DPS_B = 30, 50
DOUBLE_ROUNDING = 1.2e-16
# The quadrature's own tolerance is QDPS_DROP digits coarser than the precision of
# the densities and integrands (so A targets ~1e-22 relative, B ~1e-32), which is
# still far below a double's rounding.
QDPS_DROP = 8

NINF = mpf("-inf")


# ----------------------------------------------------------------------------
# Points measured from an anchor: x = anchor + dir*h, with h kept exactly.
# ----------------------------------------------------------------------------
class Pt:
    __slots__ = ("a", "s", "h", "x")

    def __init__(self, a, s, h):
        self.a, self.s, self.h = a, s, h
        self.x = a + s * h

    def diff(self, c):
        """x - c, exact when c is the anchor."""
        if c == self.a:
            return self.s * self.h
        return self.x - c


def logsumexp(vals):
    vals = [v for v in vals if v != NINF]
    if not vals:
        return NINF
    m = max(vals)
    return m + mp.log(mp.fsum(mp.exp(v - m) for v in vals))


def elevated(extra):
    return mp.workdps(mp.mp.dps + int(extra))


# ----------------------------------------------------------------------------
# Densities
# ----------------------------------------------------------------------------
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
        mass, err = integrate(lambda lp, lq, p, q: p, pieces, [self.base, self.base], {})
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


# ----------------------------------------------------------------------------
# Spec parser (ganflow's grammar)
# ----------------------------------------------------------------------------
FAMILIES = {"normal": 2, "laplace": 2, "logistic": 2, "student": 3, "beta": 2, "uniform": 2}


def parse(spec, scheme):
    tokens = tokenize(spec)
    pos = [0]

    def peek():
        return tokens[pos[0]]

    def take(expected=None):
        t = tokens[pos[0]]
        if expected is not None and t != expected:
            raise ValueError("expected %r, got %r in %s" % (expected, t, spec[:80]))
        pos[0] += 1
        return t

    def number():
        return float(take())

    def listed(item):
        """item() once, then again after each comma, then the closing parenthesis."""
        items = [item()]
        while peek() == ",":
            take(",")
            items.append(item())
        take(")")
        return items

    def weighted():
        w = number()
        take("*")
        return w, density()

    def density():
        name = take()
        take("(")
        if name == "mixture":
            parts = listed(weighted)
            return Mixture([w for w, _ in parts], [c for _, c in parts])
        if name == "truncated":
            base = density()
            take(",")
            a = number()
            take(",")
            b = number()
            take(")")
            return Truncated(base, a, b, scheme)
        vals = listed(number)
        assert len(vals) == FAMILIES[name], spec
        return {"normal": Normal, "laplace": Laplace, "logistic": Logistic, "student": Student,
                "beta": Beta, "uniform": Uniform}[name](*vals)

    d = density()
    assert pos[0] == len(tokens), spec
    return d


def tokenize(spec):
    out, i = [], 0
    while i < len(spec):
        ch = spec[i]
        if ch.isspace():
            i += 1
        elif ch in "(),*":
            out.append(ch)
            i += 1
        else:
            j = i
            while j < len(spec) and spec[j] not in "(),* \t\n":
                j += 1
            out.append(spec[i:j])
            i = j
    return out


# ----------------------------------------------------------------------------
# Finiteness from tails and end points
# ----------------------------------------------------------------------------
def kl_tail_finite(tp, tq):
    """KL tail on one side with P unbounded there (tp not None)."""
    if tq is None:
        return False
    rp, hp, _ = tp
    rq = tq[0]
    if rq == 0:      # -ln q ~ x^2: need E_P x^2 < inf
        return rp < 2 or 1 / hp > 2
    if rq == 1:      # -ln q ~ |x|: need E_P |x| < inf
        return rp < 2 or 1 / hp > 1
    return True      # -ln q ~ ln|x|: every density here has a finite log moment


def chi2_tail_finite(tp, tq):
    """True/False, or None when undecided (a boundary case)."""
    if tq is None:
        return False
    rp, hp, _ = tp
    rq, hq, _ = tq
    if rp > rq:
        return False
    if rp < rq:
        return True
    if rp == 0:      # sigma_p^2 < 2 sigma_q^2
        a, b = hp * hp, 2 * hq * hq
        return True if a < b else (False if a > b else None)
    if rp == 1:      # 2/b_p > 1/b_q
        return 2 * hq > hp
    return 2 / hp > 1 / hq   # 2 nu_p > nu_q


def finiteness(P, Q):
    """{'kl': bool, 'chi2': bool or None}; JS, TV, H^2 are always finite."""
    kl, chi2 = True, True
    for side in (-1, 1):
        tp, tq = P.tail(side), Q.tail(side)
        if tp is None:
            continue
        if not kl_tail_finite(tp, tq):
            kl = False
        c = chi2_tail_finite(tp, tq)
        if c is False:
            chi2 = False
        elif c is None and chi2 is not False:
            chi2 = None
    for x0 in set(P.ends() + Q.ends()):
        for side in (-1, 1):
            a, b = P.expo(x0, side), Q.expo(x0, side)
            if a is None:
                continue
            if b is None:
                kl = chi2 = False
                continue
            if not (2 * a - b > -1):
                chi2 = False
    return {"kl": kl, "chi2": chi2}


# ----------------------------------------------------------------------------
# Pieces of the real line and their quadrature
# ----------------------------------------------------------------------------
class Piece:
    """x = a + dir*(h0 + h(t)); finite: h = t^k, t in [0, hmax^(1/k)];
    tail: h = scale*t, t in [0, inf)."""

    def __init__(self, a, d, h0, hmax, k=1, scale=None):
        self.a, self.d, self.h0, self.hmax, self.k, self.scale = a, d, h0, hmax, k, scale

    def tmax(self):
        if self.scale is not None:
            return mp.inf
        return self.hmax ** (mpf(1) / self.k) if self.k != 1 else self.hmax

    def h_of(self, t):
        if self.scale is not None:
            return self.h0 + self.scale * t, self.scale
        if self.k == 1:
            return self.h0 + t, mpf(1)
        return self.h0 + t ** self.k, self.k * t ** (self.k - 1)


def end_k(dens, x0, side, scheme):
    """Substitution exponent at an end point from the integrands' power laws."""
    es = [d.expo(x0, side) for d in dens]
    es = [mpf(e) for e in es if e is not None]
    if not es:
        return 1
    cands = list(es)
    if len(es) == 2 and len(dens) == 2:
        a, b = dens[0].expo(x0, side), dens[1].expo(x0, side)
        if a is not None and b is not None and 2 * a - b > -1:
            cands.append(mpf(2 * a - b))
    g = min(cands)
    if g >= 0:
        return 1
    return scheme["kfac"] / (g + 1)


def make_pieces(dens, support, pts, scheme):
    ends = set()
    for d in dens:
        ends.update(d.ends())
    pts = sorted(set(pts))
    pieces = []

    def inside(x):
        return any(lo <= x <= hi for lo, hi in support)

    for u, v in zip(pts[:-1], pts[1:]):
        if not inside((u + v) / 2):
            continue
        w = v - u
        ku = end_k(dens, u, 1, scheme) if u in ends else 1
        kv = end_k(dens, v, -1, scheme) if v in ends else 1
        if scheme["split"] == 2:
            m = w / 2
            pieces.append(Piece(u, 1, mpf(0), m, ku))
            pieces.append(Piece(v, -1, mpf(0), w - m, kv))
        else:
            f = mpf(scheme["split_frac"])
            pieces.append(Piece(u, 1, mpf(0), f * w, ku))
            pieces.append(Piece(v, -1, mpf(0), w - f * w, kv))
    lo, hi = support[0][0], support[-1][1]
    if not mp.isfinite(lo):
        s = max(t[2] for t in (d.tail(-1) for d in dens) if t is not None)
        pieces.append(Piece(pts[0], -1, mpf(0), None, 1, s))
    if not mp.isfinite(hi):
        s = max(t[2] for t in (d.tail(1) for d in dens) if t is not None)
        pieces.append(Piece(pts[-1], 1, mpf(0), None, 1, s))
    return pieces


def densities_at(pc, h, P, Q, cache):
    """(ln p, ln q, p, q) at offset h into piece pc, computed once per point: the
    integrals of every kind and the crossing search share the cache."""
    key = (pc.a, pc.d, h)
    v = cache.get(key)
    if v is None:
        pt = Pt(pc.a, pc.d, h)
        lp, lq = P.logpdf(pt), Q.logpdf(pt)
        v = (lp, lq, mp.exp(lp), mp.exp(lq))
        cache[key] = v
    return v


def integrate(f, pieces, dens, cache, maxdegree=None):
    """Sum over pieces of int f(ln p, ln q) dx; the integrand is scaled by a first
    low-degree estimate so that mpmath's absolute tolerance acts as a relative one."""
    P, Q = dens

    ddps = mp.mp.dps          # densities at the evaluation's precision,
    qdps = ddps - QDPS_DROP   # the quadrature's tolerance at fewer digits

    def g_for(pc, scale):
        def g(t):
            with mp.workdps(ddps):
                h, jac = pc.h_of(t)
                v = densities_at(pc, h, P, Q, cache)
            return f(*v) * jac / scale
        return g

    rough = mpf(0)
    with mp.workdps(qdps):
        for pc in pieces:
            rough += abs(mp.quad(g_for(pc, 1), [0, pc.tmax()], maxdegree=3))
    if rough == 0:
        return mpf(0), mpf(0)
    total, err = mpf(0), mpf(0)
    md = maxdegree or 8
    with mp.workdps(qdps):
        for pc in pieces:
            v, e = mp.quad(g_for(pc, rough), [0, pc.tmax()], error=True, maxdegree=md)
            total += v
            err += e
    return total * rough, err * rough


def refine_at_crossings(pieces, P, Q, cache):
    """Split pieces where ln p - ln q changes sign (kinks of |p - q|)."""
    out = []
    for pc in pieces:
        def d_of(h):
            lp, lq = densities_at(pc, h, P, Q, cache)[:2]
            if lp == NINF and lq == NINF:
                return mpf(0)
            if lq == NINF:
                return mpf(1)
            if lp == NINF:
                return mpf(-1)
            return lp - lq
        if pc.scale is not None:
            hs = [pc.h0] + [pc.h0 + pc.scale * mpf(2) ** j for j in range(-12, 64)]
        else:
            n = 32
            tm = pc.tmax()
            ts = [tm * i / n for i in range(n + 1)] + [tm * mpf(2) ** (-j) for j in range(6, 30, 2)]
            ts = sorted(set(ts))
            hs = [pc.h_of(t)[0] for t in ts]
        ds = [d_of(h) for h in hs]
        roots = []
        for (h1, d1), (h2, d2) in zip(zip(hs[:-1], ds[:-1]), zip(hs[1:], ds[1:])):
            if d1 == 0 or d2 == 0 or (d1 > 0) == (d2 > 0):
                continue
            a, b, fa, fb = h1, h2, d1, d2
            for _ in range(4 * mp.mp.prec):
                m = (a + b) / 2
                if m == a or m == b or (b - a) <= abs(m) * mp.eps * 4:
                    break
                fm = d_of(m)
                if fm == 0:
                    a = b = m
                    break
                if (fm > 0) == (fa > 0):
                    a, fa = m, fm
                else:
                    b, fb = m, fm
            roots.append((a + b) / 2)
        if not roots:
            out.append(pc)
            continue
        # sub-pieces measured from the same anchor, in plain h
        edges = [pc.h0] + roots
        if pc.scale is None:
            edges.append(pc.h0 + pc.hmax)
        first = True
        for e1, e2 in zip(edges[:-1], edges[1:]):
            if first:
                out.append(Piece(pc.a, pc.d, pc.h0, e2 - pc.h0, pc.k if pc.h0 == 0 else 1))
                first = False
            else:
                out.append(Piece(pc.a, pc.d, e1, e2 - e1))
        if pc.scale is not None:
            out.append(Piece(pc.a, pc.d, edges[-1], None, 1, pc.scale))
    return out


# ----------------------------------------------------------------------------
# Integrands (never cancelling)
# ----------------------------------------------------------------------------
def _extra_bits(d):
    """Bits lost to cancellation when a result of order d^2 is formed from terms of order d."""
    return int(abs(mp.log(abs(d), 2))) + 20 if d != 0 else 20


def f_kl(lp, lq, p, q):
    if lp == NINF:
        return q
    if lq == NINF:
        return mp.inf
    d = lp - lq
    if abs(d) <= 1:
        if d == 0:
            return mpf(0)
        # q (e^d (d-1) + 1) = q (expm1(d) (d-1) + d), the sum ~ q d^2/2
        with mp.extraprec(_extra_bits(d)):
            return q * (mp.expm1(d) * (d - 1) + d)
    return p * (d - 1) + q


def f_chi2(lp, lq, p, q):
    if lq == NINF:
        return mpf(0) if lp == NINF else mp.inf
    if lp == NINF:
        return q
    d = lp - lq
    if d > 0:
        # q (e^d - 1)^2 = p^2/q (1 - e^-d)^2
        return mp.exp(2 * lp - lq) * mp.expm1(-d) ** 2
    return q * mp.expm1(d) ** 2


def f_tv(lp, lq, p, q):
    if lp == NINF:
        return q / 2
    if lq == NINF:
        return p / 2
    d = lp - lq
    if d > 0:
        return -p * mp.expm1(-d) / 2
    return -q * mp.expm1(d) / 2


def f_h2(lp, lq, p, q):
    if lp == NINF or lq == NINF:
        # Where one density vanishes (√p − √q)²/2 = |p − q|/2: the TV integrand.
        return f_tv(lp, lq, p, q)
    d = lp - lq
    if d > 0:
        return p * mp.expm1(-d / 2) ** 2 / 2
    return q * mp.expm1(d / 2) ** 2 / 2


def f_js(lp, lq, p, q):
    ln2 = mp.ln2
    if lp == NINF:
        return q * ln2 / 2
    if lq == NINF:
        return p * ln2 / 2
    d = lp - lq
    if abs(d) <= 1:
        if d == 0:
            return mpf(0)
        # q/2 [u ln(2u/(1+u)) + ln(2/(1+u))], u = e^d; the bracket ~ d^2/4
        with mp.extraprec(_extra_bits(d)):
            u = mp.exp(d)
            s = mp.log1p(mp.expm1(d) / 2)
            return q * (u * (d - s) - s) / 2
    # p ln(2p/(p+q)) + q ln(2q/(p+q)), with ln(p/(p+q)) = -log1p(e^-d) for d > 0
    if d > 0:
        l1 = mp.log1p(mp.exp(-d))
        return (p * (ln2 - l1) + q * (ln2 - d - l1)) / 2
    l1 = mp.log1p(mp.exp(d))
    return (q * (ln2 - l1) + p * (ln2 + d - l1)) / 2


INTEGRANDS = {"js": f_js, "kl": f_kl, "chi2": f_chi2, "tv": f_tv, "hellinger2": f_h2}


# ----------------------------------------------------------------------------
# Closed forms (evaluation C)
# ----------------------------------------------------------------------------
def closed_forms(P, Q):
    out = {}
    if type(P) is Normal and type(Q) is Normal:
        m1, s1, m2, s2 = P.loc, P.scale, Q.loc, Q.scale
        dm = m1 - m2
        out["kl"] = mp.log(s2 / s1) + (s1 ** 2 + dm ** 2) / (2 * s2 ** 2) - mpf(1) / 2
        if 2 * s2 ** 2 > s1 ** 2:
            den = 2 * s2 ** 2 - s1 ** 2
            e = mp.log(s2 / s1) - mp.log(den / s2 ** 2) / 2 + dm ** 2 / den
            out["chi2"] = mp.expm1(e)
        out["hellinger2"] = -mp.expm1(mp.log(2 * s1 * s2 / (s1 ** 2 + s2 ** 2)) / 2
                                      - dm ** 2 / (4 * (s1 ** 2 + s2 ** 2)))
        out["tv"] = normal_tv(m1, s1, m2, s2)
    if type(P) is Beta and type(Q) is Beta:
        a1, b1, a2, b2 = P.a, P.b, Q.a, Q.b
        with elevated(30 + float(mp.log10(a1 + b1 + a2 + b2))):
            lB = lambda a, b: mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)
            kl = (lB(a2, b2) - lB(a1, b1) + (a1 - a2) * mp.digamma(a1) + (b1 - b2) * mp.digamma(b1)
                  + (a2 - a1 + b2 - b1) * mp.digamma(a1 + b1))
            h2 = -mp.expm1(lB((a1 + a2) / 2, (b1 + b2) / 2) - (lB(a1, b1) + lB(a2, b2)) / 2)
            chi2 = None
            if 2 * a1 - a2 > 0 and 2 * b1 - b2 > 0:
                chi2 = mp.expm1(lB(2 * a1 - a2, 2 * b1 - b2) + lB(a2, b2) - 2 * lB(a1, b1))
        out["kl"], out["hellinger2"] = +kl, +h2
        if chi2 is not None:
            out["chi2"] = +chi2
    if type(P) is Laplace and type(Q) is Laplace:
        m1, b1, m2, b2 = P.loc, P.scale, Q.loc, Q.scale
        dm = abs(m1 - m2)
        out["kl"] = mp.log(b2 / b1) + dm / b2 + b1 / b2 * mp.exp(-dm / b1) - 1
    if type(P) is Uniform and type(Q) is Normal:
        a, b, mu, s = P.a, P.b, Q.loc, Q.scale
        w = b - a
        second = w ** 2 / 12 + ((a + b) / 2 - mu) ** 2
        out["kl"] = -mp.log(w) + mp.log(s * mp.sqrt(2 * mp.pi)) + second / (2 * s ** 2)
    return out


def normal_tv(m1, s1, m2, s2):
    """TV = P(A) - Q(A), A = {p > q}, from the crossing points of two normals."""
    with elevated(40):
        def cdf(x, m, s):
            return mp.ncdf((x - m) / s)

        def mass(lo, hi, m, s):  # in log-safe form through erfc on the far side
            zl = (lo - m) / s if mp.isfinite(lo) else mp.ninf
            zh = (hi - m) / s if mp.isfinite(hi) else mp.inf
            if zl >= 0:
                return (mp.erfc(zl / mp.sqrt(2)) - mp.erfc(zh / mp.sqrt(2))) / 2
            if zh <= 0:
                return (mp.erfc(-zh / mp.sqrt(2)) - mp.erfc(-zl / mp.sqrt(2))) / 2
            return 1 - (mp.erfc(-zl / mp.sqrt(2)) + mp.erfc(zh / mp.sqrt(2))) / 2

        # ln p - ln q = A x^2 + B x + C
        A = 1 / (2 * s2 ** 2) - 1 / (2 * s1 ** 2)
        B = m1 / s1 ** 2 - m2 / s2 ** 2
        C = m2 ** 2 / (2 * s2 ** 2) - m1 ** 2 / (2 * s1 ** 2) + mp.log(s2 / s1)
        if A == 0:
            if B == 0:
                return mpf(0)
            r = -C / B
            seg = (r, mp.inf) if B > 0 else (mp.ninf, r)
            v = mass(seg[0], seg[1], m1, s1) - mass(seg[0], seg[1], m2, s2)
            return +v
        disc = B * B - 4 * A * C
        if disc <= 0:
            return mpf(0) if A < 0 else mpf(1)  # not reached for distinct normals
        sq = mp.sqrt(disc)
        r1, r2 = sorted([(-B - sq) / (2 * A), (-B + sq) / (2 * A)])
        if A < 0:   # p > q between the roots (P narrower)
            v = mass(r1, r2, m1, s1) - mass(r1, r2, m2, s2)
        else:       # q > p between the roots
            v = mass(r1, r2, m2, s2) - mass(r1, r2, m1, s1)
        return +v


# ----------------------------------------------------------------------------
# One evaluation of a case
# ----------------------------------------------------------------------------
SCHEME_A = {"name": "A", "dps": DPS_A, "split": 2, "kfac": mpf(1)}
SCHEME_B = {"name": "B", "dps": DPS_B, "split": 3, "split_frac": "0.3", "kfac": mpf("1.5")}


def build(case, scheme):
    P = parse(case["p"], scheme)
    Q = parse(case["q"], scheme)
    if case.get("domain"):
        a, b = case["domain"]
        P = Truncated(P, a, b, scheme)
        Q = Truncated(Q, a, b, scheme)
    return P, Q


def evaluate(case, scheme, kinds):
    with mp.workdps(scheme["dps"]):
        P, Q = build(case, scheme)
        support = merge(P.support() + Q.support())
        pts = P.points() + Q.points() + P.ends() + Q.ends()
        if case.get("domain"):
            a, b = (mpf(x) for x in case["domain"])
            pts = [x for x in pts if a <= x <= b]
        pieces = make_pieces([P, Q], support, pts, scheme)
        cache = {}
        res = {}
        for kind in kinds:
            pcs = refine_at_crossings(pieces, P, Q, cache) if kind == "tv" else pieces
            v, e = integrate(INTEGRANDS[kind], pcs, (P, Q), cache)
            res[kind] = (v, e)
        cf = closed_forms(P, Q) if scheme is SCHEME_B else {}
        return res, cf, finiteness(P, Q)


def run_case(case, log):
    fin = None
    out = {}
    kinds_all = list(KINDS)
    with mp.workdps(DPS_B):
        P, Q = build(case, SCHEME_A)
        fin = finiteness(P, Q)
    kinds = []
    for k in kinds_all:
        if k in ("kl", "chi2") and fin[k] is False:
            out[k] = {"finite": False, "value": None, "error": None}
        elif k == "chi2" and fin[k] is None:
            log.append((case["id"], k, "omitted: chi2 tail on the Gaussian boundary sigma_p^2 = 2 sigma_q^2 (undecided)"))
        else:
            kinds.append(k)
    skip_quad = set(case.get("closed_only", []))
    qkinds = [k for k in kinds if k not in skip_quad]
    resA, _, _ = evaluate(case, SCHEME_A, qkinds)
    resB, cf, _ = evaluate(case, SCHEME_B, qkinds)
    with mp.workdps(DPS_B):
        for k in kinds:
            vals = []
            if k in resA:
                vals += [resA[k][0], resB[k][0]]
            if k in cf:
                vals.append(cf[k])
            if len(vals) < 2:
                log.append((case["id"], k, "omitted: only one evaluation available"))
                continue
            value = cf[k] if k in cf else resB[k][0]
            if not mp.isfinite(value) or abs(value) > mpf("1.7e308"):
                log.append((case["id"], k, "omitted: finite but not representable as a double (%s)" % mp.nstr(value, 5)))
                continue
            spread = max(abs(x - value) for x in vals)
            qerr = resB[k][1] if k in resB else mpf(0)
            err = max(spread, qerr, abs(value) * DOUBLE_ROUNDING)
            if spread > REL_TOL * abs(value) + mpf("1e-300") or qerr > REL_TOL * abs(value) + mpf("1e-300"):
                log.append((case["id"], k, "DROPPED: evaluations disagree: %s (quad est %s)"
                            % (", ".join(mp.nstr(x, 20) for x in vals), mp.nstr(qerr, 3))))
                continue
            out[k] = {"finite": True, "value": float(value), "error": float(err)}
    return out


# ----------------------------------------------------------------------------
# The cases
# ----------------------------------------------------------------------------
def nested(depth):
    s = "normal(%d,1)" % depth
    for i in range(depth - 1, -1, -1):
        s = "mixture(0.5*normal(%d,%s),0.5*%s)" % (i, "1" if i % 2 == 0 else "0.5", s)
    return s


def many_normals(n, spacing, sigma, w):
    return "mixture(" + ",".join("%s*normal(%s,%s)" % (w, repr(spacing * i), sigma) for i in range(n)) + ")"


CASES = [
    # --- 1. scale -----------------------------------------------------------
    ("scale-narrow-normal", "scale", "normal(0,1e-11)", "normal(0,1)", None),
    ("scale-narrow-normal-1e-10", "scale", "normal(0,1e-10)", "normal(0,1)", None),
    ("scale-narrow-q", "scale", "normal(0,1)", "normal(0,1e-6)", None),
    ("scale-distant-p", "scale", "normal(1e9,1)", "normal(0,1)", None),
    ("scale-wide-q", "scale", "normal(0,1)", "normal(0,1e150)", None),
    ("scale-wide-both-shifted", "scale", "normal(1e150,1e150)", "normal(0,2e150)", None),
    ("scale-tiny-both", "scale", "normal(1e-200,1e-200)", "normal(0,1.5e-200)", None),
    ("scale-narrow-uniform", "scale", "uniform(0,1e-9)", "normal(0,1)", None),
    ("scale-narrow-uniform-far", "scale", "uniform(3,3.000000001)", "laplace(0,1)", None),
    ("scale-narrow-mixture-component", "scale", "mixture(0.5*normal(0,1),0.5*normal(3,1e-8))", "normal(0,1)", None),
    ("scale-narrow-component-in-q", "scale", "normal(0,1)", "mixture(0.5*normal(0,1),0.5*normal(3,1e-8))", None),
    ("scale-narrow-laplace", "scale", "laplace(0,1e-12)", "logistic(0,1)", None),
    ("scale-wide-logistic", "scale", "logistic(0,1e12)", "laplace(0,2e12)", None),
    ("scale-far-location-1e15", "scale", "normal(1e15,1)", "normal(1e15,2)", None),
    # --- 2. normaliser ------------------------------------------------------
    ("normaliser-student-1e15", "normaliser", "student(1e15,0,1)", "normal(0,1)", None),
    ("normaliser-student-1e6", "normaliser", "student(1e6,0,1)", "normal(0,1)", None),
    ("normaliser-student-1e6-vs-1e7", "normaliser", "student(1e6,0,1)", "student(1e7,0,1)", None),
    ("normaliser-truncated-student-far", "normaliser", "truncated(student(3,1e15,1),-5,5)", "normal(0,1)", None),
    ("normaliser-truncated-normal-tail", "normaliser", "truncated(normal(0,1),30,31)", "uniform(30,31)", None),
    ("normaliser-truncated-laplace-tail", "normaliser", "truncated(laplace(0,1),500,501)", "truncated(normal(500,1),500,501)", None),
    ("normaliser-beta-1e10", "normaliser", "beta(1e10,5)", "beta(1e10,6)", None),
    ("normaliser-beta-1e10-vs-uniform", "normaliser", "beta(1e10,5)", "uniform(0,1)", None),
    ("normaliser-beta-2-1e5", "normaliser", "beta(2,1e5)", "beta(2,1.1e5)", None),
    ("normaliser-beta-large-both", "normaliser", "beta(1e8,1e8)", "beta(1.0001e8,1e8)", None),
    ("normaliser-student-small-nu", "normaliser", "student(0.5,0,1)", "student(1,0,1)", None),
    # --- 3. endpoint --------------------------------------------------------
    ("endpoint-beta25-beta52", "endpoint", "beta(2,5)", "beta(5,2)", None),
    ("endpoint-arcsine-uniform", "endpoint", "beta(0.5,0.5)", "uniform(0,1)", None),
    ("endpoint-beta-normal", "endpoint", "beta(0.855,0.532)", "normal(0,1)", None),
    ("endpoint-uniform-beta22", "endpoint", "uniform(0,1)", "beta(2,2)", None),
    ("endpoint-beta-finite-chi2", "endpoint", "beta(2,3)", "beta(1.5,2.5)", None),
    ("endpoint-beta-borderline", "endpoint", "beta(0.6,2)", "beta(0.2,2)", None),
    ("endpoint-beta-singular-both", "endpoint", "beta(0.3,0.7)", "beta(0.4,0.6)", None),
    ("endpoint-beta-vs-truncated-normal", "endpoint", "beta(0.7,1.3)", "truncated(normal(0.5,0.3),0,1)", None),
    ("endpoint-truncated-jump", "endpoint", "truncated(laplace(0,1),-1,2)", "uniform(-1,2)", None),
    ("endpoint-domain-normals", "endpoint", "normal(0,1)", "normal(0.5,0.2)", [-1.0, 1.0]),
    ("endpoint-domain-beta", "endpoint", "beta(0.5,3)", "beta(3,0.5)", [0.25, 0.75]),
    ("endpoint-uniform-nested", "endpoint", "uniform(0.2,0.3)", "uniform(0,1)", None),
    ("endpoint-uniform-in-beta", "endpoint", "uniform(0.1,0.9)", "beta(0.5,0.5)", None),
    # --- 4. construction ----------------------------------------------------
    ("construction-nested-5", "construction", nested(5), "normal(0,2)", None),
    ("construction-nested-10", "construction", nested(10), "laplace(2,3)", None),
    ("construction-many-64", "construction", many_normals(64, 1.0, "1", "0.015625"), "normal(31.5,20)", None),
    ("construction-many-128", "construction", many_normals(128, 0.5, "0.5", "0.0078125"), "logistic(32,10)", None),
    ("construction-truncated-mixture", "construction", "truncated(mixture(0.25*normal(-2,0.5),0.75*laplace(1,2)),-3,4)", "uniform(-3,4)", None),
    ("construction-mixture-of-truncated", "construction", "mixture(0.5*truncated(normal(0,1),0,1),0.5*truncated(normal(5,1),4,5))", "mixture(0.5*uniform(0,1),0.5*uniform(4,5))", None),
    ("construction-mixture-beta", "construction", "mixture(0.3*beta(2,5),0.7*beta(0.8,1.2))", "beta(1.5,1.5)", None),
    ("construction-nested-truncation", "construction", "truncated(truncated(normal(0,1),-3,3),-1,2)", "truncated(logistic(0,1),-1,2)", None),
    ("construction-mixture-zero-q-gap", "construction", "normal(2,1)", "mixture(0.5*uniform(0,1),0.5*uniform(3,4))", None),
    ("construction-mixture-student", "construction", "mixture(0.9*normal(0,1),0.1*student(3,0,1))", "student(4,0,1)", None),
    # --- 5. allkinds --------------------------------------------------------
    ("allkinds-distant-1e6", "allkinds", "normal(1e6,1)", "normal(0,1)", None),
    ("allkinds-student-normal", "allkinds", "student(5,0,1)", "normal(0,1)", None),
    ("allkinds-cauchy-normal", "allkinds", "student(2,0,1)", "normal(0,1)", None),
    ("allkinds-laplace-normal", "allkinds", "laplace(0,1)", "normal(0,1)", None),
    ("allkinds-normal-laplace", "allkinds", "normal(0,1)", "laplace(0,1)", None),
    ("allkinds-wide-normal", "allkinds", "normal(0,2)", "normal(0,1)", None),
    ("allkinds-chi2-boundary-normal", "allkinds", "normal(0,1.4)", "normal(0,1)", None),
    ("allkinds-normal-uniform", "allkinds", "normal(0,1)", "uniform(-5,5)", None),
    ("allkinds-logistic-laplace", "allkinds", "logistic(0,1)", "laplace(0,0.4)", None),
    ("allkinds-laplace-laplace", "allkinds", "laplace(0,1)", "laplace(1,1.5)", None),
    ("allkinds-student3-student6", "allkinds", "student(3,0,1)", "student(6,0,1)", None),
    ("allkinds-beta-uniform", "allkinds", "beta(2,2)", "uniform(0,1)", None),
    # --- 6. chi2shape: p^2/q's mass at its own scale (added with the random sweep) ----
    ("chi2shape-mixture-near-boundary", "chi2shape", "mixture(0.5*normal(0,1),0.5*normal(0.01,0.9))", "normal(0,0.7072)", None),
    ("chi2shape-mixture-near-boundary-mapped", "chi2shape", "mixture(0.5*normal(1000000,0.001),0.5*normal(1000000.00001,0.0009))", "normal(1000000,0.0007072)", None),
    ("chi2shape-mixture3", "chi2shape", "mixture(0.3*normal(0,1),0.3*normal(0.01,0.9),0.4*normal(-0.02,0.5))", "normal(0.001,0.7075)", None),
    ("chi2shape-normal-boundary", "chi2shape", "normal(0,1)", "normal(0,0.7072)", None),
    ("chi2shape-normal-narrow-laplace", "chi2shape", "normal(0,1)", "laplace(0,0.05)", None),
    ("chi2shape-normal-narrow-laplace-shifted", "chi2shape", "normal(0.5,1)", "laplace(0,0.04)", None),
    ("chi2shape-normal-narrow-laplace-wide", "chi2shape", "normal(3e12,1e12)", "laplace(0,5e10)", None),
    ("chi2shape-normal-narrow-logistic", "chi2shape", "normal(0,1)", "logistic(0,0.05)", None),
    ("chi2shape-logistic-laplace-tie", "chi2shape", "logistic(0,1)", "laplace(0,0.5001)", None),
    ("chi2shape-laplace-logistic", "chi2shape", "laplace(0,1)", "logistic(0,0.52)", None),
    ("chi2shape-student-narrow-student", "chi2shape", "student(3,0,1)", "student(5,0,0.01)", None),
    ("chi2shape-student-power-near-tie", "chi2shape", "student(10,0,1)", "student(19.5,0,1)", None),
    ("chi2shape-truncated-narrow-q", "chi2shape", "truncated(normal(0,1),-5,5)", "truncated(normal(0,0.3),-5,5)", None),
    ("chi2shape-truncated-logistic-q", "chi2shape", "truncated(normal(0,1),-3,3)", "truncated(logistic(0,0.2),-3,3)", None),
    ("chi2shape-laplace-mixtures", "chi2shape", "mixture(0.5*laplace(-1,1),0.5*laplace(1,1))", "mixture(0.5*laplace(-1,0.6),0.5*laplace(1,0.6))", None),
    ("chi2shape-normal-mixtures", "chi2shape", "mixture(0.5*normal(-2,1),0.5*normal(2,1))", "mixture(0.5*normal(-2,0.75),0.5*normal(2,0.75))", None),
    ("chi2shape-nested-vs-narrow", "chi2shape", "mixture(0.5*mixture(0.5*normal(0,1),0.5*normal(0.5,1)),0.5*normal(-0.5,0.8))", "normal(0,0.72)", None),
    ("chi2shape-beta-truncated-normal", "chi2shape", "beta(2,3)", "truncated(normal(0.4,0.3),0,1)", None),
    ("chi2shape-arcsine-truncated-normal", "chi2shape", "beta(0.5,0.5)", "truncated(normal(0.5,0.5),0,1)", None),
    ("chi2shape-uniform-beta", "chi2shape", "uniform(0,1)", "beta(1.2,1.3)", None),
    ("chi2shape-beta-pole-uniform", "chi2shape", "beta(3,0.6)", "uniform(0,1)", None),
    ("chi2shape-normal-student-1e15", "chi2shape", "normal(0,1)", "student(1e15,0,0.71)", None),
    ("chi2shape-laplace-normal-tiny", "chi2shape", "laplace(1e-9,1e-12)", "normal(1e-9,1e-12)", None),
    ("chi2shape-truncated-student-deep", "chi2shape", "truncated(student(2,0,1),10000,20000)", "uniform(10000,20000)", None),
    ("chi2shape-truncated-laplace-normal", "chi2shape", "truncated(laplace(0,1),600,601)", "truncated(normal(600,0.5),600,601)", None),
    ("chi2shape-logistic-narrow-component", "chi2shape", "mixture(0.5*logistic(0,1),0.5*logistic(0.001,0.001))", "logistic(0,0.6)", None),
    ("chi2shape-normal-vs-narrow-mixture", "chi2shape", "normal(0,1)", "mixture(0.5*normal(-0.1,0.72),0.5*normal(0.1,0.72))", None),
    ("chi2shape-student-vs-mixture", "chi2shape", "student(4,0,1)", "mixture(0.5*student(6,0,0.6),0.5*normal(0,2))", None),
    ("chi2shape-logistic-far", "chi2shape", "logistic(1e15,1)", "logistic(1e15,0.6)", None),
    ("chi2shape-laplace-tiny-mixture", "chi2shape", "laplace(0,1e-12)", "mixture(0.5*laplace(0,6e-13),0.5*logistic(1e-12,1e-12))", None),
    ("chi2shape-mixed-uniform-normal", "chi2shape", "mixture(0.4*uniform(0,1),0.6*normal(0.5,0.2))", "truncated(normal(0.5,0.3),-1,2)", None),
    ("chi2shape-student-wide-normal", "chi2shape", "normal(0,1)", "student(3,0,0.75)", None),
]


def case_key(c):
    """Cache key: the script's computing code (all but the module docstring and the
    case list) and the case."""
    with open(__file__, encoding="utf-8") as fh:
        src = fh.read().split('"""', 2)[2]
    head, rest = src.split("\nCASES = [", 1)
    code = head + rest.split("\n]\n", 1)[1]
    return hashlib.sha256((code + repr(c)).encode()).hexdigest()[:20]


def run_one(args):
    c, cache_dir = args
    cid, cls, p, q, dom = c
    path = os.path.join(cache_dir, cid + ".json") if cache_dir else None
    if path and os.path.exists(path):
        with open(path) as fh:
            saved = json.load(fh)
        if saved["key"] == case_key(c):
            return saved["case"], [tuple(x) for x in saved["log"]]
    t1 = time.time()
    log = []
    kinds = run_case({"id": cid, "p": p, "q": q, "domain": dom}, log)
    print("%-40s %5.1fs" % (cid, time.time() - t1), file=sys.stderr, flush=True)
    case = {"id": cid, "class": cls, "p": p, "q": q, "domain": dom,
            "kinds": {k: kinds[k] for k in KINDS if k in kinds}}
    if path:
        with open(path, "w") as fh:
            json.dump({"key": case_key(c), "case": case, "log": log}, fh)
    return case, log


def main(argv):
    only = None
    out_path = "Tests/Fixtures/divergence-reference.json"
    if "--only" in argv:
        only = set(argv[argv.index("--only") + 1].split(","))
    if "--out" in argv:
        out_path = argv[argv.index("--out") + 1]
    t0 = time.time()
    ids = [c[0] for c in CASES]
    assert len(set(ids)) == len(ids), "duplicate case ids"
    if "--class" in argv:
        only = set(c[0] for c in CASES if c[1] == argv[argv.index("--class") + 1])
    todo = [c for c in CASES if not only or c[0] in only]
    # short specs first: the many-component and deeply nested mixtures are the slowest
    todo.sort(key=lambda c: len(c[2]) + len(c[3]))
    jobs = int(argv[argv.index("--jobs") + 1]) if "--jobs" in argv else 2
    cache_dir = argv[argv.index("--cache") + 1] if "--cache" in argv else None
    if cache_dir:
        os.makedirs(cache_dir, exist_ok=True)
    with multiprocessing.Pool(jobs) as pool:
        results = pool.map(run_one, [(c, cache_dir) for c in todo], chunksize=1)
    cases, log = [], []
    order = {c[0]: i for i, c in enumerate(CASES)}
    results.sort(key=lambda r: order[r[0]["id"]])
    for case, clog in results:
        cases.append(case)
        log += clog
    print("%-40s %-10s %-6s %-25s %s" % ("id", "kind", "finite", "value", "error"))
    for c in cases:
        for k, r in c["kinds"].items():
            print("%-40s %-10s %-6s %-25s %s" % (c["id"], k, r["finite"], repr(r["value"]), repr(r["error"])))
    for cid, k, why in log:
        print("NOTE %s %s: %s" % (cid, k, why))
    print("%d cases, %d kinds, %.1f s" % (len(cases), sum(len(c["kinds"]) for c in cases), time.time() - t0))
    if "--merge" in argv:
        # Replace or add the cases just computed in the existing fixture, in CASES order
        # (so the chi2shape cases can be added without recomputing the 2.4 CPU hours of
        # the others).
        with open(out_path) as fh:
            doc = json.load(fh)
        byid = {c["id"]: c for c in doc["cases"]}
        for c in cases:
            byid[c["id"]] = c
        doc["cases"] = [byid[c[0]] for c in CASES if c[0] in byid]
        with open(out_path, "w") as fh:
            json.dump(doc, fh, indent=1)
            fh.write("\n")
        print("merged %d cases into %s" % (len(cases), out_path))
    elif only is None:
        doc = {"generated_by": "Tests/Fixtures/make_divergence_reference.py", "mpmath_dps": DPS_B, "cases": cases}
        with open(out_path, "w") as fh:
            json.dump(doc, fh, indent=1)
            fh.write("\n")
        print("wrote", out_path)


if __name__ == "__main__":
    main(sys.argv)
