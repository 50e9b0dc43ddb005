/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The GAT's operating envelope: the pilot assignments it is trained on, the envelope's draws,
// the shipped model on a few scenarios of every slice, and the out-of-envelope warning.
// Torch-free (GatPowerControl and the model file only).

#include "ns3/cell-free-apg-solver.h"
#include "ns3/cell-free-gat-graph.h"
#include "ns3/cell-free-gat-model-file.h"
#include "ns3/cell-free-operating-envelope.h"
#include "ns3/cell-free-pilot-assignment.h"
#include "ns3/cell-free-scenario-generator.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/cell-free-utility.h"
#include "ns3/epa-power-control.h"
#include "ns3/gat-power-control.h"
#include "ns3/test.h"
#include "ns3/uinteger.h"

#include <cmath>
#include <map>
#include <set>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeGatEnvelopeTest");

namespace
{

/// UEs per pilot.
std::map<int, int>
GroupSizes(const std::vector<int>& pilot)
{
    std::map<int, int> sizes;
    for (int p : pilot)
    {
        ++sizes[p];
    }
    return sizes;
}

/// min-SE of an allocation.
double
MinSeOf(const CellFreeScenario& scenario,
        const CellFreeChannelEstimates& estimates,
        const Eigen::MatrixXd& eta)
{
    return MinSe(ComputeSpectralEfficiency(
        scenario,
        ComputeDownlinkSinr(scenario, estimates, PowerToAmplitude(eta, estimates.gamma))));
}

} // namespace

/**
 * \ingroup cell-free-tests
 * The pilot assignments of the generator: unbalanced gives the first tau_p UEs distinct pilots,
 * uniform may reuse pilots below tau_p, incremental is the running network's rule applied UE
 * after UE, and every scheme is reproducible.
 */
class GatEnvelopePilotTestCase : public TestCase
{
  public:
    GatEnvelopePilotTestCase()
        : TestCase("Unbalanced, uniform and incremental pilot assignments")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<UniformRandomVariable> uniform = CreateObject<UniformRandomVariable>();
        uniform->SetStream(3);
        const std::vector<int> unbalanced = AssignPilotsUnbalanced(60, 20, uniform);
        std::set<int> first(unbalanced.begin(), unbalanced.begin() + 20);
        NS_TEST_EXPECT_MSG_EQ(first.size(), 20, "the first tau_p UEs have distinct pilots");
        int largest = 0;
        for (const auto& [p, n] : GroupSizes(unbalanced))
        {
            largest = std::max(largest, n);
        }
        NS_TEST_EXPECT_MSG_GT(largest, 3, "groups are unbalanced (balanced would be 3)");
        const std::vector<int> uniformPilots = AssignPilotsUniformly(15, 20, uniform);
        NS_TEST_EXPECT_MSG_LT(GroupSizes(uniformPilots).size(), 15, "uniform reuses pilots");

        CellFreePreset preset = CellFreePreset::Default();
        Ptr<CellFreeScenarioGenerator> generator = CreateObject<CellFreeScenarioGenerator>();
        generator->SetPreset(preset);
        generator->SetPilotAssignment(CellFreeScenarioGenerator::INCREMENTAL_PILOTS);
        generator->AssignStreams(11);
        const CellFreeScenario s = generator->Generate(45);
        std::vector<int> sequential(45, -1);
        for (int k = 0; k < 45; ++k)
        {
            sequential[k] = AssignPilotIncrementally(s.beta, sequential, k, 20, 10);
        }
        NS_TEST_EXPECT_MSG_EQ((s.pilot == sequential), true, "incremental, UE after UE");
        NS_TEST_EXPECT_MSG_EQ(
            GroupSizes(std::vector<int>(s.pilot.begin(), s.pilot.begin() + 20)).size(),
            20,
            "orthogonal while K <= tau_p");
        for (const char* name : {"random", "greedy", "unbalanced", "uniform", "incremental"})
        {
            CellFreeScenarioGenerator::PilotAssignment a;
            NS_TEST_ASSERT_MSG_EQ(CellFreeScenarioGenerator::ParsePilotAssignment(name, a),
                                  true,
                                  name);
            NS_TEST_EXPECT_MSG_EQ(CellFreeScenarioGenerator::PilotAssignmentName(a), name, name);
            generator->SetPilotAssignment(a);
            generator->AssignStreams(5);
            const std::vector<int> once = generator->Generate(30).pilot;
            generator->AssignStreams(5);
            NS_TEST_EXPECT_MSG_EQ((generator->Generate(30).pilot == once), true, "reproducible");
            NS_TEST_EXPECT_MSG_EQ(generator->Generate(30).Validate(), "", name);
        }
        CellFreeScenarioGenerator::PilotAssignment a;
        NS_TEST_EXPECT_MSG_EQ(CellFreeScenarioGenerator::ParsePilotAssignment("best", a),
                              false,
                              "unknown name");
    }
};

