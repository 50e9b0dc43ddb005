/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-ue-net-device.h"

#include "ns3/log.h"
#include "ns3/trace-source-accessor.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeUeNetDevice");

NS_OBJECT_ENSURE_REGISTERED(CellFreeUeNetDevice);

TypeId
CellFreeUeNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CellFreeUeNetDevice")
            .SetParent<CellFreeNetDevice>()
            .SetGroupName("CellFree")
            .AddConstructor<CellFreeUeNetDevice>()
            .AddTraceSource("Activity",
                            "The UE was switched on or off.",
                            MakeTraceSourceAccessor(&CellFreeUeNetDevice::m_activityTrace),
                            "ns3::CellFreeUeNetDevice::ActivityTracedCallback");
    return tid;
}

CellFreeUeNetDevice::CellFreeUeNetDevice()
{
    NS_LOG_FUNCTION(this);
}

void
CellFreeUeNetDevice::SetActive(bool active)
{
    NS_LOG_FUNCTION(this << active);
    if (active != m_active)
    {
        m_active = active;
        m_activityTrace(m_ueId, active);
    }
}

bool
CellFreeUeNetDevice::IsActive() const
{
    return m_active;
}

void
CellFreeUeNetDevice::SetUeId(uint32_t ueId)
{
    m_ueId = ueId;
}

uint32_t
CellFreeUeNetDevice::GetUeId() const
{
    return m_ueId;
}

void
CellFreeUeNetDevice::SetLinkState(int pilot, double sinr, double se, double rate, bool served)
{
    m_pilot = pilot;
    m_sinr = sinr;
    m_se = se;
    m_rate = rate;
    m_served = served;
}

int
CellFreeUeNetDevice::GetPilot() const
{
    return m_pilot;
}

double
CellFreeUeNetDevice::GetSinr() const
{
    return m_sinr;
}

double
CellFreeUeNetDevice::GetSpectralEfficiency() const
{
    return m_se;
}

double
CellFreeUeNetDevice::GetRate() const
{
    return m_rate;
}

bool
CellFreeUeNetDevice::IsServed() const
{
    return m_served;
}

} // namespace ns3
