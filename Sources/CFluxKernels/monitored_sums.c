#include "flux_kernels.h"
#include "vector8.h"
#include "log_reduction.h"

#include <math.h>

/* The figures Sim's step guard compares (MonitoredState: mass, extremes, and the convex
 * functionals JS, KL, chi^2, TV, H^2, L^4 of u = rho/rho_d with their term scales), summed
 * over cells first ..< end, eight cells at a time: lane l sums the cells first + 8k + l, and
 * the lanes are added in order 0 ... 7. Each term is the formula of MonitoredSumsReference
 * (MonitoredFunctionals.swift), with log and log1p by the reduction of Sim's Log1pKernel
 * (within 1 ulp, as the platform's: at most 0.79 and 0.86 ulp measured in 10^6 arguments by
 * Tests/Fixtures/log1p_accuracy.py). The sums differ from that one-pass reference only by
 * their order: N terms in 8 lanes of at most N/8 + 1 terms, then 7 additions, so each term
 * carries at most (N/8 + 8) relative roundings, within MonitoredState's (N + 8)eps bound.
 * The extremes are exact (comparisons only, in Swift's min and max semantics: a NaN is never
 * taken). The same vector type on every target, so the same bits on every machine. */

#pragma clang fp contract(off)


/* log(x) + c for x > 0 normal and finite, the exponent of x offset by `shift`: the reduction
 * and polynomial of Sim's Log1pKernel. */
INLINE void log_core(const v8 *px, const v8 *pc, const v8 *pshift, v8 *out) {
    v8 x = *px;
    m8 bits = (m8)x;
    v8 de = (v8)(((bits >> 52) & SPLAT_MASK(0x7FF)) | SPLAT_MASK(0x4330000000000000LL)) - SPLAT(0x1p52 + 1023.0);
    v8 m = (v8)((bits & SPLAT_MASK(0x000FFFFFFFFFFFFFLL)) | SPLAT_MASK(0x3FF0000000000000LL));
    m8 high = m > SPLAT(sqrt2);
    m = SELECT(high, m * SPLAT(0.5), m);
    de = SELECT(high, de + SPLAT(1.0), de);
    de = de + *pshift;
    v8 f = m - SPLAT(1.0);
    v8 s = f / (SPLAT(2.0) + f);
    v8 z = s * s;
    v8 hf = SPLAT(0.5) * f * f;
    v8 r = LOG_REDUCTION_R(z);
    *out = de * SPLAT(ln2_hi) + (f - (hf - (s * (hf + r) + (de * SPLAT(ln2_lo) + *pc))));
}

/* Per-lane accumulators. */
typedef struct { v8 m, am, lo, hi, ulo, uhi, rdmax, value[6], scale[6]; } lanes;

