/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/applications-module.h"
#include "ns3/cell-free-helper.h"
#include "ns3/cell-free-ns3-compat.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/test.h"

#include <limits>

/**
 * \file
 * \ingroup cell-free-tests
 * IP traffic over the cell-free downlink: a remote host reaches the UEs through the central
 * processor's gateway; delivery follows each UE's rate B SE T_c per coherence interval.
 */

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeIpTrafficTest");

namespace
{

/// Remote host -- p2p -- CP node -- cell-free -- UEs, static, EPA, Ideal latency.
struct IpNetwork
{
    NodeContainer remote;                //!< the remote host
    NodeContainer cp;                    //!< the central processor's node
    NodeContainer aps;                   //!< AP nodes
    NodeContainer ues;                   //!< UE nodes
    CellFreeHelper helper;               //!< the cell-free helper
    Ptr<CellFreeCpNetDevice> gateway;    //!< the gateway device
    NetDeviceContainer ueDevices;        //!< UE devices
    Ipv4InterfaceContainer ueInterfaces; //!< UE addresses
    std::vector<double> rate;            //!< last rate per UE (bit/s)

    /**
     * \param numUes UEs, all active from time 0
     * \param queuePackets the gateway's per-UE queue size
     * \param policy the gateway's InactiveUePolicy
     */
    IpNetwork(uint32_t numUes, uint32_t queuePackets, const std::string& policy = "Queue")
    {
        remote.Create(1);
        cp.Create(1);
        aps.Create(16);
        ues.Create(numUes);
        Ptr<PositionAllocator> drops = CellFreeHelper::CreateSquareAllocator(200.0, 7);
        MobilityHelper mobility;
        mobility.SetPositionAllocator(drops);
        mobility.Install(aps);
        mobility.Install(ues);

        helper.SetCentralProcessorAttribute("NumAntennas", IntegerValue(2));
        helper.SetCentralProcessorAttribute("NumPilots", IntegerValue(4));
        helper.SetLargeScaleFadingAttribute("WrapAroundSide", DoubleValue(200.0));
        helper.SetGatewayAttribute("QueueSize",
                                   QueueSizeValue(QueueSize(std::to_string(queuePackets) + "p")));
        helper.SetGatewayAttribute("InactiveUePolicy", StringValue(policy));
        helper.InstallAps(aps);
        NetDeviceContainer cpDevices = helper.InstallCentralProcessor(cp.Get(0));
        gateway = DynamicCast<CellFreeCpNetDevice>(cpDevices.Get(0));
        ueDevices = helper.InstallUes(ues);
        helper.AssignStreams(0);

        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        NetDeviceContainer backhaul = p2p.Install(remote.Get(0), cp.Get(0));

        InternetStackHelper internet;
        internet.Install(remote);
        internet.Install(cp);
        internet.Install(ues);
        Ipv4AddressHelper addresses;
        addresses.SetBase("1.0.0.0", "255.0.0.0");
        Ipv4InterfaceContainer backhaulInterfaces = addresses.Assign(backhaul);
        ueInterfaces = helper.AssignIpv4Addresses(ueDevices, "7.0.0.0", "255.0.0.0");
        Ipv4StaticRoutingHelper routing;
        routing.GetStaticRouting(remote.Get(0)->GetObject<Ipv4>())
            ->AddNetworkRouteTo("7.0.0.0", "255.0.0.0", backhaulInterfaces.GetAddress(1), 1);
        for (uint32_t i = 0; i < ues.GetN(); ++i)
        {
            DynamicCast<CellFreeUeNetDevice>(ueDevices.Get(i))->SetActive(true);
        }
        rate.assign(numUes, 0.0);
        helper.GetCentralProcessor()->TraceConnectWithoutContext(
            "UeStats",
            MakeCallback(+[](std::vector<double>* r, const CellFreeUeStats& s) {
                (*r)[s.ueId] = s.rate;
            }).Bind(&rate));
    }

