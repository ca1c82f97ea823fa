#!/usr/bin/env python3
"""Random sweep of ganflow's divergences against an independent mpmath reference.

Run from the repository root after `swift build -c release` (needs Python 3 and mpmath):

    python3 Tests/Fixtures/sweep_divergences.py --count 300 --seed 1 --jobs 2 \
        --refs /tmp/sweep-refs.json

For `--count` random pairs (deterministic for a given `--seed`) it computes the five
divergences (kl, js, tv, chi2, hellinger2) twice:

* the **reference**, from the densities of `make_divergence_reference.py` (imported from
  beside this file; every spec number read as the same double ganflow sees, densities in
  log space at 40 digits) and a lean tanh-sinh quadrature that integrates all kinds from
  one set of density values: evaluation A cuts the line at every leaf's scale points and
  at the scale points of p_i²/q_j for every leaf pair (exact for two normals, a maximiser
  of 2 ln p_i − ln q_j otherwise), integrating each interval from its left end (from both
  ends next to a support end, down to 1e-300 of the piece); evaluation B cuts every
  interval at 0.3 of its width and integrates from both ends (other nodes, other panels);
  TV's pieces are also cut at every crossing of p and q; tails by exp-sinh out to e^1720
  tail scales. Each piece is refined (h halved) until its level difference is below
  1e-18 of the total. Value: the closed form where one exists (normal–normal, etc.),
  else B; its error: max(|A − B|, |closed form − B|, the level differences, 1.2e-16·|value|).
  A kind whose evaluations differ by more than 1e-12 relative is left without a
  reference and counted `noref`; finiteness comes from the generator's tail and end-point
  rules. References are cached in `--refs` (keyed by the pair), so rerunning the sweep
  after a fix in ganflow only reruns ganflow; `--judge-only` judges the pairs whose
  references are cached so far.
* **ganflow**, through the built CLI: `.build/release/ganflow divergence --p P --q Q
  --kind all --json`.

Each kind is then counted

* `right`:   finite both, |value − ref| ≤ printed error + reference error; or infinite both;
* `refused`: ganflow printed no value, with a reason (`finite: null`, an `error` string);
* `wrong`:   anything else — a value off by more than both errors, a finite/infinite
  disagreement, or a value that breaks its kind's range while the exit status is 0;
* `noref`:   the reference could not establish the kind (dropped or omitted there).

The pairs cover the families other than beta–beta: Student-t (ν up to 1e15), Laplace,
logistic, uniform, truncations deep in a tail, 2–3-component mixtures (nested too), normal
against Student-t, beta against uniform and truncated normal; each pair is drawn in a
standard frame and mapped by a common affine map x ↦ L + S·x with S in 1e-12…1e12 and
|L| up to 1e15 (clipped to ganflow's accepted ranges, so every pair is valid input).
Lines `WRONG …` list the wrong kinds with both values; the last line gives the counts.
`--show-refused` lists the refusals with their reasons.
"""

import importlib.util
import json
import math
import multiprocessing
import os
import random
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("mkref", os.path.join(HERE, "make_divergence_reference.py"))
mkref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mkref)

KINDS = mkref.KINDS
RANGES = {"js": (0.0, math.log(2)), "tv": (0.0, 1.0), "hellinger2": (0.0, 1.0),
          "kl": (0.0, math.inf), "chi2": (0.0, math.inf)}


# ----------------------------------------------------------------------------
# Random pairs: trees in a standard frame, rendered after a common affine map.
# ----------------------------------------------------------------------------
def u(rng, a, b):
    return rng.uniform(a, b)


def logu(rng, a, b):
    return 10 ** rng.uniform(math.log10(a), math.log10(b))


def leaf(rng, fam=None, centre=0.0, width=1.0):
    fam = fam or rng.choice(["normal", "laplace", "logistic", "student"])
    loc = centre + u(rng, -2, 2) * width
    sc = width * logu(rng, 0.05, 20)
    if fam == "student":
        nu = logu(rng, 0.5, 1e15) if rng.random() < 0.5 else logu(rng, 0.5, 30)
        return ("student", nu, loc, sc)
    return (fam, loc, sc)


