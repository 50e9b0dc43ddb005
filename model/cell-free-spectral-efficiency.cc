/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-spectral-efficiency.h"

#include "cell-free-link-model.h"
#include "cell-free-serving-clusters.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeSpectralEfficiency");

namespace
{

/// The SINR of doc/cell-free.rst for amplitudes already zero outside any serving clusters.
Eigen::VectorXd
SinrOfAmplitudes(const CellFreeScenario& scenario,
                 const CellFreeChannelEstimates& estimates,
                 const Eigen::MatrixXd& mu)
{
    const int numUes = scenario.NumUes();
    const double n = scenario.numAntennas;
    const double coherentScale = scenario.rhoD * n * n;

    // Non-coherent term: rho_d N sum_m beta_mk P_m, with P_m = sum_k' mu_mk'^2.
    const Eigen::VectorXd apPower = mu.cwiseAbs2().rowwise().sum();
    const Eigen::VectorXd nonCoherent = scenario.rhoD * n * (scenario.beta.transpose() * apPower);

    // a_mk' = mu_mk' sqrt(gamma_mk')/beta_mk'; then sum_m a_mk' beta_mk is the amplitude UE k
    // receives from the beam towards k' (k' = k: the desired signal).
    const Eigen::MatrixXd weighted = mu.cwiseProduct(estimates.sqrtGammaOverBeta);

    Eigen::VectorXd sinr(numUes);
    Eigen::MatrixXd groupBeta;
    Eigen::MatrixXd groupWeighted;
    for (const auto& group : estimates.pilotGroups)
    {
        const auto size = static_cast<Eigen::Index>(group.size());
        if (size == 0)
        {
            continue;
        }
        groupBeta.resize(scenario.NumAps(), size);
        groupWeighted.resize(scenario.NumAps(), size);
        for (Eigen::Index i = 0; i < size; ++i)
        {
            groupBeta.col(i) = scenario.beta.col(group[i]);
            groupWeighted.col(i) = weighted.col(group[i]);
        }
        // amplitude(i, j): amplitude at UE group[i] of the beam towards UE group[j].
        const Eigen::MatrixXd amplitude = groupBeta.transpose() * groupWeighted;
        for (Eigen::Index i = 0; i < size; ++i)
        {
            const double desired = amplitude(i, i) * amplitude(i, i);
            double coherent = 0.0; // summed without k itself, so no cancellation error
            for (Eigen::Index j = 0; j < size; ++j)
            {
                coherent += (j == i) ? 0.0 : amplitude(i, j) * amplitude(i, j);
            }
            const int k = group[i];
            sinr(k) = coherentScale * desired / (coherentScale * coherent + nonCoherent(k) + 1.0);
        }
    }
    return sinr;
}

} // namespace

Eigen::VectorXd
ComputeDownlinkSinr(const CellFreeScenario& scenario,
                    const CellFreeChannelEstimates& estimates,
                    const Eigen::MatrixXd& mu)
{
    const int numUes = scenario.NumUes();
    NS_ASSERT_MSG(mu.rows() == scenario.NumAps() && mu.cols() == numUes,
                  "mu is " << mu.rows() << "x" << mu.cols() << ", expected " << scenario.NumAps()
                           << "x" << numUes);
    if (!scenario.serving.empty())
    {
        // APs outside M_k send nothing to k (doc/cell-free.rst "User-centric serving clusters").
        return SinrOfAmplitudes(
            scenario,
            estimates,
            mu.cwiseProduct(ServingMask(scenario.serving, scenario.NumAps(), numUes)));
    }
    return SinrOfAmplitudes(scenario, estimates, mu);
}

Eigen::VectorXd
ComputeSpectralEfficiency(const CellFreeScenario& scenario, const Eigen::VectorXd& sinr)
{
    return scenario.PreLogFactor() * sinr.array().log1p() / std::log(2.0);
}

Eigen::MatrixXd
PowerToAmplitude(const Eigen::MatrixXd& eta, const Eigen::MatrixXd& gamma)
{
    return eta.cwiseProduct(gamma).cwiseSqrt();
}

Eigen::MatrixXd
AmplitudeToPower(const Eigen::MatrixXd& mu, const Eigen::MatrixXd& gamma)
{
    return mu.cwiseAbs2().cwiseQuotient(gamma);
}

Eigen::MatrixXd
EqualPowerAllocation(const CellFreeScenario& scenario, const CellFreeChannelEstimates& estimates)
{
    return CellFreeLinkModel::EqualPowerAllocation(scenario, estimates);
}

Eigen::VectorXd
ApPowerShare(const CellFreeScenario& scenario,
             const CellFreeChannelEstimates& estimates,
             const Eigen::MatrixXd& eta)
{
    return CellFreeLinkModel::ApPowerShare(scenario, estimates, eta);
}

bool
IsFeasiblePowerAllocation(const CellFreeScenario& scenario,
                          const CellFreeChannelEstimates& estimates,
                          const Eigen::MatrixXd& eta,
                          double tolerance)
{
    return CellFreeLinkModel::IsFeasible(scenario, estimates, eta, tolerance);
}

} // namespace ns3
