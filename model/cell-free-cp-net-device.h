/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_CP_NET_DEVICE_H
#define CELL_FREE_CP_NET_DEVICE_H

#include "cell-free-net-device.h"

#include "ns3/drop-tail-queue.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/queue-size.h"
#include "ns3/queue.h"

#include <map>
#include <vector>

namespace ns3
{

class CellFreeUeNetDevice;

/**
 * \ingroup cell-free
 * \brief The central processor's interface to the cell-free network, the gateway that carries
 * IP packets between the CP node (connected to the rest of the network like an LTE PGW) and the
 * UEs.
 *
 * Downlink: a packet sent through this device to a UE's IP address waits in that UE's queue
 * (a Queue<Packet>, TxQueue) and is delivered in each coherence interval while the UE's rate
 * budget B SE_k T_c allows: unused budget carries over while a packet is waiting for it (a packet
 * larger than one interval's budget goes out once its credit is complete) and is forfeited when
 * the queue runs empty. UEs not served in the interval (inactive, or waiting for an allocation)
 * get no budget. Packets for an inactive UE are queued or dropped (InactiveUePolicy).
 *
 * Uplink: a simple ideal link: what a UE sends reaches this device after UplinkDelay, at no
 * rate limit (enough for TCP ACKs and request traffic; see the module documentation).
 */
class CellFreeCpNetDevice : public CellFreeNetDevice
{
  public:
    /// What happens to downlink packets for an inactive UE.
    enum InactiveUePolicy
    {
        QUEUE_FOR_INACTIVE, //!< keep them until the UE is back
        DROP_FOR_INACTIVE   //!< drop them (traced)
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    CellFreeCpNetDevice();

    /**
     * \brief Register a UE (CellFreeHelper does so for every UE device).
     * \param ue the UE device; its id indexes the queues
     */
    void AddUe(Ptr<CellFreeUeNetDevice> ue);

    /**
     * \brief Deliver a UE's downlink traffic for one coherence interval (by the processor).
     * \param ueId the UE
     * \param rate its downlink rate B SE in this interval (bit/s); 0 if not served
     * \param interval the coherence time T_c
     */
    void DeliverInterval(uint32_t ueId, double rate, Time interval);

    /**
     * \brief A UE left (by the processor): its credit is forfeited and, with the Drop policy,
     * the packets waiting for it are dropped (MacTxDrop).
     * \param ueId the UE
     */
    void NotifyDeparture(uint32_t ueId);

    /**
     * \brief Receive an uplink packet from a UE (after the uplink delay).
     * \param packet the packet
     * \param protocol its protocol number
     * \param from the UE device's address
     */
    void ReceiveUplink(Ptr<Packet> packet, uint16_t protocol, Address from);

    /// \return the uplink delay
    Time GetUplinkDelay() const;

    /**
     * \param ueId a UE
     * \return its downlink queue
     */
    Ptr<Queue<Packet>> GetQueue(uint32_t ueId) const;

    /**
     * \param ueId a UE
     * \return its unused budget carried to the next interval (bits)
     */
    double GetCredit(uint32_t ueId) const;

    // NetDevice
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    bool IsBroadcast() const override;

    /**
     * TracedCallback signature for per-UE downlink delivery in an interval.
     * \param [in] ueId the UE
     * \param [in] bytes bytes delivered in the interval
     * \param [in] budgetBits the interval's budget B SE T_c (bits)
     */
    typedef void (*DeliveryTracedCallback)(uint32_t ueId, uint32_t bytes, double budgetBits);

  protected:
    void DoDispose() override;

  private:
    /// The UE whose IPv4 address is the packet's destination, or -1.
    int FindUe(Ptr<const Packet> packet);

    QueueSize m_queueSize{"1000p"};                             //!< size of each UE queue
    InactiveUePolicy m_inactivePolicy{QUEUE_FOR_INACTIVE};      //!< packets for inactive UEs
    Time m_uplinkDelay{MilliSeconds(1)};                        //!< uplink latency
    std::vector<Ptr<CellFreeUeNetDevice>> m_ues;                //!< by UE id
    std::vector<Ptr<Queue<Packet>>> m_queues;                   //!< by UE id
    std::vector<double> m_credit;                               //!< carried budget (bits) by UE id
    std::map<Ipv4Address, uint32_t> m_ueByAddress;              //!< IPv4 address to UE id
    TracedCallback<Ptr<const Packet>> m_macTxTrace;             //!< packets accepted for a UE
    TracedCallback<uint32_t, uint32_t, double> m_deliveryTrace; //!< per UE per interval
};

} // namespace ns3

#endif // CELL_FREE_CP_NET_DEVICE_H
