/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-channel.h"

#include "cell-free-ap-net-device.h"
#include "cell-free-ue-net-device.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/node.h"
#include "ns3/pointer.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeChannel");

NS_OBJECT_ENSURE_REGISTERED(CellFreeChannel);

namespace
{

/// The position of a device's node, aborting with a clear message if it has no mobility.
Vector
PositionOf(Ptr<NetDevice> device, const char* role)
{
    Ptr<Node> node = device->GetNode();
    NS_ABORT_MSG_IF(!node, "CellFreeChannel: a " << role << " device is not installed on a node");
    Ptr<MobilityModel> mobility = node->GetObject<MobilityModel>();
    NS_ABORT_MSG_IF(!mobility,
                    "CellFreeChannel: " << role << " node " << node->GetId()
                                        << " has no MobilityModel; install one first");
    return mobility->GetPosition();
}

} // namespace

TypeId
CellFreeChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CellFreeChannel")
            .SetParent<Channel>()
            .SetGroupName("CellFree")
            .AddConstructor<CellFreeChannel>()
            .AddAttribute("LargeScaleFadingModel",
                          "The model that turns positions into large-scale fading; unset: a "
                          "CellFreeLargeScaleFadingModel with default attributes.",
                          PointerValue(),
                          MakePointerAccessor(&CellFreeChannel::m_fading),
                          MakePointerChecker<CellFreeLargeScaleFadingModel>());
    return tid;
}

CellFreeChannel::CellFreeChannel()
{
    NS_LOG_FUNCTION(this);
}

void
CellFreeChannel::DoDispose()
{
    m_fading = nullptr;
    m_aps.clear();
    m_ues.clear();
    Channel::DoDispose();
}

void
CellFreeChannel::AddAp(Ptr<CellFreeApNetDevice> device)
{
    m_aps.push_back(device);
}

void
CellFreeChannel::AddUe(Ptr<CellFreeUeNetDevice> device)
{
    m_ues.push_back(device);
}

const std::vector<Ptr<CellFreeApNetDevice>>&
CellFreeChannel::GetAps() const
{
    return m_aps;
}

const std::vector<Ptr<CellFreeUeNetDevice>>&
CellFreeChannel::GetUes() const
{
    return m_ues;
}

Ptr<CellFreeLargeScaleFadingModel>
CellFreeChannel::GetLargeScaleFadingModel() const
{
    if (!m_fading)
    {
        // Created on first use rather than as the attribute default, so channels never share it.
        const_cast<CellFreeChannel*>(this)->m_fading =
            CreateObject<CellFreeLargeScaleFadingModel>();
    }
    return m_fading;
}

std::vector<Vector>
CellFreeChannel::GetApPositions() const
{
    std::vector<Vector> positions;
    positions.reserve(m_aps.size());
    for (const auto& ap : m_aps)
    {
        positions.push_back(PositionOf(ap, "AP"));
    }
    return positions;
}

std::vector<Vector>
CellFreeChannel::GetUePositions(const std::vector<uint32_t>& ueIds) const
{
    std::vector<Vector> positions;
    positions.reserve(ueIds.size());
    for (uint32_t id : ueIds)
    {
        NS_ABORT_MSG_UNLESS(id < m_ues.size(), "CellFreeChannel: no UE with id " << id);
        positions.push_back(PositionOf(m_ues[id], "UE"));
    }
    return positions;
}

std::size_t
CellFreeChannel::GetNDevices() const
{
    return m_aps.size() + m_ues.size();
}

Ptr<NetDevice>
CellFreeChannel::GetDevice(std::size_t i) const
{
    if (i < m_aps.size())
    {
        return m_aps[i];
    }
    return m_ues.at(i - m_aps.size());
}

} // namespace ns3
