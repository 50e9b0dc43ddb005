/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "strongest-aps-cluster-formation.h"

#include "ns3/integer.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("StrongestApsClusterFormation");

NS_OBJECT_ENSURE_REGISTERED(StrongestApsClusterFormation);

TypeId
StrongestApsClusterFormation::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::StrongestApsClusterFormation")
            .SetParent<CellFreeClusterFormation>()
            .SetGroupName("CellFree")
            .AddConstructor<StrongestApsClusterFormation>()
            .AddAttribute("ClusterSize",
                          "L, the APs serving each UE (all M when M < L).",
                          IntegerValue(10),
                          MakeIntegerAccessor(&StrongestApsClusterFormation::m_clusterSize),
                          MakeIntegerChecker<int>(1, 1000000));
    return tid;
}

CellFreeServingSets
StrongestApsClusterFormation::Form(const CellFreeScenario& scenario) const
{
    return FormStrongestServingClusters(scenario.beta, m_clusterSize);
}

std::string
StrongestApsClusterFormation::GetName() const
{
    return "strongest";
}

} // namespace ns3
