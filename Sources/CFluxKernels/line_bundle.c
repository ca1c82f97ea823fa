#include "flux_kernels.h"
#include "vector8.h"

#include <math.h>
#include <string.h>

/* One directional sub-step of the 2D split solver on a bundle of 8 grid lines at once. Each
 * line is the same computation as Sim's per-line path (LineSystem, NewtonIteration,
 * TridiagonalWorkspace, DirectionalSweep.solveLine), operation for operation, so every line's
 * numbers are the same bits (tested against that path). The bundle interleaves the lines
 * (cell k of line l at 8k + l), so that cell k of all 8 lines is one vector of 8 doubles and
 * every arithmetic operation below acts on the 8 lines at once: one 512-bit instruction with
 * AVX-512, two with AVX2, four on the x86-64 baseline (the entry point is compiled for each
 * and the loader picks the machine's). IEEE arithmetic is exact per lane and nothing is
 * contracted into fused multiply-adds, so every target gives the same bits. (The tests run
 * the clone the machine picks: on the development machine AVX-512; the others are compiled,
 * not exercised there.) */

#pragma clang fp contract(off)

#define EPS 0x1p-52

_Static_assert(GANFLOW_BUNDLE_WIDTH == 8, "the vector type v8 holds 8 lines");

enum { KIND_JS = 0, KIND_KL = 1, KIND_CHI2 = 2 };

/* Work arrays of one bundle, n vectors each. The elimination writes its multipliers over
 * `up` and its intermediate right-hand side over `res` (each read at an index before it is
 * written there), and the Newton update straight into the iterate. */
typedef struct { v8 *psi, *slope, *res, *lo, *di, *up, *constant, *f; } arrays;

INLINE arrays carve(double *work, long n) {
    v8 *w = (v8 *)work;
    return (arrays){w, w + n, w + 2 * n, w + 3 * n, w + 4 * n, w + 5 * n, w + 6 * n, w + 7 * n};
}

/* Psi and Psi' / rho_d of every cell (JS by the vectorised fill, as Sim's JSPsi.fill). */
INLINE void potentials(const ganflow_line_bundle *b, const v8 *y, arrays *a) {
    const v8 *inv = (const v8 *)b->inverse;
    if (b->kind == KIND_JS) {
        ganflow_js_psi_fill((const double *)y, b->inverse, (double *)a->psi, (double *)a->slope, 8 * b->n);
        return;
    }
    for (long i = 0; i < b->n; i++) {
        v8 u = y[i] * inv[i];
        if (b->kind == KIND_KL) { a->psi[i] = u; a->slope[i] = SPLAT(1.0) * inv[i]; }
        else { a->psi[i] = u * VABS(u); a->slope[i] = SPLAT(2.0) * VABS(u) * inv[i]; }
    }
}

/* F(y), as LineSystem.evaluate. */
INLINE void evaluate(const ganflow_line_bundle *b, const v8 *y, arrays *a) {
    const v8 *w = (const v8 *)b->weights;
    potentials(b, y, a);
    a->f[0] = SPLAT(0.0);
    for (long i = 0; i + 1 < b->n; i++) {
        v8 flux = w[i] * (a->psi[i + 1] - a->psi[i]);
        a->f[i] = a->f[i] + flux;
        a->f[i + 1] = -flux;
    }
}

/* Per-line sums of one Newton system: residual, |y| and flux magnitude (|c|, the same in
 * every pass of a solve, is summed once by `newton`). */
typedef struct { v8 rs, ys, mag; } sums;

/* G(y) = a0 y + c - h F(y) and the Newton matrix, as LineSystem.newtonSystem; `fresh` when
 * a->psi and a->slope already hold Psi(y) and Psi'(y)/rho_d (the same numbers, not refilled). */
