/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_PILOT_ASSIGNER_H
#define CELL_FREE_PILOT_ASSIGNER_H

#include "cell-free-scenario.h"

#include "ns3/object.h"
#include "ns3/random-variable-stream.h"

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
};

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
    int m_numStrongestAps; //!< size of the newcomer's set of strongest APs
};

/**
 * \ingroup cell-free
 * \brief Newcomers take a random pilot among the least used ones (so pilots stay orthogonal
 * while K <= tau_p); served UEs keep theirs.
 */
class RandomPilotAssigner : public CellFreePilotAssigner
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    RandomPilotAssigner();
    std::vector<int> Assign(const CellFreeScenario& scenario) override;
    int64_t AssignStreams(int64_t stream) override;

  private:
    Ptr<UniformRandomVariable> m_uniform; //!< the draws
};

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
    int m_numStrongestAps; //!< for the newcomers' first pilot
    int m_maxIterations;   //!< moves of the greedy scheme
};

} // namespace ns3

#endif // CELL_FREE_PILOT_ASSIGNER_H