/**
 * \ingroup cell-free-tests
 * The envelope's training draws stay inside it, and its quantities are measured and checked.
 */
class GatEnvelopeDrawTestCase : public TestCase
{
  public:
    GatEnvelopeDrawTestCase()
        : TestCase("Envelope draws and the envelope check")
    {
    }

  private:
    void DoRun() override
    {
        using E = CellFreeOperatingEnvelope;
        NS_TEST_EXPECT_MSG_EQ(E::MaxUes(20), 16, "0.8 M");
        NS_TEST_EXPECT_MSG_EQ(E::MaxUes(400), 80, "4 tau_p");
        NS_TEST_EXPECT_MSG_EQ(E::MaxUes(1), 1, "at least one");
        Ptr<E> envelope = CreateObject<E>();
        envelope->AssignStreams(100);
        std::set<int> antennas;
        CellFreeGatEnvelope covered;
        for (int i = 0; i < 40; ++i)
        {
            const int m = envelope->DrawNumAps();
            NS_TEST_ASSERT_MSG_EQ((m >= E::kMinAps && m <= E::kMaxAps), true, "M " << m);
            const CellFreeScenario s = envelope->Draw(m);
            NS_TEST_ASSERT_MSG_EQ(s.Validate(), "", "valid");
            NS_TEST_EXPECT_MSG_EQ((s.NumUes() >= 1 && s.NumUes() <= E::MaxUes(s.NumAps())),
                                  true,
                                  "K " << s.NumUes());
            antennas.insert(s.numAntennas);
            covered.Include(CellFreeGatEnvelope::Of(s));
        }
        NS_TEST_EXPECT_MSG_EQ(antennas.size(), 4, "N in {1, 2, 4, 8}");
        NS_TEST_EXPECT_MSG_EQ(covered.minAntennas, 1, "N = 1 drawn");
        NS_TEST_EXPECT_MSG_EQ(covered.maxAntennas, 8, "N = 8 drawn");
        NS_TEST_EXPECT_MSG_LT(covered.minDownlinkSnrDb, covered.maxDownlinkSnrDb, "SNR spread");

        // The check names the first quantity outside, with its value and range.
        envelope->AssignStreams(7);
        CellFreeScenario s = envelope->Draw(E::Slices()[3]); // K = 20-40 at M = 100
        NS_TEST_EXPECT_MSG_EQ(covered.Violation(s).find("M (APs)"), std::string::npos, "inside");
        s.numAntennas = 16;
        const std::string v = covered.Violation(s);
        NS_TEST_EXPECT_MSG_NE(v.find("N (antennas per AP) = 16"), std::string::npos, v);
        NS_TEST_EXPECT_MSG_EQ(CellFreeGatEnvelope().Violation(s), "", "an empty envelope");
        // A scenario without UEs has no quantities and widens nothing.
        CellFreeScenario empty = s;
        empty.beta.resize(s.NumAps(), 0);
        empty.pilot.clear();
        CellFreeGatEnvelope widened = covered;
        widened.Include(CellFreeGatEnvelope::Of(empty));
        NS_TEST_EXPECT_MSG_EQ(widened.minDownlinkSnrDb, covered.minDownlinkSnrDb, "unchanged");
        NS_TEST_EXPECT_MSG_EQ(widened.minAps, covered.minAps, "unchanged");
        // A warm start that is not finite falls back to EPA's start: a finite, feasible result.
        const CellFreeChannelEstimates estimates = EstimateChannels(s);
        CellFreeApgOptions options;
        options.maxIterations = 5;
        options.warnAtCap = false;
        options.initialAmplitudes = Eigen::MatrixXd::Constant(s.NumAps(), s.NumUes(), std::nan(""));
        const CellFreeApgResult refined = SolveApg(s, estimates, options);
        NS_TEST_EXPECT_MSG_EQ(refined.eta.allFinite(), true, "finite");
        NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, estimates, refined.eta, 1e-9),
                              true,
                              "feasible");
        NS_TEST_EXPECT_MSG_EQ(E::Slices().size(), 23, "slices");
        NS_TEST_EXPECT_MSG_EQ(E::GridSlices().size(), 24, "grid cells with K <= 0.8 M");
    }
};

