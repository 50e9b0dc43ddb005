/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-cluster-formation.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeClusterFormation");

NS_OBJECT_ENSURE_REGISTERED(CellFreeClusterFormation);

TypeId
CellFreeClusterFormation::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CellFreeClusterFormation").SetParent<Object>().SetGroupName("CellFree");
    return tid;
}

bool
CellFreeClusterFormation::TypeIdOfName(const std::string& name, std::string& typeId)
{
    if (name == "all")
    {
        typeId = "ns3::AllApsClusterFormation";
    }
    else if (name == "strongest")
    {
        typeId = "ns3::StrongestApsClusterFormation";
    }
    else if (name == "dcc")
    {
        typeId = "ns3::DccClusterFormation";
    }
    else
    {
        return false;
    }
    return true;
}

} // namespace ns3
