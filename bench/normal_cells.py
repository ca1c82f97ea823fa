"""Cell masses of a normal law, shared by the SciPy peers of the solver benchmarks."""

import numpy as np
from scipy.stats import norm


def interval_masses(mean, sd, faces):
    """P(face_k < X <= face_{k+1}) for X ~ N(mean, sd²), without cancellation in either tail:
    differences of the CDF left of the mean, of the survival function right of it, and
    1 - CDF - SF for the cell that holds the mean."""
    z = (faces - mean) / sd
    left = np.diff(norm.cdf(z))
    right = -np.diff(norm.sf(z))
    mid = 1.0 - norm.cdf(z[:-1]) - norm.sf(z[1:])
    m = np.where(faces[1:] <= mean, left, np.where(faces[:-1] >= mean, right, mid))
    return np.maximum(m, 0.0)
