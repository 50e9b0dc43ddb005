/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-helper.h"

#include "ns3/abort.h"
#include "ns3/cell-free-ap-net-device.h"
#include "ns3/cell-free-ue-net-device.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <map>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeHelper");

CellFreeHelper::CellFreeHelper()
{
    m_processorFactory.SetTypeId("ns3::CellFreeCentralProcessor");
    m_fadingFactory.SetTypeId("ns3::CellFreeLargeScaleFadingModel");
    m_shadowingFactory.SetTypeId("ns3::CellFreeShadowingModel");
    m_lossFactory.SetTypeId("ns3::ThreeSlopePropagationLossModel");
    m_algorithmFactory.SetTypeId("ns3::EpaPowerControl");
    m_assignerFactory.SetTypeId("ns3::IncrementalPilotAssigner");
    m_gatewayFactory.SetTypeId("ns3::CellFreeCpNetDevice");
}

CellFreeHelper::~CellFreeHelper()
{
    m_channel = nullptr;
    m_processor = nullptr;
    m_activity = nullptr;
}

void
CellFreeHelper::SetCentralProcessorAttribute(const std::string& name, const AttributeValue& value)
{
    NS_ABORT_MSG_IF(m_processor, "CellFreeHelper: set attributes before the first Install");
    m_processorFactory.Set(name, value);
}

void
CellFreeHelper::SetLargeScaleFadingAttribute(const std::string& name, const AttributeValue& value)
{
    NS_ABORT_MSG_IF(m_channel, "CellFreeHelper: set attributes before the first Install");
    m_fadingFactory.Set(name, value);
}

void
CellFreeHelper::SetShadowingAttribute(const std::string& name, const AttributeValue& value)
{
    NS_ABORT_MSG_IF(m_channel, "CellFreeHelper: set attributes before the first Install");
    m_shadowingFactory.Set(name, value);
}

void
CellFreeHelper::Build()
{
    if (m_channel)
    {
        return;
    }
    Ptr<CellFreeLargeScaleFadingModel> fading =
        m_fadingFactory.Create<CellFreeLargeScaleFadingModel>();
    fading->SetAttribute("PropagationLossModel",
                         PointerValue(m_lossFactory.Create<PropagationLossModel>()));
    fading->SetAttribute("ShadowingModel",
                         PointerValue(m_shadowingFactory.Create<CellFreeShadowingModel>()));
    m_channel = CreateObject<CellFreeChannel>();
    m_channel->SetAttribute("LargeScaleFadingModel", PointerValue(fading));

    m_processor = m_processorFactory.Create<CellFreeCentralProcessor>();
    m_processor->SetChannel(m_channel);
    m_processor->SetPowerControlAlgorithm(
        m_algorithmFactory.Create<CellFreePowerControlAlgorithm>());
    m_processor->SetPilotAssigner(m_assignerFactory.Create<CellFreePilotAssigner>());
    // Only a rule chosen here replaces the processor's attribute (which Config or
    // SetCentralProcessorAttribute may have set); unset, the processor serves with all APs.
    if (m_clusterFormationSet)
    {
        m_processor->SetAttribute(
            "ClusterFormation",
            PointerValue(m_clusterFactory.Create<CellFreeClusterFormation>()));
    }
}

std::string
CellFreeHelper::GetPowerControlTypeName(const std::string& shortName)
{
    static const std::map<std::string, std::string> types = {{"epa", "ns3::EpaPowerControl"},
                                                             {"fpa", "ns3::FractionalPowerControl"},
                                                             {"apg", "ns3::ApgPowerControl"},
                                                             {"gat", "ns3::GatPowerControl"}};
    const auto it = types.find(shortName);
    return it == types.end() ? std::string() : it->second;
}

std::string
CellFreeHelper::ParseAlgorithmList(const std::string& list, std::vector<std::string>& names)
{
    names.clear();
    std::stringstream items(list);
    for (std::string name; std::getline(items, name, ',');)
    {
        if (GetPowerControlTypeName(name).empty())
        {
            return "--algorithms: unknown algorithm '" + name + "' (use gat, apg, epa, fpa)";
        }
        names.push_back(name);
    }
    return names.empty() ? "--algorithms: no algorithm given" : "";
}

Ptr<PositionAllocator>
CellFreeHelper::CreateSquareAllocator(double side, int64_t stream)
{
    NS_ABORT_MSG_UNLESS(side > 0.0, "CellFreeHelper: the square's side must be positive");
    Ptr<RandomRectanglePositionAllocator> allocator =
        CreateObject<RandomRectanglePositionAllocator>();
    const std::string uniform =
        "ns3::UniformRandomVariable[Min=0|Max=" + std::to_string(side) + "]";
    allocator->SetAttribute("X", StringValue(uniform));
    allocator->SetAttribute("Y", StringValue(uniform));
    allocator->AssignStreams(stream);
    return allocator;
}

