#ifndef GANFLOW_VECTOR8_H
#define GANFLOW_VECTOR8_H

/* Eight doubles as one GCC vector (one 512-bit register with AVX-512, two with AVX2, four on
 * the x86-64 baseline), lane masks, and the lane-wise helpers the kernels share. Private to
 * CFluxKernels. */

typedef double v8 __attribute__((vector_size(64), aligned(8)));
typedef long long m8 __attribute__((vector_size(64), aligned(8)));   /* lane masks: -1 or 0 */

#define INLINE static inline __attribute__((always_inline))

/* Lane-wise helpers as macros (and vectors passed by pointer): a vector passed to or returned
 * from a function would change the calling convention between the targets' clones. */
#define SPLAT(x) ({ double s_ = (x); (v8){s_, s_, s_, s_, s_, s_, s_, s_}; })
#define SPLAT_MASK(x) ({ long long s_ = (x); (m8){s_, s_, s_, s_, s_, s_, s_, s_}; })
#define VABS(v) ((v8)((m8)(v) & SPLAT_MASK(0x7FFFFFFFFFFFFFFFLL)))
#define FINITE(v) (VABS(v) <= SPLAT(0x1.fffffffffffffp1023))
#define SELECT(m, a, b) ((v8)((((m8)(a)) & (m)) | (((m8)(b)) & ~(m))))

#endif
