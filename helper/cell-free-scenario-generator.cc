/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-scenario-generator.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/cell-free-ns3-compat.h"
#include "ns3/cell-free-pilot-assignment.h"
#include "ns3/cell-free-serving-clusters.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/integer.h"
#include "ns3/log.h"
#include "ns3/pointer.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeScenarioGenerator");

NS_OBJECT_ENSURE_REGISTERED(CellFreeScenarioGenerator);

TypeId
CellFreeScenarioGenerator::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CellFreeScenarioGenerator")
            .SetParent<Object>()
            .SetGroupName("CellFree")
            .AddConstructor<CellFreeScenarioGenerator>()
            .AddAttribute("PilotAssignment",
                          "How pilots are given to the UEs drawn.",
                          EnumValue(CellFreeScenarioGenerator::RANDOM_PILOTS),
                          MakeCellFreeEnumAccessor(&CellFreeScenarioGenerator::m_pilotAssignment),
                          MakeEnumChecker(CellFreeScenarioGenerator::RANDOM_PILOTS,
                                          "Random",
                                          CellFreeScenarioGenerator::GREEDY_PILOTS,
                                          "Greedy",
                                          CellFreeScenarioGenerator::UNBALANCED_PILOTS,
                                          "Unbalanced",
                                          CellFreeScenarioGenerator::UNIFORM_PILOTS,
                                          "Uniform",
                                          CellFreeScenarioGenerator::INCREMENTAL_PILOTS,
                                          "Incremental",
                                          CellFreeScenarioGenerator::DCC_PILOTS,
                                          "Dcc"))
            .AddAttribute("ClusterFormation",
                          "The serving clusters of the drawn scenarios (none: every AP serves "
                          "every UE).",
                          PointerValue(),
                          MakePointerAccessor(&CellFreeScenarioGenerator::m_clusterFormation),
                          MakePointerChecker<CellFreeClusterFormation>())
            .AddAttribute("GreedyIterations",
                          "The largest number of moves of the greedy pilot assignment.",
                          IntegerValue(100),
                          MakeIntegerAccessor(&CellFreeScenarioGenerator::m_greedyIterations),
                          MakeIntegerChecker<int>(0))
            .AddAttribute("IncrementalStrongestAps",
                          "|S|, the strongest APs of a newcomer at which the incremental "
                          "pilot assignment measures contamination.",
                          IntegerValue(10),
                          MakeIntegerAccessor(&CellFreeScenarioGenerator::m_incrementalAps),
                          MakeIntegerChecker<int>(1));
    return tid;
}

CellFreeScenarioGenerator::CellFreeScenarioGenerator()
    : m_preset(CellFreePreset::Default()),
      m_uniform(CreateObject<UniformRandomVariable>()),
      m_fading(CreateObject<CellFreeLargeScaleFadingModel>())
{
    NS_LOG_FUNCTION(this);
    ConfigureFading();
}

void
CellFreeScenarioGenerator::DoDispose()
{
    m_uniform = nullptr;
    m_clusterFormation = nullptr;
    m_fading = nullptr;
    Object::DoDispose();
}

void
CellFreeScenarioGenerator::SetPreset(const CellFreePreset& preset)
{
    NS_LOG_FUNCTION(this << preset.name);
    NS_ABORT_MSG_UNLESS(preset.numAps >= 1 && preset.minUes >= 0 &&
                            preset.maxUes >= preset.minUes && preset.numPilots >= 1,
                        "CellFreeScenarioGenerator: preset '" << preset.name
                                                              << "' has inconsistent sizes");
    m_preset = preset;
    ConfigureFading();
}

const CellFreePreset&
CellFreeScenarioGenerator::GetPreset() const
{
    return m_preset;
}

void
CellFreeScenarioGenerator::SetPilotAssignment(PilotAssignment assignment)
{
    m_pilotAssignment = assignment;
}

bool
CellFreeScenarioGenerator::ParsePilotAssignment(const std::string& name,
                                                PilotAssignment& assignment)
{
    for (auto a : {RANDOM_PILOTS,
                   GREEDY_PILOTS,
                   UNBALANCED_PILOTS,
                   UNIFORM_PILOTS,
                   INCREMENTAL_PILOTS,
                   DCC_PILOTS})
    {
        if (PilotAssignmentName(a) == name)
        {
            assignment = a;
            return true;
        }
    }
    return false;
}