def mixture(rng, n=None, depth=0, fam=None):
    n = n or rng.choice([2, 2, 3])
    ws = [rng.uniform(0.1, 1) for _ in range(n)]
    tot = sum(ws)
    ws = [w / tot for w in ws]
    ws[-1] = 1 - sum(ws[:-1])
    comps = []
    for _ in range(n):
        if depth < 2 and rng.random() < 0.25:
            comps.append(mixture(rng, 2, depth + 1, fam))
        else:
            comps.append(leaf(rng, fam, centre=u(rng, -3, 3), width=logu(rng, 0.1, 3)))
    return ("mixture", ws, comps)


def truncation(rng, base=None):
    """A truncation of a leaf, often far in its tail."""
    base = base or leaf(rng)
    fam = base[0]
    loc, sc = (base[2], base[3]) if fam == "student" else (base[1], base[2])
    r = rng.random()
    if r < 0.4:       # around the bulk
        a = loc + sc * u(rng, -4, 0)
        b = loc + sc * u(rng, 0.2, 4)
    else:             # deep in a tail, k scale lengths out
        kmax = {"normal": 35, "laplace": 600, "logistic": 600, "student": 1e6}[fam]
        k = logu(rng, 2, kmax)
        w = sc * logu(rng, 0.01, 3) * (1 if fam != "student" else max(1, k / 10))
        side = rng.choice([-1, 1])
        a = loc + side * k * sc
        b = a + w
        if side < 0:
            a, b = a - w, a
    return ("truncated", base, a, b)


def same_interval_truncation(rng, base, a, b):
    return ("truncated", base, a, b)


def pair(rng):
    """(P, Q, frame_ok): frame_ok False for pairs tied to [0, 1] (beta)."""
    cls = rng.choice(["student", "normal-student", "exp-family", "uniform", "truncated",
                      "mixture", "mixture-mixed", "beta-other", "mixture-narrow-q"])
    if cls == "student":
        return cls, leaf(rng, "student"), leaf(rng, "student"), True
    if cls == "normal-student":
        a, b = leaf(rng, "normal"), leaf(rng, "student")
        return (cls, a, b, True) if rng.random() < 0.5 else (cls, b, a, True)
    if cls == "exp-family":
        fams = ["laplace", "logistic", "normal"]
        return cls, leaf(rng, rng.choice(fams)), leaf(rng, rng.choice(fams)), True
    if cls == "uniform":
        a = u(rng, -3, 1)
        un = ("uniform", a, a + logu(rng, 0.01, 6))
        other = leaf(rng) if rng.random() < 0.7 else ("uniform", a - logu(rng, 0.01, 2), a + logu(rng, 6, 10))
        return (cls, un, other, True) if rng.random() < 0.5 else (cls, other, un, True)
    if cls == "truncated":
        t = truncation(rng)
        _, base, a, b = t
        r = rng.random()
        if r < 0.4:
            other = ("uniform", a, b)
        elif r < 0.8:
            other = ("truncated", leaf(rng, centre=(a + b) / 2, width=(b - a)), a, b)
        else:
            other = ("truncated", leaf(rng), a, b)
        return (cls, t, other, True) if rng.random() < 0.5 else (cls, other, t, True)
    if cls == "mixture":
        fam = rng.choice(["normal", "laplace", "logistic", "student", None])
        return cls, mixture(rng, fam=fam), (mixture(rng, fam=fam) if rng.random() < 0.6 else leaf(rng, fam)), True
    if cls == "mixture-narrow-q":
        # q's components narrower than p's: p²/q's mass sits where neither looks
        fam = rng.choice(["normal", "normal", "laplace", "logistic"])
        n = rng.choice([2, 3])
        centres = [u(rng, -3, 3) for _ in range(n)]
        ws = [1.0 / n] * n
        ws[-1] = 1 - sum(ws[:-1])
        shrink = u(rng, 0.55, 0.95)
        pc = [(fam, c, w) for c, w in zip(centres, [logu(rng, 0.3, 2) for _ in range(n)])]
        qc = [(fam, c + u(rng, -0.3, 0.3) * s, s * shrink) for (f, c, s) in pc]
        P, Q = ("mixture", ws, pc), ("mixture", ws[:], qc)
        return (cls, P, Q, True) if rng.random() < 0.7 else (cls, Q, P, True)
    if cls == "mixture-mixed":
        return cls, mixture(rng), mixture(rng), True
    # beta against uniform / truncated normal on [0, 1]
    ba, bb = logu(rng, 0.1, 1e3), logu(rng, 0.1, 1e3)
    beta = ("beta", ba, bb)
    r = rng.random()
    if r < 0.35:
        other = ("uniform", 0.0, 1.0)
    elif r < 0.7:
        other = ("truncated", ("normal", u(rng, -0.5, 1.5), logu(rng, 0.01, 2)), 0.0, 1.0)
    else:
        other = ("truncated", leaf(rng, rng.choice(["laplace", "logistic", "student"]), 0.5, 0.3), 0.0, 1.0)
    return (cls, beta, other, False) if rng.random() < 0.5 else (cls, other, beta, False)


