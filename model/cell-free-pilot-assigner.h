/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_PILOT_ASSIGNER_H
#define CELL_FREE_PILOT_ASSIGNER_H

#include "cell-free-scenario.h"

#include "ns3/object.h"

#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief How the central processor gives pilots to UEs that arrive into a running network.
 *
 * Assign() receives the active UEs, with pilot -1 for those that arrived since the last interval,
 * and returns a pilot for every UE. Subclasses decide whether UEs already served may be moved.
 */
class CellFreePilotAssigner : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \param scenario the active UEs (beta, N, tau_p, powers); pilot[k] is -1 for newcomers
     * \return K pilot indices in [0, tau_p)
     */
    virtual std::vector<int> Assign(const CellFreeScenario& scenario) = 0;

    /**
     * \brief Assign a fixed random variable stream number to the random variables used.
     * \param stream first stream index to use
     * \return the number of stream indices assigned
     */
    virtual int64_t AssignStreams(int64_t stream);

  protected:
    /**
     * \brief Give every newcomer (pilot -1), in column order, the pilot with the least
     * contamination at its strongest APs (AssignPilotIncrementally).
     * \param scenario the active UEs; pilot[k] is -1 for newcomers
     * \param numStrongestAps how many of a newcomer's strongest APs count
     * \return K pilot indices
     */
    static std::vector<int> AssignNewcomersIncrementally(const CellFreeScenario& scenario,
                                                         int numStrongestAps);
};

} // namespace ns3

#endif // CELL_FREE_PILOT_ASSIGNER_H
