/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/cell-free-helper.h"
#include "ns3/cell-free-ns3-compat.h"
#include "ns3/cell-free-serving-clusters.h"
#include "ns3/cell-free-stats-helper.h"
#include "ns3/cell-free-ue-net-device.h"
#include "ns3/core-module.h"
#include "ns3/dcc-cluster-formation.h"
#include "ns3/mobility-module.h"
#include "ns3/network-module.h"
#include "ns3/sqlite-output.h"
#include "ns3/test.h"

#include <fstream>
#include <set>
#include <tuple>

/**
 * \file
 * \ingroup cell-free-tests
 * System tests of power control inside a running simulation: pilots across arrivals and
 * departures, trace counts, reproducibility, identical draws across algorithms, latency modes,
 * and the K = 0 and K >> tau_p extremes.
 */

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeDynamicTest");

namespace
{

/// Everything the traces said during one run.
struct Recording
{
    std::vector<CellFreeIntervalStats> intervals;                       //!< Interval trace
    std::vector<CellFreeUeStats> ues;                                   //!< UeStats trace
    std::vector<std::pair<double, uint32_t>> arrivals;                  //!< (time, ue)
    std::vector<std::pair<double, uint32_t>> departures;                //!< (time, ue)
    std::vector<std::tuple<double, uint32_t, int>> pilots;              //!< (time, ue, pilot)
    std::vector<std::tuple<uint32_t, double, double>> arrivalPositions; //!< (ue, x, y)
};

/// A small network: numAps APs and poolSize UE nodes in a 200 m square, all static.
struct Network
{
    NodeContainer aps;                       //!< AP nodes
    NodeContainer ues;                       //!< UE nodes
    CellFreeHelper helper;                   //!< the helper
    NetDeviceContainer ueDevices;            //!< UE devices
    Ptr<CellFreeCentralProcessor> processor; //!< the processor
    Recording recording;                     //!< what the traces said

    /**
     * \param numAps M
     * \param poolSize UE nodes
     * \param numPilots tau_p
     * \param algorithm TypeId of the power control
     * \param latencyMode Ideal, Fixed, Measured or Modelled
     * \param processorSpeed ProcessorSpeed of the Modelled mode
     */
    Network(uint32_t numAps,
            uint32_t poolSize,
            int numPilots,
            const std::string& algorithm,
            const std::string& latencyMode,
            double processorSpeed = 1e9)
    {
        aps.Create(numAps);
        ues.Create(poolSize);
        // The allocator's streams are fixed before it draws (MobilityHelper::AssignStreams
        // covers the mobility models only), so that every run places the nodes alike.
        Ptr<PositionAllocator> drops = CellFreeHelper::CreateSquareAllocator(200.0, 100);
        MobilityHelper mobility;
        mobility.SetPositionAllocator(drops);
        mobility.Install(aps);
        mobility.Install(ues);
        helper.SetCentralProcessorAttribute("NumAntennas", IntegerValue(2));
        helper.SetCentralProcessorAttribute("NumPilots", IntegerValue(numPilots));
        helper.SetCentralProcessorAttribute("LatencyMode", StringValue(latencyMode));
        helper.SetCentralProcessorAttribute("ProcessorSpeed", DoubleValue(processorSpeed));
        helper.SetLargeScaleFadingAttribute("WrapAroundSide", DoubleValue(200.0));
        helper.SetPowerControlAlgorithm(algorithm);
        helper.InstallAps(aps);
        ueDevices = helper.InstallUes(ues);
        processor = helper.GetCentralProcessor();
        Connect();
    }

