/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-central-processor.h"

#include "all-aps-cluster-formation.h"
#include "cell-free-ap-net-device.h"
#include "cell-free-channel-estimation.h"
#include "cell-free-link-budget.h"
#include "cell-free-ns3-compat.h"
#include "cell-free-spectral-efficiency.h"
#include "cell-free-ue-net-device.h"
#include "epa-power-control.h"
#include "incremental-pilot-assigner.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/integer.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeCentralProcessor");

NS_OBJECT_ENSURE_REGISTERED(CellFreeCentralProcessor);

TypeId
CellFreeCentralProcessor::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CellFreeCentralProcessor")
            .SetParent<Object>()
            .SetGroupName("CellFree")
            .AddConstructor<CellFreeCentralProcessor>()
            .AddAttribute("NumAntennas",
                          "N, antennas per AP.",
                          IntegerValue(4),
                          MakeIntegerAccessor(&CellFreeCentralProcessor::m_numAntennas),
                          MakeIntegerChecker<int>(1, 1024))
            .AddAttribute(
                "NumPilots",
                "tau_p, orthonormal pilots (samples per coherence interval), at most 100000 "
                "and fewer than CoherenceSamples.",
                IntegerValue(20),
                MakeIntegerAccessor(&CellFreeCentralProcessor::m_numPilots),
                MakeIntegerChecker<int>(1, 100000))
            .AddAttribute("CoherenceSamples",
                          "tau_c, samples per coherence interval; must exceed NumPilots.",
                          IntegerValue(200),
                          MakeIntegerAccessor(&CellFreeCentralProcessor::m_coherenceSamples),
                          MakeIntegerChecker<int>(2))
            .AddAttribute("CoherenceTime",
                          "T_c, the duration of a coherence interval: the period of power "
                          "control.",
                          TimeValue(MilliSeconds(1)),
                          MakeTimeAccessor(&CellFreeCentralProcessor::m_coherenceTime),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("Bandwidth",
                          "B (Hz): noise power and rate B SE.",
                          DoubleValue(20e6),
                          MakeDoubleAccessor(&CellFreeCentralProcessor::m_bandwidth),
                          MakeDoubleChecker<double>(1.0))
            .AddAttribute("DownlinkPower",
                          "Maximum downlink transmit power per AP (W).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&CellFreeCentralProcessor::m_downlinkPower),
                          MakeDoubleChecker<double>(1e-12))
            .AddAttribute("PilotPower",
                          "Uplink pilot power per UE (W).",
                          DoubleValue(0.2),
                          MakeDoubleAccessor(&CellFreeCentralProcessor::m_pilotPower),
                          MakeDoubleChecker<double>(1e-12))
            .AddAttribute("NoiseFigure",
                          "Receiver noise figure (dB).",
                          DoubleValue(9.0),
                          MakeDoubleAccessor(&CellFreeCentralProcessor::m_noiseFigure),
                          MakeDoubleChecker<double>(0.0, 50.0))
            .AddAttribute("DownlinkShare",
                          "xi, the share of the data samples used for the downlink.",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&CellFreeCentralProcessor::m_downlinkShare),
                          MakeDoubleChecker<double>(1e-6, 1.0))
            .AddAttribute("FadingRefreshInterval",
                          "How often the large-scale fading of active UEs is recomputed from "
                          "their positions; 0 computes it only when a UE arrives.",
                          TimeValue(MilliSeconds(10)),
                          MakeTimeAccessor(&CellFreeCentralProcessor::m_fadingRefreshInterval),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("LatencyMode",
                          "When a new allocation takes effect: Ideal (in the interval it was "
                          "computed for), Fixed (after the algorithm's ComputationLatency), "
                          "Modelled (after the call's work over ProcessorSpeed: deterministic) "
                          "or Measured (after the wall-clock time of the call on this host).",
                          EnumValue(CellFreeCentralProcessor::IDEAL),
                          MakeCellFreeEnumAccessor(&CellFreeCentralProcessor::m_latencyMode),
                          MakeEnumChecker(CellFreeCentralProcessor::IDEAL,
                                          "Ideal",
                                          CellFreeCentralProcessor::FIXED,
                                          "Fixed",
                                          CellFreeCentralProcessor::MEASURED,
                                          "Measured",
                                          CellFreeCentralProcessor::MODELLED,
                                          "Modelled"))
            .AddAttribute("ProcessorSpeed",
                          "The central processor's speed in reference operations per second "
                          "for the Modelled latency mode; 1e9 is one core of the calibration "
                          "machine (CellFreeComputationCost), 2e9 a processor twice as fast.",
                          DoubleValue(1e9),
                          MakeDoubleAccessor(&CellFreeCentralProcessor::m_processorSpeed),
                          MakeDoubleChecker<double>(1e3, 1e18))
            .AddAttribute("PowerControlAlgorithm",
                          "The power-control algorithm; unset: EpaPowerControl.",
                          PointerValue(),
                          MakePointerAccessor(&CellFreeCentralProcessor::m_algorithm),
                          MakePointerChecker<CellFreePowerControlAlgorithm>())
            .AddAttribute("PilotAssigner",
                          "How arriving UEs get pilots; unset: IncrementalPilotAssigner.",
                          PointerValue(),
                          MakePointerAccessor(&CellFreeCentralProcessor::m_pilotAssigner),
                          MakePointerChecker<CellFreePilotAssigner>())
            .AddAttribute("ClusterFormation",
                          "How the serving clusters are formed, re-formed whenever UEs arrive or "
                          "depart and the fading is refreshed; unset: AllApsClusterFormation "
                          "(every AP serves every UE).",
                          PointerValue(),
                          MakePointerAccessor(&CellFreeCentralProcessor::m_clusterFormation),
                          MakePointerChecker<CellFreeClusterFormation>())
            .AddTraceSource("Interval",
                            "Statistics of one coherence interval.",
                            MakeTraceSourceAccessor(&CellFreeCentralProcessor::m_intervalTrace),
                            "ns3::CellFreeCentralProcessor::IntervalTracedCallback")
            .AddTraceSource("UeStats",
                            "One active UE's link in one coherence interval.",
                            MakeTraceSourceAccessor(&CellFreeCentralProcessor::m_ueStatsTrace),
                            "ns3::CellFreeCentralProcessor::UeStatsTracedCallback")
            .AddTraceSource("Arrival",
                            "A UE was admitted (noticed at an interval start).",
                            MakeTraceSourceAccessor(&CellFreeCentralProcessor::m_arrivalTrace),
                            "ns3::CellFreeCentralProcessor::UeEventTracedCallback")
            .AddTraceSource("Departure",
                            "A UE left; its pilot is freed.",
                            MakeTraceSourceAccessor(&CellFreeCentralProcessor::m_departureTrace),
                            "ns3::CellFreeCentralProcessor::UeEventTracedCallback")
            .AddTraceSource("PilotAssignment",
                            "A UE was given a pilot, on arrival or by a reassignment.",
                            MakeTraceSourceAccessor(&CellFreeCentralProcessor::m_pilotTrace),
                            "ns3::CellFreeCentralProcessor::PilotTracedCallback")
            .AddTraceSource("ClusterChange",
                            "A UE's serving cluster changed (on arrival, or when clusters were "
                            "re-formed): its new serving APs.",
                            MakeTraceSourceAccessor(&CellFreeCentralProcessor::m_clusterTrace),
                            "ns3::CellFreeCentralProcessor::ClusterTracedCallback");
    return tid;
}

