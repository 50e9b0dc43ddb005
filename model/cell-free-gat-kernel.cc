/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The GAT forward pass (doc/cell-free.rst, "The GAT"; CellFreeGatWeights for the folded
// weights). This file is compiled twice: as itself, for the baseline target, and through
// cell-free-gat-kernel-avx2.cc with -mavx2 -mfma, where CELL_FREE_GAT_KERNEL names the function
// and Eigen is renamed into a namespace of its own, so that no Eigen instantiation of the AVX2
// build can stand in for the baseline one at link time. For the same reason it includes no
// ns-3 header (hence no NS_LOG component: CellFreeGatInference logs for it).

#include "cell-free-gat-kernel.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <vector>

#ifndef CELL_FREE_GAT_KERNEL
#define CELL_FREE_GAT_KERNEL CellFreeGatKernelGeneric
#endif
#ifdef CELL_FREE_GAT_EIGEN_NAMESPACE
#define Eigen CELL_FREE_GAT_EIGEN_NAMESPACE
#endif

#include <Eigen/Dense>
#include <unsupported/Eigen/SpecialFunctions>

namespace ns3
{

namespace
{

/// Must match the clamp of the Torch forward pass (cell-free-gat-model.cc).
constexpr float kScoreClamp = 20.0F;
/// LayerNorm's epsilon (LibTorch's default).
constexpr float kNormEpsilon = 1e-5F;

Eigen::Map<const Eigen::MatrixXf>
Matrix(const CellFreeGatKernelMatrix& m)
{
    return Eigen::Map<const Eigen::MatrixXf>(m.data, m.rows, m.cols);
}

Eigen::Map<const Eigen::VectorXf>
Vector(const CellFreeGatKernelMatrix& m)
{
    return Eigen::Map<const Eigen::VectorXf>(m.data, m.rows * m.cols);
}

} // namespace

void
CELL_FREE_GAT_KERNEL(const CellFreeGatKernelWeights& w,
                     const CellFreeGatKernelGraph& graph,
                     double* muOut)
{
    const int M = graph.numAps;
    const int K = graph.numUes;
    // With serving clusters the nodes are the served pairs only (doc/cell-free.rst "The GAT"):
    // the AP-type sums become scatters by AP, the UE-type sums stay contiguous blocks.
    const bool sparse = graph.pairAp != nullptr;
    const Eigen::Index N = sparse ? graph.numPairs : static_cast<Eigen::Index>(M) * K;
    const int* pairAp = graph.pairAp;
    const int* offset = graph.ueOffset;
    const int d = w.width;
    const int H = w.heads;
    const int dh = d / H;
    const int G = graph.numGroups;
    const auto embed = Matrix(w.embed);
    const auto embedBias = Vector(w.embedBias);
    // Node states are rows (node k M + m, UE-major as the graph's features), so that every
    // per-node operation is a loop over long contiguous columns (vectorised across nodes) and
    // the AP- and UE-type sums are sums of contiguous row blocks.
    using RowMajorF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Eigen::Map<const RowMajorF> features(graph.features, N, graph.numFeatures);

    // Work buffers are kept per thread: a call of the same size as the last reuses them (fresh
    // allocations of this size are mmap'ed and page-faulted, ~15% of a forward pass); a new size
    // reallocates.
    struct Workspace
    {
        Eigen::MatrixXf x, z, apTerms, ueSums, apAll, perGroup, total, apAggregate, ueAggregate,
            update;
        Eigen::VectorXf mean, scale;
    };

    thread_local Workspace ws;
    Eigen::MatrixXf& x = ws.x;
    Eigen::MatrixXf& z = ws.z;
    Eigen::MatrixXf& apTerms = ws.apTerms;
    Eigen::MatrixXf& ueSums = ws.ueSums;
    Eigen::MatrixXf& apAll = ws.apAll;
    Eigen::MatrixXf& perGroup = ws.perGroup;
    Eigen::MatrixXf& total = ws.total;
    Eigen::MatrixXf& apAggregate = ws.apAggregate;
    Eigen::MatrixXf& ueAggregate = ws.ueAggregate;
    Eigen::MatrixXf& update = ws.update;
    Eigen::VectorXf& mean = ws.mean;
    Eigen::VectorXf& scale = ws.scale;
    x.resize(N, d);
    z.resize(N, 2 * H + 2 * d);
    apTerms.resize(N, d + H);
    ueSums.resize(K, d + H);
    apAll.resize(M, d + H);
    perGroup.resize(static_cast<Eigen::Index>(M) * G, d + H);
    total.resize(M, d + H);
    // A row per node: the sparse path fills every row, the dense one the first M G.
    apAggregate.resize(N, d);
    update.resize(N, d);
    ueAggregate.resize(K, d);
    mean.resize(N);
    scale.resize(N);
    x.noalias() = features * embed.transpose();
    x.rowwise() += embedBias.transpose();

    for (int l = 0; l < w.numLayers; ++l)
    {
        const CellFreeGatKernelLayer& weights = w.layers[l];
        const auto project = Matrix(weights.project);
        const auto projectShift = Vector(weights.projectShift);
        const auto projectBias = Vector(weights.projectBias);
        const auto outAp = Matrix(weights.outAp);
        const auto outApBias = Vector(weights.outApBias);
        const auto outUe = Matrix(weights.outUe);
        const auto pilotFactor = Vector(weights.pilotFactor);
        // LayerNorm statistics of every node, folded into the projection (see the header).
        mean = x.col(0);
        for (int j = 1; j < d; ++j)
        {
            mean += x.col(j);
        }
        mean /= float(d);
        scale.setConstant(kNormEpsilon * d);
        for (int j = 0; j < d; ++j)
        {
            scale.array() += (x.col(j) - mean).array().square();
        }
        scale = (scale.array() / float(d)).rsqrt().matrix();
        {
            // z^T = P' x^T with both transposes read in place: the short-and-wide product is
            // markedly faster in Eigen than the tall-and-skinny x P'^T.
            const Eigen::Map<const RowMajorF> xt(x.data(), d, N);
            Eigen::Map<RowMajorF> zt(z.data(), z.cols(), N);
            zt.noalias() = project * xt;
        }
        for (int c = 0; c < z.cols(); ++c)
        {
            z.col(c).array() = (z.col(c).array() - projectShift(c) * mean.array()) * scale.array() +
                               projectBias(c);
        }
        z.leftCols(2 * H) = z.leftCols(2 * H).array().max(-kScoreClamp).min(kScoreClamp).exp();
        for (int c = 0; c < d; ++c)
        {
            apTerms.col(c) = z.col(2 * H + c).cwiseProduct(z.col(c / dh));
            z.col(2 * H + d + c).array() *= z.col(H + c / dh).array(); // UE-type, in place
        }
        apTerms.rightCols(H) = z.leftCols(H);

        // Sums over the UEs of each AP, over each pilot group, and over the APs of each UE.
        apAll.setZero();
        perGroup.setZero();
        if (sparse)
        {
            for (int k = 0; k < K; ++k)
            {
                const Eigen::Index groupRow = static_cast<Eigen::Index>(graph.group[k]) * M;
                for (int p = offset[k]; p < offset[k + 1]; ++p)
                {
                    apAll.row(pairAp[p]) += apTerms.row(p);
                    perGroup.row(groupRow + pairAp[p]) += apTerms.row(p);
                }
                const auto ueBlock = z.middleRows(offset[k], offset[k + 1] - offset[k]);
                ueSums.row(k).head(d) = ueBlock.rightCols(d).colwise().sum();
                ueSums.row(k).tail(H) = ueBlock.middleCols(H, H).colwise().sum();
            }
            // AP-type attention per node: its AP's sums with its own pilot group's reweighted.
            for (int k = 0; k < K; ++k)
            {
                const Eigen::Index groupRow = static_cast<Eigen::Index>(graph.group[k]) * M;
                for (int p = offset[k]; p < offset[k + 1]; ++p)
                {
                    // Without a temporary: this runs once per pair and layer.
                    const Eigen::Index m = pairAp[p];
                    for (int c = 0; c < d; ++c)
                    {
                        const int h = d + c / dh;
                        apAggregate(p, c) =
                            (apAll(m, c) + perGroup(groupRow + m, c) * pilotFactor(c)) /
                            (apAll(m, h) + perGroup(groupRow + m, h) * pilotFactor(h));
                    }
                }
            }
        }
        else
        {
            for (int k = 0; k < K; ++k)
            {
                const auto block = apTerms.middleRows(static_cast<Eigen::Index>(k) * M, M);
                apAll += block;
                perGroup.middleRows(static_cast<Eigen::Index>(graph.group[k]) * M, M) += block;
                const auto ueBlock = z.middleRows(static_cast<Eigen::Index>(k) * M, M);
                ueSums.row(k).head(d) = ueBlock.rightCols(d).colwise().sum();
                ueSums.row(k).tail(H) = ueBlock.middleCols(H, H).colwise().sum();
            }
            // AP-type attention: softmax over k' of s_k' + b_h [p(k') = p(k)], exactly. It
            // depends on k only through its pilot, so it and its output map are computed once
            // per pilot group (M G rows instead of M K).
            for (int g = 0; g < G; ++g)
            {
                total = apAll;
                total += perGroup.middleRows(static_cast<Eigen::Index>(g) * M, M) *
                         pilotFactor.asDiagonal();
                auto out = apAggregate.middleRows(static_cast<Eigen::Index>(g) * M, M);
                for (int c = 0; c < d; ++c)
                {
                    out.col(c) = total.col(c).cwiseQuotient(total.col(d + c / dh));
                }
            }
        }
        for (int k = 0; k < K; ++k)
        {
            for (int c = 0; c < d; ++c)
            {
                ueAggregate(k, c) = ueSums(k, c) / ueSums(k, d + c / dh);
            }
        }
        Eigen::MatrixXf ueUpdate = ueAggregate * outUe.transpose();
        ueUpdate.rowwise() += outApBias.transpose();
        if (sparse)
        {
            update.noalias() = apAggregate * outAp.transpose();
            for (int k = 0; k < K; ++k)
            {
                const Eigen::Index size = offset[k + 1] - offset[k];
                auto pre = update.middleRows(offset[k], size);
                pre.rowwise() += ueUpdate.row(k);
                x.middleRows(offset[k], size).array() +=
                    0.5F * pre.array() * (1.0F + (pre.array() * float(M_SQRT1_2)).erf());
            }
            continue;
        }
        const auto groupAggregate = apAggregate.topRows(static_cast<Eigen::Index>(M) * G);
        auto groupUpdate = update.topRows(static_cast<Eigen::Index>(M) * G);
        groupUpdate.noalias() = groupAggregate * outAp.transpose();
        // x_k += GELU(groupUpdate_g(k) + ueUpdate_k), the exact (erf) GELU as LibTorch's default.
        for (int k = 0; k < K; ++k)
        {
            auto pre = apTerms.middleRows(0, M).leftCols(d); // reused as scratch
            pre = groupUpdate.middleRows(static_cast<Eigen::Index>(graph.group[k]) * M, M);
            pre.rowwise() += ueUpdate.row(k);
            x.middleRows(static_cast<Eigen::Index>(k) * M, M).array() +=
                0.5F * pre.array() * (1.0F + (pre.array() * float(M_SQRT1_2)).erf());
        }
    }

    // Output head: s = exp(o - max) per AP, o = score(x) + 0.5 log(gamma share) (feature 5).
    Eigen::VectorXf logit = x * Matrix(w.score).transpose();
    logit.array() += w.scoreBias + 0.5F * features.col(5).array();
    const double limit = 1.0 / std::sqrt(double(graph.numAntennas));
    if (sparse)
    {
        // The same head over each AP's served UEs: its softmax, its mean state, its usage.
        Eigen::VectorXf apMax =
            Eigen::VectorXf::Constant(M, -std::numeric_limits<float>::infinity());
        Eigen::VectorXi count = Eigen::VectorXi::Zero(M);
        Eigen::MatrixXf pooled = Eigen::MatrixXf::Zero(M, d);
        for (Eigen::Index p = 0; p < N; ++p)
        {
            apMax(pairAp[p]) = std::max(apMax(pairAp[p]), logit(p));
            ++count(pairAp[p]);
            pooled.row(pairAp[p]) += x.row(p);
        }
        Eigen::VectorXd s(N);
        Eigen::VectorXd normSquared = Eigen::VectorXd::Zero(M);
        for (Eigen::Index p = 0; p < N; ++p)
        {
            s(p) = std::exp(double(logit(p) - apMax(pairAp[p])));
            normSquared(pairAp[p]) += s(p) * s(p);
        }
        for (int m = 0; m < M; ++m)
        {
            pooled.row(m) /= float(std::max(count(m), 1));
        }
        const Eigen::VectorXf usageLogit =
            (pooled * Matrix(w.usage).transpose()).array() + w.usageBias;
        for (Eigen::Index p = 0; p < N; ++p)
        {
            const int m = pairAp[p];
            const double usage = 1.0 / (1.0 + std::exp(-double(usageLogit(m))));
            muOut[p] = s(p) * (usage * limit / std::sqrt(normSquared(m)));
        }
        return;
    }
    Eigen::Map<Eigen::MatrixXd> mu(muOut, M, K);
    const Eigen::Map<const Eigen::MatrixXf> logits(logit.data(), M, K);
    const Eigen::MatrixXd s =
        (logits.colwise() - logits.rowwise().maxCoeff()).array().exp().cast<double>();
    Eigen::MatrixXf pooled = Eigen::MatrixXf::Zero(M, d);
    for (int k = 0; k < K; ++k)
    {
        pooled += x.middleRows(static_cast<Eigen::Index>(k) * M, M);
    }
    pooled /= float(K);
    const Eigen::VectorXf usageLogit = (pooled * Matrix(w.usage).transpose()).array() + w.usageBias;
    for (int m = 0; m < M; ++m)
    {
        const double usage = 1.0 / (1.0 + std::exp(-double(usageLogit(m))));
        mu.row(m) = s.row(m) * (usage * limit / s.row(m).norm());
    }
}

} // namespace ns3
