/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef THREE_SLOPE_PROPAGATION_LOSS_MODEL_H
#define THREE_SLOPE_PROPAGATION_LOSS_MODEL_H

#include "ns3/propagation-loss-model.h"

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief The three-slope path loss of [Ngo17] eq. 52-53 (doc/cell-free.rst "Large-scale fading").
 *
 * With the horizontal distance d between the two nodes and the Hata-COST231 constant L:
 *
 *     PL(d) = -L - 35 log10(d)                    d > d1
 *           = -L - 15 log10(d1) - 20 log10(d)     d0 < d <= d1
 *           = -L - 15 log10(d1) - 20 log10(d0)    d <= d0      (d in km)
 *
 * The antenna heights enter L only, as in [Ngo17]; node heights in the mobility models are
 * ignored, so the model works with planar layouts. The model is deterministic: shadowing is
 * drawn by CellFreeShadowingModel, which needs the correlation structure across links.
 */
class ThreeSlopePropagationLossModel : public PropagationLossModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    ThreeSlopePropagationLossModel();

    // Delete copy constructor and assignment operator to avoid misuse
    ThreeSlopePropagationLossModel(const ThreeSlopePropagationLossModel&) = delete;
    ThreeSlopePropagationLossModel& operator=(const ThreeSlopePropagationLossModel&) = delete;

    /**
     * \brief The path gain at a horizontal distance.
     * \param distance the horizontal distance in meters (non-negative)
     * \return PL(d) in dB (negative: a gain below one)
     */
    double GetPathGainDb(double distance) const;

    /**
     * \return the constant L of [Ngo17] eq. 53 in dB, from the frequency and antenna heights
     */
    double GetHataConstantDb() const;

  private:
    double DoCalcRxPower(double txPowerDbm,
                         Ptr<MobilityModel> a,
                         Ptr<MobilityModel> b) const override;
    int64_t DoAssignStreams(int64_t stream) override;

    double m_frequency{1.9e9}; //!< carrier frequency (Hz)
    double m_apHeight{15.0};   //!< AP antenna height (m)
    double m_ueHeight{1.65};   //!< UE antenna height (m)
    double m_distance0{10.0};  //!< d0: below it the loss is constant (m)
    double m_distance1{50.0};  //!< d1: breakpoint between slopes 2 and 3.5 (m)
};

} // namespace ns3

#endif // THREE_SLOPE_PROPAGATION_LOSS_MODEL_H