CellFreeCentralProcessor::CellFreeCentralProcessor()
{
    NS_LOG_FUNCTION(this);
}

void
CellFreeCentralProcessor::DoDispose()
{
    Simulator::Cancel(m_nextInterval);
    m_channel = nullptr;
    m_gateway = nullptr;
    m_algorithm = nullptr;
    m_pilotAssigner = nullptr;
    m_clusterFormation = nullptr;
    Object::DoDispose();
}

void
CellFreeCentralProcessor::SetChannel(Ptr<CellFreeChannel> channel)
{
    m_channel = channel;
}

Ptr<CellFreeChannel>
CellFreeCentralProcessor::GetChannel() const
{
    return m_channel;
}

void
CellFreeCentralProcessor::SetPowerControlAlgorithm(Ptr<CellFreePowerControlAlgorithm> algorithm)
{
    m_algorithm = algorithm;
}

Ptr<CellFreePowerControlAlgorithm>
CellFreeCentralProcessor::GetPowerControlAlgorithm() const
{
    return m_algorithm;
}

void
CellFreeCentralProcessor::SetGateway(Ptr<CellFreeCpNetDevice> gateway)
{
    m_gateway = gateway;
}

Ptr<CellFreeCpNetDevice>
CellFreeCentralProcessor::GetGateway() const
{
    return m_gateway;
}

