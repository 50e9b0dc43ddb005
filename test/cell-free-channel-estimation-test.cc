/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup cell-free-tests
 * Tests of the MMSE estimation quality of doc/cell-free.rst "Pilot assignment and channel
 * estimation": gamma_mk = tau_p rho_p beta_mk^2 / (tau_p rho_p sum_{k'} beta_mk' C_kk' + 1)
 */

#include "ns3/cell-free-channel-estimation.h"
#include "ns3/cell-free-scenario.h"
#include "ns3/log.h"
#include "ns3/test.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeChannelEstimationTest");

namespace
{

/**
 * \brief A scenario with the given gains and pilots; tau_c = 200, N = 1.
 * \param beta M x K gains
 * \param pilot K pilot indices
 * \param numPilots tau_p
 * \param rhoP pilot SNR
 * \return the scenario
 */
CellFreeScenario
MakeScenario(const Eigen::MatrixXd& beta, const std::vector<int>& pilot, int numPilots, double rhoP)
{
    CellFreeScenario scenario;
    scenario.numPilots = numPilots;
    scenario.rhoP = rhoP;
    scenario.beta = beta;
    scenario.pilot = pilot;
    return scenario;
}

/**
 * \brief gamma_mk of doc/cell-free.rst, written out with C_kk' = 1 if p(k) = p(k') else 0.
 * \param scenario the scenario
 * \param m AP
 * \param k UE
 * \return gamma_mk
 */
double
SpecGamma(const CellFreeScenario& scenario, int m, int k)
{
    const double pilotSnr = scenario.numPilots * scenario.rhoP;
    double contamination = 0.0;
    for (int j = 0; j < scenario.NumUes(); ++j)
    {
        const double c = scenario.pilot[j] == scenario.pilot[k] ? 1.0 : 0.0;
        contamination += scenario.beta(m, j) * c;
    }
    return pilotSnr * scenario.beta(m, k) * scenario.beta(m, k) / (pilotSnr * contamination + 1.0);
}

} // namespace

/**
 * \ingroup cell-free-tests
 * \brief A single UE (no contamination): exact values and the low- and high-SNR limits.
 */
class CellFreeGammaNoContaminationTestCase : public TestCase
{
  public:
    CellFreeGammaNoContaminationTestCase()
        : TestCase("gamma without contamination: exact value, -> beta at high SNR")
    {
    }

  private:
    void DoRun() override
    {
        // Exact: tau_p = 4, rho_p = 2.5, beta = 0.3: gamma = 10 * 0.09 / (10 * 0.3 + 1) = 0.225.
        {
            const CellFreeScenario s =
                MakeScenario(Eigen::MatrixXd::Constant(1, 1, 0.3), {2}, 4, 2.5);
            const CellFreeChannelEstimates e = EstimateChannels(s);
            NS_TEST_ASSERT_MSG_EQ_TOL(e.gamma(0, 0), 0.225, 1e-15, "exact gamma, single UE");
        }
        // High pilot SNR: gamma = beta / (1 + 1 / (tau_p rho_p beta)) -> beta.
        for (double beta : {1e-3, 1.0, 1e3})
        {
            const double rhoP = 1e12 / beta; // tau_p rho_p beta = 1e12
            const CellFreeScenario s =
                MakeScenario(Eigen::MatrixXd::Constant(1, 1, beta), {0}, 1, rhoP);
            const CellFreeChannelEstimates e = EstimateChannels(s);
            NS_TEST_ASSERT_MSG_EQ_TOL(e.gamma(0, 0) / beta,
                                      1.0,
                                      1e-11,
                                      "gamma -> beta, beta=" << beta);
            NS_TEST_ASSERT_MSG_LT(e.gamma(0, 0), beta, "gamma must stay below beta");
        }
        // Low pilot SNR: gamma ~ tau_p rho_p beta^2 (1 - tau_p rho_p beta).
        {
            const double beta = 1e-10;
            const CellFreeScenario s =
                MakeScenario(Eigen::MatrixXd::Constant(1, 1, beta), {0}, 5, 2.0);
            const CellFreeChannelEstimates e = EstimateChannels(s);
            NS_TEST_ASSERT_MSG_EQ_TOL(e.gamma(0, 0) / (10.0 * beta * beta),
                                      1.0,
                                      1e-8,
                                      "gamma ~ tau_p rho_p beta^2 at low SNR");
        }
        // UEs on distinct pilots do not contaminate each other, whatever their gains.
        {
            Eigen::MatrixXd beta(2, 3);
            beta << 1.0, 1e3, 1e-2, 0.5, 2.0, 1e4;
            const CellFreeScenario s = MakeScenario(beta, {0, 1, 2}, 3, 0.7);
            const CellFreeChannelEstimates e = EstimateChannels(s);
            for (int m = 0; m < 2; ++m)
            {
                for (int k = 0; k < 3; ++k)
                {
                    const double b = beta(m, k);
                    NS_TEST_EXPECT_MSG_EQ_TOL(e.gamma(m, k),
                                              2.1 * b * b / (2.1 * b + 1.0),
                                              1e-13 * b,
                                              "orthogonal pilots, m=" << m << " k=" << k);
                }
            }
        }
    }
};

