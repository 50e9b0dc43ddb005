/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-operating-envelope.h"

#include "ns3/abort.h"
#include "ns3/dcc-cluster-formation.h"
#include "ns3/double.h"
#include "ns3/integer.h"
#include "ns3/log.h"
#include "ns3/strongest-aps-cluster-formation.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeOperatingEnvelope");

NS_OBJECT_ENSURE_REGISTERED(CellFreeOperatingEnvelope);

namespace
{

/// The side (m) of a square holding M APs at a density (APs per km^2).
double
SideFor(int numAps, double density)
{
    return std::sqrt(numAps / density) * 1e3;
}

/// A default-preset slice with M APs and K in [minUes, maxUes].
CellFreeEnvelopeSlice
DefaultSlice(const std::string& name, int numAps, int minUes, int maxUes, int numAntennas = 4)
{
    CellFreeEnvelopeSlice slice;
    slice.name = name;
    slice.preset = CellFreePreset::Default();
    slice.preset.numAps = numAps;
    slice.preset.numAntennas = numAntennas;
    slice.preset.areaSide = SideFor(numAps, CellFreeOperatingEnvelope::kMaxDensity);
    slice.preset.minUes = minUes;
    slice.preset.maxUes = maxUes;
    return slice;
}

/// An ngo2017 slice (its density, powers, N = 1 and correlated shadowing) with M APs.
CellFreeEnvelopeSlice
NgoSlice(const std::string& name, int numAps, int minUes, int maxUes)
{
    CellFreeEnvelopeSlice slice;
    slice.name = name;
    slice.preset = CellFreePreset::Ngo2017();
    slice.preset.numAps = numAps;
    slice.preset.areaSide = SideFor(numAps, CellFreeOperatingEnvelope::kMinDensity);
    slice.preset.minUes = minUes;
    slice.preset.maxUes = maxUes;
    return slice;
}

} // namespace

TypeId
CellFreeOperatingEnvelope::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CellFreeOperatingEnvelope")
            .SetParent<Object>()
            .SetGroupName("CellFree")
            .AddConstructor<CellFreeOperatingEnvelope>()
            .AddAttribute("UserCentricShare",
                          "The share of training draws with serving clusters (half strongest L, "
                          "L uniform in 5-20, half DCC with its pilots); 0: every AP serves "
                          "every UE (the draws of the shipped model's first 14,000 steps; its "
                          "last 3,000 used 0.5).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&CellFreeOperatingEnvelope::m_userCentricShare),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("HighReuseShare",
                          "The share of training steps drawn from the high-reuse family "
                          "(DrawHighReuse: the city's density and load, 10-25 UEs per pilot, "
                          "serving clusters); 0: none (the shipped model's first 17,000 steps).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&CellFreeOperatingEnvelope::m_highReuseShare),
                          MakeDoubleChecker<double>(0.0, 1.0));
    return tid;
}

CellFreeOperatingEnvelope::CellFreeOperatingEnvelope()
    : m_uniform(CreateObject<UniformRandomVariable>()),
      m_generator(CreateObject<CellFreeScenarioGenerator>())
{
    NS_LOG_FUNCTION(this);
}

void
CellFreeOperatingEnvelope::DoDispose()
{
    m_uniform = nullptr;
    m_generator = nullptr;
    Object::DoDispose();
}

int
CellFreeOperatingEnvelope::MaxUes(int numAps)
{
    return std::max(1,
                    std::min(kMaxUesPerPilot * kNumPilots,
                             static_cast<int>(std::floor(kMaxUesPerAp * numAps + 1e-9))));
}

int
CellFreeOperatingEnvelope::DrawNumAps()
{
    return DrawLogUniformAps(kMinAps);
}

int
CellFreeOperatingEnvelope::DrawLogUniformAps(int minAps)
{
    const double logM = m_uniform->GetValue(std::log(double(minAps)), std::log(kMaxAps + 1.0));
    return std::clamp(static_cast<int>(std::exp(logM)), minAps, kMaxAps);
}

