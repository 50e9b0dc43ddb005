/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-cp-net-device.h"

#include "cell-free-ns3-compat.h"
#include "cell-free-ue-net-device.h"

#include "ns3/enum.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/queue-size.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeCpNetDevice");

NS_OBJECT_ENSURE_REGISTERED(CellFreeCpNetDevice);

TypeId
CellFreeCpNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CellFreeCpNetDevice")
            .SetParent<CellFreeNetDevice>()
            .SetGroupName("CellFree")
            .AddConstructor<CellFreeCpNetDevice>()
            .AddAttribute("QueueSize",
                          "The size of each UE's downlink queue.",
                          QueueSizeValue(QueueSize("1000p")),
                          MakeQueueSizeAccessor(&CellFreeCpNetDevice::m_queueSize),
                          MakeQueueSizeChecker())
            .AddAttribute("InactiveUePolicy",
                          "What happens to downlink packets for an inactive UE: Queue (kept "
                          "until it is back) or Drop.",
                          EnumValue(CellFreeCpNetDevice::QUEUE_FOR_INACTIVE),
                          MakeCellFreeEnumAccessor(&CellFreeCpNetDevice::m_inactivePolicy),
                          MakeEnumChecker(CellFreeCpNetDevice::QUEUE_FOR_INACTIVE,
                                          "Queue",
                                          CellFreeCpNetDevice::DROP_FOR_INACTIVE,
                                          "Drop"))
            .AddAttribute("UplinkDelay",
                          "Latency of the ideal uplink from any UE to the central processor.",
                          TimeValue(MilliSeconds(1)),
                          MakeTimeAccessor(&CellFreeCpNetDevice::m_uplinkDelay),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("MacTx",
                            "A downlink packet was accepted into a UE's queue.",
                            MakeTraceSourceAccessor(&CellFreeCpNetDevice::m_macTxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("Delivery",
                            "Bytes delivered to a UE in a coherence interval, with its budget.",
                            MakeTraceSourceAccessor(&CellFreeCpNetDevice::m_deliveryTrace),
                            "ns3::CellFreeCpNetDevice::DeliveryTracedCallback");
    return tid;
}

CellFreeCpNetDevice::CellFreeCpNetDevice()
{
    NS_LOG_FUNCTION(this);
}

void
CellFreeCpNetDevice::DoDispose()
{
    m_ues.clear();
    m_queues.clear();
    CellFreeNetDevice::DoDispose();
}

void
CellFreeCpNetDevice::AddUe(Ptr<CellFreeUeNetDevice> ue)
{
    const uint32_t id = ue->GetUeId();
    if (m_ues.size() <= id)
    {
        m_ues.resize(id + 1);
        m_queues.resize(id + 1);
        m_credit.resize(id + 1, 0.0);
    }
    m_ues[id] = ue;
    NS_ABORT_MSG_IF(m_queueSize.GetValue() == 0,
                    "CellFreeCpNetDevice: QueueSize must hold at least one packet or byte");
    Ptr<Queue<Packet>> queue = CreateObject<DropTailQueue<Packet>>();
    queue->SetAttribute("MaxSize", QueueSizeValue(m_queueSize));
    m_queues[id] = queue;
    ue->SetGateway(this);
}

Time
CellFreeCpNetDevice::GetUplinkDelay() const
{
    return m_uplinkDelay;
}

Ptr<Queue<Packet>>
CellFreeCpNetDevice::GetQueue(uint32_t ueId) const
{
    return m_queues.at(ueId);
}

double
CellFreeCpNetDevice::GetCredit(uint32_t ueId) const
{
    return m_credit.at(ueId);
}

bool
CellFreeCpNetDevice::IsBroadcast() const
{
    return true; // IP sends to the broadcast address on links without ARP
}

int
CellFreeCpNetDevice::FindUe(Ptr<const Packet> packet)
{
    Ipv4Header header;
    if (packet->PeekHeader(header) == 0)
    {
        return -1;
    }
    const Ipv4Address destination = header.GetDestination();
    auto it = m_ueByAddress.find(destination);
    if (it == m_ueByAddress.end())
    {
        // Learn the UEs' addresses lazily: they are assigned after installation.
        for (uint32_t id = 0; id < m_ues.size(); ++id)
        {
            Ptr<Ipv4> ipv4 = m_ues[id] ? m_ues[id]->GetNode()->GetObject<Ipv4>() : nullptr;
            if (!ipv4)
            {
                continue;
            }
            const int32_t interface = ipv4->GetInterfaceForDevice(m_ues[id]);
            for (uint32_t a = 0; interface >= 0 && a < ipv4->GetNAddresses(interface); ++a)
            {
                m_ueByAddress[ipv4->GetAddress(interface, a).GetLocal()] = id;
            }
        }
        it = m_ueByAddress.find(destination);
    }
    return it == m_ueByAddress.end() ? -1 : static_cast<int>(it->second);
}

bool
CellFreeCpNetDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    NS_LOG_FUNCTION(this << packet << dest << protocolNumber);
    if (protocolNumber != Ipv4L3Protocol::PROT_NUMBER)
    {
        NS_LOG_WARN("only IPv4 is carried; dropping protocol " << protocolNumber);
        m_macTxDropTrace(packet);
        return false;
    }
    const int ue = FindUe(packet);
    if (ue < 0)
    {
        NS_LOG_LOGIC("no UE has the destination address; dropped");
        m_macTxDropTrace(packet);
        return false;
    }
    if (!m_ues[ue]->IsActive() && m_inactivePolicy == DROP_FOR_INACTIVE)
    {
        m_macTxDropTrace(packet);
        return false;
    }
    if (!m_queues[ue]->Enqueue(packet))
    {
        m_macTxDropTrace(packet); // the queue's Drop trace fires too
        return false;
    }
    m_macTxTrace(packet);
    return true;
}

void
CellFreeCpNetDevice::DeliverInterval(uint32_t ueId, double rate, Time interval)
{
    Ptr<Queue<Packet>> queue = m_queues.at(ueId);
    const double budget = rate * interval.GetSeconds();
    if (queue->IsEmpty())
    {
        m_credit[ueId] = 0.0; // capacity cannot be banked while there is nothing to send
        m_deliveryTrace(ueId, 0, budget);
        return;
    }
    m_credit[ueId] += budget;
    uint32_t bytes = 0;
    while (!queue->IsEmpty() && queue->Peek()->GetSize() * 8.0 <= m_credit[ueId])
    {
        Ptr<Packet> packet = queue->Dequeue();
        m_credit[ueId] -= packet->GetSize() * 8.0;
        bytes += packet->GetSize();
        // Transmitted during the interval: received at its end, in the UE node's context.
        Simulator::ScheduleWithContext(m_ues[ueId]->GetNode()->GetId(),
                                       interval,
                                       &CellFreeUeNetDevice::ReceiveDownlink,
                                       m_ues[ueId],
                                       packet,
                                       GetAddress());
    }
    if (queue->IsEmpty())
    {
        m_credit[ueId] = 0.0;
    }
    m_deliveryTrace(ueId, bytes, budget);
}

void
CellFreeCpNetDevice::NotifyDeparture(uint32_t ueId)
{
    NS_LOG_FUNCTION(this << ueId);
    m_credit.at(ueId) = 0.0;
    if (m_inactivePolicy != DROP_FOR_INACTIVE)
    {
        return;
    }
    while (Ptr<Packet> packet = m_queues[ueId]->Dequeue())
    {
        m_macTxDropTrace(packet);
    }
}

void
CellFreeCpNetDevice::ReceiveUplink(Ptr<Packet> packet, uint16_t protocol, Address from)
{
    NS_LOG_FUNCTION(this << packet << protocol << from);
    if (!m_rxCallback.IsNull())
    {
        m_rxCallback(this, packet, protocol, from);
    }
}

} // namespace ns3
