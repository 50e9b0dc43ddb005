/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-ue-activity-model.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeUeActivityModel");

NS_OBJECT_ENSURE_REGISTERED(CellFreeUeActivityModel);

TypeId
CellFreeUeActivityModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CellFreeUeActivityModel")
            .SetParent<Object>()
            .SetGroupName("CellFree")
            .AddConstructor<CellFreeUeActivityModel>()
            .AddAttribute("ArrivalRate",
                          "Mean UE arrivals per second (Poisson process); 0 disables arrivals. "
                          "At most 1e9: a mean gap below one nanosecond (ns-3's time "
                          "resolution) rounds to zero and time would stop.",
                          DoubleValue(30.0),
                          MakeDoubleAccessor(&CellFreeUeActivityModel::m_arrivalRate),
                          MakeDoubleChecker<double>(0.0, 1e9))
            .AddAttribute("MeanHoldingTime",
                          "Mean time a UE stays active (exponential).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&CellFreeUeActivityModel::m_meanHoldingTime),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("InitialActiveUes",
                          "UEs switched on at Start.",
                          UintegerValue(30),
                          MakeUintegerAccessor(&CellFreeUeActivityModel::m_initialActiveUes),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("PositionAllocator",
                          "If set, a UE is moved to a new position drawn from it when it "
                          "arrives (its node needs a ConstantPositionMobilityModel or another "
                          "model whose position can be set).",
                          PointerValue(),
                          MakePointerAccessor(&CellFreeUeActivityModel::m_positionAllocator),
                          MakePointerChecker<PositionAllocator>())
            .AddTraceSource("Blocked",
                            "An arrival found every UE of the pool active.",
                            MakeTraceSourceAccessor(&CellFreeUeActivityModel::m_blockedTrace),
                            "ns3::CellFreeUeActivityModel::BlockedTracedCallback");
    return tid;
}

CellFreeUeActivityModel::CellFreeUeActivityModel()
    : m_interArrival(CreateObject<ExponentialRandomVariable>()),
      m_holding(CreateObject<ExponentialRandomVariable>()),
      m_pick(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

void
CellFreeUeActivityModel::DoDispose()
{
    Stop();
    m_pool.clear();
    m_positionAllocator = nullptr;
    Object::DoDispose();
}

void
CellFreeUeActivityModel::SetUePool(const std::vector<Ptr<CellFreeUeNetDevice>>& pool)
{
    m_pool = pool;
}

uint64_t
CellFreeUeActivityModel::GetNumBlocked() const
{
    return m_numBlocked;
}

int64_t
CellFreeUeActivityModel::AssignStreams(int64_t stream)
{
    m_interArrival->SetStream(stream);
    m_holding->SetStream(stream + 1);
    m_pick->SetStream(stream + 2);
    int64_t used = 3;
    if (m_positionAllocator)
    {
        used += m_positionAllocator->AssignStreams(stream + used);
    }
    return used;
}

void
CellFreeUeActivityModel::Start()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(m_pool.empty(), "CellFreeUeActivityModel: the UE pool is empty");
    for (uint32_t i = 0; i < m_initialActiveUes; ++i)
    {
        ActivateRandomUe();
    }
    ScheduleArrival();
}

void
CellFreeUeActivityModel::Stop()
{
    Simulator::Cancel(m_nextArrival);
    for (auto& event : m_events)
    {
        Simulator::Cancel(event);
    }
    m_events.clear();
}

void
CellFreeUeActivityModel::ScheduleArrival()
{
    if (m_arrivalRate <= 0.0)
    {
        return;
    }
    m_interArrival->SetAttribute("Mean", DoubleValue(1.0 / m_arrivalRate));
    m_nextArrival = Simulator::Schedule(Seconds(m_interArrival->GetValue()),
                                        &CellFreeUeActivityModel::Arrive,
                                        this);
}

void
CellFreeUeActivityModel::Arrive()
{
    ActivateRandomUe();
    ScheduleArrival();
}

void
CellFreeUeActivityModel::ActivateRandomUe()
{
    std::vector<Ptr<CellFreeUeNetDevice>> idle;
    for (const auto& ue : m_pool)
    {
        if (!ue->IsActive())
        {
            idle.push_back(ue);
        }
    }
    if (idle.empty())
    {
        ++m_numBlocked;
        m_blockedTrace(Simulator::Now());
    }
    else
    {
        Ptr<CellFreeUeNetDevice> ue = idle[m_pick->GetInteger(0, idle.size() - 1)];
        if (m_positionAllocator)
        {
            Ptr<MobilityModel> mobility = ue->GetNode()->GetObject<MobilityModel>();
            NS_ABORT_MSG_IF(!mobility,
                            "CellFreeUeActivityModel: UE node " << ue->GetNode()->GetId()
                                                                << " has no MobilityModel");
            mobility->SetPosition(m_positionAllocator->GetNext());
        }
        ue->SetActive(true);
        m_holding->SetAttribute("Mean", DoubleValue(m_meanHoldingTime.GetSeconds()));
        m_events.erase(std::remove_if(m_events.begin(),
                                      m_events.end(),
                                      [](const EventId& event) { return event.IsExpired(); }),
                       m_events.end());
        m_events.push_back(Simulator::Schedule(Seconds(m_holding->GetValue()),
                                               &CellFreeUeActivityModel::Depart,
                                               this,
                                               ue));
    }
}

void
CellFreeUeActivityModel::Depart(Ptr<CellFreeUeNetDevice> ue)
{
    ue->SetActive(false);
}

} // namespace ns3
