"""Coefficients of P in Sim's Log1pKernel (and CFluxKernels' log1p_core): the degree-6
polynomial interpolating R(z)/z at 7 Chebyshev nodes of [0, zmax], where
R(z) = sum_{k>=1} 2 z^k / (2k + 1) = (2 atanh(s) - 2 s)/s with z = s^2 and
zmax = ((sqrt2 - 1)/(sqrt2 + 1))^2 (1 + 1e-4). Prints the coefficients (constant term first)
and max |R(z) - z P(z)| over 400 points, both with the coefficients rounded to doubles.

    python3 Tests/Fixtures/log1p_polynomial.py      (needs mpmath)
"""
import mpmath as mp

mp.mp.prec = 200
DEGREE = 6
zmax = ((mp.sqrt(2) - 1) / (mp.sqrt(2) + 1)) ** 2 * mp.mpf("1.0001")


def ratio(z):
    """R(z)/z."""
    if z == 0:
        return mp.mpf(2) / 3
    s = mp.sqrt(z)
    return (2 * mp.atanh(s) - 2 * s) / s / z


nodes = [zmax / 2 * (1 + mp.cos(mp.pi * (2 * j + 1) / (2 * (DEGREE + 1)))) for j in range(DEGREE + 1)]
a = mp.matrix([[x ** k for k in range(DEGREE + 1)] for x in nodes])
c = mp.lu_solve(a, mp.matrix([ratio(x) for x in nodes]))
coefficients = [float(c[k]) for k in range(DEGREE + 1)]
error = max(abs(sum(mp.mpf(coefficients[k]) * z ** k for k in range(DEGREE + 1)) - ratio(z)) * z
            for z in mp.linspace(0, zmax, 400))
print("coefficients:", ", ".join(repr(x) for x in coefficients))
print("max |R - zP|:", mp.nstr(error, 3))