std::string
CellFreeScenarioGenerator::PilotAssignmentName(PilotAssignment assignment)
{
    switch (assignment)
    {
    case RANDOM_PILOTS:
        return "random";
    case GREEDY_PILOTS:
        return "greedy";
    case UNBALANCED_PILOTS:
        return "unbalanced";
    case UNIFORM_PILOTS:
        return "uniform";
    case INCREMENTAL_PILOTS:
        return "incremental";
    case DCC_PILOTS:
        return "dcc";
    }
    return "";
}

void
CellFreeScenarioGenerator::ConfigureFading()
{
    m_fading->SetAttribute("WrapAroundSide", DoubleValue(m_preset.areaSide));
    Ptr<CellFreeShadowingModel> shadowing = m_fading->GetShadowingModel();
    shadowing->SetAttribute("Sigma", DoubleValue(m_preset.shadowingSigmaDb));
    shadowing->SetAttribute("Correlated", BooleanValue(m_preset.correlatedShadowing));
}

CellFreeScenario
CellFreeScenarioGenerator::Generate(int numUes)
{
    NS_LOG_FUNCTION(this << numUes);
    if (numUes < 0)
    {
        numUes = static_cast<int>(m_uniform->GetInteger(m_preset.minUes, m_preset.maxUes));
    }
    auto drawPositions = [this](int count) {
        std::vector<Vector> positions(count);
        for (auto& position : positions)
        {
            position.x = m_uniform->GetValue(0.0, m_preset.areaSide);
            position.y = m_uniform->GetValue(0.0, m_preset.areaSide);
        }
        return positions;
    };
    m_apPositions = drawPositions(m_preset.numAps);
    m_uePositions = drawPositions(numUes);

    CellFreeScenario scenario;
    scenario.numAntennas = m_preset.numAntennas;
    scenario.numPilots = m_preset.numPilots;
    scenario.coherenceSamples = m_preset.coherenceSamples;
    scenario.rhoD = m_preset.RhoD();
    scenario.rhoP = m_preset.RhoP();
    scenario.downlinkShare = m_preset.downlinkShare;
    scenario.beta = m_fading->Compute(m_apPositions, m_uePositions);
    switch (m_pilotAssignment)
    {
    case RANDOM_PILOTS:
        scenario.pilot = AssignPilotsRandomly(numUes, m_preset.numPilots, m_uniform);
        break;
    case GREEDY_PILOTS:
        scenario.pilot = AssignPilotsRandomly(numUes, m_preset.numPilots, m_uniform);
        scenario.pilot = AssignPilotsGreedily(scenario, m_greedyIterations);
        break;
    case UNBALANCED_PILOTS:
        scenario.pilot = AssignPilotsUnbalanced(numUes, m_preset.numPilots, m_uniform);
        break;
    case UNIFORM_PILOTS:
        scenario.pilot = AssignPilotsUniformly(numUes, m_preset.numPilots, m_uniform);
        break;
    case INCREMENTAL_PILOTS:
        // As in a running network: the UEs arrive one after the other, none is ever moved.
        scenario.pilot.assign(numUes, -1);
        for (int k = 0; k < numUes; ++k)
        {
            scenario.pilot[k] = AssignPilotIncrementally(scenario.beta,
                                                         scenario.pilot,
                                                         k,
                                                         m_preset.numPilots,
                                                         m_incrementalAps);
        }
        break;
    case DCC_PILOTS:
        scenario.pilot = AssignPilotsDcc(scenario.beta, m_preset.numPilots);
        break;
    }
    if (m_clusterFormation)
    {
        scenario.serving = m_clusterFormation->Form(scenario);
    }
    return scenario;
}

void
CellFreeScenarioGenerator::SetClusterFormation(Ptr<CellFreeClusterFormation> formation)
{
    m_clusterFormation = formation;
}

const std::vector<Vector>&
CellFreeScenarioGenerator::GetApPositions() const
{
    return m_apPositions;
}

const std::vector<Vector>&
CellFreeScenarioGenerator::GetUePositions() const
{
    return m_uePositions;
}

int64_t
CellFreeScenarioGenerator::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_uniform->SetStream(stream);
    return 1 + m_fading->AssignStreams(stream + 1);
}

} // namespace ns3
