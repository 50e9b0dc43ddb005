/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-scenario.h"

#include "ns3/log.h"

#include <cmath>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeScenario");

namespace
{

/// Gains below this make gamma ~ beta^2 underflow double precision.
constexpr double kMinGain = 1e-30;
/// Pilots beyond this are no physical setting, and would only exhaust memory.
constexpr int kMaxPilots = 100000;

bool
IsPositiveFinite(double value)
{
    return std::isfinite(value) && value > 0.0;
}

} // namespace

std::string
CellFreeScenario::Validate() const
{
    std::ostringstream error;
    if (numAntennas < 1)
    {
        error << "N must be at least 1 (got " << numAntennas << ")";
    }
    else if (numPilots < 1)
    {
        error << "tauP must be at least 1 (got " << numPilots << ")";
    }
    else if (numPilots > kMaxPilots)
    {
        error << "tauP must be at most " << kMaxPilots << " (got " << numPilots << ")";
    }
    else if (coherenceSamples <= numPilots)
    {
        error << "tauC must exceed tauP (got tauC=" << coherenceSamples << ", tauP=" << numPilots
              << ")";
    }
    else if (!IsPositiveFinite(rhoD))
    {
        error << "rhoD must be a positive finite number (got " << rhoD << ")";
    }
    else if (!IsPositiveFinite(rhoP))
    {
        error << "rhoP must be a positive finite number (got " << rhoP << ")";
    }
    else if (!IsPositiveFinite(downlinkShare) || downlinkShare > 1.0)
    {
        error << "downlinkShare must be in (0, 1] (got " << downlinkShare << ")";
    }
    else if (beta.rows() < 1)
    {
        error << "beta must have at least one row (one AP)";
    }
    else if (static_cast<std::size_t>(beta.cols()) != pilot.size())
    {
        error << "pilot has " << pilot.size() << " entries but beta has " << beta.cols()
              << " columns (UEs)";
    }
    if (!error.str().empty())
    {
        return error.str();
    }
    for (Eigen::Index m = 0; m < beta.rows(); ++m)
    {
        for (Eigen::Index k = 0; k < beta.cols(); ++k)
        {
            if (!IsPositiveFinite(beta(m, k)))
            {
                error << "beta[" << m << "][" << k << "] must be a positive finite number (got "
                      << beta(m, k) << ")";
                return error.str();
            }
            if (beta(m, k) < kMinGain)
            {
                error << "beta[" << m << "][" << k << "] = " << beta(m, k) << " is below "
                      << kMinGain << " (300 dB of loss), where gamma underflows";
                return error.str();
            }
        }
    }
    for (std::size_t k = 0; k < pilot.size(); ++k)
    {
        if (pilot[k] < 0 || pilot[k] >= numPilots)
        {
            error << "pilot[" << k << "] must be in [0, tauP) = [0, " << numPilots << ") (got "
                  << pilot[k] << ")";
            return error.str();
        }
    }
    return {};
}

double
CellFreeScenario::PreLogFactor() const
{
    return downlinkShare * (1.0 - static_cast<double>(numPilots) / coherenceSamples);
}

} // namespace ns3
