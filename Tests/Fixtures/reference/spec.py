"""Spec parser for ganflow's grammar, and the pair (P, Q) of a case.

    normal(mu,sigma)  laplace(mu,b)  logistic(mu,s)  student(nu,mu,sigma)
    beta(a,b)  uniform(a,b)  mixture(w1*D1,w2*D2,...)  truncated(D,a,b)

Every number is read as a double, as ganflow reads it. A case's optional domain
[a, b] truncates both densities to it (each renormalised).
"""

from .densities import Beta, Laplace, Logistic, Mixture, Normal, Student, Truncated, Uniform

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


def build(case, scheme):
    P = parse(case["p"], scheme)
    Q = parse(case["q"], scheme)
    if case.get("domain"):
        a, b = case["domain"]
        P = Truncated(P, a, b, scheme)
        Q = Truncated(Q, a, b, scheme)
    return P, Q
