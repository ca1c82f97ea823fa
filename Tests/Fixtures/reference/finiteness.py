"""Finiteness from tails and end points (a kind is `finite: false` only when proved infinite).

Tails: each density's heaviest tail on each side is classified as compact,
Gaussian (sigma), exponential (rate) or polynomial (nu); a mixture's tail is
its heaviest component's. KL(P||Q) = inf iff P has mass where Q has none, or
E_P[-ln q] = inf in a tail (Q Gaussian: P needs a finite 2nd moment, i.e.
not Student nu <= 2; Q exponential: finite 1st moment, nu > 1).
chi2 tail finite iff p^2/q integrable: Gaussian/Gaussian needs
sigma_p^2 < 2 sigma_q^2 (equality is left undecided and the kind omitted),
exponential/exponential 2 rate_p > rate_q, polynomial/polynomial 2 nu_p > nu_q;
a heavier tail in P than in Q makes chi2 infinite.

End points (support ends of every component, truncation bounds, domain): with
p ~ |x-x0|^alpha, q ~ |x-x0|^beta on one side, chi2 is finite there iff
2 alpha - beta > -1; KL, JS, TV, H^2 are always finite there.
"""


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