CellFreeEnvelopeSlice
CellFreeOperatingEnvelope::DrawSlice(const std::string& name, int numAps, double density)
{
    CellFreeEnvelopeSlice slice;
    CellFreePreset& p = slice.preset;
    p = CellFreePreset::Default();
    p.name = name;
    p.numAps = numAps;
    p.areaSide = SideFor(numAps, density);
    // In this order: the draws of the shipped model's all-serve-all training steps.
    p.numAntennas = 1 << m_uniform->GetInteger(0, 3);
    p.downlinkPower = std::exp(m_uniform->GetValue(std::log(0.2), std::log(1.0)));
    p.pilotPower = std::exp(m_uniform->GetValue(std::log(0.1), std::log(0.2)));
    p.correlatedShadowing = m_uniform->GetValue() < 0.5;
    p.downlinkShare = m_uniform->GetValue() < 0.5 ? 0.5 : 1.0;
    return slice;
}

void
CellFreeOperatingEnvelope::DrawClusterRule(CellFreeEnvelopeSlice& slice)
{
    if (m_uniform->GetValue() < 0.5)
    {
        slice.clusters = "strongest";
        slice.clusterSize = static_cast<int>(m_uniform->GetInteger(5, 20));
    }
    else
    {
        slice.clusters = "dcc";
        slice.pilots = CellFreeScenarioGenerator::DCC_PILOTS;
    }
}

CellFreeScenario
CellFreeOperatingEnvelope::Draw(int numAps)
{
    NS_LOG_FUNCTION(this << numAps);
    const double density =
        std::exp(m_uniform->GetValue(std::log(kMinDensity), std::log(kMaxDensity)));
    CellFreeEnvelopeSlice slice = DrawSlice("envelope", numAps, density);
    CellFreePreset& p = slice.preset;
    p.numPilots = kNumPilots;
    p.minUes = 1;
    p.maxUes = MaxUes(numAps);
    slice.pilots = static_cast<CellFreeScenarioGenerator::PilotAssignment>(
        m_uniform->GetInteger(0, CellFreeScenarioGenerator::INCREMENTAL_PILOTS));
    // Drawn after everything else, and only when asked for, so that the draws without serving
    // clusters are those the shipped model was trained on.
    if (m_userCentricShare > 0.0 && m_uniform->GetValue() < m_userCentricShare)
    {
        DrawClusterRule(slice);
    }
    return Draw(slice);
}

bool
CellFreeOperatingEnvelope::DrawsHighReuseStep()
{
    return m_highReuseShare > 0.0 && m_uniform->GetValue() < m_highReuseShare;
}

int
CellFreeOperatingEnvelope::DrawHighReuseNumAps()
{
    return DrawLogUniformAps(kMinHighReuseAps);
}

double
CellFreeOperatingEnvelope::MeanHighReuseUes(int numAps)
{
    return 0.5 * (kMinHighReuseLoad + kMaxHighReuseLoad) * numAps;
}

CellFreeScenario
CellFreeOperatingEnvelope::DrawHighReuse(int numAps)
{
    NS_LOG_FUNCTION(this << numAps);
    // The city's AP density (CellFreePreset::City) on a smaller square: its UEs per AP and,
    // through tau_p = K / r, its UEs per pilot.
    CellFreeEnvelopeSlice slice = DrawSlice("envelope-high-reuse", numAps, kMaxDensity);
    CellFreePreset& p = slice.preset;
    const int numUes =
        std::max(1,
                 static_cast<int>(std::lround(
                     m_uniform->GetValue(kMinHighReuseLoad, kMaxHighReuseLoad) * numAps)));
    p.minUes = numUes;
    p.maxUes = numUes;
    p.numPilots = std::clamp(
        static_cast<int>(std::lround(numUes / m_uniform->GetValue(kMinReuse, kMaxReuse))),
        1,
        kNumPilots);
    DrawClusterRule(slice);
    if (slice.clusters == "strongest")
    {
        slice.pilots = static_cast<CellFreeScenarioGenerator::PilotAssignment>(
            m_uniform->GetInteger(0, CellFreeScenarioGenerator::INCREMENTAL_PILOTS));
    }
    return Draw(slice);
}

CellFreeScenario
CellFreeOperatingEnvelope::Draw(const CellFreeEnvelopeSlice& slice)
{
    NS_LOG_FUNCTION(this << slice.name);
    m_generator->SetPreset(slice.preset);
    m_generator->SetPilotAssignment(slice.pilots);
    Ptr<CellFreeClusterFormation> formation;
    if (slice.clusters == "strongest")
    {
        formation = CreateObject<StrongestApsClusterFormation>();
        formation->SetAttribute("ClusterSize", IntegerValue(slice.clusterSize));
    }
    else if (slice.clusters == "dcc")
    {
        formation = CreateObject<DccClusterFormation>();
    }
    else
    {
        NS_ABORT_MSG_UNLESS(slice.clusters == "all",
                            "CellFreeOperatingEnvelope: unknown clusters '" << slice.clusters
                                                                            << "'");
    }
    m_generator->SetClusterFormation(formation);
    return m_generator->Generate();
}

