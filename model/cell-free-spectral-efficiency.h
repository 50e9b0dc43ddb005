/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_SPECTRAL_EFFICIENCY_H
#define CELL_FREE_SPECTRAL_EFFICIENCY_H

#include "cell-free-channel-estimation.h"
#include "cell-free-scenario.h"

#include <Eigen/Dense>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief Closed-form downlink SINR of conjugate beamforming, doc/cell-free.rst "Downlink spectral
 * efficiency", in the amplitude variables mu_mk = sqrt(eta_mk gamma_mk):
 *
 *     SINR_k = rho_d N^2 (sum_m sqrt(gamma_mk) mu_mk)^2 /
 *              ( rho_d N^2 sum_{k' != k, p(k') = p(k)} (sum_m mu_mk' sqrt(gamma_mk')
 * beta_mk/beta_mk')^2
 *              + rho_d N sum_m beta_mk sum_k' mu_mk'^2 + 1 )
 *
 * The coherent term couples only UEs that share a pilot, so it is evaluated per pilot group;
 * the non-coherent term is a matrix-vector product. With serving clusters, mu is taken as 0
 * outside them (APs outside M_k send nothing to k). This is the slow, independent reference
 * that the tests compare CellFreeLinkModel with.
 *
 * \param scenario the scenario
 * \param estimates EstimateChannels(scenario)
 * \param mu M x K non-negative amplitudes
 * \return K SINRs (linear)
 */
Eigen::VectorXd ComputeDownlinkSinr(const CellFreeScenario& scenario,
                                    const CellFreeChannelEstimates& estimates,
                                    const Eigen::MatrixXd& mu);

/**
 * \brief SE_k = xi (1 - tau_p / tau_c) log2(1 + SINR_k), in bit/s/Hz.
 * \param scenario the scenario (for tau_p, tau_c, xi)
 * \param sinr K SINRs
 * \return K spectral efficiencies
 */
Eigen::VectorXd ComputeSpectralEfficiency(const CellFreeScenario& scenario,
                                          const Eigen::VectorXd& sinr);

/**
 * \brief mu_mk = sqrt(eta_mk gamma_mk).
 * \param eta M x K power coefficients
 * \param gamma M x K estimate variances
 * \return M x K amplitudes
 */
Eigen::MatrixXd PowerToAmplitude(const Eigen::MatrixXd& eta, const Eigen::MatrixXd& gamma);

/**
 * \brief eta_mk = mu_mk^2 / gamma_mk, the inverse of PowerToAmplitude.
 * \param mu M x K amplitudes
 * \param gamma M x K estimate variances (positive)
 * \return M x K power coefficients
 */
Eigen::MatrixXd AmplitudeToPower(const Eigen::MatrixXd& mu, const Eigen::MatrixXd& gamma);

/**
 * \brief Equal power allocation within the clusters: eta_mk = D_mk / (N sum_k' D_mk' gamma_mk'),
 * every serving AP at full power (CellFreeLinkModel::EqualPowerAllocation).
 * \param scenario the scenario (for N)
 * \param estimates EstimateChannels(scenario)
 * \return M x K power coefficients
 */
Eigen::MatrixXd EqualPowerAllocation(const CellFreeScenario& scenario,
                                     const CellFreeChannelEstimates& estimates);

/**
 * \brief Per-AP transmit power used by an allocation, as a share of the budget:
 * N sum_k eta_mk gamma_mk (feasible when every entry is at most 1).
 * \param scenario the scenario (for N)
 * \param estimates EstimateChannels(scenario)
 * \param eta M x K power coefficients
 * \return M power shares
 */
Eigen::VectorXd ApPowerShare(const CellFreeScenario& scenario,
                             const CellFreeChannelEstimates& estimates,
                             const Eigen::MatrixXd& eta);

/**
 * \brief Whether eta is finite, non-negative, 0 outside the serving clusters and within every
 * AP's budget (CellFreeLinkModel::IsFeasible).
 * \param scenario the scenario
 * \param estimates EstimateChannels(scenario)
 * \param eta M x K power coefficients
 * \param tolerance relative slack allowed on the budget (rounding)
 * \return true when feasible
 */
bool IsFeasiblePowerAllocation(const CellFreeScenario& scenario,
                               const CellFreeChannelEstimates& estimates,
                               const Eigen::MatrixXd& eta,
                               double tolerance = 1e-9);

} // namespace ns3

#endif // CELL_FREE_SPECTRAL_EFFICIENCY_H