    /// Record every trace of the processor.
    void Connect()
    {
        Recording* r = &recording;
        processor->TraceConnectWithoutContext(
            "Interval",
            MakeCallback(+[](Recording* r, const CellFreeIntervalStats& s) {
                r->intervals.push_back(s);
            }).Bind(r));
        processor->TraceConnectWithoutContext(
            "UeStats",
            MakeCallback(+[](Recording* r, const CellFreeUeStats& s) {
                r->ues.push_back(s);
            }).Bind(r));
        processor->TraceConnectWithoutContext(
            "Arrival",
            MakeCallback(+[](Recording* r, Ptr<CellFreeChannel> channel, Time t, uint32_t ue) {
                r->arrivals.emplace_back(t.GetSeconds(), ue);
                const Vector p = channel->GetUePositions({ue})[0];
                r->arrivalPositions.emplace_back(ue, p.x, p.y);
            })
                .Bind(r)
                .Bind(helper.GetChannel()));
        processor->TraceConnectWithoutContext("Departure",
                                              MakeCallback(+[](Recording* r, Time t, uint32_t ue) {
                                                  r->departures.emplace_back(t.GetSeconds(), ue);
                                              }).Bind(r));
        processor->TraceConnectWithoutContext(
            "PilotAssignment",
            MakeCallback(+[](Recording* r, Time t, uint32_t ue, int pilot) {
                r->pilots.emplace_back(t.GetSeconds(), ue, pilot);
            }).Bind(r));
    }

    /// \return UE device i
    Ptr<CellFreeUeNetDevice> Ue(uint32_t i) const
    {
        return DynamicCast<CellFreeUeNetDevice>(ueDevices.Get(i));
    }

    /// Schedule SetActive(active) on UE i at time t.
    void Switch(uint32_t i, double t, bool active) const
    {
        Simulator::Schedule(Seconds(t), &CellFreeUeNetDevice::SetActive, Ue(i), active);
    }

    /// Run until t and destroy the simulator.
    void Run(double t)
    {
        Simulator::Stop(Seconds(t));
        Simulator::Run();
        Simulator::Destroy();
    }
};

/// Drive a network with Poisson arrivals (400/s, 25 ms holding, 8 initially active) until t.
void
RunPoisson(Network& net, double t)
{
    Ptr<PositionAllocator> positions = CellFreeHelper::CreateSquareAllocator(200.0, 0);
    net.helper.EnableUeActivity("ArrivalRate",
                                DoubleValue(400.0),
                                "MeanHoldingTime",
                                TimeValue(MilliSeconds(25)),
                                "InitialActiveUes",
                                UintegerValue(8),
                                "PositionAllocator",
                                PointerValue(positions));
    net.helper.AssignStreams(0);
    net.Run(t);
}

/// Run a Poisson-driven network and return what its traces said.
Recording
RunDynamic(const std::string& algorithm, uint32_t run, double duration)
{
    RngSeedManager::SetRun(run);
    Network net(16, 30, 4, algorithm, "Ideal");
    RunPoisson(net, duration);
    return net.recording;
}

} // namespace

/**
 * \ingroup cell-free-tests
 * Serving clusters in a running network: re-formed as UEs arrive and depart, reported by
 * ClusterChange (a valid set for every arrival, and whenever it changes), the UE statistics'
 * cluster size is that set's, strongest L gives exactly L, DCC (with its pilot assigner) at most
 * tau_p UEs per AP plus those it is the master of, and all-serve-all every AP.
 */
class ServingClustersTestCase : public TestCase
{
  public:
    /**
     * \param type the cluster formation's TypeId
     * \param pilotAssigner the pilot assigner's TypeId
     */
    ServingClustersTestCase(const std::string& type, const std::string& pilotAssigner)
        : TestCase("Serving clusters follow arrivals and departures: " + type),
          m_type(type),
          m_pilotAssigner(pilotAssigner)
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetRun(3);
        const uint32_t numAps = 16;
        Network net(numAps, 30, 4, "ns3::ApgPowerControl", "Modelled");
        if (m_type == "ns3::StrongestApsClusterFormation")
        {
            net.helper.SetClusterFormation(m_type, "ClusterSize", IntegerValue(3));
        }
        else
        {
            net.helper.SetClusterFormation(m_type);
        }
        net.helper.SetPilotAssigner(m_pilotAssigner);
        // (time, ue, serving APs) of every change.
        using Change = std::tuple<double, uint32_t, std::vector<int>>;
        std::vector<Change> changes;
        net.processor->TraceConnectWithoutContext(
            "ClusterChange",
            MakeCallback(+[](std::vector<Change>* changes,
                             Time t,
                             uint32_t ue,
                             const std::vector<int>& aps) {
                changes->emplace_back(t.GetSeconds(), ue, aps);
            }).Bind(&changes));
        RunPoisson(net, 0.1);
        const Recording& r = net.recording;

