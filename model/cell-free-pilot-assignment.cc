/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-pilot-assignment.h"

#include "cell-free-channel-estimation.h"
#include "cell-free-spectral-efficiency.h"
#include "cell-free-utility.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <algorithm>
#include <numeric>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreePilotAssignment");

namespace
{

/// SE of every UE under equal power allocation.
Eigen::VectorXd
EqualPowerSe(const CellFreeScenario& scenario)
{
    const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
    const Eigen::MatrixXd mu =
        PowerToAmplitude(EqualPowerAllocation(scenario, estimates), estimates.gamma);
    return ComputeSpectralEfficiency(scenario, ComputeDownlinkSinr(scenario, estimates, mu));
}

} // namespace

std::vector<int>
AssignPilotsRandomly(int numUes, int numPilots, Ptr<UniformRandomVariable> uniform)
{
    NS_ASSERT_MSG(numPilots >= 1, "at least one pilot is needed");
    std::vector<int> pilot(numUes);
    std::vector<int> deck(numPilots);
    for (int dealt = 0; dealt < numUes; dealt += numPilots)
    {
        // A fresh random permutation of all pilots for every tau_p UEs (Fisher-Yates).
        std::iota(deck.begin(), deck.end(), 0);
        for (int i = numPilots - 1; i > 0; --i)
        {
            std::swap(deck[i], deck[uniform->GetInteger(0, i)]);
        }
        for (int i = 0; i < numPilots && dealt + i < numUes; ++i)
        {
            pilot[dealt + i] = deck[i];
        }
    }
    return pilot;
}

std::vector<int>
AssignPilotsUnbalanced(int numUes, int numPilots, Ptr<UniformRandomVariable> uniform)
{
    NS_ASSERT_MSG(numPilots >= 1, "at least one pilot is needed");
    std::vector<int> pilot = AssignPilotsRandomly(std::min(numUes, numPilots), numPilots, uniform);
    for (int k = numPilots; k < numUes; ++k)
    {
        pilot.push_back(static_cast<int>(uniform->GetInteger(0, numPilots - 1)));
    }
    return pilot;
}

std::vector<int>
AssignPilotsUniformly(int numUes, int numPilots, Ptr<UniformRandomVariable> uniform)
{
    NS_ASSERT_MSG(numPilots >= 1, "at least one pilot is needed");
    std::vector<int> pilot(numUes);
    for (int& p : pilot)
    {
        p = static_cast<int>(uniform->GetInteger(0, numPilots - 1));
    }
    return pilot;
}

std::vector<int>
AssignPilotsGreedily(const CellFreeScenario& scenario, int maxIterations)
{
    NS_LOG_FUNCTION(scenario.NumUes() << maxIterations);
    CellFreeScenario current = scenario;
    if (current.NumUes() == 0)
    {
        return current.pilot;
    }
    Eigen::VectorXd se = EqualPowerSe(current);
    std::vector<int> best = current.pilot;
    double bestMinSe = MinSe(se);

    for (int iteration = 0; iteration < maxIterations; ++iteration)
    {
        Eigen::Index worstUe;
        se.minCoeff(&worstUe);
        // Total gain of the other UEs on each pilot: the contamination k* would see there.
        Eigen::VectorXd contamination = Eigen::VectorXd::Zero(current.numPilots);
        for (int k = 0; k < current.NumUes(); ++k)
        {
            if (k != worstUe)
            {
                contamination(current.pilot[k]) += current.beta.col(k).sum();
            }
        }
        Eigen::Index bestPilot;
        contamination.minCoeff(&bestPilot);
        if (bestPilot == current.pilot[worstUe])
        {
            break;
        }
        NS_LOG_LOGIC("move UE " << worstUe << " from pilot " << current.pilot[worstUe] << " to "
                                << bestPilot);
        current.pilot[worstUe] = static_cast<int>(bestPilot);
        se = EqualPowerSe(current);
        if (MinSe(se) > bestMinSe)
        {
            bestMinSe = MinSe(se);
            best = current.pilot;
        }
    }
    return best;
}

int
AssignPilotIncrementally(const Eigen::MatrixXd& beta,
                         const std::vector<int>& pilot,
                         int newUe,
                         int numPilots,
                         int numStrongestAps)
{
    NS_ASSERT_MSG(newUe >= 0 && newUe < beta.cols(), "newUe " << newUe << " is not a column");
    NS_ASSERT_MSG(static_cast<std::size_t>(beta.cols()) == pilot.size(),
                  "beta and pilot disagree on K");
    const int numAps = static_cast<int>(beta.rows());
    const int setSize = std::clamp(numStrongestAps, 1, numAps);

    std::vector<int> aps(numAps);
    std::iota(aps.begin(), aps.end(), 0);
    std::partial_sort(aps.begin(), aps.begin() + setSize, aps.end(), [&](int a, int b) {
        return beta(a, newUe) > beta(b, newUe);
    });
    aps.resize(setSize);

    Eigen::VectorXd contamination = Eigen::VectorXd::Zero(numPilots);
    for (std::size_t k = 0; k < pilot.size(); ++k)
    {
        if (pilot[k] < 0 || static_cast<int>(k) == newUe)
        {
            continue;
        }
        NS_ASSERT_MSG(pilot[k] < numPilots, "pilot[" << k << "] is outside [0, tau_p)");
        for (int m : aps)
        {
            contamination(pilot[k]) += beta(m, k);
        }
    }
    Eigen::Index chosen;
    contamination.minCoeff(&chosen); // Eigen returns the first minimum: ties go low
    return static_cast<int>(chosen);
}

} // namespace ns3