std::vector<CellFreeEnvelopeSlice>
CellFreeOperatingEnvelope::Slices()
{
    using G = CellFreeScenarioGenerator;
    std::vector<CellFreeEnvelopeSlice> slices{
        DefaultSlice("K=1", 100, 1, 1),
        DefaultSlice("K=5", 100, 5, 5),
        DefaultSlice("K=10", 100, 10, 10),
        DefaultSlice("K=20-40", 100, 20, 40),
    };
    for (auto pilots :
         {G::GREEDY_PILOTS, G::UNBALANCED_PILOTS, G::UNIFORM_PILOTS, G::INCREMENTAL_PILOTS})
    {
        CellFreeEnvelopeSlice s =
            DefaultSlice("K=20-40 " + G::PilotAssignmentName(pilots), 100, 20, 40);
        s.pilots = pilots;
        slices.push_back(s);
    }
    slices.push_back(DefaultSlice("K=60", 100, 60, 60));
    slices.push_back(DefaultSlice("K=80", 100, 80, 80));
    CellFreeEnvelopeSlice unbalanced80 = DefaultSlice("K=80 unbalanced", 100, 80, 80);
    unbalanced80.pilots = G::UNBALANCED_PILOTS;
    slices.push_back(unbalanced80);
    slices.push_back(DefaultSlice("M=20 K=8-16", 20, 8, 16));
    slices.push_back(DefaultSlice("M=50 K=20-40", 50, 20, 40));
    slices.push_back(DefaultSlice("M=200 K=20-40", 200, 20, 40));
    slices.push_back(DefaultSlice("M=200 K=80", 200, 80, 80));
    slices.push_back(DefaultSlice("M=400 K=80", 400, 80, 80));
    slices.push_back(DefaultSlice("N=1 K=20-40", 100, 20, 40, 1));
    slices.push_back(DefaultSlice("N=2 K=20-40", 100, 20, 40, 2));
    slices.push_back(DefaultSlice("N=8 K=20-40", 100, 20, 40, 8));
    slices.push_back(NgoSlice("ngo2017 K=20", 100, 20, 20));
    slices.push_back(NgoSlice("ngo2017 K=40", 100, 40, 40));
    slices.push_back(NgoSlice("ngo2017 K=80", 100, 80, 80));
    slices.push_back(NgoSlice("ngo2017 M=400 K=80", 400, 80, 80));
    return slices;
}

std::vector<CellFreeEnvelopeSlice>
CellFreeOperatingEnvelope::UserCentricSlices(bool withCity)
{
    std::vector<CellFreeEnvelopeSlice> slices;
    auto add = [&slices](CellFreeEnvelopeSlice s) {
        CellFreeEnvelopeSlice strongest = s;
        strongest.name += " L=10";
        strongest.clusters = "strongest";
        slices.push_back(strongest);
        s.name += " DCC";
        s.clusters = "dcc";
        s.pilots = CellFreeScenarioGenerator::DCC_PILOTS;
        slices.push_back(s);
    };
    add(DefaultSlice("K=20-40", 100, 20, 40));
    add(DefaultSlice("K=60", 100, 60, 60));
    if (withCity)
    {
        CellFreeEnvelopeSlice city;
        city.name = "city";
        city.preset = CellFreePreset::City();
        add(city);
    }
    return slices;
}

std::vector<CellFreeEnvelopeSlice>
CellFreeOperatingEnvelope::GridSlices()
{
    std::vector<CellFreeEnvelopeSlice> slices;
    for (int k : {5, 10, 20, 40, 60, 80})
    {
        for (int m : {20, 50, 100, 200, 400})
        {
            if (k <= MaxUes(m))
            {
                slices.push_back(
                    DefaultSlice("K=" + std::to_string(k) + " M=" + std::to_string(m), m, k, k));
            }
        }
    }
    return slices;
}

int64_t
CellFreeOperatingEnvelope::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_uniform->SetStream(stream);
    return 1 + m_generator->AssignStreams(stream + 1);
}

} // namespace ns3
