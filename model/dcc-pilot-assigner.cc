/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dcc-pilot-assigner.h"

#include "cell-free-serving-clusters.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DccPilotAssigner");

NS_OBJECT_ENSURE_REGISTERED(DccPilotAssigner);

TypeId
DccPilotAssigner::GetTypeId()
{
    static TypeId tid = TypeId("ns3::DccPilotAssigner")
                            .SetParent<CellFreePilotAssigner>()
                            .SetGroupName("CellFree")
                            .AddConstructor<DccPilotAssigner>();
    return tid;
}

std::vector<int>
DccPilotAssigner::Assign(const CellFreeScenario& scenario)
{
    return AssignPilotsDcc(scenario.beta, scenario.numPilots, scenario.pilot);
}

} // namespace ns3
