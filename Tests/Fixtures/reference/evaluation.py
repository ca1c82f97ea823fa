"""One case: which kinds are finite, evaluations A and B, closed forms, the recorded value.

The recorded value is C (the closed form, closed_forms.py) if it exists, else B
(quadrature.py). The recorded `error` is

    max(|A - B|, |C - B|, quadrature estimate of B, 1.2e-16 |value|)

(the last term is the rounding to a double). The evaluations must agree to within
REL_TOL = 1e-12 relative (1e-300 absolute floor); a kind whose evaluations disagree
is dropped with a printed reason. A finite value too large for a double (e.g.
chi2 = e^(1e12) - 1) is omitted from the fixture (printed as such), since no double
can carry it. KL and chi2 proved infinite (finiteness.py) are recorded
`finite: false` without quadrature.
"""

import mpmath as mp
from mpmath import mpf

from .closed_forms import closed_forms
from .densities import merge
from .finiteness import finiteness
from .integrands import INTEGRANDS
from .quadrature import integrate, make_pieces, refine_at_crossings
from .spec import build

REL_TOL = mpf("1e-12")
KINDS = ("js", "kl", "chi2", "tv", "hellinger2")
DPS_A, DPS_B = 30, 50
DOUBLE_ROUNDING = 1.2e-16

SCHEME_A = {"name": "A", "dps": DPS_A, "split": 2, "kfac": mpf(1)}
SCHEME_B = {"name": "B", "dps": DPS_B, "split": 3, "split_frac": "0.3", "kfac": mpf("1.5")}


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


def decided_kinds(case, scheme, out, undecided):
    """The kinds left to evaluate. KL or chi2 proved infinite go into `out` as
    `finite: false`; a chi2 tail on the Gaussian boundary sigma_p^2 = 2 sigma_q^2
    is passed to `undecided(kind)` and left out."""
    with mp.workdps(DPS_B):
        P, Q = build(case, scheme)
        fin = finiteness(P, Q)
    kinds = []
    for k in KINDS:
        if k in ("kl", "chi2") and fin[k] is False:
            out[k] = {"finite": False, "value": None, "error": None}
        elif k == "chi2" and fin[k] is None:
            undecided(k)
        else:
            kinds.append(k)
    return kinds


def record(value, vals, qerr):
    """(entry, None) with entry = {finite, value, error} for the fixture, where

        error = max(max |x - value| over the evaluations x in vals, qerr, 1.2e-16 |value|);

    (None, "unrepresentable") when no double carries the value; (None, "disagree")
    when the spread or qerr exceeds REL_TOL |value| + 1e-300."""
    if not mp.isfinite(value) or abs(value) > mpf("1.7e308"):
        return None, "unrepresentable"
    spread = max(abs(x - value) for x in vals)
    err = max(spread, qerr, abs(value) * DOUBLE_ROUNDING)
    if spread > REL_TOL * abs(value) + mpf("1e-300") or qerr > REL_TOL * abs(value) + mpf("1e-300"):
        return None, "disagree"
    return {"finite": True, "value": float(value), "error": float(err)}, None


def run_case(case, log):
    out = {}
    kinds = decided_kinds(case, SCHEME_A, out, lambda k: log.append((
        case["id"], k, "omitted: chi2 tail on the Gaussian boundary sigma_p^2 = 2 sigma_q^2 (undecided)")))
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
            qerr = resB[k][1] if k in resB else mpf(0)
            entry, why = record(value, vals, qerr)
            if why == "unrepresentable":
                log.append((case["id"], k, "omitted: finite but not representable as a double (%s)" % mp.nstr(value, 5)))
            elif why == "disagree":
                log.append((case["id"], k, "DROPPED: evaluations disagree: %s (quad est %s)"
                            % (", ".join(mp.nstr(x, 20) for x in vals), mp.nstr(qerr, 3))))
            else:
                out[k] = entry
    return out
