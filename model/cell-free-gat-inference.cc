/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-gat-inference.h"

#include "ns3/log.h"

#include <cmath>
#include <unsupported/Eigen/SpecialFunctions>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeGatInference");

namespace
{

/// Must match the clamp of the Torch forward pass (cell-free-gat-model.cc).
constexpr float kScoreClamp = 20.0F;
/// LayerNorm's epsilon (LibTorch's default).
constexpr float kNormEpsilon = 1e-5F;

} // namespace

Eigen::MatrixXd
CellFreeGatForward(const CellFreeGatWeights& w, const CellFreeGatGraph& graph)
{
    const int M = graph.numAps;
    const int K = graph.numUes;
    const int N = M * K;
    const int d = w.width;
    const int H = w.heads;
    const int dh = d / H;
    const int G = graph.numGroups;
    Eigen::MatrixXd mu(M, K);
    if (N == 0)
    {
        return mu;
    }
    // Nodes are columns, node k M + m (UE-major), as in the graph's features.
    const Eigen::Map<const Eigen::MatrixXf> features(graph.features.data(),
                                                     CellFreeGatGraph::kNumFeatures,
                                                     N);
    Eigen::MatrixXf x = w.embed * features;
    x.colwise() += w.embedBias;

    Eigen::MatrixXf y(d, N);
    Eigen::MatrixXf z(2 * H + 2 * d, N);
    Eigen::MatrixXf apTerms(d + H, N);
    Eigen::MatrixXf ueTerms(d + H, N);
    Eigen::MatrixXf apAll(d + H, M);
    Eigen::MatrixXf perGroup(d + H, static_cast<Eigen::Index>(M) * G);
    Eigen::MatrixXf apAggregate(d, N);
    Eigen::MatrixXf ueAggregate(d, K);
    Eigen::MatrixXf update(d, N);
    Eigen::MatrixXf total(d + H, M);
    for (const auto& layer : w.layers)
    {
        // LayerNorm over the d features of every node.
        const Eigen::RowVectorXf mean = x.colwise().mean();
        y = x.rowwise() - mean;
        const Eigen::RowVectorXf inv =
            (y.array().square().colwise().mean() + kNormEpsilon).rsqrt().matrix();
        y.array().rowwise() *= inv.array();
        y.array().colwise() *= layer.normGain.array();
        y.colwise() += layer.normBias;

        z.noalias() = layer.project * y;
        z.colwise() += layer.projectBias;
        z.topRows(2 * H) = z.topRows(2 * H).array().max(-kScoreClamp).min(kScoreClamp).exp();
        for (int h = 0; h < H; ++h)
        {
            apTerms.middleRows(h * dh, dh).array() =
                z.middleRows(2 * H + h * dh, dh).array().rowwise() * z.row(h).array();
            ueTerms.middleRows(h * dh, dh).array() =
                z.middleRows(2 * H + d + h * dh, dh).array().rowwise() * z.row(H + h).array();
        }
        apTerms.bottomRows(H) = z.topRows(H);
        ueTerms.bottomRows(H) = z.middleRows(H, H);

        // AP-type: all UEs of the AP, plus the pilot-sharing bias through the group sums.
        apAll.setZero();
        perGroup.setZero();
        for (int k = 0; k < K; ++k)
        {
            const auto block = apTerms.middleCols(static_cast<Eigen::Index>(k) * M, M);
            apAll += block;
            perGroup.middleCols(static_cast<Eigen::Index>(graph.group[k]) * M, M) += block;
        }
        for (int k = 0; k < K; ++k)
        {
            total = apAll;
            total.array() +=
                perGroup.middleCols(static_cast<Eigen::Index>(graph.group[k]) * M, M)
                    .array()
                    .colwise() *
                layer.pilotFactor.array();
            for (int h = 0; h < H; ++h)
            {
                apAggregate.block(h * dh, static_cast<Eigen::Index>(k) * M, dh, M).array() =
                    total.middleRows(h * dh, dh).array().rowwise() / total.row(d + h).array();
            }
            // UE-type: all APs of the UE.
            const Eigen::VectorXf sums =
                ueTerms.middleCols(static_cast<Eigen::Index>(k) * M, M).rowwise().sum();
            for (int h = 0; h < H; ++h)
            {
                ueAggregate.col(k).segment(h * dh, dh) = sums.segment(h * dh, dh) / sums(d + h);
            }
        }
        update.noalias() = layer.outAp * apAggregate;
        const Eigen::MatrixXf ueUpdate = layer.outUe * ueAggregate;
        for (int k = 0; k < K; ++k)
        {
            update.middleCols(static_cast<Eigen::Index>(k) * M, M).colwise() +=
                ueUpdate.col(k) + layer.outApBias;
        }
        // Exact (erf) GELU, as LibTorch's default.
        x.array() += 0.5F * update.array() * (1.0F + (update.array() * float(M_SQRT1_2)).erf());
    }

    // Output head: s = exp(o - max) per AP, o = score(x) + 0.5 log(gamma share) (feature 5).
    Eigen::RowVectorXf logit = w.score * x;
    logit.array() += w.scoreBias + 0.5F * features.row(5).array();
    const Eigen::Map<const Eigen::MatrixXf> logits(logit.data(), M, K);
    Eigen::MatrixXd s = (logits.colwise() - logits.rowwise().maxCoeff()).array().exp().cast<double>();
    Eigen::MatrixXf pooled = Eigen::MatrixXf::Zero(d, M);
    for (int k = 0; k < K; ++k)
    {
        pooled += x.middleCols(static_cast<Eigen::Index>(k) * M, M);
    }
    pooled /= float(K);
    const Eigen::RowVectorXf usageLogit = (w.usage * pooled).array() + w.usageBias;
    const double limit = 1.0 / std::sqrt(double(graph.numAntennas));
    for (int m = 0; m < M; ++m)
    {
        const double usage = 1.0 / (1.0 + std::exp(-double(usageLogit(m))));
        const double norm = s.row(m).norm();
        mu.row(m) = s.row(m) * (usage * limit / norm);
    }
    return mu;
}

} // namespace ns3