INLINE void newton_system(const ganflow_line_bundle *b, double a0, double h, const v8 *y, arrays *a, int fresh,
                          sums *out) {
    const v8 *w = (const v8 *)b->weights;
    const v8 va0 = SPLAT(a0), vh = SPLAT(h), vmh = SPLAT(-h), zero = SPLAT(0.0);
    long n = b->n;
    if (!fresh) potentials(b, y, a);
    /* Distinct arrays (restrict): each value is loaded once and the stores need not wait. */
    const v8 *restrict psi = a->psi, *restrict slope = a->slope, *restrict cst = a->constant;
    const v8 *restrict wv = w, *restrict yv = y;
    v8 *restrict res = a->res, *restrict di = a->di, *restrict lo = a->lo, *restrict up = a->up;
    v8 fprev = zero, dsum = zero, left = psi[0], dl = slope[0], aleft = VABS(left);
    sums s = {zero, zero, zero};
    for (long i = 0; i + 1 < n; i++) {
        v8 right = psi[i + 1], dr = slope[i + 1], wi = wv[i], yi = yv[i];
        v8 aright = VABS(right);
        v8 flux = wi * (right - left);
        v8 f = fprev + flux;
        s.mag = s.mag + wi * (aright + aleft);
        v8 g = va0 * yi + cst[i] - vh * f;
        res[i] = g;
        s.rs = s.rs + VABS(g); s.ys = s.ys + VABS(yi);
        v8 wl = wi * dl, wr = wi * dr;
        di[i] = va0 - vh * (dsum - wl);
        lo[i] = wl * vmh;
        up[i] = wr * vmh;
        fprev = -flux;
        dsum = zero - wr;
        left = right; dl = dr; aleft = aright;
    }
    v8 g = va0 * yv[n - 1] + cst[n - 1] - vh * fprev;
    res[n - 1] = g;
    s.rs = s.rs + VABS(g); s.ys = s.ys + VABS(yv[n - 1]);
    di[n - 1] = va0 - vh * dsum;
    *out = s;
}

/* M delta = G by the two-sided elimination of Analytic's TridiagonalWorkspace, in its order,
 * and y <- y - delta on the lanes in `running`. ok receives the lanes whose delta is finite.
 * That is also the workspace's test (finite pivots, nonzero middle pivot, finite solution):
 * a non-finite reciprocal pivot r makes z = (...) r infinite or NaN (0 times infinity), and
 * delta = z - c delta' inherits it; a zero middle pivot makes its delta infinite or NaN. */
INLINE void solve(long n, arrays *a, v8 *restrict y, const m8 *lanes, m8 *ok) {
    const m8 running = *lanes;
    const v8 *restrict d = a->di, *restrict lw = a->lo;
    v8 *restrict c = a->up, *restrict z = a->res;   /* u[s], rhs[s] read before c[s], z[s] overwrite them */
    const v8 zero = SPLAT(0.0), one = SPLAT(1.0);
    long k = n / 2, upward = n - 1 - k;
    v8 cp = zero, zp = zero, lp = zero, en = zero, yn = zero, uh = zero;
    for (long s = 0; s < upward; s++) {
        long j = n - 1 - s;
        v8 r = one / (d[s] - lp * cp);
        v8 ci = c[s] * r, zi = (z[s] - lp * zp) * r;
        lp = lw[s];
        c[s] = ci; z[s] = zi;
        cp = ci; zp = zi;
        v8 q = one / (d[j] - uh * en);
        v8 ej = lw[j - 1] * q, yj = (z[j] - uh * yn) * q;
        uh = c[j - 1];            /* u[j - 1]: index j - 1 >= k is not yet overwritten */
        c[j] = ej; z[j] = yj;
        en = ej; yn = yj;
    }
    if (k > upward) {
        long s = k - 1;
        v8 r = one / (d[s] - lp * cp);
        c[s] = c[s] * r; z[s] = (z[s] - lp * zp) * r;
    }
    v8 lk = k > 0 ? lw[k - 1] : zero, uk = k < n - 1 ? c[k] : zero;
    v8 cl = k > 0 ? c[k - 1] : zero, zl = k > 0 ? z[k - 1] : zero;
    v8 er = k < n - 1 ? c[k + 1] : zero, yr = k < n - 1 ? z[k + 1] : zero;
    v8 pivot = d[k] - lk * cl - uk * er;
    v8 xk = (z[k] - lk * zl - uk * yr) / pivot;
    m8 fin = FINITE(xk);
    y[k] = SELECT(running, y[k] - xk, y[k]);
    v8 up = xk, down = xk;
    for (long s = 0; s < upward; s++) {
        long lo = k - 1 - s, hi = k + 1 + s;
        up = z[lo] - c[lo] * up;
        down = z[hi] - c[hi] * down;
        fin &= FINITE(up) & FINITE(down);
        y[lo] = SELECT(running, y[lo] - up, y[lo]);
        y[hi] = SELECT(running, y[hi] - down, y[hi]);
    }
    if (k > upward) {
        up = z[0] - c[0] * up;
        fin &= FINITE(up);
        y[0] = SELECT(running, y[0] - up, y[0]);
    }
    *ok = fin;
}

