/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_CHANNEL_ESTIMATION_H
#define CELL_FREE_CHANNEL_ESTIMATION_H

#include "cell-free-scenario.h"

#include <Eigen/Dense>
#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief Statistics of the MMSE channel estimates of every AP-UE pair (doc/cell-free.rst,
 * "Pilot assignment and channel estimation").
 */
struct CellFreeChannelEstimates
{
    /// M x K per-antenna variance gamma_mk of the MMSE estimate of the channel of UE k at AP m.
    Eigen::MatrixXd gamma;
    /**
     * M x K ratio sqrt(gamma_mk) / beta_mk = sqrt(tau_p rho_p / D_mk), with D_mk the estimator's
     * denominator. The coherent-interference term needs sqrt(gamma_mk') beta_mk / beta_mk';
     * keeping this ratio avoids dividing by a gain that may be as small as 1e-20.
     */
    Eigen::MatrixXd sqrtGammaOverBeta;
    /// For each pilot p in [0, tau_p), the UEs that use it, in increasing order.
    std::vector<std::vector<int>> pilotGroups;
};

/**
 * \brief Group UEs by the pilot they use.
 * \param pilot K pilot indices, each in [0, numPilots)
 * \param numPilots tau_p
 * \return numPilots lists of UE indices
 */
std::vector<std::vector<int>> GroupUesByPilot(const std::vector<int>& pilot, int numPilots);

/**
 * \brief MMSE estimation quality under pilot contamination, with orthonormal pilots:
 *
 *     gamma_mk = tau_p rho_p beta_mk^2 / (tau_p rho_p sum_{k': p(k')=p(k)} beta_mk' + 1)
 *
 * \param scenario a scenario for which Validate() returned no error
 * \return gamma, sqrt(gamma)/beta and the pilot groups
 */
CellFreeChannelEstimates EstimateChannels(const CellFreeScenario& scenario);

} // namespace ns3

#endif // CELL_FREE_CHANNEL_ESTIMATION_H
