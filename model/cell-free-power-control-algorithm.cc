/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-power-control-algorithm.h"

#include "cell-free-link-model.h"
#include "cell-free-spectral-efficiency.h"

#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/trace-source-accessor.h"

#include <chrono>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreePowerControlAlgorithm");

NS_OBJECT_ENSURE_REGISTERED(CellFreePowerControlAlgorithm);

namespace
{

/// Relative overshoot of a budget accepted as rounding and scaled back; more is a bug.
constexpr double kRoundingSlack = 1e-6;

} // namespace

TypeId
CellFreePowerControlAlgorithm::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CellFreePowerControlAlgorithm")
            .SetParent<Object>()
            .SetGroupName("CellFree")
            .AddAttribute("ComputationLatency",
                          "How long one call takes in simulated time when the central "
                          "processor's LatencyMode is Fixed.",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&CellFreePowerControlAlgorithm::m_computationLatency),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource(
                "Allocation",
                "A power allocation was computed: algorithm name, number of UEs, "
                "iterations, objective and wall-clock runtime (s).",
                MakeTraceSourceAccessor(&CellFreePowerControlAlgorithm::m_allocationTrace),
                "ns3::CellFreePowerControlAlgorithm::AllocationTracedCallback");
    return tid;
}

std::string
CellFreePowerControlAlgorithm::Prepare()
{
    return {};
}

Time
CellFreePowerControlAlgorithm::GetComputationLatency() const
{
    return m_computationLatency;
}

CellFreePowerControlResult
CellFreePowerControlAlgorithm::Allocate(const CellFreeScenario& scenario,
                                        const CellFreeChannelEstimates& estimates)
{
    NS_LOG_FUNCTION(this << scenario.NumAps() << scenario.NumUes());
    CellFreePowerControlResult result;
    result.error = scenario.Validate();
    if (!result.error.empty())
    {
        result.error = GetName() + ": invalid problem: " + result.error;
        return result;
    }
    if (estimates.gamma.rows() != scenario.NumAps() || estimates.gamma.cols() != scenario.NumUes())
    {
        result.error = GetName() + ": the channel estimates do not match the scenario's size";
        return result;
    }
    if (scenario.NumUes() == 0)
    {
        result.eta.resize(scenario.NumAps(), 0);
        return result;
    }

    const auto start = std::chrono::steady_clock::now();
    result = DoAllocate(scenario, estimates);
    result.runtimeSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!result.error.empty())
    {
        result.eta.resize(0, 0);
        return result;
    }

    const CellFreeLinkModel::AllocationCheck check =
        CellFreeLinkModel::CheckAllocation(scenario, estimates, result.eta);
    if (!check.valid)
    {
        result.error = GetName() + ": the algorithm returned no valid power matrix";
        result.eta.resize(0, 0);
        return result;
    }
    if (check.outside)
    {
        result.error = GetName() + ": the algorithm gave power outside the serving clusters";
        result.eta.resize(0, 0);
        return result;
    }
    const Eigen::VectorXd& share = check.share;
    if (share.maxCoeff() > 1.0 + kRoundingSlack)
    {
        result.error = GetName() + ": the algorithm exceeded an AP's power budget (" +
                       std::to_string(share.maxCoeff()) + ")";
        result.eta.resize(0, 0);
        return result;
    }
    for (Eigen::Index m = 0; m < share.size(); ++m)
    {
        if (share(m) > 1.0)
        {
            result.eta.row(m) /= share(m); // rounding only
        }
    }
    m_allocationTrace(GetName(),
                      scenario.NumUes(),
                      result.iterations,
                      result.objective,
                      result.runtimeSeconds);
    return result;
}

} // namespace ns3