        NS_TEST_EXPECT_MSG_GT_OR_EQ(changes.size(), r.arrivals.size(), "a cluster per arrival");
        std::map<uint32_t, std::vector<int>> current;
        std::size_t next = 0;
        std::map<double, std::map<int, int>> apLoad; // time -> AP -> UEs served
        for (const CellFreeUeStats& ue : r.ues)
        {
            const double t = ue.time.GetSeconds();
            for (; next < changes.size() && std::get<0>(changes[next]) <= t; ++next)
            {
                const auto& [when, id, aps] = changes[next];
                NS_TEST_ASSERT_MSG_EQ(ValidateServingSets({aps}, numAps, 1), "", "a valid set");
                current[id] = aps;
            }
            NS_TEST_ASSERT_MSG_EQ(current.count(ue.ueId), 1, "every active UE has a cluster");
            NS_TEST_EXPECT_MSG_EQ(ue.clusterSize,
                                  static_cast<int>(current[ue.ueId].size()),
                                  "UeStats reports the cluster's size");
            if (m_type == "ns3::StrongestApsClusterFormation")
            {
                NS_TEST_EXPECT_MSG_EQ(ue.clusterSize, 3, "exactly L APs");
            }
            if (m_type == "ns3::AllApsClusterFormation")
            {
                NS_TEST_EXPECT_MSG_EQ(ue.clusterSize, static_cast<int>(numAps), "every AP");
            }
            for (int m : current[ue.ueId])
            {
                ++apLoad[t][m];
            }
        }
        if (m_type == "ns3::DccClusterFormation")
        {
            // At most tau_p UEs per AP plus its masters' UEs: with 16 APs, an AP is the master
            // of a few UEs at most; tau_p + 4 is a bound this small network never reaches
            // otherwise (each AP serves one UE per pilot in use).
            for (const auto& [t, loads] : apLoad)
            {
                for (const auto& [m, load] : loads)
                {
                    NS_TEST_EXPECT_MSG_LT_OR_EQ(load, 4 + 4, "DCC load of AP " << m);
                }
            }
        }
        NS_TEST_EXPECT_MSG_GT(r.intervals.back().numActive, 0, "UEs were served");
    }

    std::string m_type;          //!< cluster formation
    std::string m_pilotAssigner; //!< pilot assigner
};

/**
 * \ingroup cell-free-tests
 * A cluster formation set as the processor's attribute through the helper survives the helper
 * building the network (it is not silently replaced by the default).
 */
class ClusterAttributeTestCase : public TestCase
{
  public:
    ClusterAttributeTestCase()
        : TestCase("ClusterFormation given as an attribute is kept")
    {
    }

  private:
    void DoRun() override
    {
        NodeContainer aps;
        aps.Create(4);
        MobilityHelper mobility;
        mobility.SetPositionAllocator(CellFreeHelper::CreateSquareAllocator(100.0, 1));
        mobility.Install(aps);
        CellFreeHelper helper;
        helper.SetCentralProcessorAttribute("ClusterFormation",
                                            PointerValue(CreateObject<DccClusterFormation>()));
        helper.InstallAps(aps);
        PointerValue value;
        helper.GetCentralProcessor()->GetAttribute("ClusterFormation", value);
        NS_TEST_ASSERT_MSG_NE(value.Get<CellFreeClusterFormation>(), nullptr, "a formation");
        NS_TEST_EXPECT_MSG_EQ(value.Get<CellFreeClusterFormation>()->GetName(),
                              "dcc",
                              "the attribute given, not the default");
        Simulator::Destroy();
    }
};

/**
 * \ingroup cell-free-tests
 * Pilots across arrivals and departures: orthogonal while K <= tau_p, freed on departure and
 * given to the next arrival, shared (but in range) beyond tau_p.
 */
class PilotBookkeepingTestCase : public TestCase
{
  public:
    PilotBookkeepingTestCase()
        : TestCase("Pilot bookkeeping across arrivals and departures")
    {
    }

