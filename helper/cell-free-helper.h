/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_HELPER_H
#define CELL_FREE_HELPER_H

#include "ns3/cell-free-central-processor.h"
#include "ns3/cell-free-channel.h"
#include "ns3/cell-free-ue-activity-model.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/pointer.h"
#include "ns3/position-allocator.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief Builds a cell-free network on ns-3 nodes: AP and UE devices on NodeContainers that
 * carry mobility models, one channel (large-scale fading) and one central processor that runs
 * power control every coherence interval.
 *
 * \code
 *   CellFreeHelper cellFree;
 *   cellFree.SetCentralProcessorAttribute("LatencyMode", StringValue("Measured"));
 *   cellFree.SetPowerControlAlgorithm("ns3::ApgPowerControl", "Utility", StringValue("Min"));
 *   NetDeviceContainer apDevices = cellFree.InstallAps(apNodes);
 *   NetDeviceContainer ueDevices = cellFree.InstallUes(ueNodes);
 *   cellFree.EnableUeActivity("ArrivalRate", DoubleValue(30.0));
 *   cellFree.AssignStreams(0);
 * \endcode
 *
 * The central processor starts at time 0 (or at Install time if later). Attributes and models
 * must be set before the first Install call.
 */
class CellFreeHelper
{
  public:
    CellFreeHelper();
    ~CellFreeHelper();

    /**
     * \brief Set an attribute of the central processor (e.g. NumAntennas, NumPilots,
     * CoherenceTime, LatencyMode, FadingRefreshInterval).
     * \param name the attribute name
     * \param value its value
     */
    void SetCentralProcessorAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Set an attribute of the large-scale fading model (e.g. WrapAroundSide).
     * \param name the attribute name
     * \param value its value
     */
    void SetLargeScaleFadingAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Set an attribute of the shadowing model (e.g. Sigma, Correlated).
     * \param name the attribute name
     * \param value its value
     */
    void SetShadowingAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Use another ns-3 propagation loss model for the path loss.
     * \param type the TypeId name, e.g. "ns3::LogDistancePropagationLossModel"
     * \param args attribute name and value pairs
     */
    template <typename... Args>
    void SetPropagationLossModel(const std::string& type, Args&&... args);

    /**
     * \brief Choose the power-control algorithm by TypeId and attributes.
     * \param type e.g. "ns3::ApgPowerControl", "ns3::EpaPowerControl"
     * \param args attribute name and value pairs
     */
    template <typename... Args>
    void SetPowerControlAlgorithm(const std::string& type, Args&&... args);

    /**
     * \brief The TypeId name of a power-control algorithm's short name, as examples and tools
     * accept them on the command line.
     * \param shortName epa, fpa, apg or gat
     * \return e.g. "ns3::ApgPowerControl"; empty for an unknown name
     */
    static std::string GetPowerControlTypeName(const std::string& shortName);

    /**
     * \brief Parse a comma-separated list of short algorithm names (an --algorithms flag).
     * \param list e.g. "gat,apg,epa"
     * \param[out] names the names, in order
     * \return an empty string, or a one-line error naming the flag and the unknown entry
     */
    static std::string ParseAlgorithmList(const std::string& list, std::vector<std::string>& names);

    /**
     * \brief Choose the pilot assignment for arriving UEs by TypeId and attributes.
     * \param type e.g. "ns3::IncrementalPilotAssigner", "ns3::GreedyPilotAssigner"
     * \param args attribute name and value pairs
     */
    template <typename... Args>
    void SetPilotAssigner(const std::string& type, Args&&... args);

    /**
     * \brief Choose how the serving clusters are formed, by TypeId and attributes
     * (doc/cell-free.rst "User-centric serving clusters").
     * \param type "ns3::AllApsClusterFormation" (the default), "ns3::StrongestApsClusterFormation"
     *        or "ns3::DccClusterFormation"
     * \param args attribute name and value pairs, e.g. "ClusterSize", IntegerValue(10)
     */
    template <typename... Args>
    void SetClusterFormation(const std::string& type, Args&&... args);

    /**
     * \brief Install AP devices (each node needs a MobilityModel).
     * \param nodes the AP nodes
     * \return the devices
     */
    NetDeviceContainer InstallAps(NodeContainer nodes);

    /**
     * \brief Make a node the central processor's host for IP traffic: it gets the gateway device
     * (CellFreeCpNetDevice) through which packets reach the UEs; connect it to other nodes with
     * point-to-point or CSMA like an LTE PGW, and give it and the UE devices addresses of one
     * subnet with Ipv4AddressHelper.
     * \param node the central processor's node
     * \return the gateway device
     */
    NetDeviceContainer InstallCentralProcessor(Ptr<Node> node);

    /**
     * \brief Put the gateway and the UE devices on one IPv4 subnet: the gateway gets its first
     * address, the UEs the next ones, and every UE a default route through the gateway. The
     * central processor's node and the UE nodes need an Internet stack (InternetStackHelper).
     * \param ueDevices the UE devices
     * \param network the subnet, e.g. "7.0.0.0"
     * \param mask its mask, e.g. "255.0.0.0"
     * \return the UEs' interfaces (their addresses)
     */
    Ipv4InterfaceContainer AssignIpv4Addresses(NetDeviceContainer ueDevices,
                                               Ipv4Address network,
                                               Ipv4Mask mask);

