/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "epa-power-control.h"

#include "cell-free-computation-cost.h"
#include "cell-free-spectral-efficiency.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EpaPowerControl");

NS_OBJECT_ENSURE_REGISTERED(EpaPowerControl);

TypeId
EpaPowerControl::GetTypeId()
{
    static TypeId tid = TypeId("ns3::EpaPowerControl")
                            .SetParent<CellFreePowerControlAlgorithm>()
                            .SetGroupName("CellFree")
                            .AddConstructor<EpaPowerControl>();
    return tid;
}

std::string
EpaPowerControl::GetName() const
{
    return "epa";
}

CellFreePowerControlResult
EpaPowerControl::DoAllocate(const CellFreeScenario& scenario,
                            const CellFreeChannelEstimates& estimates)
{
    CellFreePowerControlResult result;
    result.eta = EqualPowerAllocation(scenario, estimates);
    result.operations =
        CellFreeComputationCost::PerPair(scenario, CellFreeComputationCost::kEpaPerPair);
    return result;
}

} // namespace ns3
