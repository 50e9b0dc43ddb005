/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-gat-inference.h"

#include "cell-free-gat-kernel.h"

#include "ns3/abort.h"
#include "ns3/assert.h"
#include "ns3/log.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeGatInference");

namespace
{

/// A stored (out x in) matrix, or a vector as an (n x 1) one; the shape was checked on load.
Eigen::MatrixXf
ToMatrix(const CellFreeGatModelFile& file, const std::string& name)
{
    const CellFreeGatTensor& t = file.parameters.at(name);
    const Eigen::Index rows = t.shape[0];
    const Eigen::Index cols = t.shape.size() == 2 ? t.shape[1] : 1;
    NS_ASSERT(static_cast<Eigen::Index>(t.values.size()) == rows * cols);
    // Row-major values: read them as the transpose of a column-major matrix.
    return Eigen::Map<const Eigen::MatrixXf>(t.values.data(), cols, rows).transpose();
}

} // namespace

CellFreeGatWeights
MakeCellFreeGatWeights(const CellFreeGatModelFile& file)
{
    NS_LOG_FUNCTION(&file);
    const CellFreeGatArchitecture& a = file.metadata.architecture;
    NS_ABORT_MSG_UNLESS(file.Check().empty(), "MakeCellFreeGatWeights: " << file.Check());
    CellFreeGatWeights w;
    w.width = a.width;
    w.heads = a.heads;
    constexpr int F = CellFreeGatGraph::kNumFeatures;
    Eigen::VectorXf mean(F);
    Eigen::VectorXf invStd(F);
    for (int f = 0; f < F; ++f)
    {
        mean(f) = static_cast<float>(file.metadata.featureMean[f]);
        invStd(f) = static_cast<float>(1.0 / file.metadata.featureStd[f]);
    }
    // embed((f - mean) * invStd) = (W diag(invStd)) f + (b - W diag(invStd) mean).
    w.embed = ToMatrix(file, "embed.weight") * invStd.asDiagonal();
    w.embedBias = ToMatrix(file, "embed.bias") - w.embed * mean;
    const int dh = a.width / a.heads;
    for (int index = 0; index < a.layers; ++index)
    {
        const std::string p = "layer" + std::to_string(index) + ".";
        CellFreeGatWeights::Layer l;
        const Eigen::MatrixXf project = ToMatrix(file, p + "project.weight");
        l.project = project * Eigen::VectorXf(ToMatrix(file, p + "norm.weight")).asDiagonal();
        l.projectShift = l.project.rowwise().sum();
        l.projectBias =
            project * ToMatrix(file, p + "norm.bias") + ToMatrix(file, p + "project.bias");
        l.outAp = ToMatrix(file, p + "outAp.weight");
        l.outApBias = ToMatrix(file, p + "outAp.bias");
        l.outUe = ToMatrix(file, p + "outUe.weight");
        const Eigen::VectorXf bias = ToMatrix(file, p + "pilotBias");
        const Eigen::VectorXf factor = bias.unaryExpr([](float b) { return std::expm1(b); });
        l.pilotFactor.resize(a.width + a.heads);
        for (int c = 0; c < a.width; ++c)
        {
            l.pilotFactor(c) = factor(c / dh);
        }
        l.pilotFactor.tail(a.heads) = factor;
        w.layers.push_back(std::move(l));
    }
    w.score = ToMatrix(file, "score.weight").row(0);
    w.scoreBias = file.parameters.at("score.bias").values[0];
    w.usage = ToMatrix(file, "usage.weight").row(0);
    w.usageBias = file.parameters.at("usage.bias").values[0];
    return w;
}

Eigen::VectorXd
CellFreeGatForwardNodes(const CellFreeGatWeights& w, const CellFreeGatGraph& graph, bool allowAvx2)
{
    const int M = graph.numAps;
    const int K = graph.numUes;
    NS_ABORT_MSG_IF(!graph.pairMask.empty(),
                    "CellFreeGatForward: a graph with serving clusters in its training form (every "
                    "pair, pairMask); build it without loss terms (the served pairs only)");
    const bool sparse = !graph.pairAp.empty();
    const std::size_t nodes = sparse ? graph.pairAp.size() : static_cast<std::size_t>(M) * K;
    Eigen::VectorXd out(nodes);
    if (nodes == 0)
    {
        return out;
    }
    NS_ASSERT(graph.features.size() == nodes * CellFreeGatGraph::kNumFeatures);
    NS_ASSERT(!sparse || graph.ueOffset.size() == static_cast<std::size_t>(K) + 1);
    NS_ASSERT(w.embed.cols() == CellFreeGatGraph::kNumFeatures);
    auto view = [](const auto& m) {
        return CellFreeGatKernelMatrix{m.data(),
                                       static_cast<long>(m.rows()),
                                       static_cast<long>(m.cols())};
    };
    std::vector<CellFreeGatKernelLayer> layers;
    layers.reserve(w.layers.size());
    for (const auto& l : w.layers)
    {
        layers.push_back({view(l.project),
                          view(l.projectShift),
                          view(l.projectBias),
                          view(l.outAp),
                          view(l.outApBias),
                          view(l.outUe),
                          view(l.pilotFactor)});
    }
    CellFreeGatKernelWeights kw;
    kw.width = w.width;
    kw.heads = w.heads;
    kw.embed = view(w.embed);
    kw.embedBias = view(w.embedBias);
    kw.layers = layers.data();
    kw.numLayers = static_cast<int>(layers.size());
    kw.score = view(w.score);
    kw.scoreBias = w.scoreBias;
    kw.usage = view(w.usage);
    kw.usageBias = w.usageBias;
    const CellFreeGatKernelGraph kg{M,
                                    K,
                                    graph.numAntennas,
                                    graph.numGroups,
                                    CellFreeGatGraph::kNumFeatures,
                                    graph.group.data(),
                                    graph.features.data(),
                                    sparse ? graph.pairAp.data() : nullptr,
                                    sparse ? graph.ueOffset.data() : nullptr,
                                    static_cast<long>(nodes)};
    if (allowAvx2 && CellFreeGatKernelAvx2FmaAvailable())
    {
        CellFreeGatKernelAvx2Fma(kw, kg, out.data());
    }
    else
    {
        CellFreeGatKernelGeneric(kw, kg, out.data());
    }
    return out;
}

Eigen::MatrixXd
CellFreeGatForward(const CellFreeGatWeights& w, const CellFreeGatGraph& graph, bool allowAvx2)
{
    const int M = graph.numAps;
    const int K = graph.numUes;
    Eigen::VectorXd nodes = CellFreeGatForwardNodes(w, graph, allowAvx2);
    if (graph.pairAp.empty())
    {
        // Node k M + m is already M x K column-major.
        return nodes.size() == 0 ? Eigen::MatrixXd::Zero(M, K)
                                 : Eigen::MatrixXd(Eigen::Map<Eigen::MatrixXd>(nodes.data(), M, K));
    }
    Eigen::MatrixXd mu = Eigen::MatrixXd::Zero(M, K);
    for (int k = 0; k < K; ++k)
    {
        for (int p = graph.ueOffset[k]; p < graph.ueOffset[k + 1]; ++p)
        {
            mu(graph.pairAp[p], k) = nodes(p);
        }
    }
    return mu;
}

} // namespace ns3
