/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dcc-cluster-formation.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DccClusterFormation");

NS_OBJECT_ENSURE_REGISTERED(DccClusterFormation);

TypeId
DccClusterFormation::GetTypeId()
{
    static TypeId tid = TypeId("ns3::DccClusterFormation")
                            .SetParent<CellFreeClusterFormation>()
                            .SetGroupName("CellFree")
                            .AddConstructor<DccClusterFormation>();
    return tid;
}

CellFreeServingSets
DccClusterFormation::Form(const CellFreeScenario& scenario) const
{
    return FormDccServingClusters(scenario.beta, scenario.pilot);
}

std::string
DccClusterFormation::GetName() const
{
    return "dcc";
}

} // namespace ns3
