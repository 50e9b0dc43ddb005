/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "incremental-pilot-assigner.h"

#include "ns3/integer.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("IncrementalPilotAssigner");

NS_OBJECT_ENSURE_REGISTERED(IncrementalPilotAssigner);

TypeId
IncrementalPilotAssigner::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::IncrementalPilotAssigner")
            .SetParent<CellFreePilotAssigner>()
            .SetGroupName("CellFree")
            .AddConstructor<IncrementalPilotAssigner>()
            .AddAttribute("NumStrongestAps",
                          "How many of the newcomer's strongest APs the contamination is "
                          "measured at.",
                          IntegerValue(10),
                          MakeIntegerAccessor(&IncrementalPilotAssigner::m_numStrongestAps),
                          MakeIntegerChecker<int>(1));
    return tid;
}

std::vector<int>
IncrementalPilotAssigner::Assign(const CellFreeScenario& scenario)
{
    return AssignNewcomersIncrementally(scenario, m_numStrongestAps);
}

} // namespace ns3
