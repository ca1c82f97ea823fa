"""The sweep's reference: the generator's densities with the lean tanh-sinh quadrature.

Densities are parsed by the generator's spec parser from the same doubles ganflow
sees, in log space at 40 digits. Evaluation A cuts the line at every leaf's scale
points and at the scale points of p_i^2/q_j for every leaf pair (exact for two
normals, a maximiser of 2 ln p_i - ln q_j otherwise), integrating each interval from
its left end (from both ends next to a support end, down to 1e-300 of the piece);
evaluation B cuts every interval at 0.3 of its width and integrates from both ends
(other nodes, other panels). TV's pieces are also cut at every crossing of p and q;
tails by exp-sinh out to e^1720 tail scales. Each piece is refined (h halved) until
its level difference is below 1e-18 of the total. Value: the closed form where one
exists, else B; its error: max(|A - B|, |closed form - B|, the level differences,
1.2e-16 |value|). A kind whose evaluations differ by more than 1e-12 relative is
left without a reference; finiteness comes from the generator's tail and end-point
rules.
"""

import time

import mpmath as mp
from mpmath import mpf

from .closed_forms import closed_forms
from .densities import Located, Mixture, Normal, Student, Truncated, merge
from .evaluation import decided_kinds, record
from .integrands import INTEGRANDS, f_tv
from .logspace import Pt
from .quadrature import Piece, intervals, refine_at_crossings, support_ends, tail_pieces
from .spec import build
from .tanh_sinh import normaliser_integrate, ts_integrate


def chi2_points(P, Q):
    """Scale points of p_i²/q_j for every leaf pair (i of P, j of Q) of normals:
    1/σ*² = 2/σ_i² − 1/σ_j², μ* = σ*²(2μ_i/σ_i² − μ_j/σ_j²), points μ* ± kσ*; for other
    location families the maximiser of 2 ln p_i − ln q_j on a log grid around both."""
    def leaves(d):
        if isinstance(d, Mixture):
            return [x for w, c in zip(d.w, d.comps) if w > 0 for x in leaves(c)]
        if isinstance(d, Truncated):
            return leaves(d.base)
        return [d]
    pts = []
    for a in leaves(P):
        for b in leaves(Q):
            if isinstance(a, Normal) and isinstance(b, Normal):
                prec = 2 / a.scale ** 2 - 1 / b.scale ** 2
                if prec <= 0:
                    continue
                v = 1 / prec
                m = v * (2 * a.loc / a.scale ** 2 - b.loc / b.scale ** 2)
                s = mp.sqrt(v)
                pts += [m] + [m + sg * k * s for k in (1, 3, 8, 20, 40) for sg in (-1, 1)]
            elif isinstance(a, Located) and isinstance(b, Located):
                # coarse maximiser of 2 ln p_a − ln q_b on loc ± scale·2^j (both)
                cand = []
                for c in (a, b):
                    cand += [c.loc] + [c.loc + sg * c.scale * mpf(2) ** j for j in range(-1, 12) for sg in (-1, 1)]
                best, bx = None, None
                for x in cand:
                    pt = Pt(x, 1, mpf(0))
                    g = 2 * a.logpdf(pt) - b.logpdf(pt)
                    if best is None or g > best:
                        best, bx = g, x
                if bx is not None:
                    sc = min(a.scale, b.scale)
                    pts += [bx] + [bx + sg * sc * mpf(4) ** j for j in range(-1, 6) for sg in (-1, 1)]
    return pts


def lean_points(d):
    """Scale points of one density for the sweep (fewer than the generator's: cost)."""
    if isinstance(d, Mixture):
        return [x for w, c in zip(d.w, d.comps) if w > 0 for x in lean_points(c)]
    if isinstance(d, Truncated):
        return [x for x in lean_points(d.base) if d.lo <= x <= d.hi] + [d.lo, d.hi]
    if isinstance(d, Normal):
        ks = (1, 3, 8, 20, 40)
    elif isinstance(d, Student):
        ks = (1, 4, 16) + tuple(100 * 10 ** j for j in range(0, min(300, int(30 / float(d.nu)) + 2)))
    elif isinstance(d, Located):
        ks = (1, 4, 16, 64, 256, 745)
    else:
        return d.points()
    return [d.loc] + [d.loc + sg * k * d.scale for k in ks for sg in (-1, 1)]


