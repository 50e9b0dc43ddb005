/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "greedy-pilot-assigner.h"

#include "cell-free-pilot-assignment.h"

#include "ns3/integer.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("GreedyPilotAssigner");

NS_OBJECT_ENSURE_REGISTERED(GreedyPilotAssigner);

TypeId
GreedyPilotAssigner::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::GreedyPilotAssigner")
            .SetParent<CellFreePilotAssigner>()
            .SetGroupName("CellFree")
            .AddConstructor<GreedyPilotAssigner>()
            .AddAttribute("NumStrongestAps",
                          "How many of a newcomer's strongest APs its first pilot is chosen at.",
                          IntegerValue(10),
                          MakeIntegerAccessor(&GreedyPilotAssigner::m_numStrongestAps),
                          MakeIntegerChecker<int>(1))
            .AddAttribute("MaxIterations",
                          "The largest number of moves of the greedy scheme per call.",
                          IntegerValue(20),
                          MakeIntegerAccessor(&GreedyPilotAssigner::m_maxIterations),
                          MakeIntegerChecker<int>(0));
    return tid;
}

std::vector<int>
GreedyPilotAssigner::Assign(const CellFreeScenario& scenario)
{
    CellFreeScenario start = scenario;
    start.pilot = AssignNewcomersIncrementally(scenario, m_numStrongestAps);
    return AssignPilotsGreedily(start, m_maxIterations);
}

} // namespace ns3
