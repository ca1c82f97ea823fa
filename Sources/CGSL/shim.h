// The parts of GSL that ganflow uses, plus getters for GSL's global type objects.
//
// GSL's step, generator and minimiser types are mutable C globals; Swift 6 rejects
// them as not concurrency-safe. Each is reached through a `static inline` getter here,
// so Swift only ever sees a function returning a pointer to a constant type object.
#ifndef GANFLOW_CGSL_SHIM_H
#define GANFLOW_CGSL_SHIM_H

#include <setjmp.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_sf_log.h>
#include <gsl/gsl_sf_result.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_fft_real.h>
#include <gsl/gsl_fft_halfcomplex.h>
#include <gsl/gsl_fft_complex.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_monte.h>
#include <gsl/gsl_monte_vegas.h>
#include <gsl/gsl_monte_plain.h>

// Random number generator types.
static inline const gsl_rng_type *cgsl_rng_mt19937(void) { return gsl_rng_mt19937; }

// Fixed-point quadrature rules.
static inline const gsl_integration_fixed_type *cgsl_integration_fixed_hermite(void) { return gsl_integration_fixed_hermite; }

// ODE steppers.
static inline const gsl_odeiv2_step_type *cgsl_odeiv2_step_rk8pd(void) { return gsl_odeiv2_step_rk8pd; }
static inline const gsl_odeiv2_step_type *cgsl_odeiv2_step_rkf45(void) { return gsl_odeiv2_step_rkf45; }
static inline const gsl_odeiv2_step_type *cgsl_odeiv2_step_msbdf(void) { return gsl_odeiv2_step_msbdf; }

// Minimisers.
static inline const gsl_multimin_fminimizer_type *cgsl_multimin_nmsimplex2(void) { return gsl_multimin_fminimizer_nmsimplex2; }
static inline const gsl_multimin_fdfminimizer_type *cgsl_multimin_bfgs2(void) { return gsl_multimin_fdfminimizer_vector_bfgs2; }

// Root solvers.
static inline const gsl_root_fsolver_type *cgsl_root_brent(void) { return gsl_root_fsolver_brent; }

// CQUAD with a cap on integrand evaluations.
//
// GSL's CQUAD keeps no iteration count: on an integrand it cannot resolve to the
// tolerance it refines for ever (no error is ever returned). The wrapper counts the
// evaluations and, at the cap, jumps back out of gsl_integration_cquad with longjmp and
// returns GSL_EMAXITER. The jump crosses only GSL's own C frames and this file's
// callback, never a Swift frame (the Swift integrand is called only below the cap), and
// CQUAD allocates nothing during a call (its workspace is the caller's), so nothing
// leaks. The state lives on the heap: it is read after the jump, which C guarantees
// only for objects that are not non-volatile automatic variables of the setjmp caller.
typedef struct {
    const gsl_function *inner;
    size_t count;
    size_t limit;
    jmp_buf stop;
} cgsl_cquad_cap;

static inline double cgsl_cquad_capped_eval(double x, void *params) {
    cgsl_cquad_cap *cap = (cgsl_cquad_cap *)params;
    if (cap->count >= cap->limit) longjmp(cap->stop, 1);
    cap->count++;
    return GSL_FN_EVAL(cap->inner, x);
}

/// gsl_integration_cquad, returning GSL_EMAXITER (result NaN, error +inf) once the
/// integrand has been evaluated `limit` times; GSL_ENOMEM if the state cannot be allocated.
static inline int cgsl_integration_cquad_capped(const gsl_function *f, double a, double b,
                                                double epsabs, double epsrel,
                                                gsl_integration_cquad_workspace *ws,
                                                double *result, double *abserr, size_t *nevals,
                                                size_t limit) {
    cgsl_cquad_cap *cap = (cgsl_cquad_cap *)malloc(sizeof(cgsl_cquad_cap));
    if (cap == NULL) return GSL_ENOMEM;
    cap->inner = f;
    cap->count = 0;
    cap->limit = limit;
    gsl_function outer;
    outer.function = &cgsl_cquad_capped_eval;
    outer.params = cap;
    int status;
    if (setjmp(cap->stop) != 0) {
        *result = GSL_NAN;
        *abserr = GSL_POSINF;
        *nevals = cap->count;
        status = GSL_EMAXITER;
    } else {
        status = gsl_integration_cquad(&outer, a, b, epsabs, epsrel, ws, result, abserr, nevals);
    }
    free(cap);
    return status;
}

#endif
