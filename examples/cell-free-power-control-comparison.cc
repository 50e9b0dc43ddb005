/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup cell-free
 * Compares power-control algorithms on the same random scenarios of the default preset: for each
 * size (M, K) and algorithm, the mean utility reached (min-SE, sum-SE, proportional fairness) and
 * the median and 90th-percentile wall-clock time per call, one thread. Prints a Markdown table
 * (the README's) and optionally writes it as CSV.
 *
 *     cell-free-power-control-comparison [--scenarios=20] [--sizes=100x20,100x40,100x80,200x40]
 *                                        [--algorithms=epa,fpa,apg-min,apg-sum,apg-pf,gat]
 *                                        [--csv=FILE] [--RngRun=R]
 *
 * CSV columns: M, K, algorithm, scenarios, min_se (mean over scenarios, bit/s/Hz), sum_se,
 * pf (sum log SE), median_ms, p90_ms, iterations (mean).
 */

#include "ns3/apg-power-control.h"
#include "ns3/cell-free-command-line.h"
#include "ns3/cell-free-scenario-generator.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/cell-free-stats-helper.h"
#include "ns3/core-module.h"
#include "ns3/epa-power-control.h"
#include "ns3/fractional-power-control.h"
#include "ns3/gat-power-control.h"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreePowerControlComparison");

namespace
{

/// Split "a,b,c" into its parts.
std::vector<std::string>
Split(const std::string& text, char separator)
{
    std::vector<std::string> parts;
    std::stringstream stream(text);
    std::string part;
    while (std::getline(stream, part, separator))
    {
        if (!part.empty())
        {
            parts.push_back(part);
        }
    }
    return parts;
}

/// The algorithm a short name stands for.
Ptr<CellFreePowerControlAlgorithm>
MakeAlgorithm(const std::string& name)
{
    if (name == "epa")
    {
        return CreateObject<EpaPowerControl>();
    }
    if (name == "fpa")
    {
        return CreateObject<FractionalPowerControl>();
    }
    if (name == "gat")
    {
        Ptr<GatPowerControl> gat = CreateObject<GatPowerControl>(); // the shipped model
        std::string error;
        NS_ABORT_MSG_UNLESS(gat->LoadModel(error), error);
        return gat;
    }
    const std::map<std::string, std::string> apg = {{"apg-min", "Min"},
                                                    {"apg-sum", "Sum"},
                                                    {"apg-pf", "ProportionalFairness"}};
    const auto it = apg.find(name);
    NS_ABORT_MSG_IF(it == apg.end(), "unknown algorithm '" << name << "'");
    Ptr<ApgPowerControl> algorithm = CreateObject<ApgPowerControl>();
    algorithm->SetAttribute("Utility", StringValue(it->second));
    return algorithm;
}

} // namespace

int
main(int argc, char* argv[])
{
    int numScenarios = 20;
    std::string sizes = "100x20,100x40,100x80,200x40";
    std::string algorithms = "epa,fpa,apg-min,apg-sum,apg-pf";
    std::string csvPath;

    CellFreeCommandLine cmd(__FILE__);
    cmd.AddValue("scenarios", "Random scenarios per size", numScenarios, 1, 1000000);
    cmd.AddValue("sizes", "Comma-separated MxK sizes", sizes);
    cmd.AddValue("algorithms",
                 "Comma-separated algorithms (epa, fpa, apg-min, apg-sum, apg-pf, gat)",
                 algorithms);
    cmd.AddValue("csv", "Also write the table to this CSV file", csvPath);
    const std::string error = cmd.Parse(argc, argv);
    if (!error.empty())
    {
        return CellFreeCommandLine::Fail("cell-free-power-control-comparison", error);
    }

    std::ofstream csv;
    if (!csvPath.empty())
    {
        csv.open(csvPath);
        NS_ABORT_MSG_UNLESS(csv, "cannot write " << csvPath);
        csv << "M,K,algorithm,scenarios,min_se,sum_se,pf,median_ms,p90_ms,iterations\n";
    }
    std::cout << "| M | K | algorithm | min-SE | sum-SE | PF | median ms | p90 ms | iterations |\n"
              << "|---|---|---|---|---|---|---|---|---|\n";
    std::cout << std::fixed;
    for (const auto& size : Split(sizes, ','))
    {
        const auto dims = Split(size, 'x');
        NS_ABORT_MSG_UNLESS(dims.size() == 2, "sizes are MxK, not '" << size << "'");
        CellFreePreset preset = CellFreePreset::Default();
        preset.numAps = std::stoi(dims[0]);
        const int numUes = std::stoi(dims[1]);
        Ptr<CellFreeScenarioGenerator> generator = CreateObject<CellFreeScenarioGenerator>();
        generator->SetPreset(preset);
        generator->AssignStreams(0);
        std::vector<CellFreeScenario> scenarios;
        std::vector<CellFreeChannelEstimates> estimates;
        for (int i = 0; i < numScenarios; ++i)
        {
            scenarios.push_back(generator->Generate(numUes));
            estimates.push_back(EstimateChannels(scenarios.back()));
        }
        for (const auto& name : Split(algorithms, ','))
        {
            Ptr<CellFreePowerControlAlgorithm> algorithm = MakeAlgorithm(name);
            std::vector<double> milliseconds;
            double minSe = 0.0;
            double sumSe = 0.0;
            double fairness = 0.0;
            double iterations = 0.0;
            for (int i = 0; i < numScenarios; ++i)
            {
                const CellFreePowerControlResult result =
                    algorithm->Allocate(scenarios[i], estimates[i]);
                NS_ABORT_MSG_UNLESS(result.error.empty(), result.error);
                milliseconds.push_back(1e3 * result.runtimeSeconds);
                const Eigen::VectorXd se = ComputeSpectralEfficiency(
                    scenarios[i],
                    ComputeDownlinkSinr(scenarios[i],
                                        estimates[i],
                                        PowerToAmplitude(result.eta, estimates[i].gamma)));
                minSe += MinSe(se) / numScenarios;
                sumSe += SumSe(se) / numScenarios;
                fairness += ProportionalFairness(se) / numScenarios;
                iterations += double(result.iterations) / numScenarios;
            }
            const double median = CellFreeStatsHelper::Quantile(milliseconds, 0.5);
            const double p90 = CellFreeStatsHelper::Quantile(milliseconds, 0.9);
            std::cout << "| " << preset.numAps << " | " << numUes << " | " << name << " | "
                      << std::setprecision(3) << minSe << " | " << std::setprecision(1) << sumSe
                      << " | " << fairness << " | " << std::setprecision(3) << median << " | "
                      << p90 << " | " << std::setprecision(0) << iterations << " |\n";
            if (csv.is_open())
            {
                csv << preset.numAps << ',' << numUes << ',' << name << ',' << numScenarios << ','
                    << minSe << ',' << sumSe << ',' << fairness << ',' << median << ',' << p90
                    << ',' << iterations << '\n';
            }
        }
    }
    Simulator::Destroy();
    return 0;
}
