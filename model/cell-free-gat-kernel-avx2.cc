/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The GAT forward pass for AVX2 + FMA processors: cell-free-gat-kernel.cc compiled with
// -mavx2 -mfma (CMakeLists.txt) under another function name and another Eigen namespace (see
// there). CellFreeGatForward calls it when the processor supports both, at run time, so the
// library stays baseline x86-64.

#if defined(CELL_FREE_GAT_AVX2_KERNEL)
#define CELL_FREE_GAT_KERNEL CellFreeGatKernelAvx2Fma
#define CELL_FREE_GAT_EIGEN_NAMESPACE CellFreeEigenAvx2Fma
#include "cell-free-gat-kernel.cc"

namespace ns3
{

bool
CellFreeGatKernelAvx2FmaAvailable()
{
    static const bool available = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    return available;
}

} // namespace ns3

#else

#include "cell-free-gat-kernel.h"

#include <cstdlib>

namespace ns3
{

void
CellFreeGatKernelAvx2Fma(const CellFreeGatKernelWeights&, const CellFreeGatKernelGraph&, double*)
{
    std::abort(); // never called: CellFreeGatKernelAvx2FmaAvailable() is false
}

bool
CellFreeGatKernelAvx2FmaAvailable()
{
    return false;
}

} // namespace ns3

#endif
