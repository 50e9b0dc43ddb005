/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-link-budget.h"

#include "ns3/log.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeLinkBudget");

double
ThermalNoisePowerDbm(double bandwidth, double noiseFigureDb)
{
    return -174.0 + 10.0 * std::log10(bandwidth) + noiseFigureDb;
}

double
DbmToWatt(double powerDbm)
{
    return std::pow(10.0, (powerDbm - 30.0) / 10.0);
}

double
WattToDbm(double powerWatt)
{
    return 10.0 * std::log10(powerWatt) + 30.0;
}

double
PowerToNoiseRatio(double powerWatt, double noisePowerDbm)
{
    return powerWatt / DbmToWatt(noisePowerDbm);
}

} // namespace ns3
