// Kernel bodies, included once per path by kernels_<path>.c with NNK_SUFFIX (the path's name), NNK_VL
// (doubles per vector register) and NNK_MR (rows of the packed register tile) defined, inside a
// `#pragma clang attribute push(target(...))` that sets the instruction set of every function below.
//
// Bit-identity across paths: every output element is computed by the same sequence of IEEE operations on
// every path. Products sum each element in order of the inner index with fused multiply-adds
// (__builtin_elementwise_fma / __builtin_fma: hardware FMA where the path has it, libm's exact fma
// otherwise); the vector width only decides how many independent elements one instruction handles. Reductions
// that split a sum into lanes use four lanes (v4) on every path. Contraction of a*b+c is off.
#pragma clang fp contract(off)
#pragma clang diagnostic ignored "-Wpsabi"

#include <stdint.h>
#include <string.h>
#include "CNNKernels.h"
#include "nnk_internal.h"

#define NNK_CAT2(a, b) a##_##b
#define NNK_CAT(a, b) NNK_CAT2(a, b)
#define NNK_FN(name) NNK_CAT(name, NNK_SUFFIX)
#define NNK_INLINE static inline __attribute__((always_inline))

typedef double vd __attribute__((vector_size(NNK_VL * 8), aligned(8)));
typedef double v4 __attribute__((vector_size(32), aligned(8)));
typedef int64_t v4i __attribute__((vector_size(32), aligned(8)));

NNK_INLINE vd NNK_FN(ldv)(const double *p) { vd v; memcpy(&v, p, sizeof v); return v; }
NNK_INLINE void NNK_FN(stv)(double *p, vd v) { memcpy(p, &v, sizeof v); }
/// x in every lane: a plain broadcast (vbroadcastsd), not {0} + x, which the compiler must keep as an addition
/// (it turns −0 into +0) before the broadcast: on Zen 1 that addition and a register broadcast per tile row took
/// the FP pipes from the multiply-adds (the 6 × 8 tile ran at 65% of peak, now ~90%). It also makes a tile's
/// chain start exactly like the scalar element route's (a −0 bias or coefficient stays −0).
NNK_INLINE vd NNK_FN(bcv)(double x) { vd v; for (int i = 0; i < NNK_VL; i++) v[i] = x; return v; }
NNK_INLINE v4 NNK_FN(ld4)(const double *p) { v4 v; memcpy(&v, p, sizeof v); return v; }
NNK_INLINE void NNK_FN(st4)(double *p, v4 v) { memcpy(p, &v, sizeof v); }
NNK_INLINE v4 NNK_FN(bc4)(double x) { v4 v = {x, x, x, x}; return v; }
/// Σ of four lanes in the order ((l0 + l1) + l2) + l3.
NNK_INLINE double NNK_FN(sum4)(v4 v) { return ((v[0] + v[1]) + v[2]) + v[3]; }
/// {sum4(a), sum4(b), sum4(c), sum4(d)} with the same additions in the same order (a 4 × 4 transpose, then three
/// vector additions), instead of four horizontal sums.
NNK_INLINE v4 NNK_FN(sum4x4)(v4 a, v4 b, v4 c, v4 d) {
    const v4 ab_lo = __builtin_shufflevector(a, b, 0, 4, 2, 6), ab_hi = __builtin_shufflevector(a, b, 1, 5, 3, 7);
    const v4 cd_lo = __builtin_shufflevector(c, d, 0, 4, 2, 6), cd_hi = __builtin_shufflevector(c, d, 1, 5, 3, 7);
    const v4 l0 = __builtin_shufflevector(ab_lo, cd_lo, 0, 1, 4, 5), l2 = __builtin_shufflevector(ab_lo, cd_lo, 2, 3, 6, 7);
    const v4 l1 = __builtin_shufflevector(ab_hi, cd_hi, 0, 1, 4, 5), l3 = __builtin_shufflevector(ab_hi, cd_hi, 2, 3, 6, 7);
    return ((l0 + l1) + l2) + l3;
}

#define LDV NNK_FN(ldv)
#define STV NNK_FN(stv)
#define BCV NNK_FN(bcv)
#define LD4 NNK_FN(ld4)
#define ST4 NNK_FN(st4)
#define BC4 NNK_FN(bc4)
#define SUM4 NNK_FN(sum4)
#define FMAV(a, b, c) __builtin_elementwise_fma((a), (b), (c))

// ---------------------------------------------------------------------------------------------------------
// General product.

/// One register tile: MR rows × NV vectors of NNK_VL columns, over kc inner steps. A(r, k) = a[r·ars + k·aks],
/// B(k, ·) at b + k·ldb. MR and NV are constants after inlining, so the accumulators live in registers.
NNK_INLINE void NNK_FN(tile)(const int MR, const int NV, const double *a, ptrdiff_t ars, ptrdiff_t aks,
                             const double *b, ptrdiff_t ldb, double *c, ptrdiff_t ldc, ptrdiff_t kc, int init,
                             const double *bias) {
    vd acc[NNK_MR][2];
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; r++) {
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) {
            if (init == NNK_INIT_LOAD) acc[r][v] = LDV(c + r * ldc + v * NNK_VL);
            else if (init == NNK_INIT_BIAS) acc[r][v] = BCV(bias[r]);
            else acc[r][v] = BCV(0.0);
        }
    }
    for (ptrdiff_t k = 0; k < kc; k++) {
        vd x[2];
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) x[v] = LDV(b + k * ldb + v * NNK_VL);
        const double *ak = a + k * aks;
#pragma clang loop unroll(full)
        for (int r = 0; r < MR; r++) {
            vd s = BCV(ak[r * ars]);
#pragma clang loop unroll(full)
            for (int v = 0; v < NV; v++) acc[r][v] = FMAV(s, x[v], acc[r][v]);
        }
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; r++) {
#pragma clang loop unroll(full)
        for (int v = 0; v < NV; v++) {
            double *p = c + r * ldc + v * NNK_VL;
            if (init == NNK_INIT_ADD) STV(p, LDV(p) + acc[r][v]);
            else if (init == NNK_INIT_ADD_ZERO) STV(p, BCV(0.0) + acc[r][v]);
            else STV(p, acc[r][v]);
        }
    }
}

