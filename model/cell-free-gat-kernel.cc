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
/// Pairs per tile of the sparse pass (whole UEs): a tile's per-node values, about 50 floats a
/// pair, then stay in the second-level cache (512-2048 measured alike at the city scale, 256 was
/// 8% slower: more, smaller products).
constexpr int kTilePairs = 1024;

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

    // Work buffers are kept per thread and only grow (with a quarter's headroom): fresh
    // allocations of this size are mmap'ed and page-faulted, which cost as much as a third of a
    // forward pass at the city scale, and with serving clusters the number of pairs changes from
    // call to call.
    struct Buffer
    {
        // Eigen's alignment (32 bytes in the AVX2 build): the vectorised reductions peel up to
        // an aligned address, so storage aligned by chance would make their rounding, and the
        // results, depend on what the process allocated before.
        std::vector<float, Eigen::aligned_allocator<float>> storage;

        Eigen::Map<Eigen::MatrixXf> Get(Eigen::Index rows, Eigen::Index cols)
        {
            const auto size = static_cast<std::size_t>(rows * cols);
            if (storage.size() < size)
            {
                storage.clear();
                storage.shrink_to_fit();
                storage.resize(size + size / 4);
            }
            return {storage.data(), rows, cols};
        }
    };

    struct Workspace
    {
        Buffer x, z, apTerms, ueSums, apAll, perGroup, total, apAggregate, ueAggregate, update,
            ueUpdate, mean, scale, sharedSum;
        // Sparse graphs: the shared slot of each pair (-1: its slot is its own), the first pair
        // of each (AP, pilot group) (M G, -1 where no pair has it), the pairs of shared slots in
        // pair order.
        std::vector<int> sharedOf, firstOfApGroup, sharedPair;
        std::vector<int> tiles; //!< sparse graphs: the first UE of each tile, then K
    };

    thread_local Workspace ws;
    // With serving clusters the AP-type attention of pair (m, k) depends on k only through its
    // pilot group: m's sums over all its UEs plus the reweighted sums over those in k's group,
    // its slot (doc/cell-free.rst "The GAT"). The sparse path keeps the attention per pair, with
    // a slot's sums the pair's own terms: an AP serves few UEs of a pilot (DCC: one, but for a
    // master AP), so no scatter per slot is needed, and the rare slots that several pairs share
    // are summed apart and patched in.
    int numShared = 0;
    if (sparse)
    {
        ws.sharedOf.assign(N, -1);
        ws.firstOfApGroup.assign(static_cast<std::size_t>(M) * G, -1);
        for (int k = 0; k < K; ++k)
        {
            const std::size_t groupRow = static_cast<std::size_t>(graph.group[k]) * M;
            for (int p = offset[k]; p < offset[k + 1]; ++p)
            {
                int& first = ws.firstOfApGroup[groupRow + pairAp[p]];
                if (first < 0)
                {
                    first = p;
                    continue;
                }
                if (ws.sharedOf[first] < 0)
                {
                    ws.sharedOf[first] = numShared++;
                }
                ws.sharedOf[p] = ws.sharedOf[first];
            }
        }
        ws.sharedPair.clear();
        for (int p = 0; p < N; ++p)
        {
            if (ws.sharedOf[p] >= 0)
            {
                ws.sharedPair.push_back(p);
            }
        }
    }
    // The sparse path keeps one tile's per-node values (z, the attention, the update) and every
    // pair's AP-type terms (the attention of any pair needs its AP's sums over all of them), the
    // dense one every node's.
    Eigen::Index tileRows = N;
    if (sparse)
    {
        tileRows = 0;
        ws.tiles.assign(1, 0);
        for (int k = 0; k < K; ++k)
        {
            const Eigen::Index rows = offset[k + 1] - offset[ws.tiles.back()];
            if (rows >= kTilePairs || k + 1 == K)
            {
                ws.tiles.push_back(k + 1);
                tileRows = std::max(tileRows, rows);
            }
        }
    }
    auto x = ws.x.Get(N, d);
    auto z = ws.z.Get(tileRows, 2 * H + 2 * d);
    auto apTerms = ws.apTerms.Get(sparse ? 0 : N, d + H);
    auto ueSums = ws.ueSums.Get(K, d + H);
    auto apAll = ws.apAll.Get(M, d + H);
    // Dense: the sums per (group, AP); sparse: each pair's AP-type terms.
    auto perGroup = ws.perGroup.Get(sparse ? N : static_cast<Eigen::Index>(M) * G, d + H);
    auto& pairTerms = perGroup;
    // Dense: an AP's sums with a group's reweighted; sparse: a tile's attention denominators.
    auto total = ws.total.Get(sparse ? tileRows : M, sparse ? H : d + H);
    auto& denominator = total;
    auto sharedSum = ws.sharedSum.Get(numShared, d + H); // the shared slots' sums
    // A row per node (dense, of which the first M G are used) or per pair of a tile.
    auto apAggregate = ws.apAggregate.Get(tileRows, d);
    auto update = ws.update.Get(tileRows, d);
    auto ueAggregate = ws.ueAggregate.Get(K, d);
    auto ueUpdate = ws.ueUpdate.Get(K, d);
    Eigen::Map<Eigen::VectorXf> mean(ws.mean.Get(tileRows, 1).data(), tileRows);
    Eigen::Map<Eigen::VectorXf> scale(ws.scale.Get(tileRows, 1).data(), tileRows);
    x.noalias() = features * embed.transpose();
    x.rowwise() += embedBias.transpose();

    // Rows [begin, begin + rows) of the nodes (all of them, or a tile), into the first rows of z
    // and into terms: the LayerNorm statistics folded into the fused projection (see the header),
    // z = the normalised projection with the scores exponentiated, terms = the AP-type values
    // times their scores and the scores, and the UE-type values times theirs, in place.
    auto nodeTerms = [&](Eigen::Index begin,
                         Eigen::Index rows,
                         const auto& project,
                         const auto& projectShift,
                         const auto& projectBias,
                         auto terms) {
        const auto xs = x.middleRows(begin, rows);
        auto rowMean = mean.head(rows);
        auto rowScale = scale.head(rows);
        rowMean = xs.col(0);
        for (int j = 1; j < d; ++j)
        {
            rowMean += xs.col(j);
        }
        rowMean /= float(d);
        rowScale.setConstant(kNormEpsilon * d);
        for (int j = 0; j < d; ++j)
        {
            rowScale.array() += (xs.col(j) - rowMean).array().square();
        }
        rowScale = (rowScale.array() / float(d)).rsqrt().matrix();
        auto zs = z.topRows(rows);
        {
            // z^T = P' x^T with both transposes read in place: the short-and-wide product is
            // markedly faster in Eigen than the tall-and-skinny x P'^T.
            Eigen::Map<RowMajorF, 0, Eigen::OuterStride<>> zt(zs.data(),
                                                              zs.cols(),
                                                              rows,
                                                              Eigen::OuterStride<>(z.rows()));
            zt.noalias() = project * xs.transpose();
        }
        for (int c = 0; c < zs.cols(); ++c)
        {
            zs.col(c).array() =
                (zs.col(c).array() - projectShift(c) * rowMean.array()) * rowScale.array() +
                projectBias(c);
        }
        zs.leftCols(2 * H) = zs.leftCols(2 * H).array().max(-kScoreClamp).min(kScoreClamp).exp();
        for (int c = 0; c < d; ++c)
        {
            terms.col(c) = zs.col(2 * H + c).cwiseProduct(zs.col(c / dh));
            zs.col(2 * H + d + c).array() *= zs.col(H + c / dh).array(); // UE-type, in place
        }
        terms.rightCols(H) = zs.leftCols(H);
    };
    // The UE-type attention's output from its sums (ueSums), through its Linear.
    auto ueTypeUpdate = [&](const auto& outUe, const auto& outApBias) {
        for (int k = 0; k < K; ++k)
        {
            for (int c = 0; c < d; ++c)
            {
                ueAggregate(k, c) = ueSums(k, c) / ueSums(k, d + c / dh);
            }
        }
        ueUpdate.noalias() = ueAggregate * outUe.transpose();
        ueUpdate.rowwise() += outApBias.transpose();
    };

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
        if (sparse)
        {
            // With serving clusters, tile by tile of whole UEs (about kTilePairs pairs): the
            // per-node states of a tile stay in cache from the normalisation to the scatter,
            // and again from the attention to the GELU, where whole-graph passes would stream
            // them through memory about ten times a layer at the city scale.
            apAll.setZero();
            for (std::size_t t = 0; t + 1 < ws.tiles.size(); ++t)
            {
                const int firstUe = ws.tiles[t];
                const int lastUe = ws.tiles[t + 1];
                const Eigen::Index begin = offset[firstUe];
                const Eigen::Index rows = offset[lastUe] - begin;
                auto zs = z.topRows(rows);
                auto terms = pairTerms.middleRows(begin, rows);
                nodeTerms(begin, rows, project, projectShift, projectBias, terms);
                // Scatter-adds a column at a time: the column of apAll (M) stays in cache, where
                // a row at a time would touch a cache line per value.
                for (int col = 0; col < d + H; ++col)
                {
                    const float* term = terms.col(col).data();
                    float* all = apAll.col(col).data();
                    const int* ap = pairAp + begin;
                    for (Eigen::Index p = 0; p < rows; ++p)
                    {
                        all[ap[p]] += term[p];
                    }
                }
                for (int k = firstUe; k < lastUe; ++k)
                {
                    const auto ueBlock =
                        zs.middleRows(offset[k] - begin, offset[k + 1] - offset[k]);
                    ueSums.row(k).head(d) = ueBlock.rightCols(d).colwise().sum();
                    ueSums.row(k).tail(H) = ueBlock.middleCols(H, H).colwise().sum();
                }
            }
            // The shared slots' sums, each slot's pairs added in pair order, as a scatter would.
            sharedSum.setZero();
            for (const int p : ws.sharedPair)
            {
                sharedSum.row(ws.sharedOf[p]) += pairTerms.row(p);
            }
            ueTypeUpdate(outUe, outApBias);
            // Tile by tile again: the AP-type attention per pair (its AP's sums with its slot's
            // reweighted: its own terms, patched where the slot is shared), its update, then
            // x_p += GELU(it + UE update).
            const int* shared = ws.sharedPair.data();
            const int* sharedEnd = shared + ws.sharedPair.size();
            for (std::size_t t = 0; t + 1 < ws.tiles.size(); ++t)
            {
                const int firstUe = ws.tiles[t];
                const int lastUe = ws.tiles[t + 1];
                const Eigen::Index begin = offset[firstUe];
                const Eigen::Index rows = offset[lastUe] - begin;
                const int* ap = pairAp + begin;
                auto den = denominator.topRows(rows);
                auto aggregate = apAggregate.topRows(rows);
                for (int h = 0; h < H; ++h)
                {
                    const float* all = apAll.col(d + h).data();
                    const float* own = pairTerms.col(d + h).data() + begin;
                    float* out = den.col(h).data();
                    const float factor = pilotFactor(d + h);
                    for (Eigen::Index p = 0; p < rows; ++p)
                    {
                        out[p] = all[ap[p]] + own[p] * factor;
                    }
                }
                for (int c = 0; c < d; ++c)
                {
                    const float* all = apAll.col(c).data();
                    const float* own = pairTerms.col(c).data() + begin;
                    float* out = aggregate.col(c).data();
                    const float factor = pilotFactor(c);
                    for (Eigen::Index p = 0; p < rows; ++p)
                    {
                        out[p] = all[ap[p]] + own[p] * factor;
                    }
                }
                for (; shared != sharedEnd && *shared < begin + rows; ++shared)
                {
                    const Eigen::Index p = *shared - begin;
                    const int j = ws.sharedOf[*shared];
                    for (int col = 0; col < d + H; ++col)
                    {
                        const float value =
                            apAll(ap[p], col) + sharedSum(j, col) * pilotFactor(col);
                        (col < d ? aggregate(p, col) : den(p, col - d)) = value;
                    }
                }
                for (int c = 0; c < d; ++c)
                {
                    aggregate.col(c).array() /= den.col(c / dh).array();
                }
                auto pre = update.topRows(rows);
                pre.noalias() = aggregate * outAp.transpose();
                for (int k = firstUe; k < lastUe; ++k)
                {
                    pre.middleRows(offset[k] - begin, offset[k + 1] - offset[k]).rowwise() +=
                        ueUpdate.row(k);
                }
                x.middleRows(begin, rows).array() +=
                    0.5F * pre.array() * (1.0F + (pre.array() * float(M_SQRT1_2)).erf());
            }
            continue;
        }
        nodeTerms(0, N, project, projectShift, projectBias, apTerms.topRows(N));

        // Sums over the UEs of each AP, over each pilot group, and over the APs of each UE.
        apAll.setZero();
        perGroup.setZero();
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
            total +=
                perGroup.middleRows(static_cast<Eigen::Index>(g) * M, M) * pilotFactor.asDiagonal();
            auto out = apAggregate.middleRows(static_cast<Eigen::Index>(g) * M, M);
            for (int c = 0; c < d; ++c)
            {
                out.col(c) = total.col(c).cwiseQuotient(total.col(d + c / dh));
            }
        }
        ueTypeUpdate(outUe, outApBias);
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
        // usage(mean of the AP's states) = mean of usage(state), the head being linear: one
        // product over the pairs and a scalar scatter, not a row scatter of the states.
        const Eigen::VectorXf usageOfPair = x * Matrix(w.usage).transpose();
        Eigen::VectorXf usageSum = Eigen::VectorXf::Zero(M);
        for (Eigen::Index p = 0; p < N; ++p)
        {
            apMax(pairAp[p]) = std::max(apMax(pairAp[p]), logit(p));
            ++count(pairAp[p]);
            usageSum(pairAp[p]) += usageOfPair(p);
        }
        Eigen::VectorXd s(N);
        Eigen::VectorXd normSquared = Eigen::VectorXd::Zero(M);
        for (Eigen::Index p = 0; p < N; ++p)
        {
            s(p) = std::exp(double(logit(p) - apMax(pairAp[p])));
            normSquared(pairAp[p]) += s(p) * s(p);
        }
        const Eigen::VectorXf usageLogit =
            usageSum.array() / count.array().max(1).cast<float>() + w.usageBias;
        Eigen::VectorXd apScale = Eigen::VectorXd::Zero(M); // usage limit / norm, once per AP
        for (int m = 0; m < M; ++m)
        {
            if (count(m) == 0)
            {
                continue;
            }
            const double usage = 1.0 / (1.0 + std::exp(-double(usageLogit(m))));
            apScale(m) = usage * limit / std::sqrt(normSquared(m));
        }
        for (Eigen::Index p = 0; p < N; ++p)
        {
            muOut[p] = s(p) * apScale(pairAp[p]);
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
