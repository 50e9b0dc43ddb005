/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef GREEDY_PILOT_ASSIGNER_H
#define GREEDY_PILOT_ASSIGNER_H

#include "cell-free-pilot-assigner.h"

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief Newcomers first take incremental pilots; then the greedy scheme of [Ngo17] Alg. 1
 * reassigns everyone, possibly moving served UEs (traced as pilot reassignments).
 */
class GreedyPilotAssigner : public CellFreePilotAssigner
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    std::vector<int> Assign(const CellFreeScenario& scenario) override;

  private:
    int m_numStrongestAps{10}; //!< for the newcomers' first pilot
    int m_maxIterations{20};   //!< moves of the greedy scheme
};

} // namespace ns3

#endif // GREEDY_PILOT_ASSIGNER_H