def fmt(x):
    return repr(float(x))


def render(t, L, S):
    kind = t[0]
    if kind in ("normal", "laplace", "logistic"):
        return "%s(%s,%s)" % (kind, fmt(L + S * t[1]), fmt(S * t[2]))
    if kind == "student":
        return "student(%s,%s,%s)" % (fmt(t[1]), fmt(L + S * t[2]), fmt(S * t[3]))
    if kind == "uniform":
        return "uniform(%s,%s)" % (fmt(L + S * t[1]), fmt(L + S * t[2]))
    if kind == "beta":
        return "beta(%s,%s)" % (fmt(t[1]), fmt(t[2]))
    if kind == "truncated":
        return "truncated(%s,%s,%s)" % (render(t[1], L, S), fmt(L + S * t[2]), fmt(L + S * t[3]))
    if kind == "mixture":
        return "mixture(" + ",".join("%s*%s" % (fmt(w), render(c, L, S)) for w, c in zip(t[1], t[2])) + ")"
    raise ValueError(kind)


def valid(t, L, S):
    """ganflow's accepted ranges (|μ| ≤ 1e15·scale, interval width ≥ 1e-12·max|end|),
    with a margin of 100."""
    kind = t[0]
    if kind in ("normal", "laplace", "logistic"):
        return abs(L + S * t[1]) <= 1e13 * S * t[2]
    if kind == "student":
        return abs(L + S * t[2]) <= 1e13 * S * t[3]
    if kind == "uniform":
        a, b = L + S * t[1], L + S * t[2]
        return b > a and (b - a) >= 1e-10 * max(abs(a), abs(b))
    if kind == "beta":
        return True
    if kind == "truncated":
        a, b = L + S * t[2], L + S * t[3]
        return b > a and (b - a) >= 1e-10 * max(abs(a), abs(b)) and valid(t[1], L, S)
    if kind == "mixture":
        return all(valid(c, L, S) for c in t[2])
    return False


def make_pairs(seed, count):
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        cls, P, Q, frame = pair(rng)
        if frame:
            S = logu(rng, 1e-12, 1e12)
            L = 0.0 if rng.random() < 0.3 else rng.choice([-1, 1]) * S * logu(rng, 1e-2, 1e15)
            for _ in range(40):
                if valid(P, L, S) and valid(Q, L, S):
                    break
                L *= 0.1
            else:
                L = 0.0
        else:
            S, L = 1.0, 0.0
        if not (valid(P, L, S) and valid(Q, L, S)):
            continue
        out.append({"id": "sweep-%d-%d" % (seed, len(out)), "class": cls,
                    "p": render(P, L, S), "q": render(Q, L, S)})
    return out


# ----------------------------------------------------------------------------
# Reference: the generator's densities (parsed from the same doubles) and pieces, a lean
# tanh-sinh quadrature that integrates all five kinds from one set of density values.
# ----------------------------------------------------------------------------
import mpmath as mp
from mpmath import mpf

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
            pt = mkref.Pt(self.pc.a, self.pc.d, self.pc.h0 + self.W * y)
            lp, lq = P.logpdf(pt), Q.logpdf(pt)
            if lp == mkref.NINF and lq == mkref.NINF:
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


def _normaliser_integrate(f, pieces, dens, cache, maxdegree=None):
    """Drop-in for the generator's `integrate` (truncation normalisers)."""
    v, e = ts_integrate(lambda lp, lq, p, q: [f(lp, lq, p, q)], pieces, dens, 1, mpf(10) ** (-mp.mp.dps + 8))
    return v[0], e[0]


mkref.integrate = _normaliser_integrate


