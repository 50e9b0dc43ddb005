/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_AP_NET_DEVICE_H
#define CELL_FREE_AP_NET_DEVICE_H

#include "cell-free-net-device.h"

namespace ns3
{

class CellFreeCentralProcessor;

/**
 * \ingroup cell-free
 * \brief The device of an access point: N antennas at the node's position, reporting to the
 * central processor, which decides its power coefficients.
 */
class CellFreeApNetDevice : public CellFreeNetDevice
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    CellFreeApNetDevice();

    /**
     * \brief Connect the AP to its central processor (done by CellFreeHelper).
     * \param processor the central processor
     * \param apIndex the AP's row m in the processor's matrices
     */
    void SetCentralProcessor(Ptr<CellFreeCentralProcessor> processor, uint32_t apIndex);

    /// \return the central processor, or null
    Ptr<CellFreeCentralProcessor> GetCentralProcessor() const;

    /// \return the AP's index m
    uint32_t GetApIndex() const;

    /**
     * \brief Record the share of the power budget the allocation in force uses (by the CP).
     * \param share N sum_k eta_mk gamma_mk, in [0, 1]
     */
    void SetPowerShare(double share);

    /// \return the share of the power budget in use
    double GetPowerShare() const;

  protected:
    void DoDispose() override;

  private:
    Ptr<CellFreeCentralProcessor> m_processor; //!< the central processor
    uint32_t m_apIndex{0};                     //!< m
    double m_powerShare{0.0};                  //!< N sum_k eta_mk gamma_mk
};

} // namespace ns3

#endif // CELL_FREE_AP_NET_DEVICE_H