def lean_pieces(dens, support, pts, split_frac):
    """Pieces between consecutive points; an interval is cut at split_frac and integrated
    from both of its ends (so a point 1e-300 from either end is resolved) when split_frac
    is given or an end is a support end; otherwise one piece anchored at its left end."""
    ends = support_ends(dens)
    pts, ivs = intervals(support, pts)
    out = []
    for u, v in ivs:
        w = v - u
        if split_frac is None and u not in ends and v not in ends:
            pcs = [Piece(u, 1, mpf(0), w)]
        else:
            f = mpf(split_frac or "0.5")
            pcs = [Piece(u, 1, mpf(0), f * w), Piece(v, -1, mpf(0), w - f * w)]
        for pc in pcs:
            pc.sing = pc.a in ends
        out += pcs
    return out + tail_pieces(dens, support, pts)


def ref_evaluate(case, scheme, kinds):
    with mp.workdps(scheme["dps"]):
        P, Q = build(case, scheme)
        support = merge(P.support() + Q.support())
        lo, hi = support[0][0], support[-1][1]
        pts = lean_points(P) + lean_points(Q) + P.ends() + Q.ends()
        if "chi2" in kinds:
            pts += [x for x in chi2_points(P, Q) if lo <= x <= hi]
        pts = [x for x in pts if lo <= x <= hi]
        pieces = lean_pieces([P, Q], support, pts, scheme.get("lean_split"))
        rel = mpf("1e-18")   # far below a double's rounding; the spread of A and B is checked at 1e-12
        plain = [k for k in kinds if k != "tv"]
        fs = [INTEGRANDS[k] for k in plain]
        res = {}
        if plain:
            v, e = ts_integrate(lambda lp, lq, p, q: [f(lp, lq, p, q) for f in fs], pieces, (P, Q), len(fs), rel)
            for k, vv, ee in zip(plain, v, e):
                res[k] = (vv, ee)
        if "tv" in kinds:
            pcs = refine_at_crossings(pieces, P, Q, {})
            v, e = ts_integrate(lambda lp, lq, p, q: [f_tv(lp, lq, p, q)], pcs, (P, Q), 1, rel)
            res["tv"] = (v[0], e[0])
        cf = closed_forms(P, Q) if scheme is SWEEP_B else {}
        return res, cf


SWEEP_A = {"name": "A", "dps": 40, "split": 2, "kfac": mpf(1), "lean_split": None,
           "normaliser": normaliser_integrate}
SWEEP_B = {"name": "B", "dps": 40, "split": 3, "split_frac": "0.3", "kfac": mpf("1.5"), "lean_split": "0.3",
           "normaliser": normaliser_integrate}


def reference(case):
    """Two evaluations (A: 40 digits, pieces halved; B: 40 digits, pieces cut at 0.3) and
    the closed forms; value = closed form, else B; error = max(spread, A's and B's
    estimates, 1.2e-16|value|); a kind whose evaluations differ by more than 1e-12 relative is
    left without a reference (noted in `log`)."""
    t0 = time.time()
    log, out = [], {}
    try:
        c = {"id": case["id"], "p": case["p"], "q": case["q"], "domain": None}
        kinds = decided_kinds(c, SWEEP_A, out, lambda k: log.append((k, "undecided chi2 tail boundary")))
        resA, _ = ref_evaluate(c, SWEEP_A, kinds)
        resB, cf = ref_evaluate(c, SWEEP_B, kinds)
        with mp.workdps(50):
            for k in kinds:
                vals = [resA[k][0], resB[k][0]] + ([cf[k]] if k in cf else [])
                value = cf[k] if k in cf else resB[k][0]
                qerr = max(resA[k][1], resB[k][1])
                entry, why = record(value, vals, qerr)
                if why == "unrepresentable":
                    log.append((k, "not representable"))
                elif why == "disagree":
                    log.append((k, "evaluations disagree: %s (est %s)" % (", ".join(mp.nstr(x, 17) for x in vals), mp.nstr(qerr, 3))))
                else:
                    out[k] = entry
        failure = None
    except Exception as e:  # a pair the reference cannot build
        failure = "%s: %s" % (type(e).__name__, e)
    return {"p": case["p"], "q": case["q"], "kinds": out, "log": log, "failure": failure,
            "seconds": time.time() - t0}
