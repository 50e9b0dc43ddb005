/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_GAT_INFERENCE_H
#define CELL_FREE_GAT_INFERENCE_H

#include "cell-free-gat-graph.h"
#include "cell-free-gat-model-file.h"

#include <Eigen/Dense>
#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief The weights of a CellFreeGatModel in plain Eigen form, for CellFreeGatForward.
 *
 * Training needs LibTorch (autograd, Adam, serialisation); inference does not. A forward pass at
 * M = 100, K = 40 is ~30 small tensor operations per layer on 4000 nodes, and LibTorch's eager
 * per-operation cost (tens of microseconds each at this size, plus whatever BLAS the system
 * provides) would dominate. The same network written as a few fused Eigen loops is several times
 * faster and independent of the system BLAS; a test checks that both forward passes agree.
 * Linear maps are (out x in); the input normalisation is folded into the embedding.
 */
struct CellFreeGatWeights
{
    /// One attention layer.
    struct Layer
    {
        /// The LayerNorm folded into the fused projection P (scores and values, (2H + 2d) x d):
        /// P LN(x) + b = inv (P' x - u mean(x)) + c with P' = P diag(gain), u = P' 1,
        /// c = P bias_LN + b, inv = 1 / sqrt(var(x) + eps); so the normalised states are never
        /// materialised.
        Eigen::MatrixXf project;
        Eigen::VectorXf projectShift; //!< u
        Eigen::VectorXf projectBias;  //!< c
        Eigen::MatrixXf outAp;        //!< AP-type aggregate to d (d x d)
        Eigen::VectorXf outApBias;    //!< its bias
        Eigen::MatrixXf outUe;        //!< UE-type aggregate to d (d x d), no bias
        /// exp(b_h) - 1 for every numerator channel of head h, then for every head's
        /// denominator (d + H): the weight of the pilot-group sums in the AP-type attention.
        Eigen::VectorXf pilotFactor;
    };

    int width{0};              //!< d
    int heads{0};              //!< H
    Eigen::MatrixXf embed;     //!< d x F, normalisation folded in
    Eigen::VectorXf embedBias; //!< d
    std::vector<Layer> layers; //!< the layers
    Eigen::RowVectorXf score;  //!< 1 x d output logit map
    float scoreBias{0.0F};     //!< its bias
    Eigen::RowVectorXf usage;  //!< 1 x d per-AP usage map
    float usageBias{0.0F};     //!< its bias
};

/**
 * \brief The weights of a checked model file (CellFreeGatModelFile::Check passes), with the
 * normalisations folded in as CellFreeGatWeights describes.
 * \param file the model
 * \return the weights
 */
CellFreeGatWeights MakeCellFreeGatWeights(const CellFreeGatModelFile& file);

/**
 * \brief The GAT's forward pass with one amplitude per node of the graph: the served pairs UE
 * after UE (CellFreeGatGraph::pairAp) with serving clusters, node k M + m (M x K column-major)
 * without. It skips CellFreeGatForward's M x K matrix, which costs more than the network at the
 * city scale with clusters.
 * \param weights the weights
 * \param graph BuildCellFreeGatGraph of the scenario
 * \param allowAvx2 false forces the baseline kernel
 * \return the amplitudes mu, a value per node
 */
Eigen::VectorXd CellFreeGatForwardNodes(const CellFreeGatWeights& weights,
                                        const CellFreeGatGraph& graph,
                                        bool allowAvx2 = true);

/**
 * \brief The GAT's forward pass (see CellFreeGatModel for the network) in Eigen, float,
 * single-threaded. On processors with AVX2 and FMA it runs a build of the same kernel for them
 * (cell-free-gat-kernel-avx2.cc, chosen at run time; the library itself stays baseline x86-64).
 * \param weights the weights
 * \param graph BuildCellFreeGatGraph of the scenario
 * \param allowAvx2 false forces the baseline kernel (tests compare the two)
 * \return M x K amplitudes mu (double), ||mu_m||^2 <= 1/N for every AP
 */
Eigen::MatrixXd CellFreeGatForward(const CellFreeGatWeights& weights,
                                   const CellFreeGatGraph& graph,
                                   bool allowAvx2 = true);

} // namespace ns3

#endif // CELL_FREE_GAT_INFERENCE_H
