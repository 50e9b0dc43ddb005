/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup cell-free
 * The static setup of [Ngo17] ("Cell-Free Massive MIMO Versus Small Cells"): M = 100
 * single-antenna APs and K = 40 UEs in 1 km^2 with wrap-around, tau_p = 20 pilots assigned
 * greedily, correlated shadowing, 0.2 W downlink and 0.1 W pilot power, half of the data samples
 * for the downlink. Over many random drops it collects every UE's downlink rate under equal
 * power allocation and under APG max-min power control, and writes their CDFs.
 *
 *     cell-free-ngo2017 [--drops=50] [--numUes=40] [--outputDir=results] [--RngRun=1]
 *
 * Output: DIR/cell-free-ngo2017-cdf.csv (columns algorithm, rate_mbit_s, cdf: the empirical CDF
 * of the per-UE downlink rate B SE over all drops) and DIR/cell-free-ngo2017-cdf.{plt,png}.
 * The printed table gives the 5th percentile ("95%-likely") and median per-UE rate.
 */

#include "ns3/apg-power-control.h"
#include "ns3/cell-free-command-line.h"
#include "ns3/cell-free-scenario-generator.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/cell-free-stats-helper.h"
#include "ns3/core-module.h"
#include "ns3/epa-power-control.h"
#include "ns3/gnuplot.h"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeNgo2017");

int
main(int argc, char* argv[])
{
    int drops = 50;
    int numUes = 40;
    std::string outputDir = "results";

    CellFreeCommandLine cmd(__FILE__);
    cmd.AddValue("drops", "Random drops of APs and UEs", drops, 1, 1000000);
    cmd.AddValue("numUes", "UEs per drop K", numUes, 1, 10000);
    cmd.AddValue("outputDir", "Directory for the output files (created if missing)", outputDir);
    std::string error = cmd.Parse(argc, argv);
    if (error.empty())
    {
        error = CellFreeCommandLine::CheckWritableDirectory(outputDir);
    }
    if (!error.empty())
    {
        return CellFreeCommandLine::Fail("cell-free-ngo2017", error);
    }

    const CellFreePreset preset = CellFreePreset::Ngo2017();
    Ptr<CellFreeScenarioGenerator> generator = CreateObject<CellFreeScenarioGenerator>();
    generator->SetPreset(preset);
    generator->SetAttribute("PilotAssignment", StringValue("Greedy"));
    generator->AssignStreams(0);

    const std::vector<std::pair<std::string, Ptr<CellFreePowerControlAlgorithm>>> algorithms = {
        {"epa", CreateObject<EpaPowerControl>()},
        {"apg-min", CreateObject<ApgPowerControl>()}};
    std::map<std::string, std::vector<double>> rates; // Mbit/s
    for (int drop = 0; drop < drops; ++drop)
    {
        const CellFreeScenario scenario = generator->Generate(numUes);
        const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
        for (const auto& [name, algorithm] : algorithms)
        {
            const CellFreePowerControlResult result = algorithm->Allocate(scenario, estimates);
            NS_ABORT_MSG_UNLESS(result.error.empty(), result.error);
            const Eigen::VectorXd se = ComputeSpectralEfficiency(
                scenario,
                ComputeDownlinkSinr(scenario,
                                    estimates,
                                    PowerToAmplitude(result.eta, estimates.gamma)));
            for (Eigen::Index k = 0; k < se.size(); ++k)
            {
                rates[name].push_back(preset.bandwidth * se(k) / 1e6);
            }
        }
    }

    std::ofstream csv(outputDir + "/cell-free-ngo2017-cdf.csv");
    csv << "algorithm,rate_mbit_s,cdf\n";
    Gnuplot plot(outputDir + "/cell-free-ngo2017-cdf.png");
    plot.SetTerminal("png size 800,500");
    plot.SetTitle("Per-UE downlink rate, [Ngo17] setup (M=100, K=" + std::to_string(numUes) +
                  ", tau_p=20, " + std::to_string(drops) + " drops)");
    plot.SetLegend("Per-UE downlink rate (Mbit/s)", "CDF");
    plot.AppendExtra("set key bottom right");
    std::cout << "[Ngo17] setup, " << drops << " drops of M=" << preset.numAps
              << " APs (N=1), K=" << numUes << " UEs, greedy pilots\n"
              << std::left << std::setw(10) << "algorithm" << std::right << std::setw(16)
              << "5% rate Mbit/s" << std::setw(18) << "median Mbit/s" << '\n'
              << std::fixed << std::setprecision(2);
    for (auto& [name, values] : rates)
    {
        std::sort(values.begin(), values.end());
        Gnuplot2dDataset dataset(name);
        dataset.SetStyle(Gnuplot2dDataset::LINES);
        for (std::size_t i = 0; i < values.size(); ++i)
        {
            const double cdf = double(i + 1) / values.size();
            csv << name << ',' << values[i] << ',' << cdf << '\n';
            dataset.Add(values[i], cdf);
        }
        plot.AddDataset(dataset);
        std::cout << std::left << std::setw(10) << name << std::right << std::setw(16)
                  << values[static_cast<std::size_t>(0.05 * (values.size() - 1))] << std::setw(18)
                  << values[values.size() / 2] << '\n';
    }
    const std::string plotBase = outputDir + "/cell-free-ngo2017-cdf";
    if (CellFreeStatsHelper::RenderPlot(plot, plotBase))
    {
        std::cout << "Plot: " << plotBase << ".png\n";
    }
    std::cout << "CDF: " << outputDir << "/cell-free-ngo2017-cdf.csv\n";
    return 0;
}
