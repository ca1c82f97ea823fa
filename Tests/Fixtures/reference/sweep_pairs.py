"""The sweep's random pairs: trees in a standard frame, rendered after a common affine map.

The pairs cover the families other than beta-beta: Student-t (nu up to 1e15), Laplace,
logistic, uniform, truncations deep in a tail, 2-3-component mixtures (nested too),
normal against Student-t, beta against uniform and truncated normal, and mixtures
whose q components are narrower than p's (p^2/q's mass where neither looks). Each
pair is drawn in a standard frame and mapped by a common affine map x -> L + S*x
with S in 1e-12...1e12 and |L| up to 1e15 (clipped to ganflow's accepted ranges, so
every pair is valid input); pairs tied to [0, 1] (beta) are not mapped. The same
seed gives the same pairs.
"""

import math
import random


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
