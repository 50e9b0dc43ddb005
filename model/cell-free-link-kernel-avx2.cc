/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The link model's single-precision products for AVX2 + FMA processors: cell-free-link-kernel.cc
// compiled with -mavx2 -mfma (CMakeLists.txt) under another function name and another Eigen
// namespace. CellFreeLinkModel calls it when the processor supports both, at run time, so the
// library stays baseline x86-64.

#if defined(CELL_FREE_LINK_AVX2_KERNEL)
#define CELL_FREE_LINK_KERNEL CellFreeSingleProductAvx2Fma
#define CELL_FREE_LINK_EIGEN_NAMESPACE CellFreeLinkEigenAvx2Fma
#include "cell-free-link-kernel.cc"

namespace ns3
{

bool
CellFreeLinkKernelAvx2FmaAvailable()
{
    static const bool available = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return available;
}

} // namespace ns3

#else

#include "cell-free-link-kernel.h"

#include <cstdlib>

namespace ns3
{

void
CellFreeSingleProductAvx2Fma(const float*, long, long, bool, const float*, float*)
{
    std::abort(); // never called: CellFreeLinkKernelAvx2FmaAvailable() is false
}

bool
CellFreeLinkKernelAvx2FmaAvailable()
{
    return false;
}

} // namespace ns3

#endif