    /**
     * \brief Set an attribute of the gateway device (QueueSize, InactiveUePolicy, UplinkDelay).
     * \param name the attribute name
     * \param value its value
     */
    void SetGatewayAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Install UE devices, initially inactive (each node needs a MobilityModel).
     * \param nodes the UE nodes
     * \return the devices
     */
    NetDeviceContainer InstallUes(NodeContainer nodes);

    /**
     * \brief Drive the UEs installed so far with a CellFreeUeActivityModel (Poisson arrivals,
     * exponential holding times), started at time 0.
     * \param args attribute name and value pairs of the activity model
     * \return the activity model
     */
    template <typename... Args>
    Ptr<CellFreeUeActivityModel> EnableUeActivity(Args&&... args);

    /**
     * \brief A position allocator uniform over the square [0, side]^2 (the wrap-around area),
     * with its random streams fixed before it draws (MobilityHelper::AssignStreams covers the
     * mobility models, not their allocators).
     * \param side the side of the square (m)
     * \param stream the first stream index to use (two are used)
     * \return the allocator
     */
    static Ptr<PositionAllocator> CreateSquareAllocator(double side, int64_t stream);

    /// \return the central processor (created on first use)
    Ptr<CellFreeCentralProcessor> GetCentralProcessor();

    /// \return the channel (created on first use)
    Ptr<CellFreeChannel> GetChannel();

    /**
     * \brief Fix the random streams of every model the helper created (shadowing, pilot
     * assigner, activity model and its position allocator), so that two runs that differ only
     * in the power-control algorithm see identical UEs, arrivals and positions. The nodes'
     * mobility models and their position allocators are the script's: fix those with
     * MobilityHelper::AssignStreams and the allocator's own AssignStreams (or
     * CreateSquareAllocator).
     * \param stream first stream index to use
     * \return the number of stream indices assigned
     */
    int64_t AssignStreams(int64_t stream);

  private:
    /// Create the channel and the processor with the configured models, once.
    void Build();

    /// Enable the activity model with the given factory.
    Ptr<CellFreeUeActivityModel> DoEnableUeActivity(ObjectFactory factory);

    ObjectFactory m_processorFactory;          //!< central processor
    ObjectFactory m_fadingFactory;             //!< large-scale fading model
    ObjectFactory m_shadowingFactory;          //!< shadowing model
    ObjectFactory m_lossFactory;               //!< propagation loss model
    ObjectFactory m_algorithmFactory;          //!< power-control algorithm
    ObjectFactory m_assignerFactory;           //!< pilot assigner
    ObjectFactory m_clusterFactory;            //!< cluster formation
    bool m_clusterFormationSet{false};         //!< SetClusterFormation was called
    ObjectFactory m_gatewayFactory;            //!< gateway device
    Ptr<CellFreeChannel> m_channel;            //!< the channel
    Ptr<CellFreeCentralProcessor> m_processor; //!< the central processor
    Ptr<CellFreeUeActivityModel> m_activity;   //!< the activity model, if enabled
    bool m_started{false};                     //!< the processor's start is scheduled
};

template <typename... Args>
void
CellFreeHelper::SetPropagationLossModel(const std::string& type, Args&&... args)
{
    m_lossFactory.SetTypeId(type);
    m_lossFactory.Set(std::forward<Args>(args)...);
}

template <typename... Args>
void
CellFreeHelper::SetPowerControlAlgorithm(const std::string& type, Args&&... args)
{
    m_algorithmFactory.SetTypeId(type);
    m_algorithmFactory.Set(std::forward<Args>(args)...);
    if (m_processor)
    {
        m_processor->SetPowerControlAlgorithm(
            m_algorithmFactory.Create<CellFreePowerControlAlgorithm>());
    }
}

template <typename... Args>
void
CellFreeHelper::SetPilotAssigner(const std::string& type, Args&&... args)
{
    m_assignerFactory.SetTypeId(type);
    m_assignerFactory.Set(std::forward<Args>(args)...);
    if (m_processor)
    {
        m_processor->SetPilotAssigner(m_assignerFactory.Create<CellFreePilotAssigner>());
    }
}

template <typename... Args>
void
CellFreeHelper::SetClusterFormation(const std::string& type, Args&&... args)
{
    m_clusterFactory.SetTypeId(type);
    m_clusterFactory.Set(std::forward<Args>(args)...);
    m_clusterFormationSet = true;
    if (m_processor)
    {
        m_processor->SetAttribute(
            "ClusterFormation",
            PointerValue(m_clusterFactory.Create<CellFreeClusterFormation>()));
    }
}

template <typename... Args>
Ptr<CellFreeUeActivityModel>
CellFreeHelper::EnableUeActivity(Args&&... args)
{
    ObjectFactory factory("ns3::CellFreeUeActivityModel");
    factory.Set(std::forward<Args>(args)...);
    return DoEnableUeActivity(factory);
}

} // namespace ns3

#endif // CELL_FREE_HELPER_H
