#!/usr/bin/env python3
"""NumPy peers of the bench/gan workloads (same algorithms, sizes and step counts as
`bench-runner gan KIND`; random streams differ, so checksums agree only in size).

usage: peer.py particles1d|particles2d|affine|mlp [steps]
"""
import sys
import time
import numpy as np

LOG_SQRT_2PI = 0.5 * np.log(2 * np.pi)
W = np.array([0.5, 0.5]); MU = np.array([-2.0, 2.0]); SD = np.array([0.6, 0.6])


def mix_logpdf_score(x):
    """log-density and score of 0.5 N(-2, 0.6^2) + 0.5 N(2, 0.6^2), by log-sum-exp."""
    z = (x[:, None] - MU) / SD
    lc = np.log(W) - 0.5 * z * z - np.log(SD) - LOG_SQRT_2PI
    top = lc.max(axis=1, keepdims=True)
    e = np.exp(lc - top)
    s = e.sum(axis=1, keepdims=True)
    lp = (top + np.log(s))[:, 0]
    score = ((e / s) * (-z / SD)).sum(axis=1)
    return lp, score


def silverman(x):
    n = len(x)
    sd = x.std(ddof=1)
    q75, q25 = np.percentile(x, [75, 25])
    iqr = q75 - q25
    spread = min(sd, iqr / 1.34) if iqr > 0 else sd
    return 0.9 * spread * n ** -0.2


def binned_kde(x, h, per=32):
    """Linear binning + FFT convolution (cut at 10 h), linear interpolation back."""
    dx = h / per
    half = int(np.ceil(10 * h / dx))
    lo, hi = x.min(), x.max()
    origin = lo - half * dx
    nodes = int(np.ceil((hi - lo) / dx)) + 2 * half + 2
    length = 1
    while length < nodes + 2 * half + 1:
        length *= 2
    s = (x - origin) / dx
    j = np.minimum(np.floor(s).astype(int), nodes - 2)
    l = s - j
    counts = np.bincount(j, weights=1 - l, minlength=length) + np.bincount(j + 1, weights=l, minlength=length)
    k = np.arange(-half, half + 1)
    t = k * dx / h
    c = 1 / (len(x) * h * np.sqrt(2 * np.pi))
    phi = np.exp(-0.5 * t * t)
    kern = np.zeros(length); dkern = np.zeros(length)
    kern[k % length] = c * phi
    dkern[k % length] = -c * t * phi / h
    fc = np.fft.rfft(counts)
    dens = np.fft.irfft(fc * np.fft.rfft(kern), length)[:nodes]
    der = np.fft.irfft(fc * np.fft.rfft(dkern), length)[:nodes]
    grid = origin + dx * np.arange(nodes)
    return np.interp(x, grid, dens), np.interp(x, grid, der)


def particles1d(steps, rng):
    x = 1.5 * rng.standard_normal(10_000)
    for _ in range(steps):
        d, g = binned_kde(x, silverman(x))
        ld, sd = mix_logpdf_score(x)
        u = np.exp(np.log(d) - ld)
        x = x + 0.01 * (1 / (2 * (1 + u))) * (sd - g / d)
    return x.mean()


def particles2d(steps, rng):
    means = np.array([[-1.0, 0.0], [1.0, 0.5]])
    covs = []
    for (s1, s2, r) in [(0.8, 1.0, 0.4), (0.9, 0.7, -0.3)]:
        covs.append(np.array([[s1 * s1, r * s1 * s2], [r * s1 * s2, s2 * s2]]))
    precs = [np.linalg.inv(c) for c in covs]
    lnorm = [-np.log(2 * np.pi) - 0.5 * np.log(np.linalg.det(c)) for c in covs]
    x = 1.2 * rng.standard_normal((2000, 2))
    n = len(x)
    for _ in range(steps):
        h = x.std(axis=0, ddof=1) * n ** (-1 / 6)
        t = (x[:, None, :] - x[None, :, :]) / h
        k = np.exp(-0.5 * (t * t).sum(axis=2))
        c = 1 / (n * h[0] * h[1] * 2 * np.pi)
        dens = c * k.sum(axis=1)
        grad = -c * (k[:, :, None] * t).sum(axis=1) / h
        lcs, scs = [], []
        for m, p, ln in zip(means, precs, lnorm):
            dlt = x - m
            pd = dlt @ p
            lcs.append(np.log(0.5) + ln - 0.5 * (dlt * pd).sum(axis=1))
            scs.append(-pd)
        lcs = np.stack(lcs, axis=1)
        top = lcs.max(axis=1, keepdims=True)
        e = np.exp(lcs - top)
        r = e / e.sum(axis=1, keepdims=True)
        ld = (top + np.log(e.sum(axis=1, keepdims=True)))[:, 0]
        sd = r[:, 0:1] * scs[0] + r[:, 1:2] * scs[1]
        u = np.exp(np.log(dens) - ld)
        x = x + 0.01 * (1 / (2 * (1 + u)))[:, None] * (sd - grad / dens[:, None])
    return (x[:, 0] + x[:, 1]).mean()