    /// A UDP flow of 1000-byte packets every interval to UE i, from start to stop.
    Ptr<UdpClient> AddUdp(uint32_t i, Time interval, double start, double stop)
    {
        UdpServerHelper server(9000 + i);
        ApplicationContainer s = server.Install(ues.Get(i));
        s.Start(Seconds(0));
        UdpClientHelper client(ueInterfaces.GetAddress(i), 9000 + i);
        client.SetAttribute("Interval", TimeValue(interval));
        client.SetAttribute("PacketSize", UintegerValue(1000));
        client.SetAttribute("MaxPackets", UintegerValue(std::numeric_limits<uint32_t>::max()));
        ApplicationContainer c = client.Install(remote.Get(0));
        c.Start(Seconds(start));
        c.Stop(Seconds(stop));
        return DynamicCast<UdpClient>(c.Get(0));
    }

    /// \return the UDP server on UE i (the first application installed there)
    Ptr<UdpServer> Server(uint32_t i) const
    {
        return DynamicCast<UdpServer>(ues.Get(i)->GetApplication(0));
    }
};

} // namespace

/**
 * \ingroup cell-free-tests
 * Per interval, the bytes delivered to a backlogged UE follow its budget B SE T_c: the
 * cumulative delivered bits stay within one packet of the cumulative budget.
 */
class DeliveryBudgetTestCase : public TestCase
{
  public:
    DeliveryBudgetTestCase()
        : TestCase("Delivered bytes per interval follow the rate budget within one packet")
    {
    }

  private:
    void DoRun() override
    {
        IpNetwork net(2, 100000);
        net.AddUdp(0, MicroSeconds(20), 0.0, 0.2); // 411 Mbit/s: always backlogged

        struct Tally
        {
            double budget{0};
            double delivered{0};
            double worstExcess{0};
            double worstLag{0};
            uint32_t intervals{0};
        } tally;

        net.gateway->TraceConnectWithoutContext(
            "Delivery",
            MakeCallback(+[](Tally* t, uint32_t ue, uint32_t bytes, double budget) {
                if (ue != 0 || Simulator::Now() < MilliSeconds(20))
                {
                    return; // wait until the queue is backlogged
                }
                t->budget += budget;
                t->delivered += 8.0 * bytes;
                t->worstExcess = std::max(t->worstExcess, t->delivered - t->budget);
                t->worstLag = std::max(t->worstLag, t->budget - t->delivered);
                ++t->intervals;
            }).Bind(&tally));
        Simulator::Stop(Seconds(0.2));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_GT(tally.intervals, 150, "backlogged intervals");
        // The credit carried into the first counted interval is under one packet, so the
        // cumulative delivery stays within one packet of the cumulative budget either way.
        NS_TEST_EXPECT_MSG_LT(tally.worstExcess,
                              8.0 * 1028,
                              "ahead of the budget by under a packet");
        NS_TEST_EXPECT_MSG_LT(tally.worstLag, 8.0 * 1028, "behind the budget by under a packet");
        NS_TEST_EXPECT_MSG_GT(tally.delivered, 0.0, "delivered");
        Simulator::Destroy();
    }
};

/**
 * \ingroup cell-free-tests
 * A saturating UDP flow's throughput equals the UE's rate B SE; a light one loses nothing.
 */
class UdpThroughputTestCase : public TestCase
{
  public:
    UdpThroughputTestCase()
        : TestCase("UDP throughput matches B SE in a static setup")
    {
    }

  private:
    void DoRun() override
    {
        IpNetwork net(2, 100000);
        net.AddUdp(0, MicroSeconds(20), 0.0, 0.3);                       // saturating
        Ptr<UdpClient> light = net.AddUdp(1, MilliSeconds(1), 0.0, 0.3); // 8 Mbit/s
        uint64_t atStart = 0;
        CellFreeSchedule(Seconds(0.1), [&]() { atStart = net.Server(0)->GetReceived(); });
        Simulator::Stop(Seconds(0.3));
        Simulator::Run();
        const double throughput = (net.Server(0)->GetReceived() - atStart) * 1000 * 8.0 / 0.2;
        const double udpShare = 1000.0 / 1028.0; // payload over IP packet
        NS_TEST_EXPECT_MSG_GT(net.rate[0], 1e6, "a positive rate");
        NS_TEST_EXPECT_MSG_EQ_TOL(throughput,
                                  net.rate[0] * udpShare,
                                  0.02 * net.rate[0],
                                  "saturated UDP throughput vs B SE");
        NS_TEST_EXPECT_MSG_EQ(net.Server(1)->GetReceived(),
                              net.Server(1)->GetReceived() + net.Server(1)->GetLost(),
                              "the light flow loses nothing");
        NS_TEST_EXPECT_MSG_GT(net.Server(1)->GetReceived(), 250, "the light flow arrives");
        Simulator::Destroy();
    }
};

