/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "all-aps-cluster-formation.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("AllApsClusterFormation");

NS_OBJECT_ENSURE_REGISTERED(AllApsClusterFormation);

TypeId
AllApsClusterFormation::GetTypeId()
{
    static TypeId tid = TypeId("ns3::AllApsClusterFormation")
                            .SetParent<CellFreeClusterFormation>()
                            .SetGroupName("CellFree")
                            .AddConstructor<AllApsClusterFormation>();
    return tid;
}

CellFreeServingSets
AllApsClusterFormation::Form(const CellFreeScenario& /* scenario */) const
{
    // No sets at all, not K sets of every AP: the dense kernels then run, bit for bit as before.
    return {};
}

std::string
AllApsClusterFormation::GetName() const
{
    return "all";
}

} // namespace ns3
