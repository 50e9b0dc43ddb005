/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup cell-free
 * IP traffic over the cell-free downlink: a remote host, connected to the central processor's
 * node by a point-to-point link (as to an LTE PGW), sends UDP and TCP flows to UEs that arrive
 * and depart. Each UE's queue at the central processor is served at its rate B SE_k per
 * coherence interval, so application throughput follows the power control. The run is repeated
 * for each algorithm (GAT and APG by default) on identical draws with the Modelled latency mode
 * (deterministic; Measured uses this host's wall-clock time); FlowMonitor measures per-flow
 * throughput, delay and loss.
 *
 *     cell-free-ip-traffic [--algorithms=gat,apg] [--duration=3] [--latencyMode=Modelled]
 *         [--udpRate=20Mbps] [--tcpUes=5] [--poolSize=40] [--outputDir=results] [--RngRun=1]
 *
 * The latency mode, wrap-around, gateway queue size and activity rates are attribute defaults set
 * before the command line is parsed, so any --ns3::...=value given wins (--latencyMode is a short
 * name for the processor's LatencyMode); every flag is checked before the run (one-line error,
 * exit code 2).
 *
 * Output: DIR/cell-free-ip-traffic-flows.csv (algorithm, flow, protocol, ue, tx_packets,
 * rx_packets, lost_packets, throughput_mbps, mean_delay_ms; one row per downlink flow) and
 * DIR/cell-free-ip-traffic-throughput.{plt,png}: the CDF of per-flow throughput per algorithm.
 */

#include "ns3/applications-module.h"
#include "ns3/cell-free-command-line.h"
#include "ns3/cell-free-helper.h"
#include "ns3/cell-free-preset.h"
#include "ns3/cell-free-stats-helper.h"
#include "ns3/core-module.h"
#include "ns3/flow-monitor-module.h"
#include "ns3/gnuplot.h"
#include "ns3/internet-module.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeIpTraffic");

namespace
{

/// Per-flow outcome.
struct FlowResult
{
    std::string protocol;     //!< "udp" or "tcp"
    uint32_t ue{0};           //!< destination UE
    uint64_t txPackets{0};    //!< sent
    uint64_t rxPackets{0};    //!< received
    uint64_t lostPackets{0};  //!< lost (FlowMonitor)
    double throughputMbps{0}; //!< received bits over the flow's active time
    double meanDelayMs{0};    //!< mean one-way delay
};

/// An attribute's value as text, e.g. "Measured" or "+1s".
std::string
AttributeText(Ptr<Object> object, const std::string& name)
{
    StringValue value;
    object->GetAttribute(name, value);
    return value.Get();
}

} // namespace

int
main(int argc, char* argv[])
{
    const std::string program = "cell-free-ip-traffic";
    std::string algorithms = "gat,apg";
    double duration = 3.0;
    std::string udpRate = "20Mbps";
    uint32_t tcpUes = 5;
    uint32_t poolSize = 40;
    std::string outputDir = "results";
    const uint32_t packetSize = 1200;

    // The example's settings are attribute defaults, set before the command line is parsed, so
    // that every --ns3::...=value the user gives (or its short alias below) wins.
    const CellFreePreset preset = CellFreePreset::Default();
    Config::SetDefault("ns3::CellFreeCentralProcessor::LatencyMode", StringValue("Modelled"));
    Config::SetDefault("ns3::CellFreeLargeScaleFadingModel::WrapAroundSide",
                       DoubleValue(preset.areaSide));
    Config::SetDefault("ns3::CellFreeCpNetDevice::QueueSize", QueueSizeValue(QueueSize("500p")));
    Config::SetDefault("ns3::CellFreeUeActivityModel::ArrivalRate", DoubleValue(20.0));
    Config::SetDefault("ns3::CellFreeUeActivityModel::MeanHoldingTime", TimeValue(Seconds(1)));

    CellFreeCommandLine cmd(__FILE__);
    cmd.AddValue("algorithms", "Comma-separated algorithms: gat, apg, epa, fpa", algorithms);
    cmd.AddValue("duration", "Simulated time per run (s)", duration, 0.02, 1e6);
    cmd.AddAttributeAlias("latencyMode", "ns3::CellFreeCentralProcessor::LatencyMode");
    cmd.AddValue("udpRate", "Offered UDP rate per UE (UEs beyond the TCP ones)", udpRate);
    cmd.AddValue("tcpUes", "UEs that receive a TCP bulk transfer instead of UDP", tcpUes);
    // One port per UE from 5000 up.
    cmd.AddValue("poolSize", "UE nodes in the pool", poolSize, 1u, 60000u);
    cmd.AddValue("outputDir", "Directory for the output files (created if missing)", outputDir);
    std::string error = cmd.Parse(argc, argv);
    // Everything is checked before anything runs.
    std::vector<std::string> order;
    if (error.empty())
    {
        error = CellFreeHelper::ParseAlgorithmList(algorithms, order);
    }
    double udpBitRate = 0;
    if (error.empty())
    {
        // DataRate(std::string) aborts on bad text; the checker only says no.
        const Ptr<AttributeValue> rate =
            MakeDataRateChecker()->CreateValidValue(StringValue(udpRate));
        udpBitRate =
            rate ? static_cast<double>(DynamicCast<DataRateValue>(rate)->Get().GetBitRate()) : 0.0;
        if (!rate)
        {
            error = "--udpRate: '" + udpRate + "' is not a data rate (e.g. 20Mbps)";
        }
        else if (!(udpBitRate > 0.0) || !(packetSize * 8.0 / udpBitRate >= 1e-9))
        {
            error = "--udpRate: '" + udpRate +
                    "' must be positive with a packet interval of at least 1 ns (shorter rounds "
                    "to zero): at most 9.6Tbps";
        }
    }
    if (error.empty() && tcpUes > poolSize)
    {
        error = "--tcpUes: " + std::to_string(tcpUes) + " exceeds --poolSize (" +
                std::to_string(poolSize) + ")";
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
    if (!cmd.IsGiven("ns3::CellFreeUeActivityModel::InitialActiveUes"))
    {
        Config::SetDefault("ns3::CellFreeUeActivityModel::InitialActiveUes",
                           UintegerValue(std::min<uint32_t>(20, poolSize)));
    }
    std::string latencyMode;
    std::string settings;

    std::map<std::string, std::vector<FlowResult>> results;
    for (const std::string& name : order)
    {
        const std::string type = CellFreeHelper::GetPowerControlTypeName(name);
        int64_t stream = 0;
        Ptr<PositionAllocator> drops =
            CellFreeHelper::CreateSquareAllocator(preset.areaSide, stream);
        stream += 2;

        NodeContainer remote;
        remote.Create(1);
        NodeContainer cp;
        cp.Create(1);
        NodeContainer aps;
        aps.Create(preset.numAps);
        NodeContainer ues;
        ues.Create(poolSize);
        MobilityHelper mobility;
        mobility.SetPositionAllocator(drops);
        mobility.Install(aps);
        mobility.Install(ues);

        CellFreeHelper cellFree;
        cellFree.SetPowerControlAlgorithm(type);
        cellFree.InstallAps(aps);
        NetDeviceContainer cpDevices = cellFree.InstallCentralProcessor(cp.Get(0));
        NetDeviceContainer ueDevices = cellFree.InstallUes(ues);
        // Fresh positions for arrivals; its streams are set by CellFreeHelper::AssignStreams.
        Ptr<PositionAllocator> arrivals = CellFreeHelper::CreateSquareAllocator(preset.areaSide, 0);
        Ptr<CellFreeUeActivityModel> activity =
            cellFree.EnableUeActivity("PositionAllocator", PointerValue(arrivals));
        if (latencyMode.empty()) // the settings in use, from the first run's objects
        {
            latencyMode = AttributeText(cellFree.GetCentralProcessor(), "LatencyMode");
            TimeValue holding;
            activity->GetAttribute("MeanHoldingTime", holding);
            settings = "arrivals " + AttributeText(activity, "ArrivalRate") + "/s, holding " +
                       std::to_string(holding.Get().GetSeconds()) + " s, " +
                       AttributeText(activity, "InitialActiveUes") + " initially active, queue " +
                       AttributeText(cpDevices.Get(0), "QueueSize");
        }
        stream += cellFree.AssignStreams(stream);

        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
        p2p.SetChannelAttribute("Delay", StringValue("2ms"));
        NetDeviceContainer backhaul = p2p.Install(remote.Get(0), cp.Get(0));
        InternetStackHelper internet;
        internet.Install(remote);
        internet.Install(cp);
        internet.Install(ues);
        Ipv4AddressHelper addresses;
        addresses.SetBase("1.0.0.0", "255.0.0.0");
        const Ipv4InterfaceContainer backhaulInterfaces = addresses.Assign(backhaul);
        const Ipv4InterfaceContainer ueInterfaces =
            cellFree.AssignIpv4Addresses(ueDevices, "7.0.0.0", "255.0.0.0");
        Ipv4StaticRoutingHelper routing;
        routing.GetStaticRouting(remote.Get(0)->GetObject<Ipv4>())
            ->AddNetworkRouteTo("7.0.0.0", "255.0.0.0", backhaulInterfaces.GetAddress(1), 1);

        // TCP bulk transfers to the first tcpUes UEs, constant-rate UDP to the others. Flows run
        // the whole time: a UE's packets wait in its queue while it is away.
        for (uint32_t i = 0; i < poolSize; ++i)
        {
            const uint16_t port = 5000 + i;
            if (i < tcpUes)
            {
                PacketSinkHelper sink("ns3::TcpSocketFactory",
                                      InetSocketAddress(Ipv4Address::GetAny(), port));
                sink.Install(ues.Get(i));
                BulkSendHelper bulk("ns3::TcpSocketFactory",
                                    InetSocketAddress(ueInterfaces.GetAddress(i), port));
                bulk.Install(remote.Get(0)).Start(Seconds(0.01));
            }
            else
            {
                UdpServerHelper server(port);
                server.Install(ues.Get(i));
                UdpClientHelper client(ueInterfaces.GetAddress(i), port);
                client.SetAttribute("PacketSize", UintegerValue(packetSize));
                client.SetAttribute("Interval", TimeValue(Seconds(packetSize * 8.0 / udpBitRate)));
                client.SetAttribute("MaxPackets",
                                    UintegerValue(std::numeric_limits<uint32_t>::max()));
                client.Install(remote.Get(0)).Start(Seconds(0.01));
            }
        }

        FlowMonitorHelper flowHelper;
        Ptr<FlowMonitor> monitor = flowHelper.InstallAll();
        Simulator::Stop(Seconds(duration));
        Simulator::Run();
        monitor->CheckForLostPackets();
        Ptr<Ipv4FlowClassifier> classifier =
            DynamicCast<Ipv4FlowClassifier>(flowHelper.GetClassifier());
        for (const auto& [id, stats] : monitor->GetFlowStats())
        {
            const Ipv4FlowClassifier::FiveTuple tuple = classifier->FindFlow(id);
            if (tuple.sourceAddress != Ipv4Address("1.0.0.1"))
            {
                continue; // only downlink flows (TCP ACKs go the other way)
            }
            FlowResult flow;
            flow.protocol = tuple.protocol == 6 ? "tcp" : "udp";
            flow.ue = tuple.destinationPort - 5000;
            flow.txPackets = stats.txPackets;
            flow.rxPackets = stats.rxPackets;
            flow.lostPackets = stats.lostPackets;
            const double active = duration - 0.01;
            flow.throughputMbps = stats.rxBytes * 8.0 / active / 1e6;
            flow.meanDelayMs =
                stats.rxPackets > 0 ? stats.delaySum.GetSeconds() / stats.rxPackets * 1e3 : 0.0;
            results[name].push_back(flow);
        }
        Simulator::Destroy();
    }

    std::ofstream csv(outputDir + "/cell-free-ip-traffic-flows.csv");
    csv << "algorithm,flow,protocol,ue,tx_packets,rx_packets,lost_packets,throughput_mbps,"
           "mean_delay_ms\n";
    std::cout << "IP traffic over the cell-free downlink (default preset, " << poolSize
              << " UEs arriving and departing, " << latencyMode << " latency, " << duration
              << " s; " << settings << ")\n"
              << std::left << std::setw(10) << "algorithm" << std::right << std::setw(14)
              << "UDP Mbit/s" << std::setw(16) << "UDP delay ms" << std::setw(14) << "UDP undeliv."
              << std::setw(14) << "TCP Mbit/s" << std::setw(16) << "TCP delay ms" << '\n'
              << std::fixed << std::setprecision(2);
    Gnuplot plot(outputDir + "/cell-free-ip-traffic-throughput.png");
    plot.SetTerminal("png size 800,500");
    plot.SetTitle("Per-flow downlink throughput (" + latencyMode + " latency)");
    plot.SetLegend("Throughput (Mbit/s)", "CDF over flows");
    plot.AppendExtra("set key bottom right");
    for (const auto& algorithm : order)
    {
        double udp = 0;
        double udpDelay = 0;
        double tcp = 0;
        double tcpDelay = 0;
        uint64_t sent = 0;
        uint64_t lost = 0;
        uint32_t udpFlows = 0;
        uint32_t tcpFlows = 0;
        std::vector<double> throughputs;
        uint32_t index = 0;
        for (const auto& flow : results[algorithm])
        {
            csv << algorithm << ',' << index++ << ',' << flow.protocol << ',' << flow.ue << ','
                << flow.txPackets << ',' << flow.rxPackets << ',' << flow.lostPackets << ','
                << flow.throughputMbps << ',' << flow.meanDelayMs << '\n';
            throughputs.push_back(flow.throughputMbps);
            if (flow.protocol == "udp")
            {
                udp += flow.throughputMbps;
                udpDelay += flow.meanDelayMs;
                sent += flow.txPackets;
                lost += flow.txPackets - flow.rxPackets;
                ++udpFlows;
            }
            else
            {
                tcp += flow.throughputMbps;
                tcpDelay += flow.meanDelayMs;
                ++tcpFlows;
            }
        }
        std::cout << std::left << std::setw(10) << algorithm << std::right << std::setw(14)
                  << (udpFlows ? udp / udpFlows : 0.0) << std::setw(16)
                  << (udpFlows ? udpDelay / udpFlows : 0.0) << std::setw(13)
                  << (sent ? 100.0 * lost / sent : 0.0) << "%" << std::setw(14)
                  << (tcpFlows ? tcp / tcpFlows : 0.0) << std::setw(16)
                  << (tcpFlows ? tcpDelay / tcpFlows : 0.0) << '\n';
        std::sort(throughputs.begin(), throughputs.end());
        Gnuplot2dDataset dataset(algorithm);
        dataset.SetStyle(Gnuplot2dDataset::LINES);
        for (std::size_t i = 0; i < throughputs.size(); ++i)
        {
            dataset.Add(throughputs[i], double(i + 1) / throughputs.size());
        }
        plot.AddDataset(dataset);
    }
    std::cout << "(mean over flows; UDP offered " << udpRate
              << " per UE and queued while the UE is away; undelivered: sent but not received "
                 "by the end, dropped at a full queue or still queued)\n";
    const std::string plotBase = outputDir + "/cell-free-ip-traffic-throughput";
    if (CellFreeStatsHelper::RenderPlot(plot, plotBase))
    {
        std::cout << "Plot: " << plotBase << ".png\n";
    }
    std::cout << "Flows: " << outputDir << "/cell-free-ip-traffic-flows.csv\n";
    return 0;
}
