// AVX2 + FMA path (x86-64 only): 256-bit vectors, 6 × 8 register tiles.
#include <stdint.h>
#include <string.h>
#include "CNNKernels.h"
#include "nnk_internal.h"
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define NNK_SUFFIX avx2
#define NNK_VL 4
#define NNK_MR 6
#include "kernels_impl.h"
#pragma clang attribute pop
#endif
