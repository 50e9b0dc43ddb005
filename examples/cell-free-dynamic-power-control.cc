/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup cell-free
 * The main example: power control every coherence interval while UEs arrive and depart.
 *
 * The default preset (M = 100 APs with N = 4 antennas in 0.1 km^2 with wrap-around, tau_p = 20)
 * serves a pool of UE nodes; UEs arrive as a Poisson process and stay for exponential holding
 * times (K mostly between 20 and 40), each arrival at a fresh random position. The same run is
 * repeated for each algorithm (GAT, APG, EPA by default) on identical random draws: the same
 * arrivals, departures, positions and shadowing. With the default Modelled latency mode a call
 * takes its work (CellFreeComputationCost) over the processor's speed, so a slow controller
 * leaves newly arrived UEs waiting and serves the others with stale powers, and the same
 * --RngRun gives the same files on every host; Measured uses this host's wall-clock time.
 *
 *     cell-free-dynamic-power-control [--algorithms=gat,apg,epa] [--duration=3]
 *         [--latencyMode=Modelled|Measured|Fixed|Ideal] [--arrivalRate=30] [--meanHoldingTime=1]
 *         [--poolSize=60] [--preset=default|city] [--numAps=M]
 *         [--clusters=all|strongest|dcc] [--clusterSize=10] [--outputDir=results]
 *         [--perUe=true] [--hostTimings=false] [--RngRun=1]
 *
 * --preset=city is the city scale (M = 1000 APs in 1 km^2, the default preset's density; with
 * e.g. --arrivalRate=400 --poolSize=600 about 400 UEs are active); --numAps changes M in the
 * preset's area. --clusters chooses the serving clusters (doc/cell-free.rst "User-centric serving
 * clusters"): all APs serve all UEs (the default), each UE's --clusterSize strongest APs, or DCC
 * with its pilot assignment (DccPilotAssigner).
 *
 * The preset's N, tau_p and wrap-around, the Modelled latency mode and the activity model's
 * rates are attribute defaults set before the command line is parsed, so any
 * --ns3::CellFreeCentralProcessor::NumAntennas=8 (or other attribute) given wins; --latencyMode,
 * --arrivalRate and --meanHoldingTime are short names for those attributes. Every flag is checked
 * before the run (one-line error, exit code 2).
 *
 * Output (in --outputDir): for each algorithm A, cell-free-dynamic-A-{intervals,ues,events}.csv
 * (columns in CellFreeStatsHelper), cell-free-dynamic-summary.csv (the printed table: algorithm,
 * mean_se, p5_se, mean_min_se, calls, mean_latency_ms, median_latency_ms, stale_intervals,
 * intervals, waiting_ue_intervals; latencies as the simulation applied them), and
 * cell-free-dynamic-min-se.{plt,dat,png}: the minimum SE over time per algorithm (the PNG if
 * gnuplot is installed). With --hostTimings the interval files also get host_runtime_s. The
 * printed table adds each call's wall-clock time on this host ("host ms"), which varies.
 */

#include "ns3/cell-free-cluster-formation.h"
#include "ns3/cell-free-command-line.h"
#include "ns3/cell-free-helper.h"
#include "ns3/cell-free-preset.h"
#include "ns3/cell-free-stats-helper.h"
#include "ns3/core-module.h"
#include "ns3/gnuplot.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeDynamicPowerControl");

namespace
{

/// What one run collects.
struct RunSummary
{
    std::string name;                                   //!< algorithm label
    std::vector<double> ueSe;                           //!< SE of every active UE in every interval
    std::vector<double> minSe;                          //!< min SE per interval with K > 0
    std::vector<double> minSeTimes;                     //!< the start times of those intervals (s)
    std::vector<double> runtimeMs;                      //!< wall-clock time per call (host)
    std::vector<double> latencyMs;                      //!< latency applied per call
    uint64_t staleIntervals{0};                         //!< intervals with stale powers
    uint64_t intervals{0};                              //!< intervals
    uint64_t waitingUeIntervals{0};                     //!< UE-intervals waiting
    std::vector<std::pair<double, double>> minSeSeries; //!< (time, min SE) per bin
};

/// The power-control algorithm of a short name; APG is set to max-min.
void
ConfigureAlgorithm(CellFreeHelper& helper, const std::string& name)
{
    const std::string type = CellFreeHelper::GetPowerControlTypeName(name);
    NS_ABORT_MSG_IF(type.empty(),
                    "--algorithms: unknown algorithm '" << name << "' (use gat, apg, epa, fpa)");
    if (name == "apg")
    {
        helper.SetPowerControlAlgorithm(type, "Utility", StringValue("Min"));
    }
    else
    {
        helper.SetPowerControlAlgorithm(type);
    }
}

/// An attribute's value as text, e.g. "Measured" or "+1s".
std::string
AttributeText(Ptr<Object> object, const std::string& name)
{
    StringValue value;
    object->GetAttribute(name, value);
    return value.Get();
}

/// The activity model's mean holding time in seconds.
double
HoldingSeconds(Ptr<CellFreeUeActivityModel> activity)
{
    TimeValue value;
    activity->GetAttribute("MeanHoldingTime", value);
    return value.Get().GetSeconds();
}

/// Mean (0 for no values).
double
Mean(const std::vector<double>& values)
{
    double sum = 0.0;
    for (double v : values)
    {
        sum += v;
    }
    return values.empty() ? 0.0 : sum / values.size();
}

} // namespace

