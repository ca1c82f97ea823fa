"""Closed forms per family (evaluation C, at 50 digits).

Where one exists it is the recorded value and a third evaluation for the error.
With D = mu_p - mu_q and lB(a, b) = ln B(a, b):

normal(mu_p, s_p) against normal(mu_q, s_q):
    KL   = ln(s_q/s_p) + (s_p^2 + D^2)/(2 s_q^2) - 1/2
    chi2 = exp(ln(s_q/s_p) - ln((2 s_q^2 - s_p^2)/s_q^2)/2 + D^2/(2 s_q^2 - s_p^2)) - 1,
           when 2 s_q^2 > s_p^2
    H^2  = 1 - sqrt(2 s_p s_q/(s_p^2 + s_q^2)) exp(-D^2/(4 (s_p^2 + s_q^2)))
    TV   = P(A) - Q(A), A = {p > q}, between the crossing points
beta(a1, b1) against beta(a2, b2), psi the digamma function:
    KL   = lB(a2,b2) - lB(a1,b1) + (a1-a2) psi(a1) + (b1-b2) psi(b1)
           + (a2-a1+b2-b1) psi(a1+b1)
    H^2  = 1 - exp(lB((a1+a2)/2, (b1+b2)/2) - (lB(a1,b1) + lB(a2,b2))/2)
    chi2 = exp(lB(2a1-a2, 2b1-b2) + lB(a2,b2) - 2 lB(a1,b1)) - 1,
           when 2a1 > a2 and 2b1 > b2
laplace(mu_p, b_p) against laplace(mu_q, b_q):
    KL   = ln(b_q/b_p) + |D|/b_q + (b_p/b_q) exp(-|D|/b_p) - 1
uniform(a, b) against normal(mu, s), w = b - a:
    KL   = -ln w + ln(s sqrt(2 pi)) + (w^2/12 + ((a+b)/2 - mu)^2)/(2 s^2)
"""

import mpmath as mp
from mpmath import mpf

from .densities import Beta, Laplace, Normal, Uniform
from .logspace import elevated


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
