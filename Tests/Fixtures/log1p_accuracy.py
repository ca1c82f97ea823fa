"""Worst error of Sim's Log1pKernel (and CFluxKernels' log1p_core) in ulps of log(1 + u),
and of the same reduction used for log(x) by CFluxKernels' monitored_sums.c, against
120-bit values, with the platform's log1p and log beside them. Python floats are IEEE
doubles and Python contracts nothing, so the functions below compute the kernels' bits.

    python3 Tests/Fixtures/log1p_accuracy.py SEED COUNT      (needs mpmath)

log1p arguments, in turn: log-uniform over [1e-300, 1e300]; uniform on [0, 4]; within 5e-4
of sqrt2 - 1 (the mantissa halving); uniform on (-1, 0); within 0.5 % of sqrt2 2^k - 1, k in
[-60, 60]. log arguments: log-uniform over [2^-1074, 2^1020] (subnormals scaled by 2^54
first, as the C loop does), and within 0.5 % of sqrt2 2^k.
"""
import math
import random
import struct
import sys

import mpmath as mp

mp.mp.prec = 120


def from_bits(b):
    return struct.unpack("<d", struct.pack("<Q", b))[0]


def to_bits(d):
    return struct.unpack("<Q", struct.pack("<d", d))[0]


LN2_HI = from_bits(0x3FE62E4200000000)
LN2_LO = from_bits(0x3E9FDF473DE6AF28)
SQRT2 = math.sqrt(2)
P = [0.666666666666667, 0.39999999999899444, 0.2857142862600327, 0.22222211130259878,
     0.18182889455674947, 0.15331710618210773, 0.14616585424888623]


def reduction(w, c, shift=0):
    bits = to_bits(w)
    e = (bits >> 52) - 1023 + shift
    m = from_bits((bits & 0x000FFFFFFFFFFFFF) | 0x3FF0000000000000)
    if m > SQRT2:
        m *= 0.5
        e += 1
    f = m - 1
    s = f / (2 + f)
    z = s * s
    hf = 0.5 * f * f
    r = P[6]
    for coefficient in P[5::-1]:
        r = r * z + coefficient
    r *= z
    de = float(e)
    return de * LN2_HI + (f - (hf - (s * (hf + r) + (de * LN2_LO + c))))


def kernel_log1p(u):
    w = 1 + u
    return reduction(w, (u - (w - 1)) * (1 / w))


def kernel_log(x):
    if x < 2.0 ** -1022:
        return reduction(x * 2.0 ** 54, 0.0, -54)
    return reduction(x, 0.0)


def argument(rng, i):
    region = i % 5
    if region == 0:
        return 10 ** rng.uniform(-300, 300)
    if region == 1:
        return rng.uniform(0, 4)
    if region == 2:
        return (SQRT2 - 1) * (1 + (rng.random() - 0.5) * 1e-3)
    if region == 3:
        return rng.uniform(-0.999, 0)
    return 2 ** rng.randint(-60, 60) * SQRT2 * (1 + (rng.random() - 0.5) * 1e-2) - 1


def log_argument(rng, i):
    if i % 2 == 0:
        return 2.0 ** rng.uniform(-1074, 1020)
    return 2.0 ** rng.randint(-1000, 1000) * SQRT2 * (1 + (rng.random() - 0.5) * 1e-2)


def main():
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    worst = {"log1p kernel": 0.0, "log1p platform": 0.0, "log kernel": 0.0, "log platform": 0.0}

    def note(key, value, exact):
        ulp = math.ulp(float(exact))
        worst[key] = max(worst[key], float(abs(mp.mpf(value) - exact) / ulp))

    for i in range(count):
        u = argument(rng, i)
        if u > -1:
            exact = mp.log1p(mp.mpf(u))
            note("log1p kernel", kernel_log1p(u), exact)
            note("log1p platform", math.log1p(u), exact)
        x = log_argument(rng, i)
        if x > 0:
            exact = mp.log(mp.mpf(x))
            note("log kernel", kernel_log(x), exact)
            note("log platform", math.log(x), exact)
    print(", ".join(f"{k} worst {v:.3f} ulp" for k, v in worst.items()) + f" ({count} arguments each, seed {seed})")


main()
