// Numeric kernels of NNCore and NNAnalysis, compiled in several versions for different instruction sets and
// chosen once per process at run time (the best the CPU supports, or the one NNVIZ_CPU names).
//
// Every version computes the same bits: each output element is summed in the same order on every path
// (vector width only groups independent elements), fused multiply-adds are used in the same places on every
// path (the baseline version computes them through libm's exact fma), and no other contraction happens.
#ifndef CNNKERNELS_H
#define CNNKERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Kernel paths. Not every path exists on every CPU or architecture: see nnk_path_supported.
enum {
    NNK_PATH_BASELINE = 0,  ///< portable C: SSE2 on x86-64, NEON on arm64
    NNK_PATH_AVX2 = 1,      ///< x86-64 with AVX2 and FMA
    NNK_PATH_AVX512 = 2,    ///< x86-64 with AVX-512 F, DQ, BW, VL (and AVX2, FMA)
    NNK_PATH_NEON = 3,      ///< arm64 (Advanced SIMD, always present there)
    NNK_PATH_COUNT = 4
};

/// How a product initialises and stores each output element c (acc = Σ in order of the inner index).
enum {
    NNK_INIT_ZERO = 0,      ///< c = acc, acc starting from 0
    NNK_INIT_BIAS = 1,      ///< c = acc, acc starting from bias[row]
    NNK_INIT_LOAD = 2,      ///< c = acc, acc starting from c itself (the chain continues)
    NNK_INIT_ADD = 3,       ///< c = c + acc, acc starting from 0
    NNK_INIT_ADD_ZERO = 4   ///< c = +0 + acc, acc starting from 0 (c is not read)
};

/// The path's name ("baseline", "avx2", "avx512", "neon"), or "" for an unknown number.
const char *nnk_path_name(int path);
/// 1 when this CPU and this build can run the path.
int nnk_path_supported(int path);
/// The best path this CPU supports.
int nnk_best_path(void);
/// The path in use on this thread (chosen on first use: NNVIZ_CPU if set, else the best).
int nnk_active_path(void);
/// Switches to a path; returns 0, or -1 (nothing changed) when the CPU cannot run it.
int nnk_select_path(int path);
/// Overrides the path for the calling thread only (tests compare paths in one process while other threads run);
/// a negative path removes the override. Returns the previous override (-1: none), or -2 (nothing changed) when
/// the CPU cannot run the path.
int nnk_set_thread_path(int path);
/// Reads NNVIZ_CPU and selects the path it names. Returns 0 when it is unset, empty or valid; otherwise 1, with a
/// one-line message (no newline) in `message`. Called by nnviz at start-up; on first use of a kernel the same
/// check runs and, on an invalid value, prints that line to stderr and exits with status 2.
int nnk_configure_from_environment(char *message, size_t capacity);

/// Doubles of scratch a packed product with up to `columns` columns needs.
size_t nnk_pack_capacity(ptrdiff_t columns);

/// C[r, j] (r < rows, j < cols, row stride ldc) from acc = init + Σ_k A(r, k)·B(k, j), fused multiply-adds in
/// order of k. A(r, k) = a[r·ars + k·aks]; B(k, j) = b[k·ldb + j], or b[j·ldb + k] when b_transposed.
/// `pack` (nnk_pack_capacity(cols) doubles) selects the packed route for large products; b_transposed and
/// NNK_INIT_LOAD over k-blocks need it (with b_transposed it must not be NULL). Modes ADD and ADD_ZERO never pack.
void nnk_gemm(const double *a, ptrdiff_t ars, ptrdiff_t aks, const double *b, ptrdiff_t ldb, int b_transposed,
              double *c, ptrdiff_t ldc, ptrdiff_t rows, ptrdiff_t inner, ptrdiff_t cols, int init,
              const double *bias, double *pack);

