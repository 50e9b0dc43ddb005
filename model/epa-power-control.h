/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef EPA_POWER_CONTROL_H
#define EPA_POWER_CONTROL_H

#include "cell-free-power-control-algorithm.h"

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief Equal power allocation: eta_mk = 1 / (N sum_k' gamma_mk'), every AP at full power.
 */
class EpaPowerControl : public CellFreePowerControlAlgorithm
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    std::string GetName() const override;

  protected:
    CellFreePowerControlResult DoAllocate(const CellFreeScenario& scenario,
                                          const CellFreeChannelEstimates& estimates) override;
};

} // namespace ns3

#endif // EPA_POWER_CONTROL_H
