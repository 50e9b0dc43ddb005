/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-pilot-assigner.h"

#include "cell-free-pilot-assignment.h"

#include "ns3/integer.h"
#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreePilotAssigner");

NS_OBJECT_ENSURE_REGISTERED(CellFreePilotAssigner);
NS_OBJECT_ENSURE_REGISTERED(IncrementalPilotAssigner);
NS_OBJECT_ENSURE_REGISTERED(RandomPilotAssigner);
NS_OBJECT_ENSURE_REGISTERED(GreedyPilotAssigner);

namespace
{

/// Give every newcomer (pilot -1) an incremental pilot, in column order.
std::vector<int>
AssignNewcomersIncrementally(const CellFreeScenario& scenario, int numStrongestAps)
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

} // namespace

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

TypeId
RandomPilotAssigner::GetTypeId()
{
    static TypeId tid = TypeId("ns3::RandomPilotAssigner")
                            .SetParent<CellFreePilotAssigner>()
                            .SetGroupName("CellFree")
                            .AddConstructor<RandomPilotAssigner>();
    return tid;
}

RandomPilotAssigner::RandomPilotAssigner()
    : m_uniform(CreateObject<UniformRandomVariable>())
{
}

std::vector<int>
RandomPilotAssigner::Assign(const CellFreeScenario& scenario)
{
    std::vector<int> pilot = scenario.pilot;
    std::vector<int> load(scenario.numPilots, 0);
    for (int p : pilot)
    {
        if (p >= 0)
        {
            ++load[p];
        }
    }
    for (auto& p : pilot)
    {
        if (p >= 0)
        {
            continue;
        }
        const int least = *std::min_element(load.begin(), load.end());
        std::vector<int> candidates;
        for (int q = 0; q < scenario.numPilots; ++q)
        {
            if (load[q] == least)
            {
                candidates.push_back(q);
            }
        }
        p = candidates[m_uniform->GetInteger(0, candidates.size() - 1)];
        ++load[p];
    }
    return pilot;
}

int64_t
RandomPilotAssigner::AssignStreams(int64_t stream)
{
    m_uniform->SetStream(stream);
    return 1;
}

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
