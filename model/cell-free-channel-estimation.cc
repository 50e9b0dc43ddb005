/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-channel-estimation.h"

#include "ns3/assert.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeChannelEstimation");

std::vector<std::vector<int>>
GroupUesByPilot(const std::vector<int>& pilot, int numPilots)
{
    std::vector<std::vector<int>> groups(numPilots);
    for (std::size_t k = 0; k < pilot.size(); ++k)
    {
        NS_ASSERT_MSG(pilot[k] >= 0 && pilot[k] < numPilots,
                      "pilot[" << k << "]=" << pilot[k] << " is outside [0, " << numPilots << ")");
        groups[pilot[k]].push_back(static_cast<int>(k));
    }
    return groups;
}

CellFreeChannelEstimates
EstimateChannels(const CellFreeScenario& scenario)
{
    NS_LOG_FUNCTION(scenario.NumAps() << scenario.NumUes());
    const int numAps = scenario.NumAps();
    const double pilotSnr = scenario.numPilots * scenario.rhoP; // tau_p rho_p

    CellFreeChannelEstimates estimates;
    estimates.pilotGroups = GroupUesByPilot(scenario.pilot, scenario.numPilots);
    estimates.gamma.resize(numAps, scenario.NumUes());
    estimates.sqrtGammaOverBeta.resize(numAps, scenario.NumUes());

    for (const auto& group : estimates.pilotGroups)
    {
        if (group.empty())
        {
            continue;
        }
        // Every UE on a pilot sees the same denominator D_m = tau_p rho_p sum_group beta + 1.
        Eigen::VectorXd denominator = Eigen::VectorXd::Ones(numAps);
        for (int k : group)
        {
            denominator += pilotSnr * scenario.beta.col(k);
        }
        const Eigen::VectorXd ratio = (pilotSnr * denominator.cwiseInverse()).cwiseSqrt();
        for (int k : group)
        {
            estimates.sqrtGammaOverBeta.col(k) = ratio;
            estimates.gamma.col(k) =
                (ratio.cwiseProduct(scenario.beta.col(k))).cwiseAbs2(); // (beta sqrt(gamma)/beta)^2
        }
    }
    return estimates;
}

} // namespace ns3
