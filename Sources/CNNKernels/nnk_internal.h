// The table of one kernel path (internal to CNNKernels).
#ifndef NNK_INTERNAL_H
#define NNK_INTERNAL_H
#include <stddef.h>

struct nnk_table {
    void (*gemm)(const double *, ptrdiff_t, ptrdiff_t, const double *, ptrdiff_t, int, double *, ptrdiff_t,
                 ptrdiff_t, ptrdiff_t, ptrdiff_t, int, const double *, double *);
    void (*weight_gradient_dot)(const double *, const double *, double *, double *, ptrdiff_t, ptrdiff_t, ptrdiff_t);
    void (*row_sums)(const double *, double *, ptrdiff_t, ptrdiff_t);
    void (*gemm_acc)(const double *, ptrdiff_t, ptrdiff_t, const double *, double *, ptrdiff_t, ptrdiff_t, ptrdiff_t, int);
    void (*gemm_tn_narrow)(const double *, const double *, double *, ptrdiff_t, ptrdiff_t, ptrdiff_t);
    double (*dot)(const double *, const double *, ptrdiff_t);
    void (*axpy)(double, const double *, double *, ptrdiff_t);
    void (*fma_vv)(double *, const double *, const double *, ptrdiff_t);
    void (*fma_sv)(double *, double, const double *, ptrdiff_t);
    void (*fma_scaled)(double *, double, const double *, const double *, ptrdiff_t);
    void (*multi_dot)(const double *const *, ptrdiff_t, const double *, ptrdiff_t, double *);
    void (*combine_sub)(const double *const *, ptrdiff_t, const double *, double *, ptrdiff_t);
    void (*symv_upper)(const double *, ptrdiff_t, ptrdiff_t, const double *, double *);
    void (*syr2k_upper)(double *, ptrdiff_t, ptrdiff_t, const double *, ptrdiff_t, const double *, const double *, ptrdiff_t);
    void (*tanh)(const double *, double *, ptrdiff_t);
    void (*adam)(double *, const double *, double *, double *, ptrdiff_t, double, double, double, double, double,
                 double, double, double, double, int);
    void (*tanh_derivative)(const double *, double *, ptrdiff_t);
};

/// Rows of the largest packed register tile of any path (sizes the packing scratch).
#define NNK_MAX_MR 12
/// Columns of the widest packed panel of any path.
#define NNK_MAX_NR 16

extern const struct nnk_table nnk_table_baseline;
#if defined(__x86_64__)
extern const struct nnk_table nnk_table_avx2;
extern const struct nnk_table nnk_table_avx512;
#endif

#endif