/// One element, the same chain as the tiles.
NNK_INLINE void NNK_FN(element)(const double *a, ptrdiff_t aks, const double *b, ptrdiff_t bks, double *c,
                                ptrdiff_t kc, int init, const double *bias) {
    double acc = init == NNK_INIT_LOAD ? *c : init == NNK_INIT_BIAS ? *bias : 0.0;
    for (ptrdiff_t k = 0; k < kc; k++) acc = __builtin_fma(a[k * aks], b[k * bks], acc);
    if (init == NNK_INIT_ADD) *c = *c + acc;
    else if (init == NNK_INIT_ADD_ZERO) *c = 0.0 + acc;
    else *c = acc;
}

/// Rows r0..<rows of a column strip of NV vectors (tiles of NNK_MR, 4, then 1 rows).
static void NNK_FN(strip)(const int NV, const double *a, ptrdiff_t ars, ptrdiff_t aks, const double *b,
                          ptrdiff_t ldb, double *c, ptrdiff_t ldc, ptrdiff_t r0, ptrdiff_t rows, ptrdiff_t kc,
                          int init, const double *bias) {
    ptrdiff_t r = r0;
    const double *bi = bias;
    if (NV == 2) {
        for (; r + NNK_MR <= rows; r += NNK_MR)
            NNK_FN(tile)(NNK_MR, 2, a + r * ars, ars, aks, b, ldb, c + r * ldc, ldc, kc, init, bi ? bi + r : 0);
        for (; r + 4 <= rows; r += 4)
            NNK_FN(tile)(4, 2, a + r * ars, ars, aks, b, ldb, c + r * ldc, ldc, kc, init, bi ? bi + r : 0);
        for (; r < rows; r++)
            NNK_FN(tile)(1, 2, a + r * ars, ars, aks, b, ldb, c + r * ldc, ldc, kc, init, bi ? bi + r : 0);
    } else {
        for (; r + NNK_MR <= rows; r += NNK_MR)
            NNK_FN(tile)(NNK_MR, 1, a + r * ars, ars, aks, b, ldb, c + r * ldc, ldc, kc, init, bi ? bi + r : 0);
        for (; r + 4 <= rows; r += 4)
            NNK_FN(tile)(4, 1, a + r * ars, ars, aks, b, ldb, c + r * ldc, ldc, kc, init, bi ? bi + r : 0);
        for (; r < rows; r++)
            NNK_FN(tile)(1, 1, a + r * ars, ars, aks, b, ldb, c + r * ldc, ldc, kc, init, bi ? bi + r : 0);
    }
}

/// Unpacked product over all columns (B row-major): strips of 2 vectors, one of 1 vector, then single columns.
static void NNK_FN(gemm_unpacked)(const double *a, ptrdiff_t ars, ptrdiff_t aks, const double *b, ptrdiff_t ldb,
                                  double *c, ptrdiff_t ldc, ptrdiff_t rows, ptrdiff_t kc, ptrdiff_t cols, int init,
                                  const double *bias) {
    ptrdiff_t j = 0;
    for (; j + 2 * NNK_VL <= cols; j += 2 * NNK_VL)
        NNK_FN(strip)(2, a, ars, aks, b + j, ldb, c + j, ldc, 0, rows, kc, init, bias);
    for (; j + NNK_VL <= cols; j += NNK_VL)
        NNK_FN(strip)(1, a, ars, aks, b + j, ldb, c + j, ldc, 0, rows, kc, init, bias);
    for (; j < cols; j++)
        for (ptrdiff_t r = 0; r < rows; r++)
            NNK_FN(element)(a + r * ars, aks, b + j, ldb, c + r * ldc + j, kc, init, bias ? bias + r : 0);
}

/// Inner-dimension block of the packed route: the packed block of B (NNK_PACK_K × cols) stays in L2.
#define NNK_PACK_K 256

