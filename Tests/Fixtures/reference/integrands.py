"""Integrands of the five divergences, written so that they never cancel.

Natural logarithms, d = ln p - ln q:

    js          JS(P,Q) = 1/2 KL(P||M) + 1/2 KL(Q||M),  M = (P+Q)/2
    kl          KL(P||Q) = int p ln(p/q)
    chi2        chi2(P||Q) = int p^2/q - 1
    tv          TV = 1/2 int |p - q|
    hellinger2  H^2 = 1/2 int (sqrt p - sqrt q)^2 = 1 - int sqrt(pq)

Both densities are normalised on the same support, so int p = int q and every
integrand can be made non-negative pointwise:

    kl:   q*(e^d (d-1) + 1) = p(d-1) + q
    chi2: q*expm1(d)^2
    js:   (p+q)/2 * (ln 2 - H(p/(p+q)))
    tv:   q*|expm1(d)|/2,   hellinger2: q*expm1(d/2)^2/2

with power series for small |d|, so values of 1e-30 keep all their digits.
"""

import mpmath as mp
from mpmath import mpf

from .logspace import NINF


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
