/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-pilot-assigner.h"

#include "cell-free-pilot-assignment.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreePilotAssigner");

NS_OBJECT_ENSURE_REGISTERED(CellFreePilotAssigner);

TypeId
CellFreePilotAssigner::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CellFreePilotAssigner").SetParent<Object>().SetGroupName("CellFree");
    return tid;
}

int64_t
CellFreePilotAssigner::AssignStreams(int64_t /* stream */)
{
    return 0;
}

std::vector<int>
CellFreePilotAssigner::AssignNewcomersIncrementally(const CellFreeScenario& scenario,
                                                    int numStrongestAps)
{
    std::vector<int> pilot = scenario.pilot;
    for (int k = 0; k < scenario.NumUes(); ++k)
    {
        if (pilot[k] < 0)
        {
            pilot[k] = AssignPilotIncrementally(scenario.beta,
                                                pilot,
                                                k,
                                                scenario.numPilots,
                                                numStrongestAps);
        }
    }
    return pilot;
}

} // namespace ns3