int
main(int argc, char* argv[])
{
    const std::string program = "cell-free-dynamic-power-control";
    std::string algorithms = "gat,apg,epa";
    double duration = 3.0;
    uint32_t poolSize = 60;
    uint32_t numAps = 0; // 0: the preset's M
    std::string presetName = "default";
    std::string clusters = "all";
    int clusterSize = 0; // 0: StrongestApsClusterFormation's default
    std::string outputDir = "results";
    bool perUe = true;
    bool hostTimings = false;
    double binSeconds = 0.02;

    // The example's settings are attribute defaults, set before the command line is parsed, so
    // that every --ns3::...=value the user gives (or its short alias below) wins.
    // The default and city presets share N, tau_p and the powers; the area is set once the
    // preset is known (below), unless given as an attribute.
    CellFreePreset preset = CellFreePreset::Default();
    Config::SetDefault("ns3::CellFreeCentralProcessor::NumAntennas",
                       IntegerValue(preset.numAntennas));
    Config::SetDefault("ns3::CellFreeCentralProcessor::NumPilots", IntegerValue(preset.numPilots));
    Config::SetDefault("ns3::CellFreeCentralProcessor::LatencyMode", StringValue("Modelled"));
    Config::SetDefault("ns3::CellFreeLargeScaleFadingModel::WrapAroundSide",
                       DoubleValue(preset.areaSide));
    Config::SetDefault("ns3::CellFreeUeActivityModel::ArrivalRate", DoubleValue(30.0));
    Config::SetDefault("ns3::CellFreeUeActivityModel::MeanHoldingTime", TimeValue(Seconds(1)));

    CellFreeCommandLine cmd(__FILE__);
    cmd.AddValue("algorithms",
                 "Comma-separated algorithms to compare: gat, apg, epa, fpa",
                 algorithms);
    cmd.AddValue("duration", "Simulated time per run (s)", duration, 1e-6, 1e6);
    cmd.AddAttributeAlias("latencyMode", "ns3::CellFreeCentralProcessor::LatencyMode");
    cmd.AddAttributeAlias("arrivalRate", "ns3::CellFreeUeActivityModel::ArrivalRate");
    cmd.AddAttributeAlias("meanHoldingTime", "ns3::CellFreeUeActivityModel::MeanHoldingTime");
    cmd.AddValue("poolSize", "UE nodes in the pool", poolSize, 1u, 100000u);
    cmd.AddValue("preset", "Scenario family: default or city", presetName);
    cmd.AddValue("numAps", "Number of APs M (default: the preset's)", numAps, 0u, 10000u);
    cmd.AddValue("clusters", "Serving clusters: all, strongest or dcc", clusters);
    cmd.AddValue("clusterSize",
                 "L, the APs serving each UE with --clusters=strongest (default 10)",
                 clusterSize,
                 0,
                 100000);
    cmd.AddValue("outputDir", "Directory for the output files (created if missing)", outputDir);
    cmd.AddValue("perUe", "Write the per-UE trace files", perUe);
    cmd.AddValue("hostTimings",
                 "Add the calls' wall-clock time on this host to the interval files",
                 hostTimings);
    cmd.AddValue("binSeconds", "Bin width of the min-SE plot (s)", binSeconds, 1e-9, 1e6);
    std::string error = cmd.Parse(argc, argv);
    // Everything is checked before anything runs.
    std::vector<std::string> names;
    if (error.empty())
    {
        error = CellFreeHelper::ParseAlgorithmList(algorithms, names);
    }
    std::string clusterType;
    if (error.empty() && (presetName != "default" && presetName != "city"))
    {
        error = "--preset must be default or city (got '" + presetName + "')";
    }
    if (error.empty() && !CellFreeClusterFormation::TypeIdOfName(clusters, clusterType))
    {
        error = "--clusters must be all, strongest or dcc (got '" + clusters + "')";
    }
    if (error.empty() && clusterSize > 0 && clusters != "strongest")
    {
        error = "--clusterSize applies to --clusters=strongest only";
    }
    if (error.empty())
    {
        CellFreePreset::FromName(presetName, preset);
        numAps = numAps > 0 ? numAps : preset.numAps;
        if (!cmd.IsGiven("ns3::CellFreeLargeScaleFadingModel::WrapAroundSide"))
        {
            Config::SetDefault("ns3::CellFreeLargeScaleFadingModel::WrapAroundSide",
                               DoubleValue(preset.areaSide));
        }
    }
    if (error.empty())
    {
        error = CreateObject<CellFreeCentralProcessor>()->CheckAttributes();
    }
    if (error.empty())
    {
        error = CellFreeCommandLine::CheckWritableDirectory(outputDir);
    }
    if (!error.empty())
    {
        return CellFreeCommandLine::Fail(program, error);
    }
    // Initially active UEs: the mean number in the system, unless given.
    if (!cmd.IsGiven("ns3::CellFreeUeActivityModel::InitialActiveUes"))
    {
        Ptr<CellFreeUeActivityModel> defaults = CreateObject<CellFreeUeActivityModel>();
        DoubleValue rate;
        TimeValue holding;
        defaults->GetAttribute("ArrivalRate", rate);
        defaults->GetAttribute("MeanHoldingTime", holding);
        const double mean = rate.Get() * holding.Get().GetSeconds();
        Config::SetDefault("ns3::CellFreeUeActivityModel::InitialActiveUes",
                           UintegerValue(static_cast<uint32_t>(std::min<double>(poolSize, mean))));
    }

    std::vector<RunSummary> runs;
    std::string header; // the settings in use, read from the first run's objects
    for (const std::string& name : names)
    {
        RunSummary run;
        run.name = name;

        NodeContainer apNodes;
        apNodes.Create(numAps);
        NodeContainer ueNodes;
        ueNodes.Create(poolSize);
        // Streams are fixed before anything draws, so that every algorithm sees the same drops.
        int64_t stream = 0;
        Ptr<PositionAllocator> drops =
            CellFreeHelper::CreateSquareAllocator(preset.areaSide, stream);
        stream += 2;
        MobilityHelper mobility;
        mobility.SetPositionAllocator(drops);
        mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
        mobility.Install(apNodes);
        mobility.Install(ueNodes);

        CellFreeHelper cellFree;
        ConfigureAlgorithm(cellFree, name);
        if (clusterSize > 0)
        {
            cellFree.SetClusterFormation(clusterType, "ClusterSize", IntegerValue(clusterSize));
        }
        else
        {
            cellFree.SetClusterFormation(clusterType);
        }
        if (clusters == "dcc")
        {
            cellFree.SetPilotAssigner("ns3::DccPilotAssigner");
        }
        cellFree.InstallAps(apNodes);
        cellFree.InstallUes(ueNodes);
        // Fresh positions for arrivals; its streams are set by CellFreeHelper::AssignStreams.
        Ptr<PositionAllocator> arrivals = CellFreeHelper::CreateSquareAllocator(preset.areaSide, 0);
        Ptr<CellFreeUeActivityModel> activity =
            cellFree.EnableUeActivity("PositionAllocator", PointerValue(arrivals));
        // Identical streams for every algorithm: same arrivals, positions, shadowing.
        stream += cellFree.AssignStreams(stream);

        Ptr<CellFreeCentralProcessor> processor = cellFree.GetCentralProcessor();
        if (header.empty())
        {
            std::ostringstream text;
            text << "Cell-free dynamic power control: " << presetName << " preset, M=" << numAps
                 << " N=" << AttributeText(processor, "NumAntennas")
                 << " tau_p=" << AttributeText(processor, "NumPilots") << ", Poisson arrivals "
                 << AttributeText(activity, "ArrivalRate") << "/s, holding "
                 << HoldingSeconds(activity) << " s, "
                 << AttributeText(activity, "InitialActiveUes") << " initially active, " << duration
                 << " s, latency " << AttributeText(processor, "LatencyMode") << ", clusters "
                 << clusters;
            header = text.str();
        }
        CellFreeStatsHelper stats;
        stats.SetOutput(outputDir, "cell-free-dynamic-" + name);
        stats.SetPerUe(perUe);
        stats.SetHostTimings(hostTimings);
        stats.Install(processor);
        processor->TraceConnectWithoutContext(
            "UeStats",
            MakeCallback(+[](RunSummary* r, const CellFreeUeStats& s) {
                r->ueSe.push_back(s.se);
            }).Bind(&run));
        processor->TraceConnectWithoutContext(
            "Interval",
            MakeCallback(+[](RunSummary* r, const CellFreeIntervalStats& s) {
                if (s.numActive > 0)
                {
                    r->minSe.push_back(s.minSe);
                    r->minSeTimes.push_back(s.time.GetSeconds());
                }
                if (s.computed)
                {
                    r->runtimeMs.push_back(1e3 * s.runtimeSeconds);
                    r->latencyMs.push_back(1e3 * s.latencySeconds);
                }
            }).Bind(&run));

        Simulator::Stop(Seconds(duration));
        Simulator::Run();
        run.staleIntervals = processor->GetNumStaleIntervals();
        run.intervals = processor->GetNumIntervals();
        run.waitingUeIntervals = processor->GetNumWaitingUeIntervals();
        stats.Close();
        Simulator::Destroy();

        // Min SE averaged over bins of simulated time, for the plot.
        for (std::size_t i = 0; i < run.minSe.size();)
        {
            const double binStart = run.minSeTimes[i];
            std::vector<double> bin;
            for (; i < run.minSe.size() && run.minSeTimes[i] < binStart + binSeconds; ++i)
            {
                bin.push_back(run.minSe[i]);
            }
            run.minSeSeries.emplace_back(binStart + binSeconds / 2, Mean(bin));
        }
        runs.push_back(std::move(run));
    }

    std::ofstream summary(outputDir + "/cell-free-dynamic-summary.csv");
    summary << "algorithm,mean_se,p5_se,mean_min_se,calls,mean_latency_ms,median_latency_ms,"
               "stale_intervals,intervals,waiting_ue_intervals\n";
    std::cout << header << "\n\n";
    std::cout << std::left << std::setw(10) << "algorithm" << std::right << std::setw(10)
              << "mean SE" << std::setw(10) << "5% SE" << std::setw(10) << "min SE" << std::setw(8)
              << "calls" << std::setw(12) << "latency ms" << std::setw(10) << "host ms"
              << std::setw(10) << "stale" << std::setw(12) << "waiting" << '\n';
    std::cout << std::fixed;
    for (const auto& run : runs)
    {
        const double meanSe = Mean(run.ueSe);
        const double p5 = CellFreeStatsHelper::Quantile(run.ueSe, 0.05);
        const double meanMin = Mean(run.minSe);
        std::cout << std::left << std::setw(10) << run.name << std::right << std::setprecision(3)
                  << std::setw(10) << meanSe << std::setw(10) << p5 << std::setw(10) << meanMin
                  << std::setw(8) << run.runtimeMs.size() << std::setw(12) << Mean(run.latencyMs)
                  << std::setw(10) << Mean(run.runtimeMs) << std::setw(6) << run.staleIntervals
                  << "/" << std::setw(3) << std::left << run.intervals << std::right
                  << std::setw(12) << run.waitingUeIntervals << '\n';
        summary << run.name << ',' << meanSe << ',' << p5 << ',' << meanMin << ','
                << run.latencyMs.size() << ',' << Mean(run.latencyMs) << ','
                << CellFreeStatsHelper::Quantile(run.latencyMs, 0.5) << ',' << run.staleIntervals
                << ',' << run.intervals << ',' << run.waitingUeIntervals << '\n';
    }
    std::cout << "(SE in bit/s/Hz over all active UE-intervals; min SE: mean over intervals of "
                 "the minimum; stale: intervals served with powers computed for another state; "
                 "waiting: UE-intervals not yet served)\n";

    // The plot: min SE over time per algorithm.
    const std::string plotBase = outputDir + "/cell-free-dynamic-min-se";
    Gnuplot plot(plotBase + ".png");
    const std::string latencyMode =
        AttributeText(CreateObject<CellFreeCentralProcessor>(), "LatencyMode");
    plot.SetTitle("Minimum SE over time (" + latencyMode + " latency)");
    plot.SetTerminal("png size 900,500");
    plot.SetLegend("Time (s)", "Min SE (bit/s/Hz)");
    for (const auto& run : runs)
    {
        Gnuplot2dDataset dataset(run.name);
        dataset.SetStyle(Gnuplot2dDataset::LINES);
        for (const auto& [time, value] : run.minSeSeries)
        {
            dataset.Add(time, value);
        }
        plot.AddDataset(dataset);
    }
    if (CellFreeStatsHelper::RenderPlot(plot, plotBase))
    {
        std::cout << "Plot: " << plotBase << ".png\n";
    }
    else
    {
        std::cout << "Plot script: " << plotBase << ".plt (install gnuplot to render it)\n";
    }
    std::cout << "Traces: " << outputDir << "/cell-free-dynamic-<algorithm>-*.csv\n";
    return 0;
}
