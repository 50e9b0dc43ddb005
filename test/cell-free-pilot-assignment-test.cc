/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup cell-free-tests
 * Tests of the pilot assignment schemes of doc/cell-free.rst "Pilot assignment and channel
 * estimation": random (balanced), greedy ([Ngo17] Alg. 1) and incremental (a UE arriving into a
 * running network).
 */

#include "ns3/cell-free-channel-estimation.h"
#include "ns3/cell-free-pilot-assignment.h"
#include "ns3/cell-free-scenario.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/cell-free-utility.h"
#include "ns3/log.h"
#include "ns3/random-variable-stream.h"
#include "ns3/test.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreePilotAssignmentTest");

namespace
{

/**
 * \param stream the stream number
 * \return a U(0, 1) variable on that stream
 */
Ptr<UniformRandomVariable>
UniformOnStream(int64_t stream)
{
    Ptr<UniformRandomVariable> uniform = CreateObject<UniformRandomVariable>();
    uniform->SetStream(stream);
    return uniform;
}

/**
 * \param pilot K pilot indices
 * \param numPilots tau_p
 * \return the number of UEs on each pilot, or an empty vector if an index is out of range
 */
std::vector<int>
CountPerPilot(const std::vector<int>& pilot, int numPilots)
{
    std::vector<int> count(numPilots, 0);
    for (int p : pilot)
    {
        if (p < 0 || p >= numPilots)
        {
            return {};
        }
        ++count[p];
    }
    return count;
}

/// \return min_k SE_k under equal power allocation (doc/cell-free.rst)
double
MinSeUnderEpa(const CellFreeScenario& scenario)
{
    const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
    const Eigen::MatrixXd mu =
        PowerToAmplitude(EqualPowerAllocation(scenario, estimates), estimates.gamma);
    return MinSe(ComputeSpectralEfficiency(scenario, ComputeDownlinkSinr(scenario, estimates, mu)));
}

/**
 * \brief A contaminated scenario: UEs and APs uniform in a 1 km square, beta = d^-3.5 (d in km)
 * scaled to gains of about -140 dB at 1 km, powers of the default preset.
 * \param numAps M
 * \param numUes K
 * \param numPilots tau_p
 * \param uniform the random stream
 * \return the scenario, with a random balanced pilot assignment
 */
CellFreeScenario
RandomScenario(int numAps, int numUes, int numPilots, Ptr<UniformRandomVariable> uniform)
{
    CellFreeScenario scenario;
    scenario.numAntennas = 2;
    scenario.numPilots = numPilots;
    scenario.coherenceSamples = 200;
    scenario.rhoD = 1.5811388300841895e12;
    scenario.rhoP = 3.1622776601683795e11;
    Eigen::MatrixXd ap(numAps, 2);
    Eigen::MatrixXd ue(numUes, 2);
    for (int m = 0; m < numAps; ++m)
    {
        ap(m, 0) = uniform->GetValue();
        ap(m, 1) = uniform->GetValue();
    }
    for (int k = 0; k < numUes; ++k)
    {
        ue(k, 0) = uniform->GetValue();
        ue(k, 1) = uniform->GetValue();
    }
    scenario.beta.resize(numAps, numUes);
    for (int m = 0; m < numAps; ++m)
    {
        for (int k = 0; k < numUes; ++k)
        {
            const double d = std::max((ap.row(m) - ue.row(k)).norm(), 0.01);
            scenario.beta(m, k) = 1e-14 * std::pow(d, -3.5);
        }
    }
    scenario.pilot = AssignPilotsRandomly(numUes, numPilots, uniform);
    return scenario;
}

} // namespace

/**
 * \ingroup cell-free-tests
 * \brief Random assignment: orthogonal when K <= tau_p, balanced otherwise, reproducible.
 */
class CellFreeRandomPilotTestCase : public TestCase
{
  public:
    CellFreeRandomPilotTestCase()
        : TestCase("random assignment is balanced, in range and reproducible")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<UniformRandomVariable> uniform = UniformOnStream(101);
        for (int numPilots : {1, 3, 5, 20})
        {
            for (int numUes : {0, 1, 2, 4, 5, 7, 19, 20, 21, 40, 61})
            {
                const std::vector<int> pilot = AssignPilotsRandomly(numUes, numPilots, uniform);
                NS_TEST_ASSERT_MSG_EQ(pilot.size(),
                                      static_cast<std::size_t>(numUes),
                                      "one pilot per UE");
                const std::vector<int> count = CountPerPilot(pilot, numPilots);
                NS_TEST_ASSERT_MSG_EQ(count.size(),
                                      static_cast<std::size_t>(numPilots),
                                      "indices in [0, tau_p), K=" << numUes);
                if (count.size() != static_cast<std::size_t>(numPilots))
                {
                    return; // ASSERT macros return only under --stop-on-failure
                }
                // No pilot above ceil(K / tau_p), hence all distinct when K <= tau_p.
                const int ceiling = (numUes + numPilots - 1) / numPilots;
                NS_TEST_EXPECT_MSG_LT_OR_EQ(*std::max_element(count.begin(), count.end()),
                                            ceiling,
                                            "K=" << numUes << " tau_p=" << numPilots);
                NS_TEST_EXPECT_MSG_GT_OR_EQ(*std::min_element(count.begin(), count.end()),
                                            numUes / numPilots,
                                            "K=" << numUes << " tau_p=" << numPilots);
            }
        }