void
CellFreeCentralProcessor::SetPilotAssigner(Ptr<CellFreePilotAssigner> assigner)
{
    m_pilotAssigner = assigner;
}

Ptr<CellFreePilotAssigner>
CellFreeCentralProcessor::GetPilotAssigner() const
{
    return m_pilotAssigner;
}

const std::vector<uint32_t>&
CellFreeCentralProcessor::GetActiveUes() const
{
    return m_active;
}

int
CellFreeCentralProcessor::GetPilot(uint32_t ueId) const
{
    return ueId < m_pilotOf.size() ? m_pilotOf[ueId] : -1;
}

uint64_t
CellFreeCentralProcessor::GetNumIntervals() const
{
    return m_numIntervals;
}

uint64_t
CellFreeCentralProcessor::GetNumStaleIntervals() const
{
    return m_numStaleIntervals;
}

uint64_t
CellFreeCentralProcessor::GetNumWaitingUeIntervals() const
{
    return m_numWaitingUeIntervals;
}

uint64_t
CellFreeCentralProcessor::GetNumCalls() const
{
    return m_numCalls;
}

CellFreeScenario
CellFreeCentralProcessor::GetScenarioParameters() const
{
    const double noise = ThermalNoisePowerDbm(m_bandwidth, m_noiseFigure);
    CellFreeScenario scenario;
    scenario.numAntennas = m_numAntennas;
    scenario.numPilots = m_numPilots;
    scenario.coherenceSamples = m_coherenceSamples;
    scenario.rhoD = PowerToNoiseRatio(m_downlinkPower, noise);
    scenario.rhoP = PowerToNoiseRatio(m_pilotPower, noise);
    scenario.downlinkShare = m_downlinkShare;
    return scenario;
}

int64_t
CellFreeCentralProcessor::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    NS_ABORT_MSG_IF(!m_channel, "CellFreeCentralProcessor: AssignStreams before SetChannel");
    if (!m_pilotAssigner)
    {
        m_pilotAssigner = CreateObject<IncrementalPilotAssigner>();
    }
    const int64_t used = m_channel->GetLargeScaleFadingModel()->AssignStreams(stream);
    return used + m_pilotAssigner->AssignStreams(stream + used);
}

std::string
CellFreeCentralProcessor::CheckAttributes() const
{
    if (m_coherenceSamples <= m_numPilots)
    {
        return "ns3::CellFreeCentralProcessor::CoherenceSamples (" +
               std::to_string(m_coherenceSamples) + ") must exceed NumPilots (" +
               std::to_string(m_numPilots) + ")";
    }
    return {};
}

void
CellFreeCentralProcessor::Start()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(!m_channel, "CellFreeCentralProcessor: no channel; use CellFreeHelper");
    NS_ABORT_MSG_IF(m_channel->GetAps().empty(), "CellFreeCentralProcessor: no AP installed");
    const std::string invalid = CheckAttributes();
    NS_ABORT_MSG_UNLESS(invalid.empty(), "CellFreeCentralProcessor: " << invalid);
    if (!m_algorithm)
    {
        m_algorithm = CreateObject<EpaPowerControl>();
    }
    if (!m_pilotAssigner)
    {
        m_pilotAssigner = CreateObject<IncrementalPilotAssigner>();
    }
    if (!m_clusterFormation)
    {
        m_clusterFormation = CreateObject<AllApsClusterFormation>();
    }
    const std::string error = m_algorithm->Prepare();
    NS_ABORT_MSG_UNLESS(error.empty(), "CellFreeCentralProcessor: " << error);
    const auto numAps = static_cast<Eigen::Index>(m_channel->GetAps().size());
    const auto poolSize = static_cast<Eigen::Index>(m_channel->GetUes().size());
    m_pilotOf.assign(poolSize, -1);
    m_periodOf.assign(poolSize, 0);
    m_clusterOf.clear();
    m_shadowingDb = Eigen::MatrixXd::Zero(numAps, poolSize);
    m_beta = Eigen::MatrixXd::Ones(numAps, poolSize);
    m_lastRefresh = Simulator::Now();
    Simulator::Cancel(m_nextInterval);
    m_nextInterval = Simulator::ScheduleNow(&CellFreeCentralProcessor::RunInterval, this);
}

