/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef INCREMENTAL_PILOT_ASSIGNER_H
#define INCREMENTAL_PILOT_ASSIGNER_H

#include "cell-free-pilot-assigner.h"

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief Newcomers take, one by one, the pilot with the least contamination at their strongest
 * APs (AssignPilotIncrementally); served UEs keep theirs.
 */
class IncrementalPilotAssigner : public CellFreePilotAssigner
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    std::vector<int> Assign(const CellFreeScenario& scenario) override;

  private:
    int m_numStrongestAps{10}; //!< size of the newcomer's set of strongest APs
};

} // namespace ns3

#endif // INCREMENTAL_PILOT_ASSIGNER_H
