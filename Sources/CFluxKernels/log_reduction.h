#ifndef GANFLOW_LOG_REDUCTION_H
#define GANFLOW_LOG_REDUCTION_H

/* The constants and polynomial of the log reduction that Sim's Log1pKernel documents, shared
 * by the scalar fill (flux_kernels.c) and the vector sums (monitored_sums.c). Private to
 * CFluxKernels. With w = 2^e m, m in [sqrt 1/2, sqrt 2), f = m - 1, s = f / (2 + f), z = s^2:
 *     log w = e ln2_hi + (f - (hf - (s (hf + R) + (e ln2_lo + c)))),   hf = f^2 / 2,
 * R = LOG_REDUCTION_R(z) = z P(z) (coefficients from Tests/Fixtures/log1p_polynomial.py).
 * The macro is Horner's rule in a fixed order and works on doubles and on vectors of
 * doubles alike (a scalar coefficient broadcasts), so both files compute the same bits. */

static const double ln2_hi = 0x1.62e42p-1;                 /* ln 2 with its low 32 bits zero */
static const double ln2_lo = 0x1.fdf473de6af28p-22;       /* ln 2 - ln2_hi, rounded */
static const double sqrt2 = 0x1.6a09e667f3bcdp+0;

#define LOG_REDUCTION_R(z) \
    ((((((((z) * 0.14616585424888623 + 0.15331710618210773) * (z) + 0.18182889455674947) * (z) \
        + 0.22222211130259878) * (z) + 0.2857142862600327) * (z) + 0.39999999999899444) * (z) \
        + 0.666666666666667) * (z))

#endif