bool
CellFreeCentralProcessor::UpdateActiveSet()
{
    const auto& ues = m_channel->GetUes();
    const Time now = Simulator::Now();
    bool changed = false;

    // Departures first, so that their pilots are free for the arrivals.
    for (auto it = m_active.begin(); it != m_active.end();)
    {
        // A UE that left and came back since the last interval start is a departure and a
        // new arrival: it gets a new pilot, shadowing at its new position, and must wait.
        if (ues[*it]->IsActive() && ues[*it]->GetActivationCount() == m_periodOf[*it])
        {
            ++it;
            continue;
        }
        const uint32_t id = *it;
        NS_LOG_INFO("UE " << id << " departs, freeing pilot " << m_pilotOf[id]);
        m_pilotOf[id] = -1;
        m_clusterOf.erase(id); // a return is a new arrival, reported again
        ues[id]->SetLinkState(-1, 0.0, 0.0, 0.0, false);
        it = m_active.erase(it);
        m_departureTrace(now, id);
        if (m_gateway)
        {
            m_gateway->NotifyDeparture(id);
        }
        changed = true;
    }

    std::vector<uint32_t> arrivals;
    for (uint32_t id = 0; id < ues.size(); ++id)
    {
        if (ues[id]->IsActive() &&
            std::find(m_active.begin(), m_active.end(), id) == m_active.end())
        {
            arrivals.push_back(id);
        }
    }
    if (arrivals.empty())
    {
        return changed;
    }
    Ptr<CellFreeLargeScaleFadingModel> fading = m_channel->GetLargeScaleFadingModel();
    const std::vector<Vector> apPositions = m_channel->GetApPositions();
    const std::vector<Vector> arrivalPositions = m_channel->GetUePositions(arrivals);
    // Each activity period gets shadowing drawn at the UE's position on arrival.
    const Eigen::MatrixXd shadowing = fading->DrawShadowing(apPositions, arrivalPositions);
    const Eigen::MatrixXd beta = fading->Compute(apPositions, arrivalPositions, shadowing);
    for (std::size_t i = 0; i < arrivals.size(); ++i)
    {
        m_periodOf[arrivals[i]] = ues[arrivals[i]]->GetActivationCount();
        m_shadowingDb.col(arrivals[i]) = shadowing.col(i);
        m_beta.col(arrivals[i]) = beta.col(i);
        m_active.push_back(arrivals[i]);
        m_arrivalTrace(now, arrivals[i]);
        NS_LOG_INFO("UE " << arrivals[i] << " arrives");
    }

    CellFreeScenario scenario = BuildScenario();
    const std::vector<int> pilots = m_pilotAssigner->Assign(scenario);
    NS_ABORT_MSG_UNLESS(pilots.size() == m_active.size(),
                        "CellFreeCentralProcessor: the pilot assigner returned "
                            << pilots.size() << " pilots for " << m_active.size() << " UEs");
    for (std::size_t k = 0; k < m_active.size(); ++k)
    {
        NS_ABORT_MSG_UNLESS(pilots[k] >= 0 && pilots[k] < m_numPilots,
                            "CellFreeCentralProcessor: pilot " << pilots[k] << " out of range");
        if (pilots[k] != m_pilotOf[m_active[k]])
        {
            m_pilotOf[m_active[k]] = pilots[k];
            m_pilotTrace(now, m_active[k], pilots[k]);
        }
    }
    return true;
}

void
CellFreeCentralProcessor::RefreshFading()
{
    m_lastRefresh = Simulator::Now();
    if (m_active.empty())
    {
        return;
    }
    Ptr<CellFreeLargeScaleFadingModel> fading = m_channel->GetLargeScaleFadingModel();
    Eigen::MatrixXd shadowing(m_shadowingDb.rows(), m_active.size());
    for (std::size_t k = 0; k < m_active.size(); ++k)
    {
        shadowing.col(k) = m_shadowingDb.col(m_active[k]);
    }
    const Eigen::MatrixXd beta = fading->Compute(m_channel->GetApPositions(),
                                                 m_channel->GetUePositions(m_active),
                                                 shadowing);
    bool changed = false;
    for (std::size_t k = 0; k < m_active.size(); ++k)
    {
        if (beta.col(k) != m_beta.col(m_active[k]))
        {
            m_beta.col(m_active[k]) = beta.col(k);
            changed = true;
        }
    }
    if (changed)
    {
        ++m_version; // only moving UEs make a refresh a new state
    }
}

