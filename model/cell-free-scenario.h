/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_SCENARIO_H
#define CELL_FREE_SCENARIO_H

#include "cell-free-serving-clusters.h"

#include <Eigen/Dense>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief One snapshot of a cell-free downlink: the inputs of the system model of doc/cell-free.rst.
 *
 * Every numerical routine of the module (estimation, spectral efficiency, power control) is a
 * pure function of this structure, so that tests and command-line tools can call it without a
 * simulator. Indices: m in [0, M) for APs (rows), k in [0, K) for UEs (columns).
 */
struct CellFreeScenario
{
    int numAntennas{1};        //!< N, antennas per AP
    int numPilots{1};          //!< tau_p, orthonormal pilots (pilot length in samples)
    int coherenceSamples{200}; //!< tau_c, samples per coherence interval
    double rhoD{1.0};          //!< downlink power per AP over noise power (linear)
    double rhoP{1.0};          //!< pilot power per UE over noise power (linear)
    double downlinkShare{1.0}; //!< xi, share of the data samples used for the downlink
    Eigen::MatrixXd beta;      //!< M x K large-scale fading (linear gains)
    std::vector<int> pilot;    //!< K pilot indices in [0, tau_p)
    /// K serving sets M_k (doc/cell-free.rst "User-centric serving clusters"); empty: every AP
    /// serves every UE
    CellFreeServingSets serving;

    /// \return M, the number of APs
    int NumAps() const
    {
        return static_cast<int>(beta.rows());
    }

    /// \return K, the number of UEs
    int NumUes() const
    {
        return static_cast<int>(beta.cols());
    }

    /// \return whether serving clusters restrict the service (not every AP serves every UE)
    bool IsUserCentric() const
    {
        return !serving.empty();
    }

    /**
     * \brief Check every field against the ranges the system model needs: N >= 1,
     * 1 <= tau_p <= 100000, tau_c > tau_p, positive finite rho_d and rho_p, xi in (0, 1], at
     * least one AP, one pilot per UE in [0, tau_p), gains in [1e-30, inf) (below, gamma
     * underflows), serving sets (if any) that ValidateServingSets accepts, and the products of
     * CheckNumericalRange().
     * \return an empty string when valid, else a one-line message that names the first
     *         offending field (e.g. "beta[3][7] is not a positive finite number")
     */
    std::string Validate() const;

    /**
     * \brief Check that the products the model forms stay finite and non-degenerate
     * (doc/cell-free.rst, "Numerical range"): tau_p rho_p sum_k beta_mk and rho_d N^2 sum_m
     * beta_mk at most 1e100, every gamma_mk and each UE's best received SNR rho_d N gamma_mk at
     * least 1e-100. Called by Validate() once the fields themselves are valid.
     * \return an empty string when in range, else a one-line message that names the field most
     *         responsible (e.g. "rhoD: 1e+308 makes rho_d N^2 beta overflow (...)")
     */
    std::string CheckNumericalRange() const;

    /**
     * \brief The pre-log factor xi (1 - tau_p / tau_c) of the SE formula.
     * \return the factor in [0, 1]
     */
    double PreLogFactor() const;
};

} // namespace ns3

#endif // CELL_FREE_SCENARIO_H
