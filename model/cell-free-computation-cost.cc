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

// Calibration (reference operations = ns of the calibration machine per unit of work).
/// SE/utility evaluation, per unit of M (K + sum_g |G_g|^2).
constexpr double kValuePerUnit = 0.37;
/// Utility and gradient evaluation, per unit of M (K + sum_g |G_g|^2).
constexpr double kGradientPerUnit = 0.76;
/// APG's own work per iteration (extrapolation, projections, steps), per AP-UE pair.
constexpr double kApgIterationPerPair = 5.0;
/// GAT graph building, per AP-UE pair.
constexpr double kGraphPerPair = 16.0;
/// GAT forward pass, per multiply-add.
constexpr double kGatPerMultiplyAdd = 0.065;

} // namespace

const double CellFreeComputationCost::kEpaPerPair = 2.75;
const double CellFreeComputationCost::kFpaPerPair = 14.5;

double
CellFreeComputationCost::PilotGroupWork(const CellFreeScenario& scenario)
{
    std::map<int, int> sizes;
    for (int p : scenario.pilot)
    {
        ++sizes[p];
    }
    double work = 0.0;
    for (const auto& [pilot, size] : sizes)
    {
        work += double(size) * size;
    }
    return work;
}

double
CellFreeComputationCost::PerPair(const CellFreeScenario& scenario, double perPair)
{
    return perPair * double(scenario.NumAps()) * scenario.NumUes();
}

double
CellFreeComputationCost::Apg(const CellFreeScenario& scenario,
                             int iterations,
                             int values,
                             int gradients)
{
    const double pairs = double(scenario.NumAps()) * scenario.NumUes();
    const double units = double(scenario.NumAps()) * (scenario.NumUes() + PilotGroupWork(scenario));
    return units * (kValuePerUnit * values + kGradientPerUnit * gradients) +
           pairs * kApgIterationPerPair * iterations;
}

double
CellFreeComputationCost::GatForward(const CellFreeScenario& scenario,
                                    int width,
                                    int heads,
                                    int layers,
                                    int features)
{
    const double pairs = double(scenario.NumAps()) * scenario.NumUes();
    const double d = width;
    // Per pair: the embedding, and per layer the fused projection and the two output maps.
    const double perPair = features * d + layers * (d * (2.0 * heads + 2.0 * d) + 2.0 * d * d);
    return pairs * (kGraphPerPair + kGatPerMultiplyAdd * perPair);
}

} // namespace ns3