/* NewtonIteration.solve (verifiesResidual on) on every line from its iterate in y; a line
 * stops at its own convergence and its values are not touched after. 0, or -1 when some
 * line fails. norm[l] receives the accepted residual norm, keep (when not NULL) G there.
 * `fresh`: a->psi and a->slope hold the potentials of the starting y (the last pass of the
 * previous stage, or F's evaluation, was made there). On success they hold those of the
 * result: every line's last pass was made at its accepted iterate and the converged lines
 * keep their values. */
INLINE int newton(const ganflow_line_bundle *b, double h, v8 *y, const double *tol, int max_iterations,
                  arrays *a, int fresh, double *norm, double *keep) {
    long n = b->n;
    const double sp = b->spacing;
    int active[8], iterations[8];
    double previous[8];
    for (int l = 0; l < 8; l++) { active[l] = 1; iterations[l] = 0; previous[l] = INFINITY; }
    m8 running = SPLAT_MASK(-1);
    v8 cs = SPLAT(0.0);
    for (long i = 0; i < n; i++) cs = cs + VABS(a->constant[i]);
    for (;;) {
        m8 bad = SPLAT_MASK(0);
        for (long i = 0; i < n; i++) bad |= running & ~FINITE(y[i]);
        for (int l = 0; l < 8; l++) if ((bad)[l]) return -1;
        sums s;
        newton_system(b, 1.0, h, y, a, fresh, &s);
        fresh = 0;
        int remaining = 0;
        for (int l = 0; l < 8; l++) {
            if (!active[l]) continue;
            double r = sp * (s.rs)[l];
            if (!isfinite(r)) return -1;
            double floor = 2 * EPS * sp * (s.mag)[l];
            double round_off = 8 * (h * floor + EPS * (1.0 * (sp * (s.ys)[l]) + sp * (cs)[l]));
            int converged = r <= fmax(tol[l], round_off)
                || (iterations[l] > 0 && r >= previous[l] && r <= 100 * round_off);
            if (converged && (iterations[l] > 0 || r == 0)) {
                active[l] = 0; norm[l] = r;
                if (keep) for (long i = 0; i < n; i++) keep[8 * i + l] = (a->res[i])[l];
                continue;
            }
            if (iterations[l] >= max_iterations) return -1;
            previous[l] = r;
            remaining = 1;
        }
        if (!remaining) return 0;
        for (int l = 0; l < 8; l++) running[l] = active[l] ? -1 : 0;
        m8 ok;
        solve(n, a, y, &running, &ok);
        for (int l = 0; l < 8; l++) if (active[l] && !(ok)[l]) return -1;
        for (int l = 0; l < 8; l++) iterations[l] += active[l];
    }
}