        // Orthogonal when K <= tau_p, in every draw.
        for (int draw = 0; draw < 50; ++draw)
        {
            std::vector<int> pilot = AssignPilotsRandomly(8, 10, uniform);
            std::sort(pilot.begin(), pilot.end());
            NS_TEST_EXPECT_MSG_EQ((std::adjacent_find(pilot.begin(), pilot.end()) == pilot.end()),
                                  true,
                                  "distinct pilots, draw " << draw);
        }

        // The same stream gives the same assignment; the assignment is not fixed.
        const std::vector<int> first = AssignPilotsRandomly(30, 7, UniformOnStream(7));
        const std::vector<int> second = AssignPilotsRandomly(30, 7, UniformOnStream(7));
        NS_TEST_EXPECT_MSG_EQ((first == second), true, "reproducible with SetStream");
        bool anyDifferent = false;
        for (int draw = 0; draw < 5; ++draw)
        {
            anyDifferent |= AssignPilotsRandomly(30, 7, uniform) != first;
        }
        NS_TEST_EXPECT_MSG_EQ(anyDifferent, true, "different draws differ");
    }
};

/**
 * \ingroup cell-free-tests
 * \brief Greedy assignment: valid indices, and min-SE under EPA never below that of the start.
 */
class CellFreeGreedyPilotTestCase : public TestCase
{
  public:
    CellFreeGreedyPilotTestCase()
        : TestCase("greedy assignment is valid and never worse than its start")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<UniformRandomVariable> uniform = UniformOnStream(202);
        int improved = 0;
        const int numScenarios = 8;
        for (int i = 0; i < numScenarios; ++i)
        {
            const int numUes = 10 + 2 * i;
            CellFreeScenario s = RandomScenario(30, numUes, 4, uniform);
            NS_TEST_ASSERT_MSG_EQ(s.Validate(), "", "valid scenario " << i);
            const double startMinSe = MinSeUnderEpa(s);

            const std::vector<int> greedy = AssignPilotsGreedily(s, 50);
            NS_TEST_ASSERT_MSG_EQ(greedy.size(), static_cast<std::size_t>(numUes), "size");
            NS_TEST_ASSERT_MSG_EQ(CountPerPilot(greedy, s.numPilots).size(),
                                  static_cast<std::size_t>(s.numPilots),
                                  "indices in range, scenario " << i);
            if (greedy.size() != static_cast<std::size_t>(numUes) ||
                CountPerPilot(greedy, s.numPilots).empty())
            {
                return; // ASSERT macros return only under --stop-on-failure
            }
            CellFreeScenario after = s;
            after.pilot = greedy;
            const double greedyMinSe = MinSeUnderEpa(after);
            NS_LOG_INFO("scenario " << i << ": min SE " << startMinSe << " -> " << greedyMinSe);
            NS_TEST_EXPECT_MSG_GT_OR_EQ(greedyMinSe, startMinSe, "never worse, scenario " << i);
            improved += greedyMinSe > startMinSe ? 1 : 0;

            // No move at all returns the start.
            NS_TEST_EXPECT_MSG_EQ((AssignPilotsGreedily(s, 0) == s.pilot), true, "0 moves");
        }
        // Random assignments of 10 to 24 UEs on 4 pilots leave room for improvement.
        NS_TEST_EXPECT_MSG_GT(improved, 0, "greedy should improve at least one scenario");

        // Start with every UE on one pilot while others are free: the worst UE moves away.
        CellFreeScenario crowded = RandomScenario(20, 6, 3, uniform);
        crowded.pilot.assign(6, 0);
        const std::vector<int> spread = AssignPilotsGreedily(crowded, 20);
        CellFreeScenario after = crowded;
        after.pilot = spread;
        NS_TEST_EXPECT_MSG_GT(MinSeUnderEpa(after), MinSeUnderEpa(crowded), "crowded start");
    }
};

/**
 * \ingroup cell-free-tests
 * \brief Incremental assignment for arriving UEs.
 */
class CellFreeIncrementalPilotTestCase : public TestCase
{
  public:
    CellFreeIncrementalPilotTestCase()
        : TestCase("incremental assignment: unused pilot first, least contamination")
    {
    }

