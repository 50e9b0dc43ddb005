/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef FRACTIONAL_POWER_CONTROL_H
#define FRACTIONAL_POWER_CONTROL_H

#include "cell-free-power-control-algorithm.h"

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief Fractional power control: eta_mk proportional to x_mk^theta, x = gamma or beta, scaled
 * so that every AP uses its full budget:
 *
 *     eta_mk = x_mk^theta / (N sum_k' x_mk'^theta gamma_mk').
 *
 * theta = 0 is EPA; theta < 0 moves an AP's power towards the UEs it hears weakly (fairer),
 * theta > 0 towards the strong ones. AP m spends the share
 * x_mk^theta gamma_mk / sum_k' x_mk'^theta gamma_mk' of its power on UE k.
 */
class FractionalPowerControl : public CellFreePowerControlAlgorithm
{
  public:
    /// The quantity whose power sets the allocation.
    enum Basis
    {
        GAMMA, //!< the estimate variance gamma_mk
        BETA   //!< the large-scale fading beta_mk
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    FractionalPowerControl();
    std::string GetName() const override;

  protected:
    CellFreePowerControlResult DoAllocate(const CellFreeScenario& scenario,
                                          const CellFreeChannelEstimates& estimates) override;

  private:
    double m_exponent{-0.5}; //!< theta
    Basis m_basis{BETA};     //!< gamma or beta
};

} // namespace ns3

#endif // FRACTIONAL_POWER_CONTROL_H
