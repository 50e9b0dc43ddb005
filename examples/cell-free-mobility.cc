/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup cell-free
 * UEs walking through a cell-free network: the central processor refreshes their large-scale
 * fading from their positions every FadingRefreshInterval and reruns power control whenever it
 * changed. Default preset (M = 100, N = 4, 0.1 km^2, tau_p = 20); K UEs on 2-D random walks,
 * all active for the whole run.
 *
 *     cell-free-mobility [--numUes=30] [--speed=1.5] [--duration=5] [--refresh=0.05]
 *         [--algorithm=apg|gat|epa|fpa] [--outputDir=results] [--RngRun=1]
 *
 * Output: DIR/cell-free-mobility-{intervals,ues,events}.csv (CellFreeStatsHelper columns) and
 * DIR/cell-free-mobility-se.{plt,png}: the SE of the first four UEs and the minimum SE over time.
 */

#include "ns3/cell-free-command-line.h"
#include "ns3/cell-free-helper.h"
#include "ns3/cell-free-preset.h"
#include "ns3/cell-free-stats-helper.h"
#include "ns3/core-module.h"
#include "ns3/gnuplot.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"

#include <fstream>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeMobility");

int
main(int argc, char* argv[])
{
    uint32_t numUes = 30;
    double speed = 1.5;
    double duration = 5.0;
    std::string algorithm = "apg";
    std::string outputDir = "results";

    // Attribute defaults before the command line is parsed, so that --ns3::...=value wins;
    // --refresh is a short name for the processor's FadingRefreshInterval (seconds).
    const CellFreePreset preset = CellFreePreset::Default();
    Config::SetDefault("ns3::CellFreeCentralProcessor::FadingRefreshInterval",
                       TimeValue(Seconds(0.05)));
    Config::SetDefault("ns3::CellFreeLargeScaleFadingModel::WrapAroundSide",
                       DoubleValue(preset.areaSide));

    CellFreeCommandLine cmd(__FILE__);
    cmd.AddValue("numUes", "Number of UEs K", numUes, 1u, 100000u);
    cmd.AddValue("speed", "UE speed (m/s)", speed, 0.0, 1e4);
    cmd.AddValue("duration", "Simulated time (s)", duration, 1e-6, 1e6);
    cmd.AddAttributeAlias("refresh", "ns3::CellFreeCentralProcessor::FadingRefreshInterval");
    cmd.AddValue("algorithm", "Power control: apg, gat, epa or fpa", algorithm);
    cmd.AddValue("outputDir", "Directory for the output files (created if missing)", outputDir);
    std::string error = cmd.Parse(argc, argv);
    const std::string type = CellFreeHelper::GetPowerControlTypeName(algorithm);
    if (error.empty() && type.empty())
    {
        error = "--algorithm: unknown '" + algorithm + "' (use apg, gat, epa, fpa)";
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
        return CellFreeCommandLine::Fail("cell-free-mobility", error);
    }

    const double side = preset.areaSide;
    int64_t stream = 0;
    Ptr<PositionAllocator> drops = CellFreeHelper::CreateSquareAllocator(side, stream);
    stream += 2;

    NodeContainer apNodes;
    apNodes.Create(preset.numAps);
    NodeContainer ueNodes;
    ueNodes.Create(numUes);
    MobilityHelper mobility;
    mobility.SetPositionAllocator(drops);
    mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    mobility.Install(apNodes);
    mobility.SetMobilityModel(
        "ns3::RandomWalk2dMobilityModel",
        "Bounds",
        RectangleValue(Rectangle(0.0, side, 0.0, side)),
        "Speed",
        StringValue("ns3::ConstantRandomVariable[Constant=" + std::to_string(speed) + "]"),
        "Distance",
        DoubleValue(20.0));
    mobility.Install(ueNodes);
    stream += mobility.AssignStreams(ueNodes, stream);

    CellFreeHelper cellFree;
    cellFree.SetPowerControlAlgorithm(type);
    cellFree.InstallAps(apNodes);
    NetDeviceContainer ueDevices = cellFree.InstallUes(ueNodes);
    stream += cellFree.AssignStreams(stream);
    for (uint32_t i = 0; i < ueDevices.GetN(); ++i)
    {
        DynamicCast<CellFreeUeNetDevice>(ueDevices.Get(i))->SetActive(true);
    }

    Ptr<CellFreeCentralProcessor> processor = cellFree.GetCentralProcessor();
    TimeValue refreshValue; // the interval in use, whether from --refresh or --ns3::...
    processor->GetAttribute("FadingRefreshInterval", refreshValue);
    const double refresh = refreshValue.Get().GetSeconds();
    CellFreeStatsHelper stats;
    stats.SetOutput(outputDir, "cell-free-mobility");
    stats.Install(processor);
    std::vector<Gnuplot2dDataset> series(5);
    for (uint32_t i = 0; i < 4; ++i)
    {
        series[i].SetTitle("UE " + std::to_string(i));
        series[i].SetStyle(Gnuplot2dDataset::LINES);
    }
    series[4].SetTitle("minimum");
    series[4].SetStyle(Gnuplot2dDataset::LINES);
    const uint64_t every = std::max<uint64_t>(1, static_cast<uint64_t>(refresh / 1e-3));
    processor->TraceConnectWithoutContext(
        "UeStats",
        MakeCallback(
            +[](std::vector<Gnuplot2dDataset>* s, uint64_t every, const CellFreeUeStats& u) {
                if (u.ueId < 4 && u.time.GetMilliSeconds() % every == 0)
                {
                    (*s)[u.ueId].Add(u.time.GetSeconds(), u.se);
                }
            })
            .Bind(&series)
            .Bind(every));
    processor->TraceConnectWithoutContext(
        "Interval",
        MakeCallback(
            +[](std::vector<Gnuplot2dDataset>* s, uint64_t every, const CellFreeIntervalStats& i) {
                if (i.time.GetMilliSeconds() % every == 0)
                {
                    (*s)[4].Add(i.time.GetSeconds(), i.minSe);
                }
            })
            .Bind(&series)
            .Bind(every));

    Simulator::Stop(Seconds(duration));
    Simulator::Run();
    std::cout << "Cell-free mobility: " << numUes << " UEs walking at " << speed
              << " m/s, fading refreshed every " << refresh * 1e3 << " ms, " << algorithm << "\n"
              << "  intervals " << processor->GetNumIntervals() << ", power-control calls "
              << processor->GetNumCalls() << " (one per refresh in which a UE moved)\n";
    stats.Close();
    Simulator::Destroy();

    const std::string plotBase = outputDir + "/cell-free-mobility-se";
    Gnuplot plot(plotBase + ".png");
    plot.SetTerminal("png size 900,500");
    plot.SetTitle("SE of walking UEs (" + algorithm + ")");
    plot.SetLegend("Time (s)", "SE (bit/s/Hz)");
    for (const auto& dataset : series)
    {
        plot.AddDataset(dataset);
    }
    if (CellFreeStatsHelper::RenderPlot(plot, plotBase))
    {
        std::cout << "Plot: " << plotBase << ".png\n";
    }
    std::cout << "Traces: " << outputDir << "/cell-free-mobility-*.csv\n";
    return 0;
}