  private:
    void DoRun() override
    {
        Network net(16, 6, 4, "ns3::EpaPowerControl", "Ideal");
        for (uint32_t i = 0; i < 4; ++i)
        {
            net.Switch(i, 0.0, true);
        }
        net.Switch(1, 0.0045, false);
        net.Switch(4, 0.0095, true);
        net.Switch(5, 0.0115, true);
        std::vector<int> pilotsAt3ms;
        std::vector<int> pilotsAt7ms;
        std::vector<int> pilotsAt11ms;
        auto snapshot = [&net](std::vector<int>* out) {
            for (uint32_t i = 0; i < 6; ++i)
            {
                out->push_back(net.processor->GetPilot(i));
            }
        };
        CellFreeSchedule(MilliSeconds(3) + MicroSeconds(1), [&]() { snapshot(&pilotsAt3ms); });
        CellFreeSchedule(MilliSeconds(7) + MicroSeconds(1), [&]() { snapshot(&pilotsAt7ms); });
        CellFreeSchedule(MilliSeconds(11) + MicroSeconds(1), [&]() { snapshot(&pilotsAt11ms); });
        net.Run(0.015);

        const std::set<int> first(pilotsAt3ms.begin(), pilotsAt3ms.begin() + 4);
        NS_TEST_EXPECT_MSG_EQ(first.size(), 4, "four UEs, four distinct pilots");
        NS_TEST_EXPECT_MSG_EQ((*first.begin() >= 0 && *first.rbegin() < 4), true, "in range");
        NS_TEST_EXPECT_MSG_EQ(pilotsAt7ms[1], -1, "a departed UE keeps no pilot");
        NS_TEST_EXPECT_MSG_EQ(pilotsAt11ms[4],
                              pilotsAt3ms[1],
                              "the arrival takes the freed pilot (the only unused one)");
        const auto& ues = net.processor->GetActiveUes();
        NS_TEST_EXPECT_MSG_EQ(ues.size(), 5, "five active at the end");
        for (uint32_t ue : ues)
        {
            const int pilot = net.processor->GetPilot(ue);
            NS_TEST_EXPECT_MSG_EQ((pilot >= 0 && pilot < 4),
                                  true,
                                  "UE " << ue << " pilot " << pilot);
        }
        NS_TEST_EXPECT_MSG_EQ(net.recording.arrivals.size(), 6, "arrivals");
        NS_TEST_EXPECT_MSG_EQ(net.recording.departures.size(), 1, "departures");
        NS_TEST_EXPECT_MSG_EQ(net.recording.pilots.size(), 6, "one pilot assignment per arrival");
    }
};

/**
 * \ingroup cell-free-tests
 * Trace counts: one Interval per coherence interval, one UeStats per active UE per interval,
 * arrivals minus departures equals the active UEs, every active UE has a pilot.
 */
class TraceCountsTestCase : public TestCase
{
  public:
    TraceCountsTestCase()
        : TestCase("Traces fire with the right counts")
    {
    }

  private:
    void DoRun() override
    {
        const Recording r = RunDynamic("ns3::EpaPowerControl", 1, 0.1);
        NS_TEST_EXPECT_MSG_EQ(r.intervals.size(), 100, "100 intervals of 1 ms in 100 ms");
        uint64_t activeUeIntervals = 0;
        for (std::size_t i = 0; i < r.intervals.size(); ++i)
        {
            activeUeIntervals += r.intervals[i].numActive;
            NS_TEST_EXPECT_MSG_EQ(r.intervals[i].time, MilliSeconds(i), "interval start");
            NS_TEST_EXPECT_MSG_EQ(r.intervals[i].numServed + r.intervals[i].numWaiting,
                                  r.intervals[i].numActive,
                                  "served + waiting = active");
        }
        NS_TEST_EXPECT_MSG_EQ(r.ues.size(), activeUeIntervals, "one UeStats per UE-interval");
        NS_TEST_EXPECT_MSG_GT(r.arrivals.size(), 20, "the Poisson process ran");
        NS_TEST_EXPECT_MSG_GT(r.departures.size(), 10, "UEs departed");
        NS_TEST_EXPECT_MSG_EQ(r.arrivals.size() - r.departures.size(),
                              r.intervals.back().numActive,
                              "arrivals - departures = active at the end");
        NS_TEST_EXPECT_MSG_EQ(r.pilots.size(), r.arrivals.size(), "a pilot per arrival");
        for (const auto& ue : r.ues)
        {
            NS_TEST_ASSERT_MSG_EQ((ue.pilot >= 0 && ue.pilot < 4), true, "active UE without pilot");
        }
    }
};