#if defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
int ganflow_line_bundle_substep(const ganflow_line_bundle *b, const ganflow_substep *step, const double *old_values,
                                double *y_values, double *allowance, double *residual, double *work) {
    long n = b->n;
    if (n < 1) return -1;
    const v8 *old = (const v8 *)old_values;
    v8 *y = (v8 *)y_values;
    arrays a = carve(work, n);
    const double sp = b->spacing;
    double tol[8], r1[8], r2[8];
    v8 mass = SPLAT(0.0);
    for (long i = 0; i < n; i++) mass = mass + VABS(old[i]);
    for (int l = 0; l < 8; l++) tol[l] = fmax(1e-15 * (sp * (mass)[l]), 1e-300);
    for (long i = 0; i < n; i++) y[i] = old[i];
    if (!step->tr_bdf2) {
        for (long i = 0; i < n; i++) a.constant[i] = -old[i];
        if (newton(b, step->tau, y, tol, step->max_iterations, &a, 0, r1, residual) != 0) return -1;
        for (int l = 0; l < 8; l++) allowance[l] = b->other * r1[l];
        return 0;
    }
    const v8 h1 = SPLAT(step->h1), w1 = SPLAT(step->stage_weight), w0 = SPLAT(step->start_weight);
    v8 c1 = SPLAT(0.0), c2 = SPLAT(0.0);
    evaluate(b, old, &a);
    for (long i = 0; i < n; i++) {
        a.constant[i] = -(old[i] + h1 * a.f[i]);
        c1 = c1 + (VABS(old[i]) + h1 * VABS(a.f[i]));
    }
    if (newton(b, step->h1, y, tol, step->max_iterations, &a, 1, r1, NULL) != 0) return -1;
    for (long i = 0; i < n; i++) {
        a.constant[i] = -(w1 * y[i] - w0 * old[i]);
        c2 = c2 + (w1 * VABS(y[i]) + w0 * VABS(old[i]));
    }
    if (newton(b, step->h2, y, tol, step->max_iterations, &a, 1, r2, residual) != 0) return -1;
    double scale = b->other * sp * 2 * EPS;
    double w1s = step->stage_weight;
    for (int l = 0; l < 8; l++)
        allowance[l] = w1s * (b->other * r1[l] + scale * (c1)[l]) + b->other * r2[l] + scale * (c2)[l];
    return 0;
}

/* Full bundles of lines adjacent in memory (line_stride 1) move 8 contiguous doubles per
 * cell; full bundles across rows are an 8 x n transpose with constant strides. */
void ganflow_bundle_gather(const double *grid, long first, long count, long n, long cell_stride, long line_stride,
                           double *bundle) {
    if (count == GANFLOW_BUNDLE_WIDTH && line_stride == 1) {
        for (long k = 0; k < n; k++) memcpy(bundle + k * GANFLOW_BUNDLE_WIDTH, grid + first + k * cell_stride, sizeof(v8));
        return;
    }
    if (count == GANFLOW_BUNDLE_WIDTH) {
        for (long l = 0; l < GANFLOW_BUNDLE_WIDTH; l++) {
            const double *line = grid + (first + l) * line_stride;
            for (long k = 0; k < n; k++) bundle[k * GANFLOW_BUNDLE_WIDTH + l] = line[k * cell_stride];
        }
        return;
    }
    for (long k = 0; k < n; k++)
        for (long l = 0; l < GANFLOW_BUNDLE_WIDTH; l++)
            bundle[k * GANFLOW_BUNDLE_WIDTH + l] = l < count ? grid[(first + l) * line_stride + k * cell_stride] : 0.0;
}

void ganflow_bundle_scatter(const double *bundle, long first, long count, long n, long cell_stride, long line_stride,
                            double *grid) {
    if (count == GANFLOW_BUNDLE_WIDTH && line_stride == 1) {
        for (long k = 0; k < n; k++) memcpy(grid + first + k * cell_stride, bundle + k * GANFLOW_BUNDLE_WIDTH, sizeof(v8));
        return;
    }
    if (count == GANFLOW_BUNDLE_WIDTH) {
        for (long l = 0; l < GANFLOW_BUNDLE_WIDTH; l++) {
            double *line = grid + (first + l) * line_stride;
            for (long k = 0; k < n; k++) line[k * cell_stride] = bundle[k * GANFLOW_BUNDLE_WIDTH + l];
        }
        return;
    }
    for (long k = 0; k < n; k++)
        for (long l = 0; l < count; l++)
            grid[(first + l) * line_stride + k * cell_stride] = bundle[k * GANFLOW_BUNDLE_WIDTH + l];
}