CellFreeScenario
CellFreeCentralProcessor::BuildScenario() const
{
    CellFreeScenario scenario = GetScenarioParameters();
    scenario.beta.resize(m_beta.rows(), m_active.size());
    scenario.pilot.resize(m_active.size());
    for (std::size_t k = 0; k < m_active.size(); ++k)
    {
        scenario.beta.col(k) = m_beta.col(m_active[k]);
        scenario.pilot[k] = m_pilotOf[m_active[k]];
    }
    return scenario;
}

void
CellFreeCentralProcessor::FormClusters(CellFreeScenario& scenario)
{
    scenario.serving = m_clusterFormation->Form(scenario);
    const std::string invalid =
        ValidateServingSets(scenario.serving, scenario.NumAps(), scenario.NumUes());
    NS_ABORT_MSG_UNLESS(invalid.empty(),
                        "CellFreeCentralProcessor: " << m_clusterFormation->GetName()
                                                     << " cluster formation: " << invalid);
    const Time now = Simulator::Now();
    std::vector<int> all;
    for (std::size_t k = 0; k < m_active.size(); ++k)
    {
        const uint32_t id = m_active[k];
        if (scenario.serving.empty() && all.empty())
        {
            all.resize(scenario.NumAps());
            std::iota(all.begin(), all.end(), 0);
        }
        const std::vector<int>& set = scenario.serving.empty() ? all : scenario.serving[k];
        auto [it, inserted] = m_clusterOf.try_emplace(id, set);
        if (inserted || it->second != set)
        {
            it->second = set;
            m_clusterTrace(now, id, set);
        }
    }
}

void
CellFreeCentralProcessor::StartComputation(const CellFreeScenario& scenario,
                                           const CellFreeChannelEstimates& estimates,
                                           CellFreeIntervalStats& stats)
{
    Allocation allocation;
    allocation.ues = m_active;
    for (uint32_t id : m_active)
    {
        allocation.periods.push_back(m_periodOf[id]);
    }
    allocation.version = m_version;
    allocation.valid = true;
    Time latency;
    if (m_active.empty())
    {
        allocation.eta.resize(scenario.NumAps(), 0); // nothing to compute
    }
    else
    {
        const CellFreePowerControlResult result = m_algorithm->Allocate(scenario, estimates);
        NS_ABORT_MSG_UNLESS(result.error.empty(),
                            "CellFreeCentralProcessor at " << Simulator::Now().As(Time::S) << ": "
                                                           << result.error);
        allocation.eta = result.eta;
        ++m_numCalls;
        stats.computed = true;
        stats.runtimeSeconds = result.runtimeSeconds;
        if (m_latencyMode == FIXED)
        {
            latency = m_algorithm->GetComputationLatency();
        }
        else if (m_latencyMode == MEASURED)
        {
            latency = Seconds(result.runtimeSeconds);
        }
        else if (m_latencyMode == MODELLED)
        {
            // Whole nanoseconds, so that the latency is exact and the same on every host.
            const double ns = std::ceil(result.operations / m_processorSpeed * 1e9);
            NS_ABORT_MSG_UNLESS(std::isfinite(ns) && ns >= 0.0,
                                "CellFreeCentralProcessor: " << m_algorithm->GetName()
                                                             << " reported a work that is not a "
                                                                "finite, non-negative number");
            latency = NanoSeconds(static_cast<int64_t>(std::min(ns, 1e15)));
        }
        stats.latencySeconds = latency.GetSeconds();
    }
    allocation.readyAt = Simulator::Now() + latency;
    if (allocation.readyAt <= Simulator::Now())
    {
        m_inForce = std::move(allocation);
    }
    else
    {
        m_pending = std::move(allocation);
    }
}