  private:
    void DoRun() override
    {
        // UEs arrive one by one: each takes an unused pilot while one exists, so the first tau_p
        // UEs are orthogonal, and the pilots of the UEs already served never change.
        Ptr<UniformRandomVariable> uniform = UniformOnStream(303);
        const CellFreeScenario s = RandomScenario(25, 12, 5, uniform);
        std::vector<int> pilot(12, -1);
        for (int k = 0; k < 12; ++k)
        {
            const std::vector<int> before = pilot;
            const int chosen = AssignPilotIncrementally(s.beta, pilot, k, 5, 4);
            NS_TEST_ASSERT_MSG_EQ((chosen >= 0 && chosen < 5), true, "in range, UE " << k);
            NS_TEST_EXPECT_MSG_EQ((pilot == before), true, "served UEs untouched, UE " << k);
            if (k < 5)
            {
                NS_TEST_EXPECT_MSG_EQ(
                    (std::find(pilot.begin(), pilot.end(), chosen) == pilot.end()),
                    true,
                    "an unused pilot for UE " << k);
            }
            pilot[k] = chosen;
        }
        const std::vector<int> count = CountPerPilot(pilot, 5);
        NS_TEST_EXPECT_MSG_EQ(count.size(), 5, "all assigned");

        // Hand-made case: M = 4, tau_p = 3, UEs 0-4 served, UE 5 arrives; its strongest APs are
        // 0 and 1. Contamination there: pilot 0 (UEs 0, 3) 2.0 + 1.0 + 0.1 + 0.1 = 3.2;
        // pilot 1 (UE 1) 1.5 + 1.5 = 3.0; pilot 2 (UEs 2, 4) 0.1 + 2.0 + 0.5 + 0.2 = 2.8.
        // Over all four APs pilot 1 is the least contaminated (3.15 against 23.2 and 17.85).
        Eigen::MatrixXd beta(4, 6);
        // UE:    0     1     2     3     4     5 (new)
        beta << 2.0, 1.5, 0.1, 0.1, 0.5, 9.0, // AP 0
            1.0, 1.5, 2.0, 0.1, 0.2, 8.0,     // AP 1
            5.0, 0.1, 5.0, 5.0, 5.0, 1.0,     // AP 2
            5.0, 0.05, 5.0, 5.0, 0.05, 0.5;   // AP 3
        const std::vector<int> served{0, 1, 2, 0, 2, -1};
        NS_TEST_EXPECT_MSG_EQ(AssignPilotIncrementally(beta, served, 5, 3, 2),
                              2,
                              "least contaminated at the 2 strongest APs");
        NS_TEST_EXPECT_MSG_EQ(AssignPilotIncrementally(beta, served, 5, 3, 4),
                              1,
                              "least contaminated at all APs");
        NS_TEST_EXPECT_MSG_EQ(AssignPilotIncrementally(beta, served, 5, 3, 3),
                              1,
                              "least contaminated at the 3 strongest APs (3.1 < 12.8 < 13.2)");
        NS_TEST_EXPECT_MSG_EQ(AssignPilotIncrementally(beta, served, 5, 3, 100),
                              1,
                              "|S| clipped to M");
        // The newcomer's own entry is ignored even if it already holds a pilot (counting its own
        // 17.0 on pilot 2 would make pilot 0 or 1 the choice).
        std::vector<int> relabelled = served;
        relabelled[5] = 2;
        NS_TEST_EXPECT_MSG_EQ(AssignPilotIncrementally(beta, relabelled, 5, 3, 2),
                              2,
                              "own pilot ignored");
        // Strongest AP only (AP 0): pilot 2 sees 0.6, pilot 1 sees 1.5, pilot 0 sees 2.1.
        NS_TEST_EXPECT_MSG_EQ(AssignPilotIncrementally(beta, served, 5, 3, 1), 2, "|S| = 1");
        // With a fourth, unused pilot the newcomer gets it.
        NS_TEST_EXPECT_MSG_EQ(AssignPilotIncrementally(beta, served, 5, 4, 2), 3, "unused pilot");
        // Ties go to the lowest index: two unused pilots.
        NS_TEST_EXPECT_MSG_EQ(AssignPilotIncrementally(beta, served, 5, 5, 2), 3, "tie");
    }
};

/**
 * \ingroup cell-free-tests
 * \brief The pilot-assignment test suite.
 */
class CellFreePilotAssignmentTestSuite : public TestSuite
{
  public:
    CellFreePilotAssignmentTestSuite();
};

CellFreePilotAssignmentTestSuite::CellFreePilotAssignmentTestSuite()
    : TestSuite("cell-free-pilot-assignment", TestSuite::Type::UNIT)
{
    AddTestCase(new CellFreeRandomPilotTestCase);
    AddTestCase(new CellFreeGreedyPilotTestCase);
    AddTestCase(new CellFreeIncrementalPilotTestCase);
}

/// Static instance that registers the suite.
static CellFreePilotAssignmentTestSuite g_cellFreePilotAssignmentTestSuite;
