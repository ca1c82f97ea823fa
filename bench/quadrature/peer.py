#!/usr/bin/env python3
"""Peer for bench/quadrature: JS(normal(0,1) ‖ mixture(0.5*normal(-2,0.6),0.5*normal(2,0.6)))
with scipy.integrate.quad (QUADPACK QAGS/QAGI) at relative tolerance 1e-10.

Same integrand (log-space JS integrand), same splitting points (the ganflow
IntegrationNodes: each normal's mean and its quantiles at 1e-10, 1e-4, 0.02, 0.16,
0.5, 0.84, 0.98, 1-1e-4, 1-1e-10, merged within 1e-9), same per-piece tolerance
(absolute 1e-12 / number of pieces, relative 1e-10), same tail mapping in units of the
outermost gap. Usage: peer.py [N]  (N computations; prints the value and the rate).
"""
import math
import sys
import time

from scipy.integrate import quad
from scipy.stats import norm

LN2 = math.log(2.0)
LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)


def normal_logpdf(x, m, s):
    z = (x - m) / s
    return -0.5 * z * z - math.log(s) - LOG_SQRT_2PI


def lp(x):
    return normal_logpdf(x, 0.0, 1.0)


def lq(x):
    a = math.log(0.5) + normal_logpdf(x, -2.0, 0.6)
    b = math.log(0.5) + normal_logpdf(x, 2.0, 0.6)
    t = max(a, b)
    return t + math.log(math.exp(a - t) + math.exp(b - t))


def softplus(d):
    return d + math.log1p(math.exp(-d)) if d > 0 else math.log1p(math.exp(d))


def js_integrand(x):
    a, b = lp(x), lq(x)
    d = b - a
    return 0.5 * (math.exp(a) * (LN2 - softplus(d)) + math.exp(b) * (LN2 - softplus(-d)))


LEVELS = [1e-10, 1e-4, 0.02, 0.16, 0.5, 0.84, 0.98, 1 - 1e-4, 1 - 1e-10]


def nodes():
    pts = []
    for m, s in [(0.0, 1.0), (-2.0, 0.6), (2.0, 0.6)]:
        pts.append(m)
        pts += [m + s * norm.ppf(p) for p in LEVELS]
    pts.sort()
    out = []
    for x in pts:
        if out and x - out[-1] <= 1e-9 * max(1.0, abs(x)):
            continue
        out.append(x)
    return out


def js_once(cuts):
    n = len(cuts)
    pieces = (n - 1) + 2
    epsabs, epsrel = 1e-12 / pieces, 1e-10
    mean_gap = (cuts[-1] - cuts[0]) / (n - 1)
    total, err, nev = 0.0, 0.0, 0
    s = max(cuts[1] - cuts[0], mean_gap)
    v, e, info = quad(lambda y: s * js_integrand(cuts[0] + s * y), -math.inf, 0.0,
                      epsabs=epsabs, epsrel=epsrel, limit=1000, full_output=1)[:3]
    total, err, nev = total + v, err + e, nev + info["neval"]
    for a, b in zip(cuts, cuts[1:]):
        v, e, info = quad(js_integrand, a, b, epsabs=epsabs, epsrel=epsrel, limit=1000, full_output=1)[:3]
        total, err, nev = total + v, err + e, nev + info["neval"]
    s = max(cuts[-1] - cuts[-2], mean_gap)
    v, e, info = quad(lambda y: s * js_integrand(cuts[-1] + s * y), 0.0, math.inf,
                      epsabs=epsabs, epsrel=epsrel, limit=1000, full_output=1)[:3]
    total, err, nev = total + v, err + e, nev + info["neval"]
    return total, err, nev


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    start = time.perf_counter()
    cpu_start = time.process_time()
    evaluations = 0
    cuts = nodes()  # once, outside the loop (ganflow recomputes them per call: favours the peer)
    for _ in range(n):
        value, err, nev = js_once(cuts)
        evaluations += nev
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    print(f"js = {value!r} ± {err:.3g}")
    print(f"repeat {n}: {seconds:.4f} s, {n / seconds:.1f} computations/s, "
          f"{evaluations // n} integrand evaluations each, {evaluations / seconds:.4g} evaluations/s; "
          f"cpu {cpu:.4f} s, {n / cpu:.1f} computations per cpu-second")


if __name__ == "__main__":
    main()