void
CellFreeCentralProcessor::Serve(const CellFreeScenario& scenario,
                                const CellFreeChannelEstimates& estimates,
                                CellFreeIntervalStats& stats)
{
    const auto numAps = scenario.NumAps();
    const auto numUes = scenario.NumUes();
    Eigen::MatrixXd eta = Eigen::MatrixXd::Zero(numAps, numUes);
    std::vector<bool> served(numUes, false);
    for (int k = 0; k < numUes; ++k)
    {
        const auto it = std::find(m_inForce.ues.begin(), m_inForce.ues.end(), m_active[k]);
        const auto column = it - m_inForce.ues.begin();
        if (it != m_inForce.ues.end() && m_inForce.periods[column] == m_periodOf[m_active[k]])
        {
            eta.col(k) = m_inForce.eta.col(column);
            served[k] = true;
        }
    }
    if (scenario.IsUserCentric())
    {
        // A stale allocation may give power to pairs that left the clusters since: they stop,
        // and a UE none of whose serving APs it covers is not served.
        eta = eta.cwiseProduct(ServingMask(scenario.serving, numAps, numUes));
        for (int k = 0; k < numUes; ++k)
        {
            served[k] = served[k] && (eta.col(k).array() > 0.0).any();
        }
    }
    // A stale allocation may exceed a budget under the current estimates: the AP scales down.
    Eigen::VectorXd share = ApPowerShare(scenario, estimates, eta);
    for (Eigen::Index m = 0; m < numAps; ++m)
    {
        if (share(m) > 1.0)
        {
            eta.row(m) /= share(m);
            share(m) = 1.0;
        }
        m_channel->GetAps()[m]->SetPowerShare(share(m));
    }
    const Eigen::VectorXd sinr =
        ComputeDownlinkSinr(scenario, estimates, PowerToAmplitude(eta, estimates.gamma));
    const Eigen::VectorXd se = ComputeSpectralEfficiency(scenario, sinr);

    stats.numActive = numUes;
    stats.stale = m_inForce.version != m_version;
    for (int k = 0; k < numUes; ++k)
    {
        CellFreeUeStats ue;
        ue.time = stats.time;
        ue.ueId = m_active[k];
        ue.pilot = scenario.pilot[k];
        ue.sinr = sinr(k);
        ue.se = se(k);
        ue.rate = m_bandwidth * se(k);
        ue.served = served[k];
        ue.clusterSize = scenario.IsUserCentric() ? static_cast<int>(scenario.serving[k].size())
                                                  : static_cast<int>(numAps);
        stats.numServed += served[k] ? 1 : 0;
        m_channel->GetUes()[ue.ueId]->SetLinkState(ue.pilot, ue.sinr, ue.se, ue.rate, ue.served);
        m_ueStatsTrace(ue);
        if (m_gateway)
        {
            m_gateway->DeliverInterval(ue.ueId, ue.served ? ue.rate : 0.0, m_coherenceTime);
        }
    }
    stats.numWaiting = stats.numActive - stats.numServed;
    if (numUes > 0)
    {
        stats.minSe = se.minCoeff();
        stats.meanSe = se.mean();
        stats.sumSe = se.sum();
    }
}

void
CellFreeCentralProcessor::RunInterval()
{
    const Time now = Simulator::Now();
    NS_LOG_FUNCTION(this << now.As(Time::MS));
    CellFreeIntervalStats stats;
    stats.time = now;
    stats.algorithm = m_algorithm->GetName();

    if (m_pending.valid && m_pending.readyAt <= now)
    {
        m_inForce = std::move(m_pending);
        m_pending = Allocation();
    }
    if (UpdateActiveSet())
    {
        ++m_version;
    }
    if (m_fadingRefreshInterval.IsStrictlyPositive() &&
        now - m_lastRefresh >= m_fadingRefreshInterval)
    {
        RefreshFading();
    }

    CellFreeScenario scenario = BuildScenario();
    FormClusters(scenario);
    const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
    if (!m_pending.valid && (!m_inForce.valid || m_inForce.version != m_version))
    {
        StartComputation(scenario, estimates, stats);
    }
    Serve(scenario, estimates, stats);

    ++m_numIntervals;
    m_numStaleIntervals += stats.stale ? 1 : 0;
    m_numWaitingUeIntervals += stats.numWaiting;
    m_intervalTrace(stats);
    m_nextInterval =
        Simulator::Schedule(m_coherenceTime, &CellFreeCentralProcessor::RunInterval, this);
}

} // namespace ns3
