/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_GAT_GRAPH_H
#define CELL_FREE_GAT_GRAPH_H

#include "cell-free-channel-estimation.h"
#include "cell-free-scenario.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief The input of the pilot-contamination-aware GAT (doc/cell-free.rst "The GAT"): one node per
 * AP-UE pair (m, k), its normalisation-free features, the pilot groups that bias the AP-type
 * attention, and, for training, the gains that the SE formula needs.
 *
 * Pure C++ (no Torch), so that the features can be tested and reused on their own. Node (k, m) is
 * stored at index k M + m ("UE-major"): the UE-type aggregation is then a reduction over the
 * inner index and the pilot mixing one matrix product over the outer one. With serving clusters
 * (doc/cell-free.rst "User-centric serving clusters") the graph has a node per served pair only,
 * still UE-major (pairAp, ueOffset), and the per-AP and per-UE features are taken over the pairs
 * that exist: an AP's UEs are the UEs it serves, a UE's APs those serving it.
 *
 * The features are chosen so that the model is tied neither to one power nor to one area nor to
 * one M or K: they are ratios of gains (in dB / 10), shares and the pair's received SNR. The
 * learned model stores their mean and standard deviation.
 */
struct CellFreeGatGraph
{
    /// Number of features per node (see BuildCellFreeGatGraph for their list).
    static constexpr int kNumFeatures = 11;

    int numAps{0};                 //!< M
    int numUes{0};                 //!< K
    int numAntennas{1};            //!< N
    int numGroups{0};              //!< number of distinct pilots in use
    double preLogFactor{0.0};      //!< xi (1 - tau_p / tau_c)
    std::vector<int> group;        //!< K compact pilot-group indices in [0, numGroups)
    std::vector<float> features;   //!< nodes x kNumFeatures
    std::vector<double> sqrtGamma; //!< sqrt(gamma_mk) of every node (for the output map)
    /// max_m beta_mk of every UE, over all APs (feature 0's reference; GatPowerControl hands it
    /// to the envelope check and the link model, which would otherwise sweep beta for it again)
    std::vector<double> bestGain;
    /// With serving clusters, the nodes are the served pairs only: the AP of each node, UE-major
    /// with increasing APs (empty: every pair, node k M + m)
    std::vector<int> pairAp;
    std::vector<int> ueOffset; //!< with pairAp: K + 1 offsets of each UE's nodes
    /// Training graphs with serving clusters keep every pair (dense tensors): 1 for a served
    /// pair, 0 outside the clusters, K x M UE-major (empty: every pair is served)
    std::vector<float> pairMask;

    // The SE formula of doc/cell-free.rst in scaled form (float-safe), filled when withLossTerms is
    // set: SINR_k = (sum_m a_km mu_mk)^2 / (sum_{k' != k, same pilot} (sum_m b_km r_k'm mu_mk')^2
    //          + sum_m d_km sum_k' mu_mk'^2 + 1).
    std::vector<float> signalGain;    //!< a = sqrt(rho_d N^2 gamma_mk), K x M
    std::vector<float> coherentGain;  //!< b = sqrt(rho_d N^2) beta_mk, K x M
    std::vector<float> estimateRatio; //!< r = sqrt(gamma_mk) / beta_mk, K x M
    std::vector<float> noiseGain;     //!< d = rho_d N beta_mk, K x M
    /// 1 / (mean SE under EPA): the loss measures SE in units of it, so that every scenario
    /// weighs the same and the smoothing of the minimum is relative (doc/cell-free.rst "The
    /// GAT").
    double seScale{1.0};
};

/**
 * \brief Build the GAT's graph of a scenario.
 *
 * Features of pair (m, k), in this order (gains in dB/10):
 *  0. beta_mk relative to the UE's strongest AP (user-centric rank of the AP);
 *  1. beta_mk relative to the AP's strongest (served) UE;
 *  2. the received SNR rho_d N beta_mk;
 *  3. the estimate quality gamma_mk / beta_mk in (0, 1];
 *  4. the share of the pilot's received gain at AP m that belongs to the other UEs on the pilot
 *     (0 without pilot contamination);
 *  5. log of the pair's share of the AP's EPA power, gamma_mk / sum_k' D_mk' gamma_mk';
 *  6. log of the pair's share of the UE's total gamma, gamma_mk / sum_m' D_m'k gamma_m'k;
 *  7. log of the number of UEs on the UE's pilot;
 *  8. log N (the same for every pair: attention averages, so the network could not tell N, the
 *     load or the pilot reuse from its neighbours alone);
 *  9. log (K / M), the load per AP;
 * 10. log (K / tau_p), the mean pilot reuse.
 *
 * \param scenario a valid scenario
 * \param estimates EstimateChannels(scenario)
 * \param withLossTerms also fill the scaled SE gains (for training: with serving clusters the
 *        graph then keeps every pair, with pairMask)
 * \return the graph
 */
CellFreeGatGraph BuildCellFreeGatGraph(const CellFreeScenario& scenario,
                                       const CellFreeChannelEstimates& estimates,
                                       bool withLossTerms = false);

/**
 * \brief The same graph, built into an existing one whose vectors keep their storage (a caller
 * building a graph per coherence interval then allocates nothing large once warm).
 * \param scenario a valid scenario
 * \param estimates EstimateChannels(scenario)
 * \param withLossTerms as above
 * \param[out] graph the graph, every field set anew
 */
void BuildCellFreeGatGraph(const CellFreeScenario& scenario,
                           const CellFreeChannelEstimates& estimates,
                           bool withLossTerms,
                           CellFreeGatGraph& graph);

} // namespace ns3

#endif // CELL_FREE_GAT_GRAPH_H
