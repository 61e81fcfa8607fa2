// Baseline path: the architecture's guaranteed instruction set (SSE2 on x86-64, NEON on arm64). Fused
// multiply-adds go through libm's exact fma where the CPU has no FMA instructions.
#include <stdint.h>
#include <string.h>
#include "CNNKernels.h"
#include "nnk_internal.h"
#define NNK_SUFFIX baseline
#define NNK_VL 4
#define NNK_MR 6
#include "kernels_impl.h"
