/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_LINK_KERNEL_H
#define CELL_FREE_LINK_KERNEL_H

// Deliberately free of Eigen and ns-3 types, as cell-free-gat-kernel.h: the kernel is compiled
// once for baseline x86-64 and once for AVX2 + FMA (cell-free-link-kernel-avx2.cc), each with
// Eigen in a namespace of its own.

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief y = B^T x (transpose) or y = B x in single precision, B column-major (rows x cols): the
 * link model's M x K products (doc/cell-free.rst "The link model"), for baseline x86-64.
 * \param matrix B, column-major
 * \param rows its rows (M)
 * \param cols its columns (K)
 * \param transpose whether to multiply by B^T (x: rows values, y: cols) or by B (x: cols, y: rows)
 * \param x the vector
 * \param[out] y the product
 */
void CellFreeSingleProductGeneric(const float* matrix,
                                  long rows,
                                  long cols,
                                  bool transpose,
                                  const float* x,
                                  float* y);

/**
 * \brief The same products compiled for AVX2 and FMA; call it only when
 * CellFreeLinkKernelAvx2FmaAvailable() is true.
 * \param matrix B, column-major
 * \param rows its rows (M)
 * \param cols its columns (K)
 * \param transpose whether to multiply by B^T or by B
 * \param x the vector
 * \param[out] y the product
 */
void CellFreeSingleProductAvx2Fma(const float* matrix,
                                  long rows,
                                  long cols,
                                  bool transpose,
                                  const float* x,
                                  float* y);

/// \return whether this build has the AVX2 + FMA product and the processor runs it
bool CellFreeLinkKernelAvx2FmaAvailable();

} // namespace ns3

#endif // CELL_FREE_LINK_KERNEL_H
