/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_PILOT_ASSIGNMENT_H
#define CELL_FREE_PILOT_ASSIGNMENT_H

#include "cell-free-scenario.h"

#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"

#include <Eigen/Dense>
#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief Random pilot assignment, balanced: the tau_p pilots are dealt in a random order, so
 * that UEs get distinct pilots whenever K <= tau_p and no pilot carries more than ceil(K/tau_p)
 * UEs otherwise.
 * \param numUes K
 * \param numPilots tau_p (at least 1)
 * \param uniform the random stream (a UniformRandomVariable, so AssignStreams fixes the draw)
 * \return K pilot indices in [0, tau_p)
 */
std::vector<int> AssignPilotsRandomly(int numUes,
                                      int numPilots,
                                      Ptr<UniformRandomVariable> uniform);

/**
 * \brief Unbalanced random pilot assignment (as in public power-control data sets): the first
 * min(K, tau_p) UEs get distinct pilots in a random order, every later UE a pilot drawn
 * uniformly, so pilot groups range from 1 UE to several.
 * \param numUes K
 * \param numPilots tau_p (at least 1)
 * \param uniform the random stream
 * \return K pilot indices in [0, tau_p)
 */
std::vector<int> AssignPilotsUnbalanced(int numUes,
                                        int numPilots,
                                        Ptr<UniformRandomVariable> uniform);

/**
 * \brief Fully uniform random pilot assignment: every UE draws its pilot independently, so two
 * UEs may share a pilot even when K <= tau_p.
 * \param numUes K
 * \param numPilots tau_p (at least 1)
 * \param uniform the random stream
 * \return K pilot indices in [0, tau_p)
 */
std::vector<int> AssignPilotsUniformly(int numUes,
                                       int numPilots,
                                       Ptr<UniformRandomVariable> uniform);

/**
 * \brief Greedy pilot assignment, [Ngo17] Algorithm 1 with the system model of doc/cell-free.rst:
 * starting from scenario.pilot, repeatedly take the UE k* with the lowest SE under equal power
 * allocation and move it to the pilot t that minimises the contamination it would see, sum_m
 * sum_{k' != k*, p(k') = t} beta_mk'. Stops when k* already has that pilot or after maxIterations
 * moves. The assignment with the highest minimum SE among those visited is returned, so the result
 * is never worse than the start. \param scenario a valid scenario; its pilot vector is the starting
 * assignment \param maxIterations the largest number of moves \return K pilot indices
 */
std::vector<int> AssignPilotsGreedily(const CellFreeScenario& scenario, int maxIterations);

/**
 * \brief Incremental assignment for a UE that arrives into a running network: the pilot with
 * the least contamination sum_{m in S} sum_{k' on the pilot} beta_mk' at the set S of the
 * newcomer's strongest APs, without moving any UE already served. An unused pilot sees none,
 * so pilots stay orthogonal while K <= tau_p. Ties go to the lowest pilot index.
 * \param beta M x K large-scale fading of every UE (served ones and the newcomer)
 * \param pilot K pilot indices; negative for UEs without a pilot (ignored)
 * \param newUe the column of the arriving UE
 * \param numPilots tau_p
 * \param numStrongestAps |S|, clipped to [1, M]
 * \return the pilot for newUe
 */
int AssignPilotIncrementally(const Eigen::MatrixXd& beta,
                             const std::vector<int>& pilot,
                             int newUe,
                             int numPilots,
                             int numStrongestAps);

} // namespace ns3

#endif // CELL_FREE_PILOT_ASSIGNMENT_H