def chi2_points(P, Q):
    """Scale points of p_i²/q_j for every leaf pair (i of P, j of Q) of normals:
    1/σ*² = 2/σ_i² − 1/σ_j², μ* = σ*²(2μ_i/σ_i² − μ_j/σ_j²), points μ* ± kσ*; for other
    location families the maximiser of 2 ln p_i − ln q_j on a log grid around both."""
    def leaves(d):
        if isinstance(d, mkref.Mixture):
            return [x for w, c in zip(d.w, d.comps) if w > 0 for x in leaves(c)]
        if isinstance(d, mkref.Truncated):
            return leaves(d.base)
        return [d]
    pts = []
    for a in leaves(P):
        for b in leaves(Q):
            if isinstance(a, mkref.Normal) and isinstance(b, mkref.Normal):
                prec = 2 / a.scale ** 2 - 1 / b.scale ** 2
                if prec <= 0:
                    continue
                v = 1 / prec
                m = v * (2 * a.loc / a.scale ** 2 - b.loc / b.scale ** 2)
                s = mp.sqrt(v)
                pts += [m] + [m + sg * k * s for k in (1, 3, 8, 20, 40) for sg in (-1, 1)]
            elif isinstance(a, mkref.Located) and isinstance(b, mkref.Located):
                # coarse maximiser of 2 ln p_a − ln q_b on loc ± scale·2^j (both)
                cand = []
                for c in (a, b):
                    cand += [c.loc] + [c.loc + sg * c.scale * mpf(2) ** j for j in range(-1, 12) for sg in (-1, 1)]
                best, bx = None, None
                for x in cand:
                    pt = mkref.Pt(x, 1, mpf(0))
                    g = 2 * a.logpdf(pt) - b.logpdf(pt)
                    if best is None or g > best:
                        best, bx = g, x
                if bx is not None:
                    sc = min(a.scale, b.scale)
                    pts += [bx] + [bx + sg * sc * mpf(4) ** j for j in range(-1, 6) for sg in (-1, 1)]
    return pts


def lean_points(d):
    """Scale points of one density for the sweep (fewer than the generator's: cost)."""
    if isinstance(d, mkref.Mixture):
        return [x for w, c in zip(d.w, d.comps) if w > 0 for x in lean_points(c)]
    if isinstance(d, mkref.Truncated):
        return [x for x in lean_points(d.base) if d.lo <= x <= d.hi] + [d.lo, d.hi]
    if isinstance(d, mkref.Normal):
        ks = (1, 3, 8, 20, 40)
    elif isinstance(d, mkref.Student):
        ks = (1, 4, 16) + tuple(100 * 10 ** j for j in range(0, min(300, int(30 / float(d.nu)) + 2)))
    elif isinstance(d, mkref.Located):
        ks = (1, 4, 16, 64, 256, 745)
    else:
        return d.points()
    return [d.loc] + [d.loc + sg * k * d.scale for k in ks for sg in (-1, 1)]


def lean_pieces(dens, support, pts, split_frac):
    """Pieces between consecutive points; an interval is cut at split_frac and integrated
    from both of its ends (so a point 1e-300 from either end is resolved) when split_frac
    is given or an end is a support end; otherwise one piece anchored at its left end."""
    ends = set()
    for d in dens:
        ends.update(d.ends())
    pts = sorted(set(pts))
    out = []
    for u, v in zip(pts[:-1], pts[1:]):
        if not any(lo <= (u + v) / 2 <= hi for lo, hi in support):
            continue
        w = v - u
        if split_frac is None and u not in ends and v not in ends:
            pcs = [mkref.Piece(u, 1, mpf(0), w)]
        else:
            f = mpf(split_frac or "0.5")
            pcs = [mkref.Piece(u, 1, mpf(0), f * w), mkref.Piece(v, -1, mpf(0), w - f * w)]
        for pc in pcs:
            pc.sing = pc.a in ends
        out += pcs
    lo, hi = support[0][0], support[-1][1]
    if not mp.isfinite(lo):
        sc = max(t[2] for t in (d.tail(-1) for d in dens) if t is not None)
        out.append(mkref.Piece(pts[0], -1, mpf(0), None, 1, sc))
    if not mp.isfinite(hi):
        sc = max(t[2] for t in (d.tail(1) for d in dens) if t is not None)
        out.append(mkref.Piece(pts[-1], 1, mpf(0), None, 1, sc))
    return out


