// Chooses the kernel path once per process: NNVIZ_CPU if set, else the best the CPU supports
// (__builtin_cpu_supports on x86-64; arm64 always has NEON).
#include "CNNKernels.h"
#include "nnk_internal.h"
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[NNK_PATH_COUNT] = {"baseline", "avx2", "avx512", "neon"};

const char *nnk_path_name(int path) { return path >= 0 && path < NNK_PATH_COUNT ? names[path] : ""; }

int nnk_path_supported(int path) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    switch (path) {
    case NNK_PATH_BASELINE: return 1;
    case NNK_PATH_AVX2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case NNK_PATH_AVX512:
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
               __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    default: return 0;
    }
#elif defined(__aarch64__) || defined(__arm64__)
    return path == NNK_PATH_BASELINE || path == NNK_PATH_NEON;
#else
    return path == NNK_PATH_BASELINE;
#endif
}

int nnk_best_path(void) {
    if (nnk_path_supported(NNK_PATH_AVX512)) return NNK_PATH_AVX512;
    if (nnk_path_supported(NNK_PATH_AVX2)) return NNK_PATH_AVX2;
    if (nnk_path_supported(NNK_PATH_NEON)) return NNK_PATH_NEON;
    return NNK_PATH_BASELINE;
}

static const struct nnk_table *table_for(int path) {
    switch (path) {
#if defined(__x86_64__)
    case NNK_PATH_AVX2: return &nnk_table_avx2;
    case NNK_PATH_AVX512: return &nnk_table_avx512;
#endif
    default: return &nnk_table_baseline;  // baseline, and neon on arm64 (the baseline code is NEON there)
    }
}

static _Atomic(const struct nnk_table *) active_table = NULL;
static _Atomic int active_path = -1;

int nnk_select_path(int path) {
    if (path < 0 || path >= NNK_PATH_COUNT || !nnk_path_supported(path)) return -1;
    atomic_store(&active_path, path);
    atomic_store(&active_table, table_for(path));
    return 0;
}

int nnk_configure_from_environment(char *message, size_t capacity) {
    const char *v = getenv("NNVIZ_CPU");
    if (v == NULL || v[0] == '\0') {
        if (atomic_load(&active_table) == NULL) nnk_select_path(nnk_best_path());
        return 0;
    }
    for (int p = 0; p < NNK_PATH_COUNT; p++) {
        if (strcmp(v, names[p]) != 0) continue;
        if (nnk_select_path(p) == 0) return 0;
        if (message && capacity)
            snprintf(message, capacity,
                     "NNVIZ_CPU: this CPU cannot run the %s kernels (it supports: %s%s%s%s); unset NNVIZ_CPU for the best",
                     names[p], "baseline", nnk_path_supported(NNK_PATH_AVX2) ? ", avx2" : "",
                     nnk_path_supported(NNK_PATH_AVX512) ? ", avx512" : "",
                     nnk_path_supported(NNK_PATH_NEON) ? ", neon" : "");
        return 1;
    }
    if (message && capacity)
        snprintf(message, capacity, "NNVIZ_CPU: expected baseline, avx2, avx512 or neon, got \"%.80s\"", v);
    return 1;
}

static const struct nnk_table *slow_table(void) {
    char message[256];
    if (nnk_configure_from_environment(message, sizeof message) != 0) {
        fprintf(stderr, "nnviz: %s\n", message);
        exit(2);
    }
    return atomic_load(&active_table);
}

/// This thread's override (nnk_set_thread_path), else the process-wide path.
static _Thread_local const struct nnk_table *thread_table = NULL;
static _Thread_local int thread_path = -1;

static inline const struct nnk_table *T(void) {
    const struct nnk_table *t = thread_table;
    if (t) return t;
    t = atomic_load_explicit(&active_table, memory_order_acquire);
    return t ? t : slow_table();
}

int nnk_set_thread_path(int path) {
    const int previous = thread_path;
    if (path < 0) {
        thread_table = NULL;
        thread_path = -1;
        return previous;
    }
    if (path >= NNK_PATH_COUNT || !nnk_path_supported(path)) return -2;
    thread_table = table_for(path);
    thread_path = path;
    return previous;
}