/**
 * \ingroup cell-free-tests
 * \brief L UEs on one pilot: exact values, gamma -> beta / L for equal gains at high SNR, and a
 * mixed assignment against the formula of doc/cell-free.rst with C_kk'.
 */
class CellFreeGammaContaminationTestCase : public TestCase
{
  public:
    CellFreeGammaContaminationTestCase()
        : TestCase("gamma with contamination: exact values, -> beta over L for L equal UEs")
    {
    }

  private:
    void DoRun() override
    {
        // L equal gains on one pilot: gamma = tau_p rho_p beta^2 / (L tau_p rho_p beta + 1).
        for (int numUes : {2, 3, 7})
        {
            const double beta = 2e-9;
            const double rhoP = 3e11;
            const int numPilots = 2;
            const CellFreeScenario s = MakeScenario(Eigen::MatrixXd::Constant(3, numUes, beta),
                                                    std::vector<int>(numUes, 1),
                                                    numPilots,
                                                    rhoP);
            const CellFreeChannelEstimates e = EstimateChannels(s);
            const double a = numPilots * rhoP;
            const double exact = a * beta * beta / (numUes * a * beta + 1.0);
            for (int k = 0; k < numUes; ++k)
            {
                NS_TEST_EXPECT_MSG_EQ_TOL(e.gamma(1, k), exact, 1e-13 * exact, "L=" << numUes);
            }
            // tau_p rho_p beta = 1200: within 1/(L tau_p rho_p beta) of beta / L.
            NS_TEST_EXPECT_MSG_EQ_TOL(e.gamma(0, 0) * numUes / beta,
                                      1.0,
                                      1.0 / (numUes * a * beta),
                                      "gamma -> beta/L, L=" << numUes);
        }
        // Very high SNR: the limit itself.
        {
            const CellFreeScenario s =
                MakeScenario(Eigen::MatrixXd::Constant(1, 4, 1.0), {0, 0, 0, 0}, 1, 1e13);
            const CellFreeChannelEstimates e = EstimateChannels(s);
            NS_TEST_ASSERT_MSG_EQ_TOL(e.gamma(0, 2), 0.25, 1e-12, "gamma -> beta/4");
        }
        // Mixed gains and groups against the formula with C_kk' written out.
        {
            Eigen::MatrixXd beta(3, 6);
            beta << 1e-9, 3e-10, 7e-11, 2e-9, 5e-12, 1e-10, //
                4e-10, 8e-9, 1e-11, 6e-10, 3e-9, 2e-11,     //
                9e-12, 5e-10, 4e-9, 1e-12, 7e-10, 6e-9;
            const CellFreeScenario s = MakeScenario(beta, {0, 1, 2, 0, 1, 0}, 3, 3.16e11);
            const CellFreeChannelEstimates e = EstimateChannels(s);
            for (int m = 0; m < 3; ++m)
            {
                for (int k = 0; k < 6; ++k)
                {
                    const double expected = SpecGamma(s, m, k);
                    NS_TEST_EXPECT_MSG_EQ_TOL(e.gamma(m, k),
                                              expected,
                                              1e-13 * expected,
                                              "mixed case, m=" << m << " k=" << k);
                    NS_TEST_EXPECT_MSG_LT_OR_EQ(e.gamma(m, k), beta(m, k), "gamma <= beta");
                }
            }
            // Pilot groups, in increasing UE order.
            NS_TEST_ASSERT_MSG_EQ(e.pilotGroups.size(), 3, "one group per pilot");
            if (e.pilotGroups.size() != 3)
            {
                return; // ASSERT macros return only under --stop-on-failure
            }
            NS_TEST_EXPECT_MSG_EQ((e.pilotGroups[0] == std::vector<int>{0, 3, 5}), true, "group 0");
            NS_TEST_EXPECT_MSG_EQ((e.pilotGroups[1] == std::vector<int>{1, 4}), true, "group 1");
            NS_TEST_EXPECT_MSG_EQ((e.pilotGroups[2] == std::vector<int>{2}), true, "group 2");
        }
        // Unused pilots give empty groups.
        {
            const auto groups = GroupUesByPilot({3, 3, 0}, 5);
            NS_TEST_ASSERT_MSG_EQ(groups.size(), 5, "one group per pilot");
            if (groups.size() != 5)
            {
                return;
            }
            NS_TEST_EXPECT_MSG_EQ((groups[1].empty() && groups[2].empty() && groups[4].empty()),
                                  true,
                                  "unused pilots");
            NS_TEST_EXPECT_MSG_EQ((groups[3] == std::vector<int>{0, 1}), true, "group 3");
        }
    }
};