/**
 * \ingroup cell-free-tests
 * Queue overflow drops are traced, and every packet sent is received, dropped with a trace, or
 * still queued or in flight: none is lost silently.
 */
class QueueOverflowTestCase : public TestCase
{
  public:
    QueueOverflowTestCase()
        : TestCase("Queue overflow drops are traced; no packet is lost silently")
    {
    }

  private:
    void DoRun() override
    {
        IpNetwork net(1, 20);
        Ptr<UdpClient> client = net.AddUdp(0, MicroSeconds(10), 0.0, 0.05);
        uint32_t queueDrops = 0;
        uint32_t deviceDrops = 0;
        net.gateway->GetQueue(0)->TraceConnectWithoutContext(
            "Drop",
            MakeCallback(+[](uint32_t* n, Ptr<const Packet>) { ++*n; }).Bind(&queueDrops));
        net.gateway->TraceConnectWithoutContext(
            "MacTxDrop",
            MakeCallback(+[](uint32_t* n, Ptr<const Packet>) { ++*n; }).Bind(&deviceDrops));
        Simulator::Stop(Seconds(0.06));
        Simulator::Run();
        const uint64_t sent = client->GetTotalTx() / 1000; // bytes of 1000-byte payloads
        const uint32_t received = net.Server(0)->GetReceived();
        const uint32_t queued = net.gateway->GetQueue(0)->GetNPackets();
        NS_TEST_EXPECT_MSG_GT(queueDrops, 100, "the 20-packet queue overflowed");
        NS_TEST_EXPECT_MSG_EQ(deviceDrops, queueDrops, "each overflow also traced by the device");
        // After the client stopped at 50 ms, 10 ms suffice to drain 20 packets and the 1 ms
        // backhaul: nothing is in flight any more.
        NS_TEST_EXPECT_MSG_EQ(sent, received + queueDrops + queued, "every packet accounted for");
        Simulator::Destroy();
    }
};

/**
 * \ingroup cell-free-tests
 * Packets for a UE that leaves: with the Queue policy they wait and reach it when it returns
 * (with the same IP address); with the Drop policy the waiting ones are dropped at its departure
 * and new ones on arrival, each with a trace. Delivery fires every interval for active UEs.
 */
class InactiveUePolicyTestCase : public TestCase
{
  public:
    InactiveUePolicyTestCase()
        : TestCase("Packets for an inactive UE are queued or dropped, and traced")
    {
    }

