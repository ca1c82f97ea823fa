"""The sweep's lean tanh-sinh quadrature: all kinds from one set of density values.

A piece x = a + d*(h0 + W*y) (quadrature.Piece) is integrated in y by tanh-sinh,
y/W = 1/(1 + e^(-2s)), s = (pi/2) sinh t, out to |t| = 6.2 next to a support end
(y down to ~1e-300 of the piece) and 3.6 elsewhere, or, for a tail piece, by
exp-sinh, y = e^s in tail scales, out to |t| = 7 (e^-1720 to e^+1720). Level n
has step h = 2^-n and adds only the new (odd) nodes; the level difference
bounds the error of the finer level.
"""

import mpmath as mp
from mpmath import mpf

from .logspace import NINF, Pt

TS_T_FINITE = 6.2   # y down to ~1e-300 of the piece: reaches into end-point singularities
TS_T_SMOOTH = 3.6   # y down to ~1e-25 of the piece (no singular end there)
TS_T_TAIL = 7.0     # exp-sinh: y from e^-1720 to e^+1720 tail scales (power tails of nu = 0.5)


def _ts_nodes(level, T, tail):
    """(new) nodes of level `level` (h = 2^-level): t = k h, k odd for level > 1."""
    h = mpf(2) ** (-level)
    n = int(T / h)
    ks = range(-n, n + 1) if level == 1 else range(-n + (1 - n % 2), n + 1, 2)
    out = []
    pi2 = mp.pi / 2
    for k in ks:
        t = k * h
        s = pi2 * mp.sinh(t)
        ds = pi2 * mp.cosh(t)
        if tail:
            y = mp.exp(s)
            out.append((y, y * ds))              # y in units of the tail scale
        else:
            e = mp.exp(-2 * s)                    # y/W = 1/(1 + e^{-2s})
            y = 1 / (1 + e)
            out.append((y, 2 * e / (1 + e) ** 2 * ds))
    return out, h


_NODE_CACHE = {}


def ts_nodes(level, mode):
    """mode: "tail" (exp-sinh), "sing" (anchor at a support end), "smooth"."""
    key = (mp.mp.dps, level, mode)
    if key not in _NODE_CACHE:
        T = {"tail": TS_T_TAIL, "sing": TS_T_FINITE, "smooth": TS_T_SMOOTH}[mode]
        _NODE_CACHE[key] = _ts_nodes(level, T, mode == "tail")
    return _NODE_CACHE[key]


class TSPiece:
    """The tanh-sinh state of one generator Piece (x = a + d·(h0 + y)): level sums of
    fvec(lp, lq, p, q) (a list of nk values), refined one level (h halved) at a time."""

    def __init__(self, pc, dens, fvec, nk):
        self.pc, self.dens, self.fvec, self.nk = pc, dens, fvec, nk
        self.tail = pc.scale is not None
        self.W = pc.scale if self.tail else pc.hmax
        self.sums = [mpf(0)] * nk
        self.level = 0
        self.cur = None
        self.err = None

    def refine(self):
        P, Q = self.dens
        self.level += 1
        mode = "tail" if self.tail else ("sing" if getattr(self.pc, "sing", True) else "smooth")
        nodes, h = ts_nodes(self.level, mode)
        for y, w in nodes:
            pt = Pt(self.pc.a, self.pc.d, self.pc.h0 + self.W * y)
            lp, lq = P.logpdf(pt), Q.logpdf(pt)
            if lp == NINF and lq == NINF:
                continue
            vals = self.fvec(lp, lq, mp.exp(lp), mp.exp(lq))
            for i in range(self.nk):
                if vals[i]:
                    self.sums[i] += vals[i] * w
        cur = [s * h * self.W for s in self.sums]
        if self.cur is not None:
            self.err = [abs(c - p) for c, p in zip(cur, self.cur)]
        self.cur = cur


def ts_integrate(fvec, pieces, dens, nk, rel, max_level=7):
    """Σ over pieces; every piece to level 3 (h = 1/8), then the pieces whose level
    difference exceeds rel·|total|/n are refined (up to h = 1/256). Error = Σ of the
    last level differences (tanh-sinh converges exponentially in 1/h, so the difference
    to the previous level bounds the error of the finer one)."""
    st = [TSPiece(pc, dens, fvec, nk) for pc in pieces]
    for s in st:
        for _ in range(3):
            s.refine()
    while True:
        tot = [mp.fsum(s.cur[i] for s in st) for i in range(nk)]
        target = [rel * abs(t) / max(1, len(st)) for t in tot]
        todo = [s for s in st if s.level < max_level and any(s.err[i] > target[i] for i in range(nk))]
        if not todo:
            break
        for s in todo:
            s.refine()
    err = [mp.fsum(s.err[i] for s in st) for i in range(nk)]
    return tot, err


def normaliser_integrate(f, pieces, dens, cache, maxdegree=None):
    """Drop-in for the generator's `integrate` for truncation normalisers (the
    sweep's schemes name it as their "normaliser")."""
    v, e = ts_integrate(lambda lp, lq, p, q: [f(lp, lq, p, q)], pieces, dens, 1, mpf(10) ** (-mp.mp.dps + 8))
    return v[0], e[0]