/**
 * \ingroup cell-free-tests
 * The shipped model (with its default refinement) on two scenarios of every envelope slice:
 * feasible, inside its envelope, and never below EPA's min-SE (strictly above it where there is
 * more than one UE to balance).
 */
class GatEnvelopeShippedModelTestCase : public TestCase
{
  public:
    GatEnvelopeShippedModelTestCase()
        : TestCase("The shipped GAT is feasible and beats EPA on every envelope slice")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<GatPowerControl> gat = CreateObject<GatPowerControl>();
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(gat->LoadModel(error), true, error);
        NS_TEST_EXPECT_MSG_EQ(gat->GetModelMetadata().preset, "envelope", "trained on it");
        int warnings = 0;
        gat->TraceConnectWithoutContext("OutOfEnvelope",
                                        MakeBoundCallback(
                                            +[](int* count, const std::string&) { ++*count; },
                                            &warnings));
        Ptr<EpaPowerControl> epa = CreateObject<EpaPowerControl>();
        Ptr<CellFreeOperatingEnvelope> envelope = CreateObject<CellFreeOperatingEnvelope>();
        const auto slices = CellFreeOperatingEnvelope::Slices();
        for (std::size_t i = 0; i < slices.size(); ++i)
        {
            envelope->AssignStreams(5000 + 40 * int64_t(i));
            for (int j = 0; j < 2; ++j)
            {
                const CellFreeScenario s = envelope->Draw(slices[i]);
                const CellFreeChannelEstimates estimates = EstimateChannels(s);
                const CellFreePowerControlResult g = gat->Allocate(s, estimates);
                NS_TEST_ASSERT_MSG_EQ(g.error, "", slices[i].name);
                NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, estimates, g.eta, 1e-9),
                                      true,
                                      slices[i].name);
                const double gatSe = MinSeOf(s, estimates, g.eta);
                const double epaSe = MinSeOf(s, estimates, epa->Allocate(s, estimates).eta);
                NS_TEST_EXPECT_MSG_GT(gatSe,
                                      (s.NumUes() > 1 ? 1.0 : 0.999) * epaSe,
                                      slices[i].name << " scenario " << j);
            }
        }
        NS_TEST_EXPECT_MSG_EQ(warnings, 0, "every slice is inside the trained envelope");
    }
};

/**
 * \ingroup cell-free-tests
 * The GAT on user-centric problems (the default preset's slices with strongest-10 and DCC
 * clusters): its graph has a node per served pair, and the call is feasible, gives no power
 * outside the clusters, and beats EPA within them on min-SE.
 */
class GatUserCentricTestCase : public TestCase
{
  public:
    GatUserCentricTestCase()
        : TestCase("The GAT on serving clusters: served pairs only, feasible, above EPA")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<GatPowerControl> gat = CreateObject<GatPowerControl>();
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(gat->LoadModel(error), true, error);
        Ptr<EpaPowerControl> epa = CreateObject<EpaPowerControl>();
        Ptr<CellFreeOperatingEnvelope> envelope = CreateObject<CellFreeOperatingEnvelope>();
        const auto slices = CellFreeOperatingEnvelope::UserCentricSlices(false);
        NS_TEST_ASSERT_MSG_EQ(slices.size(), 4, "two default-preset slices, two rules each");
        for (std::size_t i = 0; i < slices.size(); ++i)
        {
            envelope->AssignStreams(7000 + 40 * int64_t(i));
            for (int j = 0; j < 2; ++j)
            {
                const CellFreeScenario s = envelope->Draw(slices[i]);
                NS_TEST_ASSERT_MSG_EQ(s.IsUserCentric(), true, slices[i].name);
                const CellFreeChannelEstimates estimates = EstimateChannels(s);
                std::size_t served = 0;
                for (const auto& set : s.serving)
                {
                    served += set.size();
                }
                const CellFreeGatGraph graph = BuildCellFreeGatGraph(s, estimates);
                NS_TEST_EXPECT_MSG_EQ(graph.pairAp.size(), served, "a node per served pair");
                NS_TEST_EXPECT_MSG_EQ(graph.features.size(),
                                      served * CellFreeGatGraph::kNumFeatures,
                                      "features of the served pairs only");
                for (const uint32_t refinement : {0U, 60U})
                {
                    gat->SetAttribute("RefinementIterations", UintegerValue(refinement));
                    const CellFreePowerControlResult g = gat->Allocate(s, estimates);
                    NS_TEST_ASSERT_MSG_EQ(g.error, "", slices[i].name);
                    NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, estimates, g.eta, 1e-9),
                                          true,
                                          slices[i].name << ": feasible, nothing outside");
                    if (refinement > 0)
                    {
                        const double gatSe = MinSeOf(s, estimates, g.eta);
                        const double epaSe = MinSeOf(s, estimates, epa->Allocate(s, estimates).eta);
                        NS_TEST_EXPECT_MSG_GT(gatSe, epaSe, slices[i].name << " scenario " << j);
                    }
                }
            }
        }
    }
};

