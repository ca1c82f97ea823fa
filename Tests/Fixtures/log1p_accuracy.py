"""Worst error of Sim's Log1pKernel (and CFluxKernels' log1p_core) in ulps of log(1 + u),
against 120-bit values, with the platform's log1p beside it. Python floats are IEEE doubles
and Python contracts nothing, so the function below computes the kernel's bits.

    python3 Tests/Fixtures/log1p_accuracy.py SEED COUNT      (needs mpmath)

Arguments, in turn: log-uniform over [1e-300, 1e300]; uniform on [0, 4]; within 5e-4 of
sqrt2 - 1 (the mantissa halving); uniform on (-1, 0); within 0.5 % of sqrt2 2^k - 1, k in
[-60, 60]. Also prints the worst relative error of the reduction's 1/(1 + u), in units
of 2^-53.
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


def kernel(u):
    w = 1 + u
    bits = to_bits(w)
    e = (bits >> 52) - 1023
    m = from_bits((bits & 0x000FFFFFFFFFFFFF) | 0x3FF0000000000000)
    if m > SQRT2:
        m *= 0.5
        e += 1
    rw = 1 / w
    c = (u - (w - 1)) * rw
    f = m - 1
    s = f / (2 + f)
    z = s * s
    hf = 0.5 * f * f
    r = P[6]
    for coefficient in P[5::-1]:
        r = r * z + coefficient
    r *= z
    de = float(e)
    return de * LN2_HI + (f - (hf - (s * (hf + r) + (de * LN2_LO + c)))), rw


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


def main():
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    worst_kernel = worst_platform = worst_reciprocal = 0.0
    for i in range(count):
        u = argument(rng, i)
        if u <= -1:
            continue
        exact = mp.log1p(mp.mpf(u))
        ulp = math.ulp(float(exact))
        value, reciprocal = kernel(u)
        worst_kernel = max(worst_kernel, float(abs(mp.mpf(value) - exact) / ulp))
        worst_platform = max(worst_platform, float(abs(mp.mpf(math.log1p(u)) - exact) / ulp))
        w = mp.mpf(1 + u)
        worst_reciprocal = max(worst_reciprocal, float(abs(mp.mpf(reciprocal) * w - 1) / mp.mpf(2) ** -53))
    print(f"kernel worst {worst_kernel:.3f} ulp, platform log1p worst {worst_platform:.3f} ulp, "
          f"1/w worst {worst_reciprocal:.2f} x 2^-53 ({count} arguments, seed {seed})")


main()
