/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// A program outside the module: the shipped GAT, found beside the installed library, solves a
// generated scenario; prints the min-SE of the GAT and of EPA.

#include "ns3/cell-free-scenario-generator.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/cell-free-utility.h"
#include "ns3/core-module.h"
#include "ns3/epa-power-control.h"
#include "ns3/gat-power-control.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    CommandLine cmd(__FILE__);
    cmd.Parse(argc, argv);
    Ptr<CellFreeScenarioGenerator> generator = CreateObject<CellFreeScenarioGenerator>();
    generator->AssignStreams(1);
    const CellFreeScenario scenario = generator->Generate(30);
    const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
    auto minSe = [&](const CellFreePowerControlResult& r) {
        return MinSe(ComputeSpectralEfficiency(
            scenario,
            ComputeDownlinkSinr(scenario, estimates, PowerToAmplitude(r.eta, estimates.gamma))));
    };
    Ptr<GatPowerControl> gat = CreateObject<GatPowerControl>();
    const CellFreePowerControlResult g = gat->Allocate(scenario, estimates);
    if (!g.error.empty())
    {
        std::cerr << "cell-free-downstream: " << g.error << std::endl;
        return 1;
    }
    const double epa = minSe(CreateObject<EpaPowerControl>()->Allocate(scenario, estimates));
    std::cout << "model " << gat->GetModelFile() << "\nGAT min-SE " << minSe(g) << ", EPA min-SE "
              << epa << std::endl;
    return minSe(g) > epa ? 0 : 1;
}
