/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef APG_POWER_CONTROL_H
#define APG_POWER_CONTROL_H

#include "cell-free-apg-solver.h"
#include "cell-free-power-control-algorithm.h"

#include <memory>

namespace ns3
{

class CellFreeLinkModel;

/**
 * \ingroup cell-free
 * \brief The accelerated projected gradient baseline of [Far21]/[Mai22] (SolveApg), for the
 * smoothed min-SE, sum-SE or proportional-fairness utility.
 */
class ApgPowerControl : public CellFreePowerControlAlgorithm
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    ApgPowerControl();
    ~ApgPowerControl() override;
    std::string GetName() const override;

    /**
     * \brief The full outcome of the last allocation (objective trace if RecordTrace is set).
     * \return the last solver result
     */
    const CellFreeApgResult& GetLastResult() const;

    /// \return the solver settings the attributes describe
    CellFreeApgOptions GetOptions() const;

  protected:
    CellFreePowerControlResult DoAllocate(const CellFreeScenario& scenario,
                                          const CellFreeChannelEstimates& estimates) override;

  private:
    int m_utility{0};              //!< a CellFreeUtility (ns-3 3.37's EnumValue holds an int)
    double m_smoothing{10.0};      //!< t of the smoothed minimum
    int m_maxIterations{1000};     //!< iteration cap
    double m_tolerance{1e-4};      //!< relative improvement to stop at
    bool m_recordTrace{false};     //!< keep the per-iteration objective
    int m_start{0};                //!< a CellFreeApgStart
    bool m_finalBalancing{true};   //!< balance at the end (utility Min)
    int m_balancingIterations{40}; //!< cap of each balancing
    bool m_singlePrecisionProducts{true};      //!< single-precision products with clusters
    CellFreeApgResult m_last;                  //!< last solver result
    std::unique_ptr<CellFreeLinkModel> m_link; //!< the last call's link model (its storage)
};

} // namespace ns3

#endif // APG_POWER_CONTROL_H