/**
 * \ingroup cell-free-tests
 * \brief sqrtGammaOverBeta = sqrt(gamma) / beta = sqrt(tau_p rho_p / D_mk), shared by a group.
 */
class CellFreeSqrtGammaOverBetaTestCase : public TestCase
{
  public:
    CellFreeSqrtGammaOverBetaTestCase()
        : TestCase("sqrtGammaOverBeta is consistent with gamma and beta")
    {
    }

  private:
    void DoRun() override
    {
        Eigen::MatrixXd beta(4, 5);
        beta << 1e-9, 2e-10, 3e-11, 4e-12, 5e-9, //
            6e-10, 7e-11, 8e-12, 9e-9, 1e-10,    //
            2e-11, 3e-12, 4e-9, 5e-10, 6e-11,    //
            7e-12, 8e-9, 9e-10, 1e-11, 2e-12;
        const CellFreeScenario s = MakeScenario(beta, {1, 0, 1, 1, 0}, 2, 3.16e11);
        const CellFreeChannelEstimates e = EstimateChannels(s);
        NS_TEST_ASSERT_MSG_EQ(e.sqrtGammaOverBeta.rows(), 4, "M rows");
        NS_TEST_ASSERT_MSG_EQ(e.sqrtGammaOverBeta.cols(), 5, "K columns");
        const double pilotSnr = 2 * 3.16e11;
        for (int m = 0; m < 4; ++m)
        {
            for (int k = 0; k < 5; ++k)
            {
                const double ratio = e.sqrtGammaOverBeta(m, k);
                NS_TEST_EXPECT_MSG_EQ_TOL(ratio,
                                          std::sqrt(e.gamma(m, k)) / beta(m, k),
                                          1e-13 * ratio,
                                          "sqrt(gamma)/beta, m=" << m << " k=" << k);
                double denominator = 1.0;
                for (int j = 0; j < 5; ++j)
                {
                    denominator += s.pilot[j] == s.pilot[k] ? pilotSnr * beta(m, j) : 0.0;
                }
                NS_TEST_EXPECT_MSG_EQ_TOL(ratio,
                                          std::sqrt(pilotSnr / denominator),
                                          1e-13 * ratio,
                                          "sqrt(tau_p rho_p / D), m=" << m << " k=" << k);
            }
        }
        // UEs 0, 2 and 3 share pilot 1, hence the denominator D_m and the ratio.
        NS_TEST_EXPECT_MSG_EQ(e.sqrtGammaOverBeta(2, 0), e.sqrtGammaOverBeta(2, 3), "shared D");
        NS_TEST_EXPECT_MSG_EQ(e.sqrtGammaOverBeta(2, 2), e.sqrtGammaOverBeta(2, 3), "shared D");
    }
};

/**
 * \ingroup cell-free-tests
 * \brief Finite, positive results for gains down to 1e-20 and for 60 UEs on one pilot.
 */
class CellFreeGammaNumericalSafetyTestCase : public TestCase
{
  public:
    CellFreeGammaNumericalSafetyTestCase()
        : TestCase("gamma is finite and positive for tiny gains and 60 UEs on one pilot")
    {
    }

