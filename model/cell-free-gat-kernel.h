/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_GAT_KERNEL_H
#define CELL_FREE_GAT_KERNEL_H

// Deliberately free of Eigen and ns-3 types: the kernel is compiled once for baseline x86-64 and
// once for AVX2 + FMA (cell-free-gat-kernel-avx2.cc), each with Eigen in a namespace of its own,
// so nothing but plain pointers may cross this interface.

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief A column-major float matrix (a vector is n x 1) the kernel reads.
 */
struct CellFreeGatKernelMatrix
{
    const float* data{nullptr}; //!< values, column-major
    long rows{0};               //!< rows
    long cols{0};               //!< columns
};

/**
 * \ingroup cell-free
 * \brief One attention layer's weights (CellFreeGatWeights::Layer as plain matrices).
 */
struct CellFreeGatKernelLayer
{
    CellFreeGatKernelMatrix project;      //!< fused projection, (2H + 2d) x d
    CellFreeGatKernelMatrix projectShift; //!< u
    CellFreeGatKernelMatrix projectBias;  //!< c
    CellFreeGatKernelMatrix outAp;        //!< d x d
    CellFreeGatKernelMatrix outApBias;    //!< d
    CellFreeGatKernelMatrix outUe;        //!< d x d
    CellFreeGatKernelMatrix pilotFactor;  //!< d + H
};

/**
 * \ingroup cell-free
 * \brief The network's weights (CellFreeGatWeights as plain matrices).
 */
struct CellFreeGatKernelWeights
{
    int width{0};                                  //!< d
    int heads{0};                                  //!< H
    CellFreeGatKernelMatrix embed;                 //!< d x F
    CellFreeGatKernelMatrix embedBias;             //!< d
    const CellFreeGatKernelLayer* layers{nullptr}; //!< the layers
    int numLayers{0};                              //!< their number
    CellFreeGatKernelMatrix score;                 //!< 1 x d
    float scoreBias{0.0F};                         //!< its bias
    CellFreeGatKernelMatrix usage;                 //!< 1 x d
    float usageBias{0.0F};                         //!< its bias
};

/**
 * \ingroup cell-free
 * \brief The graph the kernel reads (CellFreeGatGraph as plain arrays).
 */
struct CellFreeGatKernelGraph
{
    int numAps{0};                  //!< M
    int numUes{0};                  //!< K
    int numAntennas{1};             //!< N
    int numGroups{0};               //!< G
    int numFeatures{0};             //!< F
    const int* group{nullptr};      //!< K pilot-group indices
    const float* features{nullptr}; //!< K x M x F, UE-major (or numPairs x F)
    /// With serving clusters: the AP of each node (the served pairs, UE-major), else nullptr
    const int* pairAp{nullptr};
    const int* ueOffset{nullptr}; //!< K + 1 offsets of each UE's nodes (with pairAp)
    long numPairs{0};             //!< the number of nodes (with pairAp)
};

/**
 * \brief The forward pass for baseline x86-64 (or any target).
 * \param weights the weights
 * \param graph the graph (at least one node)
 * \param[out] mu M x K amplitudes, column-major; with pairAp, one per node
 */
void CellFreeGatKernelGeneric(const CellFreeGatKernelWeights& weights,
                              const CellFreeGatKernelGraph& graph,
                              double* mu);

/**
 * \brief The same forward pass compiled for AVX2 and FMA; call it only when
 * CellFreeGatKernelAvx2FmaAvailable() is true.
 * \param weights the weights
 * \param graph the graph (at least one node)
 * \param[out] mu M x K amplitudes, column-major; with pairAp, one per node
 */
void CellFreeGatKernelAvx2Fma(const CellFreeGatKernelWeights& weights,
                              const CellFreeGatKernelGraph& graph,
                              double* mu);

/// \return whether this build has the AVX2 + FMA kernel and the processor runs it
bool CellFreeGatKernelAvx2FmaAvailable();

} // namespace ns3

#endif // CELL_FREE_GAT_KERNEL_H