/**
 * \ingroup cell-free-tests
 * The same run number gives identical traces; another algorithm on the same streams sees the
 * same arrivals, departures and positions (only the powers differ).
 */
class ReproducibilityTestCase : public TestCase
{
  public:
    ReproducibilityTestCase()
        : TestCase("Same seed, same traces; other algorithm, same UEs and positions")
    {
    }

  private:
    void DoRun() override
    {
        const Recording a = RunDynamic("ns3::ApgPowerControl", 3, 0.05);
        const Recording b = RunDynamic("ns3::ApgPowerControl", 3, 0.05);
        NS_TEST_ASSERT_MSG_EQ(a.ues.size(), b.ues.size(), "same number of UE records");
        for (std::size_t i = 0; i < a.ues.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(a.ues[i].ueId, b.ues[i].ueId, "UE id, record " << i);
            NS_TEST_ASSERT_MSG_EQ(a.ues[i].se, b.ues[i].se, "SE, record " << i);
            NS_TEST_ASSERT_MSG_EQ(a.ues[i].pilot, b.ues[i].pilot, "pilot, record " << i);
        }
        NS_TEST_EXPECT_MSG_EQ((a.arrivalPositions == b.arrivalPositions), true, "positions");

        const Recording epa = RunDynamic("ns3::EpaPowerControl", 3, 0.05);
        NS_TEST_EXPECT_MSG_EQ((epa.arrivals == a.arrivals), true, "same arrivals");
        NS_TEST_EXPECT_MSG_EQ((epa.departures == a.departures), true, "same departures");
        NS_TEST_EXPECT_MSG_EQ((epa.arrivalPositions == a.arrivalPositions), true, "same positions");
        NS_TEST_EXPECT_MSG_EQ((epa.pilots == a.pilots), true, "same pilots");
        double differentSe = 0.0;
        for (std::size_t i = 0; i < a.ues.size(); ++i)
        {
            differentSe += std::abs(a.ues[i].se - epa.ues[i].se);
        }
        NS_TEST_EXPECT_MSG_GT(differentSe, 0.0, "but other powers");

        const Recording other = RunDynamic("ns3::EpaPowerControl", 4, 0.05);
        NS_TEST_EXPECT_MSG_EQ((other.arrivals == epa.arrivals), false, "another run, other draws");
    }
};

/**
 * \ingroup cell-free-tests
 * Latency modes: Ideal serves at once; Fixed leaves arrivals waiting for the latency, with the
 * previous allocation in force; Measured applies after the call's wall-clock time, Modelled
 * after its work over ProcessorSpeed, identically on every run.
 */
class LatencyModesTestCase : public TestCase
{
  public:
    LatencyModesTestCase()
        : TestCase("Ideal, Fixed, Measured and Modelled latency modes")
    {
    }

