/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// User-centric serving clusters: the cluster rules against the independently computed clusters
// of test/data/se-cluster-vectors.json, and the rules' properties.

#include "ns3/cell-free-scenario-generator.h"
#include "ns3/cell-free-serving-clusters.h"
#include "ns3/test.h"

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeServingClustersTest");

namespace
{

/// An M x K matrix from JSON rows.
Eigen::MatrixXd
Matrix(const nlohmann::json& rows)
{
    Eigen::MatrixXd m(rows.size(), rows.at(0).size());
    for (std::size_t i = 0; i < rows.size(); ++i)
    {
        for (std::size_t j = 0; j < rows[i].size(); ++j)
        {
            m(i, j) = rows[i][j].get<double>();
        }
    }
    return m;
}

} // namespace

/**
 * \ingroup cell-free-tests
 * DCC ([Dem21] Algorithm 4.1 pilots and clusters) and strongest-L reproduce the reference
 * clusters exactly.
 */
class ServingClustersReferenceTestCase : public TestCase
{
  public:
    ServingClustersReferenceTestCase()
        : TestCase("Cluster rules reproduce the reference clusters")
    {
    }

  private:
    void DoRun() override
    {
        std::ifstream in(std::string(NS_TEST_SOURCEDIR) + "/data/se-cluster-vectors.json");
        NS_TEST_ASSERT_MSG_EQ(in.good(), true, "reference file");
        const nlohmann::json cases = nlohmann::json::parse(in);
        NS_TEST_ASSERT_MSG_EQ(cases.size(), 3, "three cases");
        for (const auto& c : cases)
        {
            const auto& s = c.at("scenario");
            const Eigen::MatrixXd beta = Matrix(s.at("beta"));
            const auto expectedPilots = s.at("pilot").get<std::vector<int>>();
            const auto expected = s.at("serving").get<CellFreeServingSets>();
            const std::string rule = c.at("rule").get<std::string>();
            CellFreeServingSets serving;
            if (rule == "dcc")
            {
                const std::vector<int> pilots = AssignPilotsDcc(beta, s.at("tauP").get<int>());
                NS_TEST_EXPECT_MSG_EQ((pilots == expectedPilots), true, "DCC pilots");
                serving = FormDccServingClusters(beta, pilots);
            }
            else
            {
                NS_TEST_ASSERT_MSG_EQ(rule, "strongest-4", "known rule");
                serving = FormStrongestServingClusters(beta, 4);
            }
            NS_TEST_EXPECT_MSG_EQ((serving == expected), true, rule << " clusters");
            NS_TEST_EXPECT_MSG_EQ(ValidateServingSets(serving, beta.rows(), beta.cols()),
                                  "",
                                  "valid");
        }
    }
};

/**
 * \ingroup cell-free-tests
 * Properties: DCC serves at most tau_p UEs per AP plus its masters' UEs and every UE by its
 * master; strongest-L gives exactly L; "all" is the full mask; invalid sets are named.
 */
class ServingClustersPropertiesTestCase : public TestCase
{
  public:
    ServingClustersPropertiesTestCase()
        : TestCase("Cluster rules: sizes, masters and validation")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<CellFreeScenarioGenerator> generator = CreateObject<CellFreeScenarioGenerator>();
        generator->AssignStreams(3);
        const CellFreeScenario s = generator->Generate(80);
        const int M = s.NumAps();
        const int K = s.NumUes();
        const std::vector<int> pilots = AssignPilotsDcc(s.beta, s.numPilots);
        const CellFreeServingSets dcc = FormDccServingClusters(s.beta, pilots);
        const std::vector<int> master = MasterAps(s.beta);
        const Eigen::MatrixXd mask = ServingMask(dcc, M, K);
        for (int m = 0; m < M; ++m)
        {
            int masters = 0;
            for (int k = 0; k < K; ++k)
            {
                masters += master[k] == m ? 1 : 0;
            }
            NS_TEST_EXPECT_MSG_LT_OR_EQ(mask.row(m).sum(),
                                        s.numPilots + masters,
                                        "AP " << m << " serves at most tau_p + its masters' UEs");
        }
        for (int k = 0; k < K; ++k)
        {
            NS_TEST_EXPECT_MSG_EQ(mask(master[k], k), 1.0, "UE " << k << " by its master");
        }
        for (int size : {1, 10, 100, 500})
        {
            for (const auto& set : FormStrongestServingClusters(s.beta, size))
            {
                NS_TEST_EXPECT_MSG_EQ(set.size(), std::min(size, M), "exactly L");
            }
        }
        NS_TEST_EXPECT_MSG_EQ(ServingMask(FormAllServingClusters(M, K), M, K).sum(),
                              double(M) * K,
                              "all serve all");
        NS_TEST_EXPECT_MSG_EQ(ServingMask({}, M, K).sum(), double(M) * K, "empty = all");
        std::map<std::string, CellFreeServingSets> bad{
            {"sets, one per UE needs", {{0}, {1}}},
            {"serving[1] is empty", {{0}, {}, {2}}},
            {"serving[2][0] = 7 is not an AP index", {{0}, {1}, {7}}},
            {"serving[0] must list distinct APs", {{1, 1}, {1}, {2}}},
        };
        for (const auto& [message, sets] : bad)
        {
            const std::string error = ValidateServingSets(sets, 5, 3);
            NS_TEST_EXPECT_MSG_NE(error.find(message), std::string::npos, error);
        }
    }
};

/**
 * \ingroup cell-free-tests
 * The serving-clusters suite.
 */
class CellFreeServingClustersTestSuite : public TestSuite
{
  public:
    CellFreeServingClustersTestSuite()
        : TestSuite("cell-free-serving-clusters", TestSuite::Type::UNIT)
    {
        AddTestCase(new ServingClustersReferenceTestCase);
        AddTestCase(new ServingClustersPropertiesTestCase);
    }
};

/// Static instance registering the suite.
static CellFreeServingClustersTestSuite g_cellFreeServingClustersTestSuite;
