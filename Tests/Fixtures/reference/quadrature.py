"""Pieces of the real line and their quadrature (evaluations A and B).

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
"""

import mpmath as mp
from mpmath import mpf

from .logspace import NINF, Pt

# The quadrature's own tolerance is QDPS_DROP digits coarser than the precision of
# the densities and integrands (so A targets ~1e-22 relative, B ~1e-32), which is
# still far below a double's rounding.
QDPS_DROP = 8


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


def support_ends(dens):
    """Every support end of the densities (where an integrand may be singular)."""
    ends = set()
    for d in dens:
        ends.update(d.ends())
    return ends


def intervals(support, pts):
    """The sorted points and the intervals between consecutive ones inside the support."""
    pts = sorted(set(pts))
    out = []
    for u, v in zip(pts[:-1], pts[1:]):
        if any(lo <= (u + v) / 2 <= hi for lo, hi in support):
            out.append((u, v))
    return pts, out


def tail_pieces(dens, support, pts):
    """The outer tails beyond the first and last points, in units of the widest
    component's tail scale on that side."""
    out = []
    lo, hi = support[0][0], support[-1][1]
    if not mp.isfinite(lo):
        s = max(t[2] for t in (d.tail(-1) for d in dens) if t is not None)
        out.append(Piece(pts[0], -1, mpf(0), None, 1, s))
    if not mp.isfinite(hi):
        s = max(t[2] for t in (d.tail(1) for d in dens) if t is not None)
        out.append(Piece(pts[-1], 1, mpf(0), None, 1, s))
    return out


def make_pieces(dens, support, pts, scheme):
    ends = support_ends(dens)
    pts, ivs = intervals(support, pts)
    pieces = []
    for u, v in ivs:
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
    return pieces + tail_pieces(dens, support, pts)


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
