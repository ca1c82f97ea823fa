"""Numbers in log space: points measured from an anchor, log-sum-exp, raised precision.

Every density is evaluated in log space in mpmath. A point is kept as
x = anchor + dir*h with h exact, so a point 1e-300 from a support end still knows
its distance to that end.
"""

import mpmath as mp
from mpmath import mpf

NINF = mpf("-inf")


class Pt:
    __slots__ = ("a", "s", "h", "x")

    def __init__(self, a, s, h):
        self.a, self.s, self.h = a, s, h
        self.x = a + s * h

    def diff(self, c):
        """x - c, exact when c is the anchor."""
        if c == self.a:
            return self.s * self.h
        return self.x - c


def logsumexp(vals):
    vals = [v for v in vals if v != NINF]
    if not vals:
        return NINF
    m = max(vals)
    return m + mp.log(mp.fsum(mp.exp(v - m) for v in vals))


def elevated(extra):
    return mp.workdps(mp.mp.dps + int(extra))
