/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The link model's single-precision M x K products (doc/cell-free.rst "The link model"). This
// file is compiled twice, as cell-free-gat-kernel.cc is: as itself, for the baseline target,
// and through cell-free-link-kernel-avx2.cc with -mavx2 -mfma, where CELL_FREE_LINK_KERNEL
// names the function and Eigen is renamed into a namespace of its own. It includes no ns-3
// header (hence no NS_LOG component: CellFreeLinkModel logs for it).

#include "cell-free-link-kernel.h"

#ifndef CELL_FREE_LINK_KERNEL
#define CELL_FREE_LINK_KERNEL CellFreeSingleProductGeneric
#endif
#ifdef CELL_FREE_LINK_EIGEN_NAMESPACE
#define Eigen CELL_FREE_LINK_EIGEN_NAMESPACE
#endif

#include <Eigen/Dense>

namespace ns3
{

void
CELL_FREE_LINK_KERNEL(const float* matrix,
                      long rows,
                      long cols,
                      bool transpose,
                      const float* x,
                      float* y)
{
    const Eigen::Map<const Eigen::MatrixXf> b(matrix, rows, cols);
    if (transpose)
    {
        Eigen::Map<Eigen::VectorXf>(y, cols).noalias() =
            b.transpose() * Eigen::Map<const Eigen::VectorXf>(x, rows);
    }
    else
    {
        Eigen::Map<Eigen::VectorXf>(y, rows).noalias() =
            b * Eigen::Map<const Eigen::VectorXf>(x, cols);
    }
}

} // namespace ns3
