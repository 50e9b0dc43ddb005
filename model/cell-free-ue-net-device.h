/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_UE_NET_DEVICE_H
#define CELL_FREE_UE_NET_DEVICE_H

#include "cell-free-net-device.h"

#include "ns3/traced-callback.h"

namespace ns3
{

class CellFreeCpNetDevice;

/**
 * \ingroup cell-free
 * \brief The device of a single-antenna UE.
 *
 * A UE is active (in the network: it sends its pilot and is served) or inactive. Scripts switch
 * it with SetActive at any time, or let a CellFreeUeActivityModel do so; the central processor
 * notices the change at the next coherence-interval boundary, gives the UE a pilot, and from
 * then on records the UE's link state here every interval.
 */
class CellFreeUeNetDevice : public CellFreeNetDevice
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    CellFreeUeNetDevice();

    /**
     * \brief Switch the UE on (it arrives) or off (it departs).
     * \param active the new state
     */
    void SetActive(bool active);

    /// \return whether the UE is switched on
    bool IsActive() const;

    /**
     * \return how many times the UE was switched on: tells the central processor that a UE
     * which left and came back between two interval starts began a new activity period
     */
    uint64_t GetActivationCount() const;

    /**
     * \brief Set the UE's index in its central processor's pool (done by CellFreeHelper).
     * \param ueId the index, used as the UE's id in traces and output files
     */
    void SetUeId(uint32_t ueId);

    /// \return the UE's id
    uint32_t GetUeId() const;

    /**
     * \brief Record the UE's link state for the current interval (by the central processor).
     * \param pilot the pilot index, or -1 without one
     * \param sinr the downlink SINR (linear)
     * \param se the spectral efficiency (bit/s/Hz)
     * \param rate the downlink rate B SE (bit/s)
     * \param served whether an allocation in force covers the UE
     */
    void SetLinkState(int pilot, double sinr, double se, double rate, bool served);

    /// \return the pilot index, or -1
    int GetPilot() const;

    /// \return the latest downlink SINR (linear)
    double GetSinr() const;

    /// \return the latest spectral efficiency (bit/s/Hz)
    double GetSpectralEfficiency() const;

    /// \return the latest downlink rate (bit/s)
    double GetRate() const;

    /// \return whether the UE is served by the allocation in force
    bool IsServed() const;

    /**
     * \brief Connect the UE to the central processor's gateway device (CellFreeHelper).
     * \param gateway the central processor's device
     */
    void SetGateway(Ptr<CellFreeCpNetDevice> gateway);

    /**
     * \brief Receive a downlink packet from the gateway.
     * \param packet the IP packet
     * \param from the gateway's address
     */
    void ReceiveDownlink(Ptr<Packet> packet, Address from);

    // NetDevice: uplink packets go to the gateway over the ideal uplink.
    bool Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber) override;
    bool IsBroadcast() const override;

    /**
     * TracedCallback signature for the UE's activity.
     * \param [in] ueId the UE's id
     * \param [in] active the new state
     */
    typedef void (*ActivityTracedCallback)(uint32_t ueId, bool active);

  private:
    uint32_t m_ueId{0};                             //!< index in the pool
    bool m_active{false};                           //!< switched on
    uint64_t m_activations{0};                      //!< SetActive(true) calls that switched on
    int m_pilot{-1};                                //!< pilot index
    double m_sinr{0.0};                             //!< SINR (linear)
    double m_se{0.0};                               //!< SE (bit/s/Hz)
    double m_rate{0.0};                             //!< rate (bit/s)
    bool m_served{false};                           //!< covered by the allocation in force
    TracedCallback<uint32_t, bool> m_activityTrace; //!< SetActive calls that change the state
    Ptr<CellFreeCpNetDevice> m_gateway;             //!< the central processor's device
    TracedCallback<Ptr<const Packet>> m_macTxTrace; //!< uplink packets sent
    TracedCallback<Ptr<const Packet>> m_macRxTrace; //!< downlink packets received

  protected:
    void DoDispose() override;
};

} // namespace ns3

#endif // CELL_FREE_UE_NET_DEVICE_H
