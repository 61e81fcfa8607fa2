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

/// q(r) = (expm1(r) − r)/r² ≈ Σ Qᵢ·rⁱ on |r| ≤ ln2/2: a degree-9 near-minimax fit (mpmath chebyfit), which keeps
/// expm1(r) = r + r²·q(r) within 4.1·10⁻¹⁷ relative (a third of an ulp). VectorMath.swift holds the same values.
#define NNK_EXPM1_Q0 0x1.0000000000001p-1
#define NNK_EXPM1_Q1 0x1.5555555555556p-3
#define NNK_EXPM1_Q2 0x1.5555555553d68p-5
#define NNK_EXPM1_Q3 0x1.11111111109b5p-7
#define NNK_EXPM1_Q4 0x1.6c16c17889f40p-10
#define NNK_EXPM1_Q5 0x1.a01a01a7c2f2ep-13
#define NNK_EXPM1_Q6 0x1.a019b9148739fp-16
#define NNK_EXPM1_Q7 0x1.71de0db2eafc6p-19
#define NNK_EXPM1_Q8 0x1.28917ca046b86p-22
#define NNK_EXPM1_Q9 0x1.af389eeb9e5e9p-26

extern const struct nnk_table nnk_table_baseline;
#if defined(__x86_64__)
extern const struct nnk_table nnk_table_avx2;
extern const struct nnk_table nnk_table_avx512;
#endif

#endif