/// gW (out × inp) += dZ (out × ld) · Aᵀ (A: inp × ld), gb (out) += row sums of dZ; ld a multiple of 8.
/// Dot-product form with four partial sums per element (lanes k mod 4), the reduction cut into blocks.
void nnk_weight_gradient_dot(const double *dz, const double *a, double *gw, double *gb,
                             ptrdiff_t out, ptrdiff_t inp, ptrdiff_t ld);
/// gb[o] += Σ_c dz[o·ld + c] for c < ld (ld a multiple of 8): two four-lane partial sums.
void nnk_row_sums(const double *dz, double *gb, ptrdiff_t out, ptrdiff_t ld);

/// NNAnalysis' general product: C[i, j] += Σ_p A(i, p)·B[p, j] with A(i, p) = a[i·rs + p·cs], B (k×n) and
/// C (m×n) row-major; each sum fused in order of p from zero, then added to C (to +0 when `overwrite`, C not
/// read). Columns beyond the last multiple of 4: per-element two-way dot products without fusion.
void nnk_gemm_acc(const double *a, ptrdiff_t rs, ptrdiff_t cs, const double *b, double *c,
                  ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, int overwrite);
/// C (m×n) += Aᵀ·B for narrow B (n < 4): A is k×m, B k×n, row-major.
void nnk_gemm_tn_narrow(const double *a, const double *b, double *c, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k);
/// Σ a[i]·b[i] (two four-lane partial sums, no fusion).
double nnk_dot(const double *a, const double *b, ptrdiff_t n);
/// y[i] += alpha·x[i] (no fusion).
void nnk_axpy(double alpha, const double *x, double *y, ptrdiff_t n);
/// c[i] = fma(a[i], b[i], c[i]).
void nnk_fma_vv(double *c, const double *a, const double *b, ptrdiff_t n);
/// c[i] = fma(s, x[i], c[i]).
void nnk_fma_sv(double *c, double s, const double *x, ptrdiff_t n);
/// c[i] = fma(s·w[i], k[i], c[i]).
void nnk_fma_scaled(double *c, double s, const double *w, const double *k, ptrdiff_t n);

/// out[r] = rows[r]·w (each exactly as nnk_dot), r < nrows; four rows share each pass over w.
void nnk_multi_dot(const double *const *rows, ptrdiff_t nrows, const double *w, ptrdiff_t n, double *out);
/// w[i] −= Σ_r c[r]·rows[r][i] (per element a fused chain over r in order from 0, then subtracted).
void nnk_combine_sub(const double *const *rows, ptrdiff_t nrows, const double *c, double *w, ptrdiff_t n);

/// y[s..<n] = B·v[s..<n] for the symmetric trailing block of A (n×n row-major, upper triangle read).
void nnk_symv_upper(const double *a, ptrdiff_t n, ptrdiff_t s, const double *v, double *y);
/// A[j, i] += Σ_q left[j, q]·R[q, i] for s ≤ j ≤ i < n; R's rows: w_0…w_{width−1} then v_0…v_{width−1}.
void nnk_syr2k_upper(double *a, ptrdiff_t n, ptrdiff_t s, const double *left, ptrdiff_t k,
                     const double *w_rows, const double *v_rows, ptrdiff_t width);

/// h[j] = tanh(z[j]) for j < count (count a multiple of 4; h may equal z): IEEE + − × ÷ and bit operations
/// only, within a few ulp of libm.
void nnk_tanh(const double *z, double *h, ptrdiff_t count);

/// One Adam step over n parameters: m = b1·m + (1−b1)·g; v = b2·v + (1−b2)·g²; θ = (θ·shrink when decay) −
/// lr·(m·c1)/(√(v·c2) + eps) (c1, c2 the bias corrections).
void nnk_adam(double *theta, const double *g, double *m, double *v, ptrdiff_t n, double b1, double b2,
              double one_minus_b1, double one_minus_b2, double c1, double c2, double eps, double lr, double shrink,
              int decay);
/// d[j] ·= 1 − h[j]² (tanh′ from the outputs h = tanh z).
void nnk_tanh_derivative(const double *h, double *d, ptrdiff_t count);

#ifdef __cplusplus
}
#endif

#endif