def ref_evaluate(case, scheme, kinds):
    with mp.workdps(scheme["dps"]):
        P, Q = mkref.build(case, scheme)
        support = mkref.merge(P.support() + Q.support())
        lo, hi = support[0][0], support[-1][1]
        pts = lean_points(P) + lean_points(Q) + P.ends() + Q.ends()
        if "chi2" in kinds:
            pts += [x for x in chi2_points(P, Q) if lo <= x <= hi]
        pts = [x for x in pts if lo <= x <= hi]
        pieces = lean_pieces([P, Q], support, pts, scheme.get("lean_split"))
        rel = mpf("1e-18")   # far below a double's rounding; the spread of A and B is checked at 1e-12
        plain = [k for k in kinds if k != "tv"]
        fs = [mkref.INTEGRANDS[k] for k in plain]
        res = {}
        if plain:
            v, e = ts_integrate(lambda lp, lq, p, q: [f(lp, lq, p, q) for f in fs], pieces, (P, Q), len(fs), rel)
            for k, vv, ee in zip(plain, v, e):
                res[k] = (vv, ee)
        if "tv" in kinds:
            pcs = mkref.refine_at_crossings(pieces, P, Q, {})
            v, e = ts_integrate(lambda lp, lq, p, q: [mkref.f_tv(lp, lq, p, q)], pcs, (P, Q), 1, rel)
            res["tv"] = (v[0], e[0])
        cf = mkref.closed_forms(P, Q) if scheme is SWEEP_B else {}
        return res, cf


SWEEP_A = {"name": "A", "dps": 40, "split": 2, "kfac": mpf(1), "lean_split": None}
SWEEP_B = {"name": "B", "dps": 40, "split": 3, "split_frac": "0.3", "kfac": mpf("1.5"), "lean_split": "0.3"}
REL_TOL = mpf("1e-12")


def reference(case):
    """Two evaluations (A: 40 digits, pieces halved; B: 50 digits, pieces cut at 0.3) and
    the closed forms; value = closed form, else B; error = max(spread, B's estimate,
    1.2e-16|value|); a kind whose evaluations differ by more than 1e-12 relative is
    left without a reference (noted in `log`)."""
    t0 = time.time()
    log, out = [], {}
    try:
        c = {"id": case["id"], "p": case["p"], "q": case["q"], "domain": None}
        with mp.workdps(50):
            P, Q = mkref.build(c, SWEEP_A)
            fin = mkref.finiteness(P, Q)
        kinds = []
        for k in KINDS:
            if k in ("kl", "chi2") and fin[k] is False:
                out[k] = {"finite": False, "value": None, "error": None}
            elif k == "chi2" and fin[k] is None:
                log.append((k, "undecided chi2 tail boundary"))
            else:
                kinds.append(k)
        resA, _ = ref_evaluate(c, SWEEP_A, kinds)
        resB, cf = ref_evaluate(c, SWEEP_B, kinds)
        with mp.workdps(50):
            for k in kinds:
                vals = [resA[k][0], resB[k][0]] + ([cf[k]] if k in cf else [])
                value = cf[k] if k in cf else resB[k][0]
                if not mp.isfinite(value) or abs(value) > mpf("1.7e308"):
                    log.append((k, "not representable"))
                    continue
                spread = max(abs(x - value) for x in vals)
                qerr = max(resA[k][1], resB[k][1])
                err = max(spread, qerr, abs(value) * mkref.DOUBLE_ROUNDING)
                if spread > REL_TOL * abs(value) + mpf("1e-300") or qerr > REL_TOL * abs(value) + mpf("1e-300"):
                    log.append((k, "evaluations disagree: %s (est %s)" % (", ".join(mp.nstr(x, 17) for x in vals), mp.nstr(qerr, 3))))
                    continue
                out[k] = {"finite": True, "value": float(value), "error": float(err)}
        failure = None
    except Exception as e:  # a pair the reference cannot build
        failure = "%s: %s" % (type(e).__name__, e)
    return {"p": case["p"], "q": case["q"], "kinds": out, "log": log, "failure": failure,
            "seconds": time.time() - t0}


