/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-net-device.h"

#include "cell-free-channel.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeNetDevice");

NS_OBJECT_ENSURE_REGISTERED(CellFreeNetDevice);

TypeId
CellFreeNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CellFreeNetDevice")
            .SetParent<NetDevice>()
            .SetGroupName("CellFree")
            .AddAttribute(
                "Mtu",
                "The MAC-level maximum transmission unit (bytes).",
                UintegerValue(1500),
                MakeUintegerAccessor(&CellFreeNetDevice::SetMtu, &CellFreeNetDevice::GetMtu),
                MakeUintegerChecker<uint16_t>(68))
            .AddTraceSource("MacTxDrop",
                            "A packet was dropped before transmission.",
                            MakeTraceSourceAccessor(&CellFreeNetDevice::m_macTxDropTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

CellFreeNetDevice::CellFreeNetDevice()
    : m_address(Mac48Address::Allocate())
{
    NS_LOG_FUNCTION(this);
}

CellFreeNetDevice::~CellFreeNetDevice()
{
    NS_LOG_FUNCTION(this);
}

void
CellFreeNetDevice::DoDispose()
{
    m_node = nullptr;
    m_channel = nullptr;
    m_rxCallback.Nullify();
    m_promiscRxCallback.Nullify();
    NetDevice::DoDispose();
}

void
CellFreeNetDevice::SetChannel(Ptr<CellFreeChannel> channel)
{
    m_channel = channel;
}

Ptr<CellFreeChannel>
CellFreeNetDevice::GetCellFreeChannel() const
{
    return m_channel;
}

void
CellFreeNetDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
CellFreeNetDevice::GetIfIndex() const
{
    return m_ifIndex;
}

Ptr<Channel>
CellFreeNetDevice::GetChannel() const
{
    return m_channel;
}

void
CellFreeNetDevice::SetAddress(Address address)
{
    m_address = Mac48Address::ConvertFrom(address);
}

Address
CellFreeNetDevice::GetAddress() const
{
    return m_address;
}

bool
CellFreeNetDevice::SetMtu(const uint16_t mtu)
{
    m_mtu = mtu;
    return true;
}

uint16_t
CellFreeNetDevice::GetMtu() const
{
    return m_mtu;
}

bool
CellFreeNetDevice::IsLinkUp() const
{
    return m_channel != nullptr;
}

void
CellFreeNetDevice::AddLinkChangeCallback(Callback<void> callback)
{
    m_linkChangeCallbacks.ConnectWithoutContext(callback);
}

bool
CellFreeNetDevice::IsBroadcast() const
{
    return false;
}

Address
CellFreeNetDevice::GetBroadcast() const
{
    return Mac48Address::GetBroadcast();
}

bool
CellFreeNetDevice::IsMulticast() const
{
    return false;
}

Address
CellFreeNetDevice::GetMulticast(Ipv4Address multicastGroup) const
{
    return Mac48Address::GetMulticast(multicastGroup);
}

Address
CellFreeNetDevice::GetMulticast(Ipv6Address addr) const
{
    return Mac48Address::GetMulticast(addr);
}

bool
CellFreeNetDevice::IsBridge() const
{
    return false;
}

bool
CellFreeNetDevice::IsPointToPoint() const
{
    return false;
}

bool
CellFreeNetDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    NS_LOG_FUNCTION(this << packet << dest << protocolNumber);
    m_macTxDropTrace(packet);
    return false;
}

bool
CellFreeNetDevice::SendFrom(Ptr<Packet> packet,
                            const Address& source,
                            const Address& dest,
                            uint16_t protocolNumber)
{
    NS_LOG_FUNCTION(this << packet << source << dest << protocolNumber);
    m_macTxDropTrace(packet);
    return false;
}

Ptr<Node>
CellFreeNetDevice::GetNode() const
{
    return m_node;
}

void
CellFreeNetDevice::SetNode(Ptr<Node> node)
{
    m_node = node;
}

bool
CellFreeNetDevice::NeedsArp() const
{
    return false;
}

void
CellFreeNetDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
    m_rxCallback = cb;
}

void
CellFreeNetDevice::SetPromiscReceiveCallback(PromiscReceiveCallback cb)
{
    m_promiscRxCallback = cb;
}

bool
CellFreeNetDevice::SupportsSendFrom() const
{
    return false;
}

} // namespace ns3
