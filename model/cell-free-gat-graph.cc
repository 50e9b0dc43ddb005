/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-gat-graph.h"

#include "cell-free-spectral-efficiency.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeGatGraph");

namespace
{

/// dB/10 of a linear value, floored so that a gain of 0 (never valid, but cheap to guard) stays
/// finite: log / ln 10, as the per-pair arrays below take it (vectorised), so that a feature
/// relative to this value differs from the exact one by a double's rounding at most.
inline double
Bel(double value)
{
    return std::log(std::max(value, 1e-300)) * (1.0 / std::log(10.0));
}

} // namespace

CellFreeGatGraph
BuildCellFreeGatGraph(const CellFreeScenario& scenario,
                      const CellFreeChannelEstimates& estimates,
                      bool withLossTerms)
{
    CellFreeGatGraph graph;
    BuildCellFreeGatGraph(scenario, estimates, withLossTerms, graph);
    return graph;
}

void
BuildCellFreeGatGraph(const CellFreeScenario& scenario,
                      const CellFreeChannelEstimates& estimates,
                      bool withLossTerms,
                      CellFreeGatGraph& graph)
{
    NS_LOG_FUNCTION(scenario.NumAps() << scenario.NumUes() << withLossTerms);
    const int numAps = scenario.NumAps();
    const int numUes = scenario.NumUes();
    constexpr int F = CellFreeGatGraph::kNumFeatures;
    // Every field is set anew; the vectors keep their storage (GatPowerControl reuses a graph).
    graph.features.clear();
    graph.sqrtGamma.clear();
    graph.bestGain.clear();
    graph.pairAp.clear();
    graph.ueOffset.clear();
    graph.pairMask.clear();
    graph.signalGain.clear();
    graph.coherentGain.clear();
    graph.estimateRatio.clear();
    graph.noiseGain.clear();
    graph.seScale = 1.0;
    graph.numAps = numAps;
    graph.numUes = numUes;
    graph.numAntennas = scenario.numAntennas;
    graph.preLogFactor = scenario.PreLogFactor();

    // Compact the pilots in use to 0..G-1 so that the pilot mixing costs K x G, not K x tau_p.
    std::vector<int> compact(scenario.numPilots, -1);
    std::vector<int> groupSize;
    graph.group.resize(numUes);
    for (int k = 0; k < numUes; ++k)
    {
        int& g = compact[scenario.pilot[k]];
        if (g < 0)
        {
            g = static_cast<int>(groupSize.size());
            groupSize.push_back(0);
        }
        graph.group[k] = g;
        ++groupSize[g];
    }
    graph.numGroups = static_cast<int>(groupSize.size());

    const Eigen::MatrixXd& beta = scenario.beta;
    const Eigen::MatrixXd& gamma = estimates.gamma;
    if (numUes == 0 || numAps == 0)
    {
        return; // no node (and no row or column maximum of an empty matrix)
    }
    // Received pilot gain per AP and group: sum of beta over the UEs of the group; and each UE's
    // strongest gain. One sweep over beta (the second use of a column is read from cache).
    graph.bestGain.resize(numUes);
    const Eigen::Map<const Eigen::VectorXd> bestOfUe(graph.bestGain.data(), numUes);
    Eigen::MatrixXd pilotGain = Eigen::MatrixXd::Zero(numAps, graph.numGroups);
    for (int k = 0; k < numUes; ++k)
    {
        graph.bestGain[k] = beta.col(k).maxCoeff();
        pilotGain.col(graph.group[k]) += beta.col(k);
    }
    const double snrScale = scenario.rhoD * scenario.numAntennas;
    const auto logAntennas = static_cast<float>(std::log(double(scenario.numAntennas)));
    const auto logLoad = static_cast<float>(std::log(double(numUes) / numAps));
    const auto logReuse = static_cast<float>(std::log(double(numUes) / scenario.numPilots));

    const double logSnrScale = std::log10(snrScale);
    // log10 as log / ln 10 over arrays: Eigen vectorises log, not log10, whose scalar calls
    // were a quarter of the graph's time at the city scale.
    const double inverseLn10 = 1.0 / std::log(10.0);

    // The features of node `node`, pair (m, k) with gains b = beta_mk and g = gamma_mk (passed
    // in: the clustered path has them gathered), given the AP- and UE-level sums over the pairs
    // that exist (every pair without clusters).
    auto fill = [&](std::size_t node,
                    int m,
                    int k,
                    double b,
                    double g,
                    double lb,
                    double lg,
                    double sg,
                    double logBestUe,
                    double logGammaUe,
                    double logBestAp,
                    double logGammaAp,
                    double logGroupSize) {
        float* f = &graph.features[node * F];
        const double groupGain = pilotGain(m, graph.group[k]);
        f[0] = static_cast<float>(lb - logBestUe);
        f[1] = static_cast<float>(lb - logBestAp);
        f[2] = static_cast<float>(logSnrScale + lb);
        f[3] = static_cast<float>(g / b);
        f[4] = static_cast<float>(groupGain > 0.0 ? std::max(0.0, 1.0 - b / groupGain) : 0.0);
        f[5] = static_cast<float>(lg - logGammaAp);
        f[6] = static_cast<float>(lg - logGammaUe);
        f[7] = static_cast<float>(logGroupSize);
        f[8] = logAntennas;
        f[9] = logLoad;
        f[10] = logReuse;
        graph.sqrtGamma[node] = sg;
    };

    if (scenario.IsUserCentric())
    {
        // Per-AP sums over the UEs it serves, per-UE sums over the APs serving it. Inference
        // takes the served pairs only (pairAp); training batches are dense tensors, so there the
        // graph keeps every pair, with pairMask 0 (and features 0) outside the clusters.
        const bool dense = withLossTerms;
        Eigen::ArrayXd bestServed = Eigen::ArrayXd::Constant(numAps, 0.0);
        Eigen::ArrayXd gammaServed = Eigen::ArrayXd::Zero(numAps);
        graph.ueOffset.assign(1, 0);
        for (int k = 0; k < numUes; ++k)
        {
            graph.pairAp.insert(graph.pairAp.end(),
                                scenario.serving[k].begin(),
                                scenario.serving[k].end());
            graph.ueOffset.push_back(static_cast<int>(graph.pairAp.size()));
        }
        // The served pairs' gains gathered once; the logarithms and roots then in vectorised
        // passes (one call per pair and function took most of the graph's time at the city
        // scale).
        const auto pairs = static_cast<Eigen::Index>(graph.pairAp.size());
        Eigen::ArrayXd betaPair(pairs);
        Eigen::ArrayXd gammaPair(pairs);
        Eigen::ArrayXd gammaOfUe(numUes);
        for (int k = 0; k < numUes; ++k)
        {
            double gammaUe = 0.0;
            for (int p = graph.ueOffset[k]; p < graph.ueOffset[k + 1]; ++p)
            {
                const int m = graph.pairAp[p];
                betaPair(p) = beta(m, k);
                gammaPair(p) = gamma(m, k);
                bestServed(m) = std::max(bestServed(m), betaPair(p));
                gammaServed(m) += gammaPair(p);
                gammaUe += gammaPair(p);
            }
            gammaOfUe(k) = gammaUe;
        }
        const Eigen::ArrayXd logBestServed = bestServed.max(1e-300).log() * inverseLn10;
        const Eigen::ArrayXd logGammaServed = gammaServed.max(1e-300).log();
        const Eigen::ArrayXd logBetaPair = betaPair.max(1e-300).log() * inverseLn10;
        const Eigen::ArrayXd logGammaPair = gammaPair.max(1e-300).log();
        const Eigen::ArrayXd sqrtGammaPair = gammaPair.sqrt();
        const std::size_t nodes =
            dense ? static_cast<std::size_t>(numUes) * numAps : graph.pairAp.size();
        graph.features.assign(nodes * F, 0.0F);
        graph.sqrtGamma.assign(nodes, 0.0);
        if (dense)
        {
            graph.pairMask.assign(nodes, 0.0F);
        }
        for (int k = 0; k < numUes; ++k)
        {
            const double gammaUe = gammaOfUe(k);
            const double logBestUe = Bel(bestOfUe(k));
            const double logGammaUe = std::log(std::max(gammaUe, 1e-300));
            const double logGroupSize = std::log(groupSize[graph.group[k]]);
            for (int p = graph.ueOffset[k]; p < graph.ueOffset[k + 1]; ++p)
            {
                const int m = graph.pairAp[p];
                const std::size_t node = dense ? static_cast<std::size_t>(k) * numAps + m : p;
                fill(node,
                     m,
                     k,
                     betaPair(p),
                     gammaPair(p),
                     logBetaPair(p),
                     logGammaPair(p),
                     sqrtGammaPair(p),
                     logBestUe,
                     logGammaUe,
                     logBestServed(m),
                     logGammaServed(m),
                     logGroupSize);
                if (dense)
                {
                    graph.pairMask[node] = 1.0F;
                }
            }
        }
        if (!dense)
        {
            return;
        }
        graph.pairAp.clear();
        graph.ueOffset.clear();
    }
    else
    {
        // Every AP's and UE's sums over all pairs (the served ones are summed above otherwise).
        const Eigen::VectorXd bestOfAp = beta.rowwise().maxCoeff();
        const Eigen::VectorXd gammaOfAp = gamma.rowwise().sum();
        const Eigen::VectorXd gammaOfUe = gamma.colwise().sum().transpose();
        // The logarithms once per gain (vectorised), not once per feature: building the graph
        // would otherwise cost a third of the forward pass.
        const Eigen::ArrayXXd logBeta = beta.array().max(1e-300).log() * inverseLn10;
        const Eigen::ArrayXXd logGamma = gamma.array().max(1e-300).log();
        const Eigen::ArrayXXd sqrtGamma = gamma.array().sqrt();
        const Eigen::ArrayXd logBestOfAp = bestOfAp.array().max(1e-300).log() * inverseLn10;
        const Eigen::ArrayXd logGammaOfAp = gammaOfAp.array().max(1e-300).log();
        graph.features.resize(static_cast<std::size_t>(numUes) * numAps * F);
        graph.sqrtGamma.resize(static_cast<std::size_t>(numUes) * numAps);
        for (int k = 0; k < numUes; ++k)
        {
            const double logBestUe = Bel(bestOfUe(k));
            const double logGammaUe = std::log(std::max(gammaOfUe(k), 1e-300));
            const double logGroupSize = std::log(groupSize[graph.group[k]]);
            for (int m = 0; m < numAps; ++m)
            {
                const std::size_t node = static_cast<std::size_t>(k) * numAps + m;
                fill(node,
                     m,
                     k,
                     beta(m, k),
                     gamma(m, k),
                     logBeta(m, k),
                     logGamma(m, k),
                     sqrtGamma(m, k),
                     logBestUe,
                     logGammaUe,
                     logBestOfAp(m),
                     logGammaOfAp(m),
                     logGroupSize);
            }
        }
    }

    if (withLossTerms)
    {
        const double c = scenario.rhoD * scenario.numAntennas * scenario.numAntennas;
        const std::size_t size = static_cast<std::size_t>(numUes) * numAps;
        graph.signalGain.resize(size);
        graph.coherentGain.resize(size);
        graph.estimateRatio.resize(size);
        graph.noiseGain.resize(size);
        for (int k = 0; k < numUes; ++k)
        {
            for (int m = 0; m < numAps; ++m)
            {
                const std::size_t node = static_cast<std::size_t>(k) * numAps + m;
                graph.signalGain[node] = static_cast<float>(std::sqrt(c * gamma(m, k)));
                graph.coherentGain[node] = static_cast<float>(std::sqrt(c) * beta(m, k));
                graph.estimateRatio[node] = static_cast<float>(estimates.sqrtGammaOverBeta(m, k));
                graph.noiseGain[node] = static_cast<float>(snrScale * beta(m, k));
            }
        }
        const Eigen::VectorXd epaSe = ComputeSpectralEfficiency(
            scenario,
            ComputeDownlinkSinr(
                scenario,
                estimates,
                PowerToAmplitude(EqualPowerAllocation(scenario, estimates), gamma)));
        const double meanSe = numUes > 0 ? epaSe.mean() : 0.0;
        graph.seScale = meanSe > 0.0 && std::isfinite(meanSe) ? 1.0 / meanSe : 1.0;
    }
}

} // namespace ns3
