/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-preset.h"

#include "ns3/cell-free-link-budget.h"
#include "ns3/log.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreePreset");

CellFreePreset
CellFreePreset::Default()
{
    CellFreePreset preset;
    preset.name = "default";
    preset.areaSide = std::sqrt(0.1e6); // 0.1 km^2
    return preset;
}

CellFreePreset
CellFreePreset::Ngo2017()
{
    CellFreePreset preset;
    preset.name = "ngo2017";
    preset.numAntennas = 1;
    preset.minUes = 40;
    preset.maxUes = 40;
    preset.downlinkShare = 0.5;
    preset.areaSide = 1000.0;
    preset.downlinkPower = 0.2;
    preset.pilotPower = 0.1;
    preset.correlatedShadowing = true;
    return preset;
}

CellFreePreset
CellFreePreset::City()
{
    // The default preset's AP density over 1 km^2 (doc/cell-free.rst "Presets"): a scale at
    // which only user-centric service is affordable.
    CellFreePreset preset;
    preset.name = "city";
    preset.numAps = 1000;
    preset.minUes = 400;
    preset.maxUes = 400;
    preset.areaSide = 1000.0;
    return preset;
}

bool
CellFreePreset::FromName(const std::string& name, CellFreePreset& preset)
{
    if (name == "default")
    {
        preset = Default();
    }
    else if (name == "ngo2017")
    {
        preset = Ngo2017();
    }
    else if (name == "city")
    {
        preset = City();
    }
    else
    {
        return false;
    }
    return true;
}

std::vector<std::string>
CellFreePreset::Names()
{
    return {"default", "ngo2017", "city"};
}

double
CellFreePreset::RhoD() const
{
    return PowerToNoiseRatio(downlinkPower, ThermalNoisePowerDbm(bandwidth, noiseFigureDb));
}

double
CellFreePreset::RhoP() const
{
    return PowerToNoiseRatio(pilotPower, ThermalNoisePowerDbm(bandwidth, noiseFigureDb));
}

} // namespace ns3