def ganflow(case, exe):
    try:
        r = subprocess.run([exe, "divergence", "--p", case["p"], "--q", case["q"], "--kind", "all", "--json"],
                           capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return None, "timeout", None
    try:
        doc = json.loads(r.stdout)
    except ValueError:
        return None, (r.stdout + r.stderr)[:300], r.returncode
    return {x["kind"]: x for x in doc["results"]}, None, r.returncode


def judge(kind, g, ref, exit_code):
    if ref is None:
        return "noref", ""
    if g is None:
        return "wrong", "kind missing from ganflow's output"
    if g["finite"] is None:
        return "refused", g.get("error", "")
    if not ref["finite"]:
        return ("right", "") if g["finite"] is False else ("wrong", "finite %r vs reference infinite" % g["value"])
    if g["finite"] is False:
        return "wrong", "infinite (%s) vs reference %r" % (g.get("reason"), ref["value"])
    v, e = g["value"], g["error"]
    lo, hi = RANGES[kind]
    if exit_code == 0 and (v < lo - 0 or v > hi) and abs(v - min(max(v, lo), hi)) > 0:
        # printed outside the range with exit 0: allowed only if the printed error covers it
        if abs(v - min(max(v, lo), hi)) > e:
            return "wrong", "value %r outside [%r, %r] beyond its error %r" % (v, lo, hi, e)
    if abs(v - ref["value"]) > e + ref["error"]:
        return "wrong", "%r ± %.2e vs reference %r ± %.2e (off %.2e = %.1f× the allowance)" % (
            v, e, ref["value"], ref["error"], abs(v - ref["value"]), abs(v - ref["value"]) / (e + ref["error"]))
    return "right", ""


def main(argv):
    def opt(name, default):
        return argv[argv.index(name) + 1] if name in argv else default
    seed, count = int(opt("--seed", "1")), int(opt("--count", "300"))
    jobs = int(opt("--jobs", "2"))
    refs_path = opt("--refs", "/tmp/ganflow-sweep-refs-%d.json" % seed)
    exe = opt("--exe", ".build/release/ganflow")
    dps_a = SWEEP_A["dps"]
    show_refused = "--show-refused" in argv
    cases = make_pairs(seed, count)
    refs = {}
    if os.path.exists(refs_path):
        with open(refs_path) as fh:
            refs = json.load(fh)
    key = lambda c: "%d|%s|%s" % (dps_a, c["p"], c["q"])
    todo = [c for c in cases if key(c) not in refs]
    if "--judge-only" in argv:
        # judge the pairs whose references are already cached (a partial sweep)
        cases = [c for c in cases if key(c) in refs]
        todo = []
    if todo:
        t0 = time.time()
        with multiprocessing.Pool(jobs) as pool:
            for c, r in zip(todo, pool.imap(reference, todo, chunksize=1)):
                refs[key(c)] = r
                print("ref %-14s %6.1fs %s" % (c["id"], r["seconds"], c["class"]), file=sys.stderr, flush=True)
                with open(refs_path + ".tmp", "w") as fh:
                    json.dump(refs, fh)
                os.replace(refs_path + ".tmp", refs_path)
        print("references: %d new in %.0f s" % (len(todo), time.time() - t0), file=sys.stderr)
    counts = {"right": 0, "refused": 0, "wrong": 0, "noref": 0}
    per_class = {}
    for c in cases:
        r = refs[key(c)]
        out, failure, code = ganflow(c, exe)
        for k in KINDS:
            ref = r["kinds"].get(k)
            if out is None:
                verdict, why = ("refused", failure) if code not in (0, None) else ("wrong", "no JSON: %s" % failure)
            else:
                verdict, why = judge(k, out.get(k), ref, code)
            counts[verdict] += 1
            per_class.setdefault(c["class"], {"right": 0, "refused": 0, "wrong": 0, "noref": 0})[verdict] += 1
            if verdict == "wrong":
                print("WRONG %s %s P=%s Q=%s: %s" % (c["id"], k, c["p"], c["q"], why), flush=True)
            elif verdict == "refused" and show_refused:
                print("REFUSED %s %s P=%s Q=%s: %s" % (c["id"], k, c["p"][:120], c["q"][:120], why[:200]), flush=True)
    for cls, cc in sorted(per_class.items()):
        print("class %-18s %s" % (cls, " ".join("%s %d" % kv for kv in cc.items())))
    print("pairs %d kinds %d: right %d refused %d wrong %d noref %d" % (
        len(cases), len(cases) * len(KINDS), counts["right"], counts["refused"], counts["wrong"], counts["noref"]))
    return 1 if counts["wrong"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
