// AVX-512 path (x86-64 only; F, DQ, BW, VL, with AVX2 and FMA): 512-bit vectors, 32 registers, 12 × 16
// register tiles.
#include <stdint.h>
#include <string.h>
#include "CNNKernels.h"
#include "nnk_internal.h"
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,avx2,fma"))), apply_to = function)
#define NNK_SUFFIX avx512
#define NNK_VL 8
#define NNK_MR 12
#include "kernels_impl.h"
#pragma clang attribute pop
#endif