int nnk_active_path(void) {
    (void)T();
    return thread_path >= 0 ? thread_path : atomic_load(&active_path);
}

size_t nnk_pack_capacity(ptrdiff_t columns) {
    ptrdiff_t c = columns < 1 ? 1 : columns;
    return (size_t)(NNK_MAX_MR * 256 + 256 * ((c + NNK_MAX_NR - 1) / NNK_MAX_NR * NNK_MAX_NR) + 16);
}

void nnk_gemm(const double *a, ptrdiff_t ars, ptrdiff_t aks, const double *b, ptrdiff_t ldb, int b_transposed,
              double *c, ptrdiff_t ldc, ptrdiff_t rows, ptrdiff_t inner, ptrdiff_t cols, int init,
              const double *bias, double *pack) {
    T()->gemm(a, ars, aks, b, ldb, b_transposed, c, ldc, rows, inner, cols, init, bias, pack);
}
void nnk_weight_gradient_dot(const double *dz, const double *a, double *gw, double *gb, ptrdiff_t out,
                             ptrdiff_t inp, ptrdiff_t ld) {
    T()->weight_gradient_dot(dz, a, gw, gb, out, inp, ld);
}
void nnk_row_sums(const double *dz, double *gb, ptrdiff_t out, ptrdiff_t ld) { T()->row_sums(dz, gb, out, ld); }
void nnk_gemm_acc(const double *a, ptrdiff_t rs, ptrdiff_t cs, const double *b, double *c, ptrdiff_t m,
                  ptrdiff_t n, ptrdiff_t k, int overwrite) {
    T()->gemm_acc(a, rs, cs, b, c, m, n, k, overwrite);
}
void nnk_gemm_tn_narrow(const double *a, const double *b, double *c, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k) {
    T()->gemm_tn_narrow(a, b, c, m, n, k);
}
double nnk_dot(const double *a, const double *b, ptrdiff_t n) { return T()->dot(a, b, n); }
void nnk_axpy(double alpha, const double *x, double *y, ptrdiff_t n) { T()->axpy(alpha, x, y, n); }
void nnk_fma_vv(double *c, const double *a, const double *b, ptrdiff_t n) { T()->fma_vv(c, a, b, n); }
void nnk_fma_sv(double *c, double s, const double *x, ptrdiff_t n) { T()->fma_sv(c, s, x, n); }
void nnk_fma_scaled(double *c, double s, const double *w, const double *k, ptrdiff_t n) {
    T()->fma_scaled(c, s, w, k, n);
}
void nnk_multi_dot(const double *const *rows, ptrdiff_t nrows, const double *w, ptrdiff_t n, double *out) {
    T()->multi_dot(rows, nrows, w, n, out);
}
void nnk_combine_sub(const double *const *rows, ptrdiff_t nrows, const double *c, double *w, ptrdiff_t n) {
    T()->combine_sub(rows, nrows, c, w, n);
}
void nnk_symv_upper(const double *a, ptrdiff_t n, ptrdiff_t s, const double *v, double *y) {
    T()->symv_upper(a, n, s, v, y);
}
void nnk_syr2k_upper(double *a, ptrdiff_t n, ptrdiff_t s, const double *left, ptrdiff_t k, const double *w_rows,
                     const double *v_rows, ptrdiff_t width) {
    T()->syr2k_upper(a, n, s, left, k, w_rows, v_rows, width);
}
void nnk_tanh(const double *z, double *h, ptrdiff_t count) { T()->tanh(z, h, count); }
void nnk_adam(double *theta, const double *g, double *m, double *v, ptrdiff_t n, double b1, double b2,
              double one_minus_b1, double one_minus_b2, double c1, double c2, double eps, double lr, double shrink,
              int decay) {
    T()->adam(theta, g, m, v, n, b1, b2, one_minus_b1, one_minus_b2, c1, c2, eps, lr, shrink, decay);
}
void nnk_tanh_derivative(const double *h, double *d, ptrdiff_t count) { T()->tanh_derivative(h, d, count); }