/* Adds cells whose lanes are in `valid` (rho, rd, inv of 8 cells; act their active flags). */
INLINE void add8(lanes *L, const v8 *prho, const v8 *prd, const v8 *pinv, const m8 *pact, const m8 *pvalid,
                 double s, double s3) {
    const v8 zero = SPLAT(0.0), one = SPLAT(1.0), half = SPLAT(0.5), ln2 = SPLAT(M_LN2);
    const m8 valid = *pvalid, act = *pact & valid;
    v8 r = SELECT(valid, *prho, zero);
    L->m = L->m + r;
    L->am = L->am + VABS(r);
    L->lo = SELECT(valid & (r < L->lo), r, L->lo);
    L->hi = SELECT(valid & (r >= L->hi), r, L->hi);
    v8 d = SELECT(act, *prd, zero);
    L->rdmax = SELECT(act & (d >= L->rdmax), d, L->rdmax);
    v8 uraw = r * *pinv;
    L->ulo = SELECT(act & (uraw < L->ulo), uraw, L->ulo);
    L->uhi = SELECT(act & (uraw >= L->uhi), uraw, L->uhi);
    /* u = max(0, u_raw) (a NaN becomes 0, as Swift's max); inactive lanes take u = 1, whose
     * terms are finite, times d = 0. */
    v8 u = SELECT(uraw >= zero, uraw, zero);
    u = SELECT(act, u, one);
    m8 finite = FINITE(u);
    /* log u: 0 at u = 0; subnormal u scaled by 2^54 first; +inf at +inf. */
    m8 tiny = u < SPLAT(0x1p-1022);
    v8 x = SELECT(tiny, u * SPLAT(0x1p54), u), shift = SELECT(tiny, SPLAT(-54.0), zero), nothing = zero;
    x = SELECT(finite & (u > zero), x, one);
    v8 lu;
    log_core(&x, &nothing, &shift, &lu);
    lu = SELECT(u > zero, lu, zero);
    lu = SELECT(finite, lu, u);
    /* log1p u = log w + (u - (w - 1))/w, w = 1 + u; +inf at +inf. */
    v8 w = SELECT(finite, one + u, one);
    v8 c = (u - (w - one)) * (one / w);
    c = SELECT(finite, c, zero);
    v8 l1;
    log_core(&w, &c, &nothing, &l1);
    l1 = SELECT(finite, l1, u);
    v8 ulu = u * lu, aulu = VABS(ulu);
    v8 lhalf = l1 - ln2;
    L->value[0] = L->value[0] + d * (half * (ulu - (one + u) * lhalf));
    L->scale[0] = L->scale[0] + d * (aulu + (one + u) * (VABS(l1) + ln2) + one);
    L->value[1] = L->value[1] + d * (ulu - u + one);
    L->scale[1] = L->scale[1] + d * (SPLAT(2.0) * aulu + u + one);
    v8 vs = SPLAT(s), vs3 = SPLAT(s3);
    v8 um1 = u - one;
    v8 um1s = um1 * vs, up1s = (u + one) * vs;
    L->value[2] = L->value[2] + d * um1s * um1s;
    L->scale[2] = L->scale[2] + d * up1s * up1s;
    L->value[3] = L->value[3] + d * half * VABS(um1);
    L->scale[3] = L->scale[3] + d * (u + one);
    v8 sq = __builtin_elementwise_sqrt(u);
    L->value[4] = L->value[4] + d * half * (sq - one) * (sq - one);
    L->scale[4] = L->scale[4] + d * (sq + one) * (sq + one);
    v8 us = u * vs, us2 = us * us;
    L->value[5] = L->value[5] + d * (us2 * us2 - (SPLAT(4.0) * us - SPLAT(3.0) * vs) * vs3);
    L->scale[5] = L->scale[5] + d * (SPLAT(5.0) * us2 * us2 + (SPLAT(4.0) * us + SPLAT(5.0) * vs) * vs3);
}

#if defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void ganflow_monitored_sums_range(const double *rho, const double *rd, const double *inv, const _Bool *active,
                                long first, long end, double scale, ganflow_monitored_sums *out) {
    const double s = 1 / scale, s3 = s * s * s;
    const v8 zero = SPLAT(0.0), inf = SPLAT(INFINITY);
    lanes L = {zero, zero, inf, -inf, inf, -inf, zero, {zero, zero, zero, zero, zero, zero},
               {zero, zero, zero, zero, zero, zero}};
    const m8 all = SPLAT_MASK(-1);
    long i = first;
    for (; i + 8 <= end; i += 8) {
        v8 r, d, v;
        m8 a;
        for (int l = 0; l < 8; l++) { r[l] = rho[i + l]; d[l] = rd[i + l]; v[l] = inv[i + l]; a[l] = active[i + l] ? -1 : 0; }
        add8(&L, &r, &d, &v, &a, &all, s, s3);
    }
    if (i < end) {
        v8 r = zero, d = zero, v = zero;
        m8 a = SPLAT_MASK(0), valid = SPLAT_MASK(0);
        for (int l = 0; i + l < end; l++) {
            r[l] = rho[i + l]; d[l] = rd[i + l]; v[l] = inv[i + l]; a[l] = active[i + l] ? -1 : 0; valid[l] = -1;
        }
        add8(&L, &r, &d, &v, &a, &valid, s, s3);
    }
    ganflow_monitored_sums o = {0, 0, INFINITY, -INFINITY, INFINITY, -INFINITY, 0, {0}, {0}};
    for (int l = 0; l < 8; l++) {
        o.mass += L.m[l]; o.absolute_mass += L.am[l];
        if (L.lo[l] < o.minimum) o.minimum = L.lo[l];
        if (L.hi[l] >= o.maximum) o.maximum = L.hi[l];
        if (L.ulo[l] < o.u_minimum) o.u_minimum = L.ulo[l];
        if (L.uhi[l] >= o.u_maximum) o.u_maximum = L.uhi[l];
        if (L.rdmax[l] >= o.rd_maximum) o.rd_maximum = L.rdmax[l];
        for (int j = 0; j < 6; j++) { o.values[j] += L.value[j][l]; o.scales[j] += L.scale[j][l]; }
    }
    *out = o;
}
