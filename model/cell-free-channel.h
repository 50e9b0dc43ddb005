/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_CHANNEL_H
#define CELL_FREE_CHANNEL_H

#include "cell-free-large-scale-fading-model.h"

#include "ns3/channel.h"

#include <vector>

namespace ns3
{

class CellFreeApNetDevice;
class CellFreeUeNetDevice;

/**
 * \ingroup cell-free
 * \brief The radio channel between every AP and every UE of one cell-free network: it holds the
 * large-scale fading model (propagation loss, shadowing, wrap-around) and the attached devices,
 * and computes beta from the devices' node positions.
 */
class CellFreeChannel : public Channel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    CellFreeChannel();

    /**
     * \param device an AP device to attach
     */
    void AddAp(Ptr<CellFreeApNetDevice> device);

    /**
     * \param device a UE device to attach
     */
    void AddUe(Ptr<CellFreeUeNetDevice> device);

    /// \return the attached AP devices, in order of attachment (the AP index m)
    const std::vector<Ptr<CellFreeApNetDevice>>& GetAps() const;

    /// \return the attached UE devices, in order of attachment (the UE id)
    const std::vector<Ptr<CellFreeUeNetDevice>>& GetUes() const;

    /// \return the large-scale fading model
    Ptr<CellFreeLargeScaleFadingModel> GetLargeScaleFadingModel() const;

    /**
     * \return the current positions of every AP
     */
    std::vector<Vector> GetApPositions() const;

    /**
     * \param ueIds UE ids
     * \return the current positions of those UEs
     */
    std::vector<Vector> GetUePositions(const std::vector<uint32_t>& ueIds) const;

    // Channel
    std::size_t GetNDevices() const override;
    Ptr<NetDevice> GetDevice(std::size_t i) const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<CellFreeLargeScaleFadingModel> m_fading; //!< beta from positions
    std::vector<Ptr<CellFreeApNetDevice>> m_aps; //!< AP devices
    std::vector<Ptr<CellFreeUeNetDevice>> m_ues; //!< UE devices
};

} // namespace ns3

#endif // CELL_FREE_CHANNEL_H