  private:
    void DoRun() override
    {
        {
            Network net(16, 4, 4, "ns3::ApgPowerControl", "Ideal");
            net.Switch(0, 0.0, true);
            net.Switch(1, 0.0, true);
            net.Switch(2, 0.0035, true);
            net.Run(0.01);
            for (const auto& s : net.recording.intervals)
            {
                NS_TEST_EXPECT_MSG_EQ(s.stale, false, "Ideal: never stale, at " << s.time);
                NS_TEST_EXPECT_MSG_EQ(s.numWaiting, 0, "Ideal: nobody waits, at " << s.time);
            }
            NS_TEST_EXPECT_MSG_EQ(net.processor->GetNumCalls(), 2, "a call per change");
        }
        {
            Network net(16, 4, 4, "ns3::ApgPowerControl", "Fixed");
            net.processor->GetPowerControlAlgorithm()->SetAttribute(
                "ComputationLatency",
                TimeValue(MilliSeconds(3) + MicroSeconds(500)));
            net.Switch(0, 0.0, true);
            net.Switch(1, 0.0, true);
            net.Switch(2, 0.0055, true); // noticed at 6 ms, served from 10 ms
            net.Run(0.012);
            const auto& iv = net.recording.intervals;
            for (int t = 0; t < 4; ++t)
            {
                NS_TEST_EXPECT_MSG_EQ(iv[t].numWaiting, 2, "Fixed: waiting at " << t << " ms");
                NS_TEST_EXPECT_MSG_EQ(iv[t].stale, true, "Fixed: stale at " << t << " ms");
            }
            NS_TEST_EXPECT_MSG_EQ(iv[4].numWaiting, 0, "served from 4 ms");
            NS_TEST_EXPECT_MSG_EQ(iv[4].stale, false, "fresh at 4 ms");
            for (int t = 6; t < 10; ++t)
            {
                NS_TEST_EXPECT_MSG_EQ(iv[t].numServed, 2, "old allocation in force at " << t);
                NS_TEST_EXPECT_MSG_EQ(iv[t].numWaiting, 1, "newcomer waits at " << t);
            }
            NS_TEST_EXPECT_MSG_EQ(iv[10].numWaiting, 0, "newcomer served from 10 ms");
            for (const auto& ue : net.recording.ues)
            {
                if (ue.time >= MilliSeconds(6) && ue.time < MilliSeconds(10))
                {
                    // The old allocation keeps serving UEs 0 and 1; the newcomer gets nothing.
                    NS_TEST_EXPECT_MSG_EQ((ue.se > 0.0), (ue.ueId != 2), "UE " << ue.ueId);
                    NS_TEST_EXPECT_MSG_EQ(ue.served, (ue.ueId != 2), "UE " << ue.ueId);
                }
            }
            NS_TEST_EXPECT_MSG_EQ(net.processor->GetNumStaleIntervals(), 8, "stale intervals");
            NS_TEST_EXPECT_MSG_EQ(net.processor->GetNumWaitingUeIntervals(),
                                  4 * 2 + 4 * 1,
                                  "waiting UE-intervals");
        }
        {
            Network net(16, 4, 4, "ns3::ApgPowerControl", "Measured");
            net.Switch(0, 0.0, true);
            net.Switch(1, 0.0, true);
            net.Run(0.005);
            const auto& iv = net.recording.intervals;
            NS_TEST_ASSERT_MSG_EQ(iv[0].computed, true, "computed at 0");
            NS_TEST_EXPECT_MSG_GT(iv[0].runtimeSeconds, 0.0, "a measured runtime");
            NS_TEST_EXPECT_MSG_EQ(iv[0].numWaiting, 2, "Measured: not served in the same interval");
            // The allocation applies from the first interval after the measured runtime.
            for (const auto& s : iv)
            {
                const bool ready = s.time.GetSeconds() >= iv[0].runtimeSeconds;
                NS_TEST_EXPECT_MSG_EQ((s.numWaiting == 0), ready, "at " << s.time);
            }
        }
        {
            // Modelled: the call's work over ProcessorSpeed, the same on every run and host.
            std::vector<double> latencies;
            for (int run = 0; run < 2; ++run)
            {
                Network net(16, 4, 4, "ns3::ApgPowerControl", "Modelled", 1e7);
                net.helper.AssignStreams(0);
                net.Switch(0, 0.0, true);
                net.Switch(1, 0.0, true);
                net.Run(0.02);
                const auto& iv = net.recording.intervals;
                NS_TEST_ASSERT_MSG_EQ(iv[0].computed, true, "computed at 0");
                latencies.push_back(iv[0].latencySeconds);
                for (const auto& s : iv)
                {
                    const bool ready = s.time.GetSeconds() >= iv[0].latencySeconds;
                    NS_TEST_EXPECT_MSG_EQ((s.numWaiting == 0), ready, "at " << s.time);
                }
            }
            NS_TEST_EXPECT_MSG_GT(latencies[0], 1e-3, "a latency of more than one interval");
            NS_TEST_EXPECT_MSG_EQ(latencies[0], latencies[1], "deterministic");
        }
    }
};

/**
 * \ingroup cell-free-tests
 * K = 0 intervals (no UE at all, and all UEs gone) and K far above tau_p.
 */
class ExtremeLoadsTestCase : public TestCase
{
  public:
    ExtremeLoadsTestCase()
        : TestCase("K = 0 intervals and K >> tau_p")
    {
    }

