/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_SERVING_CLUSTERS_H
#define CELL_FREE_SERVING_CLUSTERS_H

#include <Eigen/Dense>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief User-centric serving clusters (doc/cell-free.rst, "User-centric serving clusters"):
 * entry k lists, in increasing order, the APs that serve UE k (the set M_k; D_mk = 1 exactly
 * for those APs). An empty vector of sets means that every AP serves every UE.
 */
using CellFreeServingSets = std::vector<std::vector<int>>;

/**
 * \brief Every AP serves every UE (D = 1).
 * \param numAps M
 * \param numUes K
 * \return K sets of all M APs
 */
CellFreeServingSets FormAllServingClusters(int numAps, int numUes);

/**
 * \brief Each UE is served by its L strongest APs (largest beta_mk, ties to the lower index).
 * \param beta M x K large-scale fading
 * \param clusterSize L, clipped to [1, M]
 * \return the K sets
 */
CellFreeServingSets FormStrongestServingClusters(const Eigen::MatrixXd& beta, int clusterSize);

/**
 * \brief The master AP of every UE: argmax_m beta_mk (ties to the lower index).
 * \param beta M x K large-scale fading (M >= 1)
 * \return K AP indices
 */
std::vector<int> MasterAps(const Eigen::MatrixXd& beta);

/**
 * \brief Pilot assignment of the dynamic cooperation clusters, [Dem21] Algorithm 4.1: UE k <
 * tau_p gets pilot k; every later UE (in index order) the pilot with the least sum of
 * beta_{master(k), k'} over the UEs k' already on it (ties to the lower pilot).
 * In a running network the same rule serves arrivals: UEs that hold a pilot (entry >= 0) keep it,
 * and each newcomer (entry -1), in index order, takes the pilot with the least sum over the UEs
 * that hold it; from no pilots at all this is exactly Algorithm 4.1.
 * \param beta M x K large-scale fading
 * \param numPilots tau_p (at least 1)
 * \param pilot K current pilots, -1 for the UEs to assign (empty: every UE)
 * \return K pilot indices
 */
std::vector<int> AssignPilotsDcc(const Eigen::MatrixXd& beta,
                                 int numPilots,
                                 std::vector<int> pilot = {});

/**
 * \brief The dynamic cooperation clusters of [Dem21]: every AP serves, on each pilot in use,
 * the UE on that pilot with the largest beta_mk (ties to the lower UE index), and every UE is
 * served by its master AP. An AP so serves at most tau_p UEs, plus those it is the master of.
 * \param beta M x K large-scale fading
 * \param pilot K pilot indices (any assignment; AssignPilotsDcc is [Dem21]'s)
 * \return the K sets
 */
CellFreeServingSets FormDccServingClusters(const Eigen::MatrixXd& beta,
                                           const std::vector<int>& pilot);

/**
 * \brief The serving mask D of a set of clusters.
 * \param serving K sets (empty: all APs serve all UEs)
 * \param numAps M
 * \param numUes K
 * \return M x K matrix of 0 and 1
 */
Eigen::MatrixXd ServingMask(const CellFreeServingSets& serving, int numAps, int numUes);

/**
 * \brief Check a set of clusters against M and K: K sets, each non-empty, strictly increasing
 * AP indices in [0, M).
 * \param serving the sets (empty: all serve all, always valid)
 * \param numAps M
 * \param numUes K
 * \return an empty string, or a one-line message naming the first offending entry
 */
std::string ValidateServingSets(const CellFreeServingSets& serving, int numAps, int numUes);

} // namespace ns3

#endif // CELL_FREE_SERVING_CLUSTERS_H