static void NNK_FN(gemm)(const double *a, ptrdiff_t ars, ptrdiff_t aks, const double *b, ptrdiff_t ldb,
                         int bT, double *c, ptrdiff_t ldc, ptrdiff_t rows, ptrdiff_t inner, ptrdiff_t cols,
                         int init, const double *bias, double *pack) {
    if (rows <= 0 || cols <= 0) return;
    if (inner <= 0) {
        for (ptrdiff_t r = 0; r < rows; r++)
            for (ptrdiff_t j = 0; j < cols; j++) {
                double *p = c + r * ldc + j;
                if (init == NNK_INIT_ZERO) *p = 0.0;
                else if (init == NNK_INIT_BIAS) *p = bias[r];
                else if (init == NNK_INIT_ADD_ZERO) *p = 0.0 + 0.0;
            }
        return;
    }
    const int packed = pack != 0 && init != NNK_INIT_ADD && init != NNK_INIT_ADD_ZERO && (bT || rows >= 4);
    if (!packed) {
        // Unpacked (B row-major): the inner index cut into blocks of 128 so a strip of B stays in L1; later
        // blocks continue each element's chain from C. ADD modes need the whole chain in registers.
        if (init == NNK_INIT_ADD || init == NNK_INIT_ADD_ZERO) {
            NNK_FN(gemm_unpacked)(a, ars, aks, b, ldb, c, ldc, rows, inner, cols, init, bias);
            return;
        }
        for (ptrdiff_t k0 = 0; k0 < inner; k0 += 128) {
            ptrdiff_t kc = inner - k0 < 128 ? inner - k0 : 128;
            NNK_FN(gemm_unpacked)(a + k0 * aks, ars, aks, b + k0 * ldb, ldb, c, ldc, rows, kc, cols,
                                  k0 == 0 ? init : NNK_INIT_LOAD, bias);
        }
        return;
    }
    // Packed (GotoBLAS order): per inner block, B's rows copied into contiguous panels of 2·VL (then VL)
    // columns, 64-byte aligned; per panel of MR rows, A copied k-major and swept across all panels.
    const ptrdiff_t NR = 2 * NNK_VL;
    double *apanel = pack;
    uintptr_t raw = (uintptr_t)(pack + NNK_MR * NNK_PACK_K);
    double *panels = (double *)((raw + 63) & ~(uintptr_t)63);
    const ptrdiff_t wide = cols / NR * NR, narrow = (cols - wide) / NNK_VL * NNK_VL, vcols = wide + narrow;
    for (ptrdiff_t k0 = 0; k0 < inner; k0 += NNK_PACK_K) {
        const ptrdiff_t kc = inner - k0 < NNK_PACK_K ? inner - k0 : NNK_PACK_K;
        const int mode = k0 == 0 ? init : NNK_INIT_LOAD;
        for (ptrdiff_t j = 0; j < vcols; j += NR) {
            const ptrdiff_t w = j < wide ? NR : NNK_VL;
            double *dst = panels + j * kc;
            if (bT) {
                for (ptrdiff_t q = 0; q < w; q++) {
                    const double *src = b + (j + q) * ldb + k0;
                    for (ptrdiff_t k = 0; k < kc; k++) dst[k * w + q] = src[k];
                }
            } else {
                for (ptrdiff_t k = 0; k < kc; k++) memcpy(dst + k * w, b + (k0 + k) * ldb + j, (size_t)w * 8);
            }
            if (w < NR) break;
        }
        ptrdiff_t r = 0;
        for (; r + NNK_MR <= rows; r += NNK_MR) {
            const double *src = a + r * ars + k0 * aks;
            for (ptrdiff_t k = 0; k < kc; k++)
                for (int q = 0; q < NNK_MR; q++) apanel[k * NNK_MR + q] = src[k * aks + q * ars];
            const double *bi = (mode == NNK_INIT_BIAS) ? bias + r : 0;
            ptrdiff_t j = 0;
            for (; j < wide; j += NR)
                NNK_FN(tile)(NNK_MR, 2, apanel, 1, NNK_MR, panels + j * kc, NR, c + r * ldc + j, ldc, kc, mode, bi);
            if (narrow)
                NNK_FN(tile)(NNK_MR, 1, apanel, 1, NNK_MR, panels + j * kc, NNK_VL, c + r * ldc + j, ldc, kc, mode, bi);
        }
        if (r < rows) {
            const double *ar = a + k0 * aks;
            for (ptrdiff_t j = 0; j < wide; j += NR)
                NNK_FN(strip)(2, ar, ars, aks, panels + j * kc, NR, c + j, ldc, r, rows, kc, mode, bias);
            if (narrow)
                NNK_FN(strip)(1, ar, ars, aks, panels + wide * kc, NNK_VL, c + wide, ldc, r, rows, kc, mode, bias);
        }
        // Columns beyond the last whole vector, element by element from B itself.
        for (ptrdiff_t j = vcols; j < cols; j++)
            for (ptrdiff_t rr = 0; rr < rows; rr++) {
                const double *bp = bT ? b + j * ldb + k0 : b + k0 * ldb + j;
                NNK_FN(element)(a + rr * ars + k0 * aks, aks, bp, bT ? 1 : ldb, c + rr * ldc + j, kc, mode,
                                bias ? bias + rr : 0);
            }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Lane-structured reductions (four lanes on every path).

/// gb[o] += Σ_c dz[o·ld + c]: per row two four-lane accumulators (even and odd groups of four), added, then
/// summed as sum4. Four rows at a time (eight independent chains, one transposed sum) where they exist.
static void NNK_FN(row_sums)(const double *dz, double *gb, ptrdiff_t out, ptrdiff_t ld) {
    ptrdiff_t o = 0;
    for (; o + 4 <= out; o += 4) {
        const double *d0 = dz + o * ld, *d1 = d0 + ld, *d2 = d1 + ld, *d3 = d2 + ld;
        v4 a0 = BC4(0.0), a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, e0 = a0, e1 = a0;
        for (ptrdiff_t c = 0; c < ld; c += 8) {
            a0 = a0 + LD4(d0 + c); a1 = a1 + LD4(d0 + c + 4);
            b0 = b0 + LD4(d1 + c); b1 = b1 + LD4(d1 + c + 4);
            c0 = c0 + LD4(d2 + c); c1 = c1 + LD4(d2 + c + 4);
            e0 = e0 + LD4(d3 + c); e1 = e1 + LD4(d3 + c + 4);
        }
        ST4(gb + o, LD4(gb + o) + NNK_FN(sum4x4)(a0 + a1, b0 + b1, c0 + c1, e0 + e1));
    }
    for (; o < out; o++) {
        const double *d = dz + o * ld;
        v4 t0 = BC4(0.0), t1 = t0;
        for (ptrdiff_t c = 0; c < ld; c += 8) { t0 = t0 + LD4(d + c); t1 = t1 + LD4(d + c + 4); }
        gb[o] = gb[o] + SUM4(t0 + t1);
    }
}

/// gw[r][q] += Σ_c d_r[c]·a_q[c] for R output rows (1 or 2) × I input rows (1 to 4) over columns c0..<c1: one
/// four-lane chain of fused multiply-adds per element, summed as sum4. R and I are constants after inlining.
NNK_INLINE void NNK_FN(wgd_block)(const int R, const int I, const double *d0, const double *d1,
                                  const double *a0, ptrdiff_t ld, ptrdiff_t c0, ptrdiff_t c1, double *g0,
                                  ptrdiff_t inp) {
    v4 s[2][4];
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++)
#pragma clang loop unroll(full)
        for (int q = 0; q < I; q++) s[r][q] = BC4(0.0);
    for (ptrdiff_t c = c0; c < c1; c += 4) {
        v4 x[2], y[4];
        x[0] = LD4(d0 + c);
        if (R == 2) x[1] = LD4(d1 + c);
#pragma clang loop unroll(full)
        for (int q = 0; q < I; q++) y[q] = LD4(a0 + q * ld + c);
#pragma clang loop unroll(full)
        for (int r = 0; r < R; r++)
#pragma clang loop unroll(full)
            for (int q = 0; q < I; q++) s[r][q] = FMAV(x[r], y[q], s[r][q]);
    }
#pragma clang loop unroll(full)
    for (int r = 0; r < R; r++) {
        double *g = g0 + r * inp;
        if (I == 4) {
            ST4(g, LD4(g) + NNK_FN(sum4x4)(s[r][0], s[r][1], s[r][2], s[r][3]));
        } else {
#pragma clang loop unroll(full)
            for (int q = 0; q < I; q++) g[q] = g[q] + SUM4(s[r][q]);
        }
    }
}

/// All input rows of R output rows: blocks of four inputs, then one block of the 1–3 left.
NNK_INLINE void NNK_FN(wgd_rows)(const int R, const double *d0, const double *d1, const double *a, ptrdiff_t ld,
                                 ptrdiff_t c0, ptrdiff_t c1, double *g0, ptrdiff_t inp) {
    ptrdiff_t i = 0;
    for (; i + 4 <= inp; i += 4) NNK_FN(wgd_block)(R, 4, d0, d1, a + i * ld, ld, c0, c1, g0 + i, inp);
    switch (inp - i) {
    case 3: NNK_FN(wgd_block)(R, 3, d0, d1, a + i * ld, ld, c0, c1, g0 + i, inp); break;
    case 2: NNK_FN(wgd_block)(R, 2, d0, d1, a + i * ld, ld, c0, c1, g0 + i, inp); break;
    case 1: NNK_FN(wgd_block)(R, 1, d0, d1, a + i * ld, ld, c0, c1, g0 + i, inp); break;
    }
}

static void NNK_FN(weight_gradient_dot)(const double *dz, const double *a, double *gw, double *gb,
                                        ptrdiff_t out, ptrdiff_t inp, ptrdiff_t ld) {
    NNK_FN(row_sums)(dz, gb, out, ld);
    ptrdiff_t lim = 16384 / (inp > 1 ? inp : 1);
    if (ld < lim) lim = ld;
    lim = lim / 8 * 8;
    const ptrdiff_t block = lim > 32 ? lim : 32;
    for (ptrdiff_t c0 = 0; c0 < ld; c0 += block) {
        const ptrdiff_t c1 = ld < c0 + block ? ld : c0 + block;
        for (ptrdiff_t o = 0; o < out;) {
            const ptrdiff_t rows = out - o < 2 ? out - o : 2;
            const double *d0 = dz + o * ld, *d1 = dz + (o + rows - 1) * ld;
            double *g0 = gw + o * inp;
            if (rows == 2) NNK_FN(wgd_rows)(2, d0, d1, a, ld, c0, c1, g0, inp);
            else NNK_FN(wgd_rows)(1, d0, d1, a, ld, c0, c1, g0, inp);
            o += rows;
        }
    }
}

static double NNK_FN(dot)(const double *a, const double *b, ptrdiff_t n) {
    v4 s0 = BC4(0.0), s1 = s0;
    ptrdiff_t i = 0;
    for (; i + 8 <= n; i += 8) {
        s0 = s0 + LD4(a + i) * LD4(b + i);
        s1 = s1 + LD4(a + i + 4) * LD4(b + i + 4);
    }
    if (i + 4 <= n) { s0 = s0 + LD4(a + i) * LD4(b + i); i += 4; }
    double s = SUM4(s0 + s1);
    for (; i < n; i++) s = s + a[i] * b[i];
    return s;
}

static void NNK_FN(axpy)(double alpha, const double *x, double *y, ptrdiff_t n) {
    ptrdiff_t i = 0;
    vd av = BCV(alpha);
    for (; i + NNK_VL <= n; i += NNK_VL) STV(y + i, LDV(y + i) + av * LDV(x + i));
    for (; i < n; i++) y[i] = y[i] + alpha * x[i];
}

static void NNK_FN(fma_vv)(double *c, const double *a, const double *b, ptrdiff_t n) {
    ptrdiff_t i = 0;
    for (; i + NNK_VL <= n; i += NNK_VL) STV(c + i, FMAV(LDV(a + i), LDV(b + i), LDV(c + i)));
    for (; i < n; i++) c[i] = __builtin_fma(a[i], b[i], c[i]);
}

static void NNK_FN(fma_sv)(double *c, double s, const double *x, ptrdiff_t n) {
    ptrdiff_t i = 0;
    vd sv = BCV(s);
    for (; i + NNK_VL <= n; i += NNK_VL) STV(c + i, FMAV(sv, LDV(x + i), LDV(c + i)));
    for (; i < n; i++) c[i] = __builtin_fma(s, x[i], c[i]);
}

static void NNK_FN(fma_scaled)(double *c, double s, const double *w, const double *k, ptrdiff_t n) {
    ptrdiff_t i = 0;
    vd sv = BCV(s);
    for (; i + NNK_VL <= n; i += NNK_VL) STV(c + i, FMAV(sv * LDV(w + i), LDV(k + i), LDV(c + i)));
    for (; i < n; i++) c[i] = __builtin_fma(s * w[i], k[i], c[i]);
}

/// NNAnalysis' general product (see nnk_gemm_acc in the header).
static void NNK_FN(gemm_acc)(const double *a, ptrdiff_t rs, ptrdiff_t cs, const double *b, double *c,
                             ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, int overwrite) {
    const ptrdiff_t n4 = n / 4 * 4;
    if (n4 > 0) {
        const int mode = overwrite ? NNK_INIT_ADD_ZERO : NNK_INIT_ADD;
        // Whole vectors through the tiles; then 4-column groups (when VL = 8) element by element, which is the
        // same chain.
        NNK_FN(gemm_unpacked)(a, rs, cs, b, n, c, n, m, k, n4, mode, 0);
    }
    for (ptrdiff_t j = n4; j < n; j++) {
        for (ptrdiff_t i = 0; i < m; i++) {
            const double *ar = a + i * rs;
            double t0 = 0.0, t1 = 0.0;
            const double *bp = b + j;
            ptrdiff_t off = 0, p = 0;
            for (; p + 2 <= k; p += 2) {
                t0 = t0 + ar[off] * bp[0];
                t1 = t1 + ar[off + cs] * bp[n];
                bp += 2 * n; off += 2 * cs;
            }
            if (p < k) t0 = t0 + ar[off] * bp[0];
            c[i * n + j] = (overwrite ? 0.0 : c[i * n + j]) + (t0 + t1);
        }
    }
}

static void NNK_FN(gemm_tn_narrow)(const double *a, const double *b, double *c, ptrdiff_t m, ptrdiff_t n,
                                   ptrdiff_t k) {
    for (ptrdiff_t j = 0; j < n;) {
        const int pair = j + 1 < n;
        for (ptrdiff_t i0 = 0; i0 < m;) {
            const ptrdiff_t width = m - i0 < 8 ? m - i0 : 8;
            if (width == 8) {
                v4 x0 = BC4(0.0), x1 = x0, y0 = x0, y1 = x0;
                const double *ap = a + i0, *bp = b + j;
                for (ptrdiff_t p = 0; p < k; p++) {
                    v4 a0 = LD4(ap), a1 = LD4(ap + 4), s = BC4(bp[0]);
                    x0 = FMAV(s, a0, x0); x1 = FMAV(s, a1, x1);
                    if (pair) { v4 t = BC4(bp[1]); y0 = FMAV(t, a0, y0); y1 = FMAV(t, a1, y1); }
                    ap += m; bp += n;
                }
                for (int q = 0; q < 4; q++) {
                    c[(i0 + q) * n + j] = c[(i0 + q) * n + j] + x0[q];
                    c[(i0 + 4 + q) * n + j] = c[(i0 + 4 + q) * n + j] + x1[q];
                    if (pair) {
                        c[(i0 + q) * n + j + 1] = c[(i0 + q) * n + j + 1] + y0[q];
                        c[(i0 + 4 + q) * n + j + 1] = c[(i0 + 4 + q) * n + j + 1] + y1[q];
                    }
                }
            } else {
                for (ptrdiff_t i = i0; i < i0 + width; i++) {
                    double s0 = 0.0, s1 = 0.0;
                    for (ptrdiff_t p = 0; p < k; p++) {
                        s0 = __builtin_fma(a[p * m + i], b[p * n + j], s0);
                        if (pair) s1 = __builtin_fma(a[p * m + i], b[p * n + j + 1], s1);
                    }
                    c[i * n + j] = c[i * n + j] + s0;
                    if (pair) c[i * n + j + 1] = c[i * n + j + 1] + s1;
                }
            }
            i0 += width;
        }
        j += pair ? 2 : 1;
    }
}

/// out[r] = rows[r]·w for r < nrows: per row exactly `dot` (two four-lane partial sums), four rows at a time so
/// each load of w serves four rows (reorthogonalisation against a stored basis).
static void NNK_FN(multi_dot)(const double *const *rows, ptrdiff_t nrows, const double *w, ptrdiff_t n, double *out) {
    ptrdiff_t r = 0;
    for (; r + 4 <= nrows; r += 4) {
        const double *q0 = rows[r], *q1 = rows[r + 1], *q2 = rows[r + 2], *q3 = rows[r + 3];
        v4 a0 = BC4(0.0), b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0, a3 = a0, b3 = a0;
        ptrdiff_t i = 0;
        for (; i + 8 <= n; i += 8) {
            const v4 x = LD4(w + i), y = LD4(w + i + 4);
            a0 = a0 + LD4(q0 + i) * x; b0 = b0 + LD4(q0 + i + 4) * y;
            a1 = a1 + LD4(q1 + i) * x; b1 = b1 + LD4(q1 + i + 4) * y;
            a2 = a2 + LD4(q2 + i) * x; b2 = b2 + LD4(q2 + i + 4) * y;
            a3 = a3 + LD4(q3 + i) * x; b3 = b3 + LD4(q3 + i + 4) * y;
        }
        if (i + 4 <= n) {
            const v4 x = LD4(w + i);
            a0 = a0 + LD4(q0 + i) * x; a1 = a1 + LD4(q1 + i) * x; a2 = a2 + LD4(q2 + i) * x; a3 = a3 + LD4(q3 + i) * x;
            i += 4;
        }
        double s0 = SUM4(a0 + b0), s1 = SUM4(a1 + b1), s2 = SUM4(a2 + b2), s3 = SUM4(a3 + b3);
        for (; i < n; i++) { s0 = s0 + q0[i] * w[i]; s1 = s1 + q1[i] * w[i]; s2 = s2 + q2[i] * w[i]; s3 = s3 + q3[i] * w[i]; }
        out[r] = s0; out[r + 1] = s1; out[r + 2] = s2; out[r + 3] = s3;
    }
    for (; r < nrows; r++) out[r] = NNK_FN(dot)(rows[r], w, n);
}

/// w[i] −= Σ_r c[r]·rows[r][i], the sum a fused chain in order of r from 0 per element; w in chunks that stay
/// in L1 while every row streams past once.
static void NNK_FN(combine_sub)(const double *const *rows, ptrdiff_t nrows, const double *c, double *w, ptrdiff_t n) {
    double t[1024];
    for (ptrdiff_t i0 = 0; i0 < n; i0 += 1024) {
        const ptrdiff_t len = n - i0 < 1024 ? n - i0 : 1024;
        const ptrdiff_t lv = len / NNK_VL * NNK_VL;
        for (ptrdiff_t i = 0; i < len; i++) t[i] = 0.0;
        ptrdiff_t r = 0;
        for (; r + 4 <= nrows; r += 4) {
            const double *q0 = rows[r] + i0, *q1 = rows[r + 1] + i0, *q2 = rows[r + 2] + i0, *q3 = rows[r + 3] + i0;
            const vd c0 = BCV(c[r]), c1 = BCV(c[r + 1]), c2 = BCV(c[r + 2]), c3 = BCV(c[r + 3]);
            ptrdiff_t i = 0;
            for (; i < lv; i += NNK_VL) {
                vd x = LDV(t + i);
                x = FMAV(c0, LDV(q0 + i), x); x = FMAV(c1, LDV(q1 + i), x);
                x = FMAV(c2, LDV(q2 + i), x); x = FMAV(c3, LDV(q3 + i), x);
                STV(t + i, x);
            }
            for (; i < len; i++) {
                double x = t[i];
                x = __builtin_fma(c[r], q0[i], x); x = __builtin_fma(c[r + 1], q1[i], x);
                x = __builtin_fma(c[r + 2], q2[i], x); x = __builtin_fma(c[r + 3], q3[i], x);
                t[i] = x;
            }
        }
        for (; r < nrows; r++) NNK_FN(fma_sv)(t, c[r], rows[r] + i0, len);
        for (ptrdiff_t i = 0; i < len; i++) w[i0 + i] = w[i0 + i] - t[i];
    }
}

// ---------------------------------------------------------------------------------------------------------
// Symmetric kernels of the blocked tridiagonalisation.

static void NNK_FN(symv_upper)(const double *A, ptrdiff_t n, ptrdiff_t s, const double *v, double *y) {
    for (ptrdiff_t i = s; i < n; i++) y[i] = 0.0;
    ptrdiff_t j = s;
    // Eight rows at a time: each load of v and y serves eight rows of A.
    for (; j + 8 <= n; j += 8) {
        const double *r[8];
        double vv[8], t[8];
        for (int q = 0; q < 8; q++) { r[q] = A + (j + q) * n; vv[q] = v[j + q]; }
        // The 8×8 diagonal block, from its upper triangle, summed left to right.
        for (int q = 0; q < 8; q++) {
            double acc = (q <= 0 ? r[q][j] : r[0][j + q]) * vv[0];
            for (int c = 1; c < 8; c++) acc = acc + (q <= c ? r[q][j + c] : r[c][j + q]) * vv[c];
            t[q] = acc;
        }
        v4 s0 = BC4(0.0), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        const v4 b0 = BC4(vv[0]), b1 = BC4(vv[1]), b2 = BC4(vv[2]), b3 = BC4(vv[3]);
        const v4 b4 = BC4(vv[4]), b5 = BC4(vv[5]), b6 = BC4(vv[6]), b7 = BC4(vv[7]);
        ptrdiff_t i = j + 8;
        for (; i + 4 <= n; i += 4) {
            const v4 x = LD4(v + i);
            const v4 a0 = LD4(r[0] + i), a1 = LD4(r[1] + i), a2 = LD4(r[2] + i), a3 = LD4(r[3] + i);
            const v4 a4 = LD4(r[4] + i), a5 = LD4(r[5] + i), a6 = LD4(r[6] + i), a7 = LD4(r[7] + i);
            s0 = FMAV(a0, x, s0); s1 = FMAV(a1, x, s1); s2 = FMAV(a2, x, s2); s3 = FMAV(a3, x, s3);
            s4 = FMAV(a4, x, s4); s5 = FMAV(a5, x, s5); s6 = FMAV(a6, x, s6); s7 = FMAV(a7, x, s7);
            const v4 u = (FMAV(a1, b1, a0 * b0) + FMAV(a3, b3, a2 * b2)) + (FMAV(a5, b5, a4 * b4) + FMAV(a7, b7, a6 * b6));
            ST4(y + i, LD4(y + i) + u);
        }
        for (; i < n; i++) {
            const double x = v[i];
            double a[8];
            for (int q = 0; q < 8; q++) { a[q] = r[q][i]; t[q] = t[q] + a[q] * x; }
            y[i] = y[i] + (((a[0] * vv[0] + a[1] * vv[1]) + (a[2] * vv[2] + a[3] * vv[3])) +
                           ((a[4] * vv[4] + a[5] * vv[5]) + (a[6] * vv[6] + a[7] * vv[7])));
        }
        y[j] = y[j] + (t[0] + SUM4(s0)); y[j + 1] = y[j + 1] + (t[1] + SUM4(s1));
        y[j + 2] = y[j + 2] + (t[2] + SUM4(s2)); y[j + 3] = y[j + 3] + (t[3] + SUM4(s3));
        y[j + 4] = y[j + 4] + (t[4] + SUM4(s4)); y[j + 5] = y[j + 5] + (t[5] + SUM4(s5));
        y[j + 6] = y[j + 6] + (t[6] + SUM4(s6)); y[j + 7] = y[j + 7] + (t[7] + SUM4(s7));
    }
    for (; j + 4 <= n; j += 4) {
        const double *r0 = A + j * n, *r1 = r0 + n, *r2 = r1 + n, *r3 = r2 + n;
        const double v0 = v[j], v1 = v[j + 1], v2 = v[j + 2], v3 = v[j + 3];
        const double a01 = r0[j + 1], a02 = r0[j + 2], a03 = r0[j + 3], a12 = r1[j + 2], a13 = r1[j + 3], a23 = r2[j + 3];
        double t0 = r0[j] * v0 + a01 * v1 + a02 * v2 + a03 * v3;
        double t1 = a01 * v0 + r1[j + 1] * v1 + a12 * v2 + a13 * v3;
        double t2 = a02 * v0 + a12 * v1 + r2[j + 2] * v2 + a23 * v3;
        double t3 = a03 * v0 + a13 * v1 + a23 * v2 + r3[j + 3] * v3;
        v4 s0 = BC4(0.0), s1 = s0, s2 = s0, s3 = s0;
        const v4 b0 = BC4(v0), b1 = BC4(v1), b2 = BC4(v2), b3 = BC4(v3);
        ptrdiff_t i = j + 4;
        for (; i + 4 <= n; i += 4) {
            v4 x = LD4(v + i);
            v4 a0 = LD4(r0 + i), a1 = LD4(r1 + i), a2 = LD4(r2 + i), a3 = LD4(r3 + i);
            s0 = FMAV(a0, x, s0); s1 = FMAV(a1, x, s1); s2 = FMAV(a2, x, s2); s3 = FMAV(a3, x, s3);
            v4 t = FMAV(a1, b1, a0 * b0) + FMAV(a3, b3, a2 * b2);
            ST4(y + i, LD4(y + i) + t);
        }
        for (; i < n; i++) {
            const double x = v[i], a0 = r0[i], a1 = r1[i], a2 = r2[i], a3 = r3[i];
            t0 = t0 + a0 * x; t1 = t1 + a1 * x; t2 = t2 + a2 * x; t3 = t3 + a3 * x;
            y[i] = y[i] + ((a0 * v0 + a1 * v1) + (a2 * v2 + a3 * v3));
        }
        y[j] = y[j] + (t0 + SUM4(s0)); y[j + 1] = y[j + 1] + (t1 + SUM4(s1));
        y[j + 2] = y[j + 2] + (t2 + SUM4(s2)); y[j + 3] = y[j + 3] + (t3 + SUM4(s3));
    }
    for (; j < n; j++) {
        const double *r = A + j * n;
        const double vj = v[j];
        double t = r[j] * vj;
        for (ptrdiff_t i = j + 1; i < n; i++) { t = t + r[i] * v[i]; y[i] = y[i] + r[i] * vj; }
        y[j] = y[j] + t;
    }
}

NNK_INLINE double NNK_FN(syr2k_row_dot)(const double *l, ptrdiff_t k, ptrdiff_t i, const double *w_rows,
                                        const double *v_rows, ptrdiff_t width, ptrdiff_t n) {
    double t = 0.0;
    for (ptrdiff_t q = 0; q < k; q++) t = t + l[q] * (q < width ? w_rows + q * n : v_rows + (q - width) * n)[i];
    return t;
}

/// A 4-row × 2-vector tile of the trailing update: per element a fused chain over q (the w rows, then the v
/// rows) from zero, then added to A.
NNK_INLINE void NNK_FN(syr2k_tile)(double *c, ptrdiff_t n, const double *l0, ptrdiff_t k, const double *w_rows,
                                   const double *v_rows, ptrdiff_t width) {
    const double *l1 = l0 + k, *l2 = l1 + k, *l3 = l2 + k;
    vd x0 = BCV(0.0), x1 = x0, y0 = x0, y1 = x0, z0 = x0, z1 = x0, u0 = x0, u1 = x0;
    for (int half = 0; half < 2; half++) {
        const double *base = half == 0 ? w_rows : v_rows;
        const ptrdiff_t lo = half * width;
        for (ptrdiff_t q = 0; q < width; q++) {
            const double *r = base + q * n;
            const ptrdiff_t ql = lo + q;
            const vd b0 = LDV(r), b1 = LDV(r + NNK_VL);
            const vd s0 = BCV(l0[ql]), s1 = BCV(l1[ql]), s2 = BCV(l2[ql]), s3 = BCV(l3[ql]);
            x0 = FMAV(s0, b0, x0); x1 = FMAV(s0, b1, x1);
            y0 = FMAV(s1, b0, y0); y1 = FMAV(s1, b1, y1);
            z0 = FMAV(s2, b0, z0); z1 = FMAV(s2, b1, z1);
            u0 = FMAV(s3, b0, u0); u1 = FMAV(s3, b1, u1);
        }
    }
    double *c0 = c, *c1 = c0 + n, *c2 = c1 + n, *c3 = c2 + n;
    STV(c0, LDV(c0) + x0); STV(c0 + NNK_VL, LDV(c0 + NNK_VL) + x1);
    STV(c1, LDV(c1) + y0); STV(c1 + NNK_VL, LDV(c1 + NNK_VL) + y1);
    STV(c2, LDV(c2) + z0); STV(c2 + NNK_VL, LDV(c2 + NNK_VL) + z1);
    STV(c3, LDV(c3) + u0); STV(c3 + NNK_VL, LDV(c3 + NNK_VL) + u1);
}

/// Column blocks of 16 (on every path; a path computes a block in tiles of 2 vectors: one tile with AVX-512,
/// two with 4-wide vectors), rows in tiles of 4; what is left near the diagonal and the matrix's last rows goes
/// through plain dot products. Which elements take which route does not depend on the path.
static void NNK_FN(syr2k_upper)(double *A, ptrdiff_t n, ptrdiff_t s, const double *left, ptrdiff_t k,
                                const double *w_rows, const double *v_rows, ptrdiff_t width) {
    const ptrdiff_t rem = (n - s) % 16;
    for (ptrdiff_t j = s; j < s + rem; j++)
        for (ptrdiff_t i = j; i < s + rem; i++)
            A[j * n + i] = A[j * n + i] + NNK_FN(syr2k_row_dot)(left + j * k, k, i, w_rows, v_rows, width, n);
    for (ptrdiff_t i0 = s + rem; i0 + 16 <= n; i0 += 16) {
        ptrdiff_t j = s;
        for (; j < i0 + 16 && j + 4 <= n; j += 4)
            for (ptrdiff_t cc = 0; cc < 16; cc += 2 * NNK_VL)
                NNK_FN(syr2k_tile)(A + j * n + i0 + cc, n, left + j * k, k, w_rows + i0 + cc, v_rows + i0 + cc, width);
        for (; j < i0 + 16; j++)
            for (ptrdiff_t i = (i0 > j ? i0 : j); i < i0 + 16; i++)
                A[j * n + i] = A[j * n + i] + NNK_FN(syr2k_row_dot)(left + j * k, k, i, w_rows, v_rows, width, n);
    }
}

// ---------------------------------------------------------------------------------------------------------
// tanh: tanh|x| = −e/(2 + e), e = expm1(−2|x|), sign restored; |x| ≥ 20 gives ±1; NaN stays NaN.
// The same operations, in the same order, as VectorMath.tanh (Swift), which the tests hold it to bit for bit.

typedef int64_t vdi __attribute__((vector_size(NNK_VL * 8), aligned(8)));

NNK_INLINE vd NNK_FN(select)(vdi mask, vd yes, vd no) {
    return (vd)((mask & (vdi)yes) | (~mask & (vdi)no));
}

/// expm1(y) for y ∈ [−40, 0]: y = k·ln2 + r (|r| ≤ ln2/2), expm1(r) = r + r²·q(r) with q a degree-9 minimax
/// polynomial (relative error of expm1(r) below 3·10⁻¹⁷), evaluated as q = E(r²) + r·O(r²) (two independent
/// Horner chains); then 2ᵏ·expm1(r) + (2ᵏ − 1). Every a·b + c is one fused multiply-add.
NNK_INLINE vd NNK_FN(expm1_nonpositive)(vd y) {
    const vd shifter = BCV(0x1.8p52);
    const vd t = FMAV(y, BCV(1.4426950408889634), shifter);
    const vd k = t - shifter;
    const vd r = FMAV(k, BCV(-1.90821492927058770002e-10), FMAV(k, BCV(-6.93147180369123816490e-01), y));
    const vd r2 = r * r;
    vd e = BCV(NNK_EXPM1_Q8), o = BCV(NNK_EXPM1_Q9);
    e = FMAV(e, r2, BCV(NNK_EXPM1_Q6)); o = FMAV(o, r2, BCV(NNK_EXPM1_Q7));
    e = FMAV(e, r2, BCV(NNK_EXPM1_Q4)); o = FMAV(o, r2, BCV(NNK_EXPM1_Q5));
    e = FMAV(e, r2, BCV(NNK_EXPM1_Q2)); o = FMAV(o, r2, BCV(NNK_EXPM1_Q3));
    e = FMAV(e, r2, BCV(NNK_EXPM1_Q0)); o = FMAV(o, r2, BCV(NNK_EXPM1_Q1));
    const vd q = FMAV(o, r, e);
    const vd em1r = FMAV(r2, q, r);
    const vdi kint = (vdi)t - (vdi)shifter;
    const vd twok = (vd)((kint + 1023) << 52);
    return FMAV(twok, em1r, twok - BCV(1.0));
}

NNK_INLINE vd NNK_FN(tanhv)(vd x) {
    const vdi signbit = (vdi)BCV(-0.0);
    const vd ax = (vd)((vdi)x & ~signbit);
    const vd clamped = NNK_FN(select)(ax > BCV(20.0), BCV(20.0), ax);
    const vd e = NNK_FN(expm1_nonpositive)(BCV(-2.0) * clamped);
    vd t = (BCV(0.0) - e) / (BCV(2.0) + e);  // ≥ +0 (0 − e, not −e: tanh(±0) is ±0)
    t = (vd)((vdi)t | ((vdi)x & signbit));
    return NNK_FN(select)(x != x, x, t);
}

static void NNK_FN(tanh)(const double *z, double *h, ptrdiff_t count) {
    ptrdiff_t j = 0;
    for (; j + 2 * NNK_VL <= count; j += 2 * NNK_VL) {
        vd t0 = NNK_FN(tanhv)(LDV(z + j)), t1 = NNK_FN(tanhv)(LDV(z + j + NNK_VL));
        STV(h + j, t0); STV(h + j + NNK_VL, t1);
    }
    for (; j + NNK_VL <= count; j += NNK_VL) STV(h + j, NNK_FN(tanhv)(LDV(z + j)));
    for (; j < count; j++) {
        double buf[NNK_VL] = {0};
        buf[0] = z[j];
        vd t = NNK_FN(tanhv)(LDV(buf));
        h[j] = t[0];
    }
}

// ---------------------------------------------------------------------------------------------------------
// Elementwise updates (same operations per element on every path, so the vector width does not matter).

/// Adam (decoupled weight decay when `decay`): m = b1·m + (1−b1)·g; v = b2·v + (1−b2)·g²;
/// θ = (θ·shrink if decay) − lr·(m·c1) / (√(v·c2) + eps).
static void NNK_FN(adam)(double *t, const double *g, double *m, double *v, ptrdiff_t n, double b1, double b2,
                         double one_minus_b1, double one_minus_b2, double c1, double c2, double eps, double lr,
                         double shrink, int decay) {
    ptrdiff_t j = 0;
    const vd B1 = BCV(b1), B2 = BCV(b2), O1 = BCV(one_minus_b1), O2 = BCV(one_minus_b2), C1 = BCV(c1), C2 = BCV(c2);
    const vd E = BCV(eps), LR = BCV(lr), S = BCV(shrink);
    for (; j + NNK_VL <= n; j += NNK_VL) {
        const vd gj = LDV(g + j);
        const vd mj = B1 * LDV(m + j) + O1 * gj;
        const vd vj = B2 * LDV(v + j) + O2 * (gj * gj);
        STV(m + j, mj);
        STV(v + j, vj);
        vd tj = LDV(t + j);
        if (decay) tj = tj * S;
        STV(t + j, tj - LR * (mj * C1) / (__builtin_elementwise_sqrt(vj * C2) + E));
    }
    for (; j < n; j++) {
        const double gj = g[j];
        const double mj = b1 * m[j] + one_minus_b1 * gj;
        const double vj = b2 * v[j] + one_minus_b2 * (gj * gj);
        m[j] = mj; v[j] = vj;
        double tj = t[j];
        if (decay) tj = tj * shrink;
        t[j] = tj - lr * (mj * c1) / (__builtin_sqrt(vj * c2) + eps);
    }
}

/// d[j] = d[j]·(1 − h[j]²) (tanh′ from the outputs).
static void NNK_FN(tanh_derivative)(const double *h, double *d, ptrdiff_t count) {
    ptrdiff_t j = 0;
    const vd one = BCV(1.0);
    for (; j + NNK_VL <= count; j += NNK_VL) { const vd x = LDV(h + j); STV(d + j, LDV(d + j) * (one - x * x)); }
    for (; j < count; j++) d[j] = d[j] * (1.0 - h[j] * h[j]);
}

const struct nnk_table NNK_CAT(nnk_table, NNK_SUFFIX) = {
    .gemm = NNK_FN(gemm),
    .weight_gradient_dot = NNK_FN(weight_gradient_dot),
    .row_sums = NNK_FN(row_sums),
    .gemm_acc = NNK_FN(gemm_acc),
    .gemm_tn_narrow = NNK_FN(gemm_tn_narrow),
    .dot = NNK_FN(dot),
    .axpy = NNK_FN(axpy),
    .fma_vv = NNK_FN(fma_vv),
    .fma_sv = NNK_FN(fma_sv),
    .fma_scaled = NNK_FN(fma_scaled),
    .multi_dot = NNK_FN(multi_dot),
    .combine_sub = NNK_FN(combine_sub),
    .symv_upper = NNK_FN(symv_upper),
    .syr2k_upper = NNK_FN(syr2k_upper),
    .tanh = NNK_FN(tanh),
    .adam = NNK_FN(adam),
    .tanh_derivative = NNK_FN(tanh_derivative),
};
