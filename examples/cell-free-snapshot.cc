/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup cell-free
 * One snapshot of a cell-free network built from ns-3 nodes: APs and UEs are dropped uniformly
 * by a MobilityHelper, large-scale fading is computed from their positions with the three-slope
 * model, shadowing and wrap-around, pilots are assigned, and every UE's downlink SINR, SE and
 * rate under equal power allocation are printed and written to a CSV file.
 *
 *     cell-free-snapshot [--preset=default|ngo2017|city] [--numUes=K] [--pilots=random|greedy]
 *                        [--outputDir=DIR] [--RngRun=R]
 *
 * Output: DIR/cell-free-snapshot-ues.csv, one row per UE; columns ue, x_m, y_m, pilot,
 * pilot_sharers (other UEs on its pilot), best_beta_db (strongest AP gain), sinr_db,
 * se_bit_s_hz, rate_mbit_s.
 */

#include "ns3/cell-free-channel-estimation.h"
#include "ns3/cell-free-command-line.h"
#include "ns3/cell-free-large-scale-fading-model.h"
#include "ns3/cell-free-pilot-assignment.h"
#include "ns3/cell-free-preset.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/cell-free-utility.h"
#include "ns3/core-module.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeSnapshot");

int
main(int argc, char* argv[])
{
    std::string presetName = "default";
    int numUes = 30;
    std::string pilots = "greedy";
    std::string outputDir = ".";

    CellFreeCommandLine cmd(__FILE__);
    cmd.AddValue("preset", "Scenario family: default, ngo2017 or city", presetName);
    cmd.AddValue("numUes", "Number of UEs K", numUes, 1, 100000);
    cmd.AddValue("pilots", "Pilot assignment: random or greedy", pilots);
    cmd.AddValue("outputDir", "Directory for the output CSV file", outputDir);
    std::string error = cmd.Parse(argc, argv);

    CellFreePreset preset;
    if (error.empty() && !CellFreePreset::FromName(presetName, preset))
    {
        error = "--preset must be default, ngo2017 or city, not '" + presetName + "'";
    }
    if (error.empty() && pilots != "random" && pilots != "greedy")
    {
        error = "--pilots must be random or greedy, not '" + pilots + "'";
    }
    if (error.empty())
    {
        error = CellFreeCommandLine::CheckWritableDirectory(outputDir);
    }
    if (!error.empty())
    {
        return CellFreeCommandLine::Fail("cell-free-snapshot", error);
    }

    NodeContainer aps;
    aps.Create(preset.numAps);
    NodeContainer ues;
    ues.Create(numUes);

    // Uniform drops in the square area; the same allocator type for APs and UEs.
    MobilityHelper mobility;
    const std::string side = std::to_string(preset.areaSide);
    mobility.SetPositionAllocator(
        "ns3::RandomRectanglePositionAllocator",
        "X",
        StringValue("ns3::UniformRandomVariable[Min=0|Max=" + side + "]"),
        "Y",
        StringValue("ns3::UniformRandomVariable[Min=0|Max=" + side + "]"));
    mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    mobility.Install(aps);
    mobility.Install(ues);

    Ptr<CellFreeLargeScaleFadingModel> fading = CreateObject<CellFreeLargeScaleFadingModel>();
    fading->SetAttribute("WrapAroundSide", DoubleValue(preset.areaSide));
    fading->GetShadowingModel()->SetAttribute("Sigma", DoubleValue(preset.shadowingSigmaDb));
    fading->GetShadowingModel()->SetAttribute("Correlated",
                                              BooleanValue(preset.correlatedShadowing));
    int64_t stream = 0;
    stream += fading->AssignStreams(stream);
    Ptr<UniformRandomVariable> pilotStream = CreateObject<UniformRandomVariable>();
    pilotStream->SetStream(stream++);

    CellFreeScenario scenario;
    scenario.numAntennas = preset.numAntennas;
    scenario.numPilots = preset.numPilots;
    scenario.coherenceSamples = preset.coherenceSamples;
    scenario.rhoD = preset.RhoD();
    scenario.rhoP = preset.RhoP();
    scenario.downlinkShare = preset.downlinkShare;
    scenario.beta = fading->Compute(aps, ues);
    scenario.pilot = AssignPilotsRandomly(numUes, preset.numPilots, pilotStream);
    if (pilots == "greedy")
    {
        scenario.pilot = AssignPilotsGreedily(scenario, 100);
    }
    NS_ABORT_MSG_UNLESS(scenario.Validate().empty(), scenario.Validate());

    const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
    const Eigen::MatrixXd eta = EqualPowerAllocation(scenario, estimates);
    const Eigen::VectorXd sinr =
        ComputeDownlinkSinr(scenario, estimates, PowerToAmplitude(eta, estimates.gamma));
    const Eigen::VectorXd se = ComputeSpectralEfficiency(scenario, sinr);

    const std::string csvPath = outputDir + "/cell-free-snapshot-ues.csv";
    std::ofstream csv(csvPath);
    NS_ABORT_MSG_UNLESS(csv, "cannot write " << csvPath);
    csv << "ue,x_m,y_m,pilot,pilot_sharers,best_beta_db,sinr_db,se_bit_s_hz,rate_mbit_s\n";
    for (int k = 0; k < numUes; ++k)
    {
        const Vector position = ues.Get(k)->GetObject<MobilityModel>()->GetPosition();
        const auto sharers = estimates.pilotGroups[scenario.pilot[k]].size() - 1;
        csv << k << ',' << position.x << ',' << position.y << ',' << scenario.pilot[k] << ','
            << sharers << ',' << 10 * std::log10(scenario.beta.col(k).maxCoeff()) << ','
            << 10 * std::log10(sinr(k)) << ',' << se(k) << ',' << preset.bandwidth * se(k) / 1e6
            << '\n';
    }

    Eigen::VectorXd sorted = se;
    std::sort(sorted.data(), sorted.data() + sorted.size());
    const auto fifth = static_cast<Eigen::Index>(0.05 * (sorted.size() - 1));
    std::cout << std::fixed << std::setprecision(3);
    std::cout << "Cell-free snapshot, preset " << preset.name << ": M=" << preset.numAps
              << " N=" << preset.numAntennas << " K=" << numUes << " tau_p=" << preset.numPilots
              << " (" << pilots << " pilots), equal power allocation\n"
              << "  per-UE SE (bit/s/Hz): min " << MinSe(se) << ", 5th percentile " << sorted(fifth)
              << ", mean " << se.mean() << ", max " << se.maxCoeff() << '\n'
              << "  sum SE " << SumSe(se) << " bit/s/Hz = " << preset.bandwidth * SumSe(se) / 1e6
              << " Mbit/s\n"
              << "  per-UE table: " << csvPath << '\n';
    Simulator::Destroy();
    return 0;
}
