/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_NET_DEVICE_H
#define CELL_FREE_NET_DEVICE_H

#include "ns3/mac48-address.h"
#include "ns3/net-device.h"
#include "ns3/traced-callback.h"

namespace ns3
{

class CellFreeChannel;

/**
 * \ingroup cell-free
 * \brief What AP and UE devices of the cell-free network share: the NetDevice bookkeeping
 * (node, interface index, MAC-48 address, MTU, channel, link state, callbacks).
 *
 * The devices carry the physical-layer state of the power-control study (positions through the
 * node's MobilityModel, pilots, SINR, SE); packets are not transported by this base class:
 * Send() drops them and fires MacTxDrop.
 */
class CellFreeNetDevice : public NetDevice
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    CellFreeNetDevice();
    ~CellFreeNetDevice() override;

    /**
     * \brief Attach the device to the cell-free channel.
     * \param channel the channel
     */
    void SetChannel(Ptr<CellFreeChannel> channel);

    // NetDevice
    void SetIfIndex(const uint32_t index) override;
    uint32_t GetIfIndex() const override;
    Ptr<Channel> GetChannel() const override;
    void SetAddress(Address address) override;
    Address GetAddress() const override;
    bool SetMtu(const uint16_t mtu) override;
    uint16_t GetMtu() const override;
    bool IsLinkUp() const override;
    void AddLinkChangeCallback(Callback<void> callback) override;
    bool IsBroadcast() const override;
    Address GetBroadcast() const override;
    bool IsMulticast() const override;
    Address GetMulticast(Ipv4Address multicastGroup) const override;
    Address GetMulticast(Ipv6Address addr) const override;
    bool IsBridge() const override;
    bool IsPointToPoint() const override;
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    bool SendFrom(Ptr<Packet> packet,
                  const Address& source,
                  const Address& dest,
                  uint16_t protocolNumber) override;
    Ptr<Node> GetNode() const override;
    void SetNode(Ptr<Node> node) override;
    bool NeedsArp() const override;
    void SetReceiveCallback(NetDevice::ReceiveCallback cb) override;
    void SetPromiscReceiveCallback(PromiscReceiveCallback cb) override;
    bool SupportsSendFrom() const override;

  protected:
    void DoDispose() override;

    /// \return the channel, or null before SetChannel
    Ptr<CellFreeChannel> GetCellFreeChannel() const;

    NetDevice::ReceiveCallback m_rxCallback;               //!< upper-layer receive
    NetDevice::PromiscReceiveCallback m_promiscRxCallback; //!< promiscuous receive
    TracedCallback<Ptr<const Packet>> m_macTxDropTrace;    //!< packets not sent

  private:
    Ptr<Node> m_node;                       //!< the node
    Ptr<CellFreeChannel> m_channel;         //!< the channel
    uint32_t m_ifIndex{0};                  //!< interface index
    Mac48Address m_address;                 //!< MAC-48 address
    uint16_t m_mtu{1500};                   //!< MTU
    TracedCallback<> m_linkChangeCallbacks; //!< link state listeners
};

} // namespace ns3

#endif // CELL_FREE_NET_DEVICE_H
