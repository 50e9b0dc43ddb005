/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "random-pilot-assigner.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RandomPilotAssigner");

NS_OBJECT_ENSURE_REGISTERED(RandomPilotAssigner);

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

} // namespace ns3