  private:
    void DoRun() override
    {
        {
            Network net(8, 3, 2, "ns3::ApgPowerControl", "Ideal");
            net.Switch(0, 0.002, true);
            net.Switch(0, 0.004, false);
            net.Run(0.008);
            const auto& iv = net.recording.intervals;
            NS_TEST_ASSERT_MSG_EQ(iv.size(), 8, "intervals run with K = 0");
            NS_TEST_EXPECT_MSG_EQ(iv[0].numActive, 0, "K = 0 at first");
            NS_TEST_EXPECT_MSG_EQ(iv[0].minSe, 0.0, "min SE of nobody is reported as 0");
            NS_TEST_EXPECT_MSG_EQ(iv[2].numActive, 1, "one UE");
            NS_TEST_EXPECT_MSG_GT(iv[2].minSe, 0.0, "served");
            NS_TEST_EXPECT_MSG_EQ(iv[5].numActive, 0, "K = 0 again");
            NS_TEST_EXPECT_MSG_EQ(net.processor->GetNumCalls(), 1, "no call for K = 0");
        }
        {
            Network net(16, 60, 2, "ns3::ApgPowerControl", "Ideal");
            for (uint32_t i = 0; i < 60; ++i)
            {
                net.Switch(i, 0.0, true);
            }
            net.Run(0.002);
            const auto& last = net.recording.intervals.back();
            NS_TEST_EXPECT_MSG_EQ(last.numActive, 60, "60 UEs on 2 pilots");
            NS_TEST_EXPECT_MSG_EQ(last.numServed, 60, "all served");
            NS_TEST_EXPECT_MSG_GT(last.minSe, 0.0, "positive SE");
            NS_TEST_EXPECT_MSG_EQ(std::isfinite(last.sumSe), true, "finite");
        }
    }
};

/**
 * \ingroup cell-free-tests
 * A UE that switches off and on again between two interval starts began a new activity period:
 * the processor traces a departure and an arrival, and the UE waits for an allocation computed
 * for it instead of being served with its old column.
 */
class LeaveAndReturnTestCase : public TestCase
{
  public:
    LeaveAndReturnTestCase()
        : TestCase("Leaving and returning within one interval is a new activity period")
    {
    }

  private:
    void DoRun() override
    {
        Network net(16, 3, 4, "ns3::EpaPowerControl", "Fixed");
        net.processor->GetPowerControlAlgorithm()->SetAttribute("ComputationLatency",
                                                                TimeValue(MicroSeconds(2500)));
        net.Switch(0, 0.0, true);
        net.Switch(1, 0.0, true);
        net.Switch(1, 0.0052, false); // off and on again inside [5 ms, 6 ms)
        net.Switch(1, 0.0057, true);
        net.Run(0.012);
        const Recording& r = net.recording;
        NS_TEST_EXPECT_MSG_EQ(r.departures.size(), 1, "one departure");
        NS_TEST_ASSERT_MSG_EQ(r.arrivals.size(), 3, "two initial arrivals and a return");
        NS_TEST_EXPECT_MSG_EQ(r.departures[0].second, 1, "UE 1 left");
        NS_TEST_EXPECT_MSG_EQ(r.arrivals[2].second, 1, "UE 1 came back");
        NS_TEST_EXPECT_MSG_EQ(r.departures[0].first, 0.006, "noticed at 6 ms");
        for (const auto& ue : r.ues)
        {
            if (ue.ueId == 1 && ue.time >= MilliSeconds(6) && ue.time < MilliSeconds(9))
            {
                NS_TEST_EXPECT_MSG_EQ(ue.served, false, "UE 1 waits at " << ue.time);
            }
            if (ue.ueId == 1 && ue.time >= MilliSeconds(9))
            {
                NS_TEST_EXPECT_MSG_EQ(ue.served, true, "UE 1 served again at " << ue.time);
            }
        }
    }
};

/**
 * \ingroup cell-free-tests
 * The stats helper writes one CSV row (and one SQLite row) per interval, per UE-interval and per
 * event, with the documented header.
 */
class StatsFilesTestCase : public TestCase
{
  public:
    StatsFilesTestCase()
        : TestCase("Stats helper files: CSV and SQLite rows match the traces")
    {
    }

  private:
    /// Rows of a CSV file, header excluded; the header in *header.
    static uint64_t CsvRows(const std::string& path, std::string* header)
    {
        std::ifstream file(path);
        std::string line;
        std::getline(file, *header);
        uint64_t rows = 0;
        while (std::getline(file, line))
        {
            ++rows;
        }
        return rows;
    }

