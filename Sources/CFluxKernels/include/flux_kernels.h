#ifndef GANFLOW_FLUX_KERNELS_H
#define GANFLOW_FLUX_KERNELS_H

/* The JS flux potential Psi(u) = log(1 + u)/2 and its slope on whole grid lines, written in
 * C so that the compiler vectorises the loop (and, on x86-64 Linux, picks the widest vector
 * unit of the machine at load time). Sim's `JSPsi` documents the method; the C and Swift
 * versions perform the same operations in the same order (no fused multiply-add), so they
 * agree bit for bit (tested). */

/* log(1 + u) by the argument reduction of Sim's `Log1pKernel`, for one u in [0, 2^1000). */
double ganflow_log1p(double u);

/* For i < n, with u = y[i] * inverse[i]:
 *   psi[i]   = log1p(u) / 2            (u / 2 when u < 0)
 *   slope[i] = (0.5 / (1 + u)) * inverse[i]   (0.5 * inverse[i] when u < 0).
 * Cells with u >= 2^1000 or u not a number take the platform's log1p. */
void ganflow_js_psi_fill(const double *y, const double *inverse, double *psi, double *slope, long n);

#endif