def affine(steps, rng):
    a, b, eps, m = 0.5, 1.5, 0.1, 256
    for _ in range(steps):
        z1 = rng.standard_normal(m)  # step 2 (unused by D*, drawn as in Algorithm 1)
        comp = rng.random(m) < 0.5   # step 3: data minibatch
        _ = np.where(comp, -2.0, 2.0) + 0.6 * rng.standard_normal(m)
        z = rng.standard_normal(m)   # step 5
        x = a + b * z
        ld, sd = mix_logpdf_score(x)
        lg = -0.5 * ((x - a) / b) ** 2 - np.log(abs(b)) - LOG_SQRT_2PI
        sg = -(x - a) / b ** 2
        eta = ld - lg
        dval = np.where(eta >= 0, 1 / (1 + np.exp(-np.abs(eta))), np.exp(-np.abs(eta)) / (1 + np.exp(-np.abs(eta))))
        y = x + eps * 0.5 * dval * (sd - sg)
        J = np.stack([np.ones(m), z], axis=1)
        a, b = np.linalg.lstsq(J, y, rcond=None)[0]
    return a + b


def mlp(steps, rng):
    H, eps, m, K, lr = 8, 0.1, 256, 5, 0.05
    w = rng.standard_normal(H); bb = rng.standard_normal(H); v = rng.standard_normal(H) / np.sqrt(H); c = 0.0
    wd = np.zeros(3)

    def out(z):
        t = np.tanh(np.outer(z, w) + bb)
        return c + t @ v, t

    for _ in range(steps):
        z1 = rng.standard_normal(m)
        comp = rng.random(m) < 0.5
        data = np.where(comp, -2.0, 2.0) + 0.6 * rng.standard_normal(m)
        gen, _ = out(z1)
        xs = np.concatenate([data, gen]); ys = np.concatenate([np.ones(m), np.zeros(m)])
        phi = np.stack([np.ones(2 * m), xs, xs * xs], axis=1)
        for _ in range(100):  # Newton on the penalised log-likelihood (penalty 1)
            p = 1 / (1 + np.exp(-(phi @ wd)))
            g = phi.T @ (ys - p) - wd
            Hm = (phi * (p * (1 - p))[:, None]).T @ phi + np.eye(3)
            step = np.linalg.solve(Hm, g)
            wd = wd + step
            if np.abs(step).max() <= 1e-10 * (1 + np.abs(wd).max()):
                break
        z = rng.standard_normal(m)
        x, _ = out(z)
        eta = wd[0] + wd[1] * x + wd[2] * x * x
        dval = 1 / (1 + np.exp(-eta))
        y = x + eps * 0.5 * dval * (wd[1] + 2 * wd[2] * x)
        for _ in range(K):
            g, t = out(z)
            r = 2 / m * (g - y)
            s = (1 - t * t) * v
            w = w - lr * (r @ (s * z[:, None]))
            bb = bb - lr * (r @ s)
            v = v - lr * (r @ t)
            c = c - lr * r.sum()
    return w.sum() + bb.sum() + v.sum() + c


if __name__ == "__main__":
    kind = sys.argv[1]
    default = {"particles1d": 50, "particles2d": 5, "affine": 2000, "mlp": 500}[kind]
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else default
    rng = np.random.default_rng(42)
    start = time.perf_counter()
    s = globals()[kind](steps, rng)
    print(f"{kind} steps={steps} checksum={s} seconds={time.perf_counter() - start}")
