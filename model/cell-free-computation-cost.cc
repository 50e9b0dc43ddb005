/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-computation-cost.h"

#include "ns3/log.h"

#include <map>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeComputationCost");

namespace
{

// Calibration (reference operations = ns of the calibration machine per unit of work), from
// cell-free-power-control-benchmark medians at (M, K) = (100, 40) and (200, 80): SE evaluation
// 4.2 and 31 us, gradient 9.1 and 53 us, APG max-min 12.5 ms (363 iterations) and 71 ms (431),
// the GAT network 0.69 and 3.0 ms (validation and the graph included); EPA and FPA from their
// calls inside the main example (K ~ 30). Checked there: modelled against measured time per
// call, GAT 0.90 vs 0.90 ms, APG 1.66 vs 1.51 ms (with the SINR balancing; before it 8.0 vs
// 7.7 ms; README, "Simulating a network").
/// SE/utility evaluation, per unit of M (K + sum_g |G_g|^2).
constexpr double kValuePerUnit = 0.37;
/// Utility and gradient evaluation, per unit of M (K + sum_g |G_g|^2).
constexpr double kGradientPerUnit = 0.72;
/// APG's own work per iteration (extrapolation, projections, steps), per AP-UE pair.
constexpr double kApgIterationPerPair = 3.4;
/// Share of an evaluation's work left with the single-precision products: at the city scale
/// (M = 1000, K = 400) an evaluation takes 0.38-0.49 of its double-precision time (value and
/// gradient, strongest 10 and DCC; the benchmark's BM_Utility and BM_Gradient).
constexpr double kSinglePrecisionShare = 0.45;
/// GAT graph building, per AP-UE pair.
constexpr double kGraphPerPair = 30.0;
/// GAT forward pass, per multiply-add.
constexpr double kGatPerMultiplyAdd = 0.065;

} // namespace

const double CellFreeComputationCost::kEpaPerPair = 3.0;
const double CellFreeComputationCost::kFpaPerPair = 10.0;

double
CellFreeComputationCost::ServedPairs(const CellFreeScenario& scenario)
{
    if (!scenario.IsUserCentric())
    {
        return double(scenario.NumAps()) * scenario.NumUes();
    }
    double pairs = 0.0;
    for (const auto& set : scenario.serving)
    {
        pairs += double(set.size());
    }
    return pairs;
}

double
CellFreeComputationCost::PerPair(const CellFreeScenario& scenario, double perPair)
{
    return perPair * ServedPairs(scenario);
}

double
CellFreeComputationCost::Apg(const CellFreeScenario& scenario,
                             int iterations,
                             int values,
                             int gradients,
                             bool singlePrecision)
{
    // The M x K non-coherent product, and per UE its served pairs times its pilot group's size
    // (the coherent terms of CellFreeLinkModel). Without clusters, M sum_k |G(k)| is
    // M sum_g |G_g|^2, exactly: the counts are integers.
    const double pairs = ServedPairs(scenario);
    std::map<int, int> sizes;
    for (int p : scenario.pilot)
    {
        ++sizes[p];
    }
    double units = double(scenario.NumAps()) * scenario.NumUes();
    for (int k = 0; k < scenario.NumUes(); ++k)
    {
        const double served =
            scenario.IsUserCentric() ? double(scenario.serving[k].size()) : scenario.NumAps();
        units += served * sizes[scenario.pilot[k]];
    }
    const double share = singlePrecision ? kSinglePrecisionShare : 1.0;
    return share * units * (kValuePerUnit * values + kGradientPerUnit * gradients) +
           pairs * kApgIterationPerPair * iterations;
}

double
CellFreeComputationCost::Apg(const CellFreeScenario& scenario, const CellFreeApgResult& result)
{
    return Apg(scenario,
               result.iterations,
               result.evaluations - result.gradientEvaluations + result.balancingIterations,
               result.gradientEvaluations,
               result.singlePrecisionProducts);
}

double
CellFreeComputationCost::GatForward(const CellFreeScenario& scenario,
                                    int width,
                                    int heads,
                                    int layers,
                                    int features)
{
    const double pairs = ServedPairs(scenario);
    const double d = width;
    // Per pair: the embedding, and per layer the fused projection and the two output maps.
    const double perPair = features * d + layers * (d * (2.0 * heads + 2.0 * d) + 2.0 * d * d);
    return pairs * (kGraphPerPair + kGatPerMultiplyAdd * perPair);
}

} // namespace ns3
