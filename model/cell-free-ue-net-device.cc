/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-ue-net-device.h"

#include "cell-free-cp-net-device.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
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
                            "ns3::CellFreeUeNetDevice::ActivityTracedCallback")
            .AddTraceSource("MacTx",
                            "An uplink packet was sent towards the central processor.",
                            MakeTraceSourceAccessor(&CellFreeUeNetDevice::m_macTxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacRx",
                            "A downlink packet was received and passed up.",
                            MakeTraceSourceAccessor(&CellFreeUeNetDevice::m_macRxTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

CellFreeUeNetDevice::CellFreeUeNetDevice()
{
    NS_LOG_FUNCTION(this);
}

void
CellFreeUeNetDevice::DoDispose()
{
    m_gateway = nullptr;
    CellFreeNetDevice::DoDispose();
}

void
CellFreeUeNetDevice::SetGateway(Ptr<CellFreeCpNetDevice> gateway)
{
    m_gateway = gateway;
}

bool
CellFreeUeNetDevice::IsBroadcast() const
{
    return true; // IP sends to the broadcast address on links without ARP
}

bool
CellFreeUeNetDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    NS_LOG_FUNCTION(this << packet << dest << protocolNumber);
    if (!m_gateway || !m_active || protocolNumber != Ipv4L3Protocol::PROT_NUMBER)
    {
        m_macTxDropTrace(packet); // no gateway, switched off, or not IPv4
        return false;
    }
    m_macTxTrace(packet);
    Simulator::ScheduleWithContext(m_gateway->GetNode()->GetId(),
                                   m_gateway->GetUplinkDelay(),
                                   &CellFreeCpNetDevice::ReceiveUplink,
                                   m_gateway,
                                   packet,
                                   protocolNumber,
                                   GetAddress());
    return true;
}

void
CellFreeUeNetDevice::ReceiveDownlink(Ptr<Packet> packet, Address from)
{
    NS_LOG_FUNCTION(this << packet);
    m_macRxTrace(packet);
    if (!m_rxCallback.IsNull())
    {
        m_rxCallback(this, packet, Ipv4L3Protocol::PROT_NUMBER, from);
    }
}

void
CellFreeUeNetDevice::SetActive(bool active)
{
    NS_LOG_FUNCTION(this << active);
    if (active != m_active)
    {
        m_active = active;
        m_activations += active ? 1 : 0;
        m_activityTrace(m_ueId, active);
    }
}

bool
CellFreeUeNetDevice::IsActive() const
{
    return m_active;
}

uint64_t
CellFreeUeNetDevice::GetActivationCount() const
{
    return m_activations;
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