  private:
    /// Run a UE that is away from 20 ms to 60 ms; return (received, drops, deliveries).
    static std::tuple<uint32_t, uint32_t, uint32_t, Ipv4Address, Ipv4Address> Run(
        const std::string& policy)
    {
        IpNetwork net(1, 1000, policy);
        Ptr<CellFreeUeNetDevice> ue = DynamicCast<CellFreeUeNetDevice>(net.ueDevices.Get(0));
        Ptr<UdpClient> client = net.AddUdp(0, MicroSeconds(500), 0.01, 0.05); // 16 Mbit/s
        Simulator::Schedule(MilliSeconds(20), &CellFreeUeNetDevice::SetActive, ue, false);
        Simulator::Schedule(MilliSeconds(60), &CellFreeUeNetDevice::SetActive, ue, true);
        uint32_t drops = 0;
        uint32_t deliveries = 0;
        net.gateway->TraceConnectWithoutContext(
            "MacTxDrop",
            MakeCallback(+[](uint32_t* n, Ptr<const Packet>) { ++*n; }).Bind(&drops));
        net.gateway->TraceConnectWithoutContext(
            "Delivery",
            MakeCallback(+[](uint32_t* n, uint32_t, uint32_t, double) { ++*n; }).Bind(&deliveries));
        Ipv4Address before;
        Ipv4Address after;
        Ptr<Ipv4> ipv4 = net.ues.Get(0)->GetObject<Ipv4>();
        const int32_t interface = ipv4->GetInterfaceForDevice(ue);
        CellFreeSchedule(MilliSeconds(10),
                         [&]() { before = ipv4->GetAddress(interface, 0).GetLocal(); });
        CellFreeSchedule(MilliSeconds(70),
                         [&]() { after = ipv4->GetAddress(interface, 0).GetLocal(); });
        Simulator::Stop(Seconds(0.1));
        Simulator::Run();
        const uint32_t received = net.Server(0)->GetReceived();
        const uint64_t sent = client->GetTotalTx() / 1000;
        Simulator::Destroy();
        NS_ABORT_UNLESS(sent == 80);
        return {received, drops, deliveries, before, after};
    }

    void DoRun() override
    {
        const auto [keptReceived, keptDrops, keptDeliveries, before, after] = Run("Queue");
        NS_TEST_EXPECT_MSG_EQ(keptReceived, 80, "Queue: every packet arrives after the return");
        NS_TEST_EXPECT_MSG_EQ(keptDrops, 0, "Queue: nothing dropped");
        NS_TEST_EXPECT_MSG_EQ(before, after, "the UE keeps its address across activity periods");
        // Active from 0 to 20 ms and from 60 ms (noticed at 61 ms, served from then) to 100 ms.
        NS_TEST_EXPECT_MSG_GT_OR_EQ(keptDeliveries, 55, "Delivery every interval while active");

        const auto [droppedReceived, droppedDrops, d, b, a] = Run("Drop");
        NS_TEST_EXPECT_MSG_EQ(droppedReceived + droppedDrops, 80, "every packet accounted for");
        NS_TEST_EXPECT_MSG_GT(droppedDrops, 50, "Drop: packets for the absent UE were dropped");
    }
};

/**
 * \ingroup cell-free-tests
 * A TCP transfer over the cell-free downlink (ACKs on the uplink) completes.
 */
class TcpTransferTestCase : public TestCase
{
  public:
    TcpTransferTestCase()
        : TestCase("TCP completes a transfer")
    {
    }

  private:
    void DoRun() override
    {
        IpNetwork net(1, 1000);
        const uint32_t bytes = 2000000;
        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), 5000));
        ApplicationContainer sink = sinkHelper.Install(net.ues.Get(0));
        BulkSendHelper bulk("ns3::TcpSocketFactory",
                            InetSocketAddress(net.ueInterfaces.GetAddress(0), 5000));
        bulk.SetAttribute("MaxBytes", UintegerValue(bytes));
        ApplicationContainer source = bulk.Install(net.remote.Get(0));
        source.Start(Seconds(0.01));
        Simulator::Stop(Seconds(2.0));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(DynamicCast<PacketSink>(sink.Get(0))->GetTotalRx(),
                              bytes,
                              "all bytes received");
        Simulator::Destroy();
    }
};

/**
 * \ingroup cell-free-tests
 * The IP traffic test suite.
 */
class CellFreeIpTrafficTestSuite : public TestSuite
{
  public:
    CellFreeIpTrafficTestSuite()
        : TestSuite("cell-free-ip-traffic", TestSuite::Type::SYSTEM)
    {
        AddTestCase(new DeliveryBudgetTestCase);
        AddTestCase(new UdpThroughputTestCase);
        AddTestCase(new QueueOverflowTestCase);
        AddTestCase(new InactiveUePolicyTestCase);
        AddTestCase(new TcpTransferTestCase);
    }
};

/// The static instance that registers the suite.
static CellFreeIpTrafficTestSuite g_cellFreeIpTrafficTestSuite;