/**
 * \ingroup cell-free-tests
 * A scenario outside the model's envelope is served feasibly, and warned about once per
 * quantity in a row (NS_LOG_WARN and the OutOfEnvelope trace).
 */
class GatEnvelopeWarningTestCase : public TestCase
{
  public:
    GatEnvelopeWarningTestCase()
        : TestCase("Out-of-envelope scenarios are warned about once and served feasibly")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<GatPowerControl> gat = CreateObject<GatPowerControl>();
        gat->SetAttribute("RefinementIterations", UintegerValue(2));
        std::vector<std::string> seen;
        gat->TraceConnectWithoutContext(
            "OutOfEnvelope",
            MakeBoundCallback(
                +[](std::vector<std::string>* out, const std::string& v) { out->push_back(v); },
                &seen));
        CellFreePreset preset = CellFreePreset::Default();
        preset.numAntennas = 16; // outside N in [1, 8]
        preset.numAps = 30;
        Ptr<CellFreeScenarioGenerator> generator = CreateObject<CellFreeScenarioGenerator>();
        generator->SetPreset(preset);
        generator->AssignStreams(21);
        for (int call = 0; call < 3; ++call)
        {
            const CellFreeScenario s = generator->Generate(12);
            const CellFreeChannelEstimates estimates = EstimateChannels(s);
            const CellFreePowerControlResult r = gat->Allocate(s, estimates);
            NS_TEST_ASSERT_MSG_EQ(r.error, "", "served");
            NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, estimates, r.eta, 1e-9),
                                  true,
                                  "feasible");
        }
        NS_TEST_ASSERT_MSG_EQ(seen.size(), 1, "one warning for three calls");
        NS_TEST_EXPECT_MSG_NE(seen[0].find("N (antennas per AP) = 16"), std::string::npos, seen[0]);

        preset.numAntennas = 4;
        preset.numAps = 100;
        generator->SetPreset(preset);
        // Beyond the largest K of the shipped model's training (198, its high-reuse steps).
        const CellFreeScenario crowded = generator->Generate(250);
        gat->Allocate(crowded, EstimateChannels(crowded));
        NS_TEST_ASSERT_MSG_EQ(seen.size(), 2, "a new quantity is warned about");
        NS_TEST_EXPECT_MSG_NE(seen[1].find("K (UEs) = 250"), std::string::npos, seen[1]);
    }
};

/**
 * \ingroup cell-free-tests
 * The envelope suite.
 */
class CellFreeGatEnvelopeTestSuite : public TestSuite
{
  public:
    CellFreeGatEnvelopeTestSuite()
        : TestSuite("cell-free-gat-envelope", TestSuite::Type::UNIT)
    {
        AddTestCase(new GatEnvelopePilotTestCase);
        AddTestCase(new GatEnvelopeDrawTestCase);
        AddTestCase(new GatEnvelopeShippedModelTestCase);
        AddTestCase(new GatEnvelopeWarningTestCase);
        AddTestCase(new GatUserCentricTestCase);
    }
};

/// Static instance registering the suite.
static CellFreeGatEnvelopeTestSuite g_cellFreeGatEnvelopeTestSuite;