  private:
    void DoRun() override
    {
        // Gains from 1e-20 to 1e-6 at pilot SNRs of the default preset (rho_p ~ 3e11).
        {
            const int numAps = 15;
            Eigen::MatrixXd beta(numAps, 3);
            for (int m = 0; m < numAps; ++m)
            {
                beta(m, 0) = std::pow(10.0, -20.0 + m);
                beta(m, 1) = 1e-20;
                beta(m, 2) = std::pow(10.0, -6.0 - m);
            }
            const CellFreeScenario s = MakeScenario(beta, {0, 0, 1}, 20, 3.16e11);
            const CellFreeChannelEstimates e = EstimateChannels(s);
            for (int m = 0; m < numAps; ++m)
            {
                for (int k = 0; k < 3; ++k)
                {
                    const double g = e.gamma(m, k);
                    const double r = e.sqrtGammaOverBeta(m, k);
                    NS_TEST_EXPECT_MSG_EQ((std::isfinite(g) && g > 0.0),
                                          true,
                                          "gamma(" << m << "," << k << ")=" << g);
                    NS_TEST_EXPECT_MSG_EQ((std::isfinite(r) && r > 0.0),
                                          true,
                                          "sqrtGammaOverBeta(" << m << "," << k << ")=" << r);
                    NS_TEST_EXPECT_MSG_LT_OR_EQ(g, beta(m, k), "gamma <= beta");
                }
            }
            // beta = 1e-20 at every AP for UE 1, where D ~ 1 when UE 0 is weak too:
            // gamma = tau_p rho_p beta^2 to first order.
            const double expected = 20 * 3.16e11 * 1e-40;
            NS_TEST_EXPECT_MSG_EQ_TOL(e.gamma(0, 1), expected, 1e-6 * expected, "gamma at 1e-20");
        }
        // 60 UEs on a single pilot, gains spread over 12 decades.
        {
            const int numUes = 60;
            Eigen::MatrixXd beta(4, numUes);
            for (int m = 0; m < 4; ++m)
            {
                for (int k = 0; k < numUes; ++k)
                {
                    beta(m, k) = std::pow(10.0, -6.0 - ((7 * k + 3 * m) % 13));
                }
            }
            const CellFreeScenario s = MakeScenario(beta, std::vector<int>(numUes, 0), 20, 3.16e11);
            NS_TEST_ASSERT_MSG_EQ(s.Validate(), "", "valid scenario");
            const CellFreeChannelEstimates e = EstimateChannels(s);
            NS_TEST_ASSERT_MSG_EQ(e.pilotGroups[0].size(),
                                  static_cast<std::size_t>(numUes),
                                  "all UEs on pilot 0");
            double worst = 0.0;
            for (int m = 0; m < 4; ++m)
            {
                for (int k = 0; k < numUes; ++k)
                {
                    const double g = e.gamma(m, k);
                    NS_TEST_EXPECT_MSG_EQ((std::isfinite(g) && g > 0.0),
                                          true,
                                          "gamma(" << m << "," << k << ")=" << g);
                    const double expected = SpecGamma(s, m, k);
                    worst = std::max(worst, std::abs(g - expected) / expected);
                }
                // One group: sum_k gamma_mk / beta_mk = tau_p rho_p S / (tau_p rho_p S + 1) < 1,
                // with S = sum_k beta_mk.
                const double a = 20 * 3.16e11 * beta.row(m).sum();
                NS_TEST_EXPECT_MSG_EQ_TOL(e.gamma.row(m).cwiseQuotient(beta.row(m)).sum(),
                                          a / (a + 1.0),
                                          1e-12,
                                          "sum of gamma/beta at AP " << m);
            }
            NS_TEST_EXPECT_MSG_LT_OR_EQ(worst, 1e-12, "60 UEs on one pilot, formula");
        }
    }
};

/**
 * \ingroup cell-free-tests
 * \brief The channel-estimation test suite.
 */
class CellFreeChannelEstimationTestSuite : public TestSuite
{
  public:
    CellFreeChannelEstimationTestSuite();
};

CellFreeChannelEstimationTestSuite::CellFreeChannelEstimationTestSuite()
    : TestSuite("cell-free-channel-estimation", TestSuite::Type::UNIT)
{
    AddTestCase(new CellFreeGammaNoContaminationTestCase);
    AddTestCase(new CellFreeGammaContaminationTestCase);
    AddTestCase(new CellFreeSqrtGammaOverBetaTestCase);
    AddTestCase(new CellFreeGammaNumericalSafetyTestCase);
}

/// Static instance that registers the suite.
static CellFreeChannelEstimationTestSuite g_cellFreeChannelEstimationTestSuite;
