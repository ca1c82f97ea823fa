#ifndef GANFLOW_FLUX_KERNELS_H
#define GANFLOW_FLUX_KERNELS_H

/* The JS flux potential Psi(u) = log(1 + u)/2 and its slope on whole grid lines, written in
 * C so that the compiler vectorises the loop (and, on x86-64 Linux, picks the widest vector
 * unit of the machine at load time). Sim's `JSPsi` documents the method; the C and Swift
 * versions perform the same operations in the same order (no fused multiply-add), so they
 * agree bit for bit (tested). */

/* For i < n, with u = y[i] * inverse[i]:
 *   psi[i]   = log1p(u) / 2            (u / 2 when u < 0)
 *   slope[i] = (0.5 / (1 + u)) * inverse[i]   (0.5 * inverse[i] when u < 0).
 * Cells with u >= 2^1000 or u not a number take the platform's log1p. */
void ganflow_js_psi_fill(const double *y, const double *inverse, double *psi, double *slope, long n);

/* The number of grid lines in one bundle (8 doubles: one 512-bit vector). */
#define GANFLOW_BUNDLE_WIDTH 8

/* A bundle of GANFLOW_BUNDLE_WIDTH grid lines of n cells, interleaved: cell k of line l at
 * k * GANFLOW_BUNDLE_WIDTH + l. A bundle with fewer lines is padded with empty lines (face
 * weights 0, inverse target averages 1, values 0), which take no Newton update. */
typedef struct {
    long n;
    const double *weights;   /* (n - 1) * nb face weights */
    const double *inverse;   /* n * nb inverse target averages */
    double spacing;          /* cell width along the lines */
    double other;            /* cell width across them */
    int kind;                /* 0 JS, 1 KL, 2 chi^2 */
} ganflow_line_bundle;

/* One sub-step: implicit Euler of length tau, or TR-BDF2 with its stage lengths h1, h2 and
 * the BDF2 stage's weights of the stage value and of the start. */
typedef struct {
    int tr_bdf2;
    double tau, h1, h2, stage_weight, start_weight;
    int max_iterations;
} ganflow_substep;

/* The sub-step from `old` into `y` on every line of the bundle, as Sim's per-line path computes
 * it line by line (the same bits): allowance[l] the line's mass allowance, residual (n lines'
 * worth, or NULL) each line's last Newton residual. work holds 8 * n * GANFLOW_BUNDLE_WIDTH
 * doubles. Returns 0, or -1 when Newton failed on some line (or n < 1). */
int ganflow_line_bundle_substep(const ganflow_line_bundle *bundle, const ganflow_substep *step,
                                const double *old, double *y, double *allowance, double *residual,
                                double *work);

/* Copies the n cells of grid lines first ..< first + count into a bundle (padding lanes 0),
 * and back: cell k of line i is at grid[i * line_stride + k * cell_stride]. */
void ganflow_bundle_gather(const double *grid, long first, long count, long n, long cell_stride, long line_stride,
                           double *bundle);
void ganflow_bundle_scatter(const double *bundle, long first, long count, long n, long cell_stride, long line_stride,
                            double *grid);

/* The step guard's figures of a state over cells first ..< end (Sim's MonitoredState: mass
 * h-free sums, extremes of rho and of u = rho * inv over the active cells, the largest rho_d
 * there, and the six functionals' sums and term scales in the order JS, KL, chi^2, TV, H^2,
 * L^4, chi^2 and L^4 in units of scale^2 and scale^4). */
typedef struct {
    double mass, absolute_mass, minimum, maximum, u_minimum, u_maximum, rd_maximum;
    double values[6], scales[6];
} ganflow_monitored_sums;

void ganflow_monitored_sums_range(const double *rho, const double *rd, const double *inv, const _Bool *active,
                                long first, long end, double scale, ganflow_monitored_sums *out);

#endif