Ptr<CellFreeCentralProcessor>
CellFreeHelper::GetCentralProcessor()
{
    Build();
    return m_processor;
}

Ptr<CellFreeChannel>
CellFreeHelper::GetChannel()
{
    Build();
    return m_channel;
}

NetDeviceContainer
CellFreeHelper::InstallAps(NodeContainer nodes)
{
    Build();
    NetDeviceContainer devices;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<CellFreeApNetDevice> device = CreateObject<CellFreeApNetDevice>();
        device->SetNode(*it);
        device->SetChannel(m_channel);
        device->SetCentralProcessor(m_processor, m_channel->GetAps().size());
        (*it)->AddDevice(device);
        m_channel->AddAp(device);
        devices.Add(device);
    }
    if (!m_started)
    {
        // The processor starts once the script has built everything.
        m_started = true;
        Simulator::ScheduleNow(&CellFreeCentralProcessor::Start, m_processor);
    }
    return devices;
}

void
CellFreeHelper::SetGatewayAttribute(const std::string& name, const AttributeValue& value)
{
    m_gatewayFactory.Set(name, value);
}

NetDeviceContainer
CellFreeHelper::InstallCentralProcessor(Ptr<Node> node)
{
    Build();
    NS_ABORT_MSG_IF(m_processor->GetGateway(),
                    "CellFreeHelper: the central processor is installed already");
    Ptr<CellFreeCpNetDevice> gateway = m_gatewayFactory.Create<CellFreeCpNetDevice>();
    gateway->SetNode(node);
    gateway->SetChannel(m_channel);
    node->AddDevice(gateway);
    for (const auto& ue : m_channel->GetUes())
    {
        gateway->AddUe(ue);
    }
    m_processor->SetGateway(gateway);
    return NetDeviceContainer(gateway);
}

Ipv4InterfaceContainer
CellFreeHelper::AssignIpv4Addresses(NetDeviceContainer ueDevices,
                                    Ipv4Address network,
                                    Ipv4Mask mask)
{
    Build();
    Ptr<CellFreeCpNetDevice> gateway = m_processor->GetGateway();
    NS_ABORT_MSG_IF(!gateway, "CellFreeHelper: InstallCentralProcessor before assigning addresses");
    Ipv4AddressHelper addresses;
    addresses.SetBase(network, mask);
    const Ipv4InterfaceContainer gatewayInterface = addresses.Assign(NetDeviceContainer(gateway));
    const Ipv4InterfaceContainer ueInterfaces = addresses.Assign(ueDevices);
    Ipv4StaticRoutingHelper routing;
    for (uint32_t i = 0; i < ueInterfaces.GetN(); ++i)
    {
        const auto& [ipv4, interface] = ueInterfaces.Get(i);
        routing.GetStaticRouting(ipv4)->SetDefaultRoute(gatewayInterface.GetAddress(0), interface);
    }
    return ueInterfaces;
}

NetDeviceContainer
CellFreeHelper::InstallUes(NodeContainer nodes)
{
    Build();
    NS_ABORT_MSG_IF(Simulator::Now().IsStrictlyPositive() || m_processor->GetNumIntervals() > 0,
                    "CellFreeHelper: install UEs before the simulation starts (the central "
                    "processor sizes its tables at start)");
    NetDeviceContainer devices;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<CellFreeUeNetDevice> device = CreateObject<CellFreeUeNetDevice>();
        device->SetNode(*it);
        device->SetChannel(m_channel);
        device->SetUeId(m_channel->GetUes().size());
        (*it)->AddDevice(device);
        m_channel->AddUe(device);
        if (m_processor->GetGateway())
        {
            m_processor->GetGateway()->AddUe(device);
        }
        devices.Add(device);
    }
    return devices;
}

Ptr<CellFreeUeActivityModel>
CellFreeHelper::DoEnableUeActivity(ObjectFactory factory)
{
    Build();
    NS_ABORT_MSG_IF(m_channel->GetUes().empty(),
                    "CellFreeHelper: install the UEs before enabling their activity model");
    m_activity = factory.Create<CellFreeUeActivityModel>();
    m_activity->SetUePool(m_channel->GetUes());
    // Owned by the processor (which the AP devices keep alive), not only by this helper, so that
    // arrivals go on when a script's helper goes out of scope before Simulator::Run.
    m_processor->AggregateObject(m_activity);
    Simulator::ScheduleNow(&CellFreeUeActivityModel::Start, m_activity);
    return m_activity;
}

int64_t
CellFreeHelper::AssignStreams(int64_t stream)
{
    Build();
    int64_t used = m_processor->AssignStreams(stream);
    if (m_activity)
    {
        used += m_activity->AssignStreams(stream + used);
    }
    return used;
}

} // namespace ns3