    /// Rows of a table of an SQLite database, read through ns-3's SQLiteOutput.
    static int64_t DbRows(const std::string& path, const std::string& table)
    {
        Ptr<SQLiteOutput> db = CreateCellFreeSQLiteOutput(path);
        sqlite3_stmt* stmt = nullptr;
        db->WaitPrepare(&stmt, "SELECT COUNT(*) FROM " + table + ";");
        int64_t rows = -1;
        if (SQLiteOutput::SpinStep(stmt) == SQLITE_ROW)
        {
            rows = db->RetrieveColumn<int>(stmt, 0);
        }
        SQLiteOutput::SpinFinalize(stmt);
        return rows;
    }

    void DoRun() override
    {
        const std::string dir = CreateTempDirFilename("");
        SystemPath::MakeDirectories(dir);
        Network net(8, 6, 2, "ns3::EpaPowerControl", "Ideal");
        for (uint32_t i = 0; i < 5; ++i)
        {
            net.Switch(i, 0.001 * i, true);
        }
        net.Switch(2, 0.0065, false);
        {
            CellFreeStatsHelper stats;
            stats.SetOutput(dir, "stats");
            stats.SetSqlite(true);
            stats.Install(net.processor);
            Simulator::Stop(Seconds(0.01));
            Simulator::Run();
            stats.Close();
        }
        const Recording& r = net.recording;
        std::string header;
        NS_TEST_EXPECT_MSG_EQ(CsvRows(dir + "/stats-intervals.csv", &header),
                              r.intervals.size(),
                              "interval rows");
        NS_TEST_EXPECT_MSG_EQ(header,
                              "time_s,num_active,num_served,num_waiting,algorithm,computed,"
                              "latency_s,stale,min_se,mean_se,sum_se",
                              "intervals header");
        NS_TEST_EXPECT_MSG_EQ(CsvRows(dir + "/stats-ues.csv", &header), r.ues.size(), "UE rows");
        NS_TEST_EXPECT_MSG_EQ(header,
                              "time_s,ue,pilot,sinr_db,se,rate_mbps,served,cluster_size",
                              "ues header");
        NS_TEST_EXPECT_MSG_EQ(CsvRows(dir + "/stats-events.csv", &header),
                              r.arrivals.size() + r.departures.size() + r.pilots.size(),
                              "event rows");
        NS_TEST_EXPECT_MSG_EQ(DbRows(dir + "/stats.db", "intervals"),
                              static_cast<int64_t>(r.intervals.size()),
                              "SQLite intervals");
        NS_TEST_EXPECT_MSG_EQ(DbRows(dir + "/stats.db", "ues"),
                              static_cast<int64_t>(r.ues.size()),
                              "SQLite ues");
        NS_TEST_EXPECT_MSG_EQ(
            DbRows(dir + "/stats.db", "events"),
            static_cast<int64_t>(r.arrivals.size() + r.departures.size() + r.pilots.size()),
            "SQLite events");
        Simulator::Destroy();
    }
};

/**
 * \ingroup cell-free-tests
 * The dynamic system test suite.
 */
class CellFreeDynamicTestSuite : public TestSuite
{
  public:
    CellFreeDynamicTestSuite()
        : TestSuite("cell-free-dynamic", TestSuite::Type::SYSTEM)
    {
        AddTestCase(new PilotBookkeepingTestCase);
        AddTestCase(new TraceCountsTestCase);
        AddTestCase(new ReproducibilityTestCase);
        AddTestCase(new LatencyModesTestCase);
        AddTestCase(new ExtremeLoadsTestCase);
        AddTestCase(new LeaveAndReturnTestCase);
        AddTestCase(new ServingClustersTestCase("ns3::AllApsClusterFormation",
                                                "ns3::IncrementalPilotAssigner"));
        AddTestCase(new ServingClustersTestCase("ns3::StrongestApsClusterFormation",
                                                "ns3::IncrementalPilotAssigner"));
        AddTestCase(
            new ServingClustersTestCase("ns3::DccClusterFormation", "ns3::DccPilotAssigner"));
        AddTestCase(new ClusterAttributeTestCase);
        AddTestCase(new StatsFilesTestCase);
    }
};

/// The static instance that registers the suite.
static CellFreeDynamicTestSuite g_cellFreeDynamicTestSuite;
