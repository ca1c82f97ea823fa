#include "flux_kernels.h"
#include "log_reduction.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

/* No contraction of a * b + c into one fused operation: every target computes the same bits. */
#pragma clang fp contract(off)


static inline double bits_to_double(uint64_t b) { double d; memcpy(&d, &b, sizeof d); return d; }
static inline uint64_t double_to_bits(double d) { uint64_t b; memcpy(&b, &d, sizeof b); return b; }

/* The reduction of Sim's Log1pKernel, branch free (selects only) so the loop vectorises. */
static inline double log1p_core(double u, double *reciprocal) {
    double w = 1.0 + u;
    double rw = 1.0 / w;
    *reciprocal = rw;
    double c = (u - (w - 1.0)) * rw;
    uint64_t bits = double_to_bits(w);
    double de = bits_to_double((bits >> 52) | 0x4330000000000000ULL) - (0x1p52 + 1023.0);
    double m = bits_to_double((bits & 0x000FFFFFFFFFFFFFULL) | 0x3FF0000000000000ULL);
    int high = m > sqrt2;
    m = high ? m * 0.5 : m;
    de = high ? de + 1.0 : de;
    double f = m - 1.0;
    double s = f / (2.0 + f);
    double z = s * s;
    double hf = 0.5 * f * f;
    double r = LOG_REDUCTION_R(z);
    return de * ln2_hi + (f - (hf - (s * (hf + r) + (de * ln2_lo + c))));
}

#if defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void ganflow_js_psi_fill(const double *y, const double *inverse, double *psi, double *slope, long n) {
    int outside = 0;
    for (long i = 0; i < n; i++) {
        double s = inverse[i];
        double u = y[i] * s;
        int inside = u >= 0.0 && u < 0x1p1000;
        double v = inside ? u : 0.0;
        double rw;
        psi[i] = 0.5 * log1p_core(v, &rw);
        slope[i] = 0.5 * rw * s;          /* = 0.5 / (1 + v) * s: halving is exact */
        outside |= !inside;
    }
    if (!outside) return;
    for (long i = 0; i < n; i++) {
        double s = inverse[i];
        double u = y[i] * s;
        if (u >= 0.0 && u < 0x1p1000) continue;
        if (u >= 0.0) {
            psi[i] = 0.5 * log1p(u);
            slope[i] = 0.5 / (1.0 + u) * s;
        } else {           /* u < 0, or not a number (psi NaN, slope 0.5 s, as in Swift) */
            psi[i] = 0.5 * u;
            slope[i] = 0.5 * s;
        }
    }
}
