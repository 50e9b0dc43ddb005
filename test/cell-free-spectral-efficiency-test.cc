/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup cell-free-tests
 * Tests of doc/cell-free.rst "Downlink spectral efficiency" (power constraint,
 * EPA, SINR_k, SE_k) and "Power control problems" (utilities, smoothed minimum).
 */

#include "ns3/cell-free-channel-estimation.h"
#include "ns3/cell-free-scenario.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/cell-free-utility.h"
#include "ns3/log.h"
#include "ns3/test.h"

#include <Eigen/Dense>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeSpectralEfficiencyTest");

namespace
{

/**
 * \brief A scenario with gains 10^(U(-12, -8)) (path gains of a few hundred metres) and the
 * powers of the default preset (rho_d = 1 W, rho_p = 0.2 W over -92 dBm of noise).
 * \param numAps M
 * \param numUes K
 * \param numAntennas N
 * \param pilot K pilot indices
 * \param numPilots tau_p
 * \param seed the generator seed
 * \return the scenario
 */
CellFreeScenario
RandomScenario(int numAps,
               int numUes,
               int numAntennas,
               const std::vector<int>& pilot,
               int numPilots,
               std::uint64_t seed)
{
    std::mt19937_64 generator(seed);
    CellFreeScenario scenario;
    scenario.numAntennas = numAntennas;
    scenario.numPilots = numPilots;
    scenario.coherenceSamples = 200;
    scenario.rhoD = 1.5811388300841895e12;
    scenario.rhoP = 3.1622776601683795e11;
    scenario.beta.resize(numAps, numUes);
    for (int m = 0; m < numAps; ++m)
    {
        for (int k = 0; k < numUes; ++k)
        {
            // Uniform in [0, 1) from the raw 64-bit output, portable across standard libraries.
            const double u = static_cast<double>(generator() >> 11) * 0x1.0p-53;
            scenario.beta(m, k) = std::pow(10.0, -12.0 + 4.0 * u);
        }
    }
    scenario.pilot = pilot;
    return scenario;
}

/**
 * \brief The SINR in the eta form of [Ngo17], written out term by term with
 * C_kk' = [p(k) = p(k')] and gamma from its formula:
 *
 *     SINR_k = rho_d N^2 (sum_m sqrt(eta_mk) gamma_mk)^2 /
 *              ( rho_d N^2 sum_{k' != k} C_kk' (sum_m sqrt(eta_mk') gamma_mk' beta_mk/beta_mk')^2
 *              + rho_d N sum_k' sum_m eta_mk' gamma_mk' beta_mk + 1 )
 *
 * \param scenario the scenario
 * \param eta M x K power coefficients
 * \return K SINRs
 */
Eigen::VectorXd
DirectSinr(const CellFreeScenario& scenario, const Eigen::MatrixXd& eta)
{
    const int numAps = scenario.NumAps();
    const int numUes = scenario.NumUes();
    const double n = scenario.numAntennas;
    const double a = scenario.numPilots * scenario.rhoP;
    Eigen::MatrixXd gamma(numAps, numUes);
    for (int m = 0; m < numAps; ++m)
    {
        for (int k = 0; k < numUes; ++k)
        {
            double sum = 0.0;
            for (int j = 0; j < numUes; ++j)
            {
                sum += scenario.pilot[j] == scenario.pilot[k] ? scenario.beta(m, j) : 0.0;
            }
            gamma(m, k) = a * scenario.beta(m, k) * scenario.beta(m, k) / (a * sum + 1.0);
        }
    }
    Eigen::VectorXd sinr(numUes);
    for (int k = 0; k < numUes; ++k)
    {
        double desired = 0.0;
        double nonCoherent = 0.0;
        for (int m = 0; m < numAps; ++m)
        {
            desired += std::sqrt(eta(m, k)) * gamma(m, k);
            for (int j = 0; j < numUes; ++j)
            {
                nonCoherent += eta(m, j) * gamma(m, j) * scenario.beta(m, k);
            }
        }
        double coherent = 0.0;
        for (int j = 0; j < numUes; ++j)
        {
            if (j == k || scenario.pilot[j] != scenario.pilot[k])
            {
                continue;
            }
            double amplitude = 0.0;
            for (int m = 0; m < numAps; ++m)
            {
                amplitude +=
                    std::sqrt(eta(m, j)) * gamma(m, j) * scenario.beta(m, k) / scenario.beta(m, j);
            }
            coherent += amplitude * amplitude;
        }
        sinr(k) = scenario.rhoD * n * n * desired * desired /
                  (scenario.rhoD * n * n * coherent + scenario.rhoD * n * nonCoherent + 1.0);
    }
    return sinr;
}

/**
 * \param scenario the scenario
 * \param estimates its estimates
 * \param eta M x K power coefficients
 * \return the module's SINR for eta
 */
Eigen::VectorXd
ModuleSinr(const CellFreeScenario& scenario,
           const CellFreeChannelEstimates& estimates,
           const Eigen::MatrixXd& eta)
{
    return ComputeDownlinkSinr(scenario, estimates, PowerToAmplitude(eta, estimates.gamma));
}

/// \return the largest relative difference between two vectors of the same size
double
MaxRelativeDifference(const Eigen::VectorXd& actual, const Eigen::VectorXd& expected)
{
    return ((actual - expected).cwiseAbs().array() / expected.cwiseAbs().array()).maxCoeff();
}

} // namespace

/**
 * \ingroup cell-free-tests
 * \brief EPA uses every AP's full budget; the feasibility check rejects what it must.
 */
class CellFreeEpaFeasibilityTestCase : public TestCase
{
  public:
    CellFreeEpaFeasibilityTestCase()
        : TestCase("EPA uses each AP's full budget; infeasible allocations are rejected")
    {
    }

  private:
    void DoRun() override
    {
        const CellFreeScenario s = RandomScenario(10, 7, 4, {0, 1, 2, 0, 1, 2, 0}, 3, 11);
        const CellFreeChannelEstimates e = EstimateChannels(s);
        const Eigen::MatrixXd epa = EqualPowerAllocation(s, e);
        NS_TEST_ASSERT_MSG_EQ(epa.rows(), s.NumAps(), "EPA has M rows");
        NS_TEST_ASSERT_MSG_EQ(epa.cols(), s.NumUes(), "EPA has K columns");
        if (epa.rows() != s.NumAps() || epa.cols() != s.NumUes())
        {
            return; // ASSERT macros return only under --stop-on-failure
        }

        // eta_mk = 1 / (N sum_k' gamma_mk'), the same for every UE at an AP.
        const Eigen::VectorXd share = ApPowerShare(s, e, epa);
        for (int m = 0; m < s.NumAps(); ++m)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(share(m), 1.0, 1e-12, "EPA power share of AP " << m);
            NS_TEST_EXPECT_MSG_EQ_TOL(epa(m, 0),
                                      1.0 / (s.numAntennas * e.gamma.row(m).sum()),
                                      1e-12 * epa(m, 0),
                                      "EPA eta at AP " << m);
            NS_TEST_EXPECT_MSG_EQ_TOL(epa.row(m).maxCoeff(),
                                      epa.row(m).minCoeff(),
                                      1e-12 * epa(m, 0),
                                      "EPA equal across UEs at AP " << m);
        }
        NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, e, epa), true, "EPA is feasible");
        NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, e, 0.99 * epa), true, "0.99 EPA");
        NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, e, Eigen::MatrixXd::Zero(10, 7)),
                              true,
                              "all zero");
        NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, e, (1.0 + 1e-12) * epa),
                              true,
                              "rounding within the default tolerance");
        NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, e, 1.01 * epa), false, "1.01 EPA");

        // Only one AP over budget is enough.
        Eigen::MatrixXd overOne = epa;
        overOne.row(4) *= 1.01;
        NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, e, overOne), false, "AP 4 over");
        // Moving all of AP 4's power to one UE stays feasible.
        Eigen::MatrixXd concentrated = Eigen::MatrixXd::Zero(10, 7);
        concentrated(4, 2) = 1.0 / (s.numAntennas * e.gamma(4, 2));
        NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, e, concentrated), true, "one UE");

        Eigen::MatrixXd negative = 0.5 * epa;
        negative(3, 1) = -1e-300;
        NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, e, negative), false, "negative");
        Eigen::MatrixXd notANumber = 0.5 * epa;
        notANumber(0, 6) = std::numeric_limits<double>::quiet_NaN();
        NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, e, notANumber), false, "NaN");
        Eigen::MatrixXd infinite = 0.5 * epa;
        infinite(9, 0) = std::numeric_limits<double>::infinity();
        NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, e, infinite), false, "infinity");
        NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, e, Eigen::MatrixXd::Zero(10, 6)),
                              false,
                              "wrong shape");

        // mu = sqrt(eta gamma) and back; under EPA every AP has ||mu_m||^2 = 1/N ([Far21]).
        const Eigen::MatrixXd mu = PowerToAmplitude(epa, e.gamma);
        const Eigen::MatrixXd back = AmplitudeToPower(mu, e.gamma);
        NS_TEST_EXPECT_MSG_LT_OR_EQ(((back - epa).cwiseAbs().array() / epa.array()).maxCoeff(),
                                    1e-14,
                                    "AmplitudeToPower(PowerToAmplitude(eta)) = eta");
        for (int m = 0; m < s.NumAps(); ++m)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(mu.row(m).squaredNorm(), 0.25, 1e-13, "||mu_m||^2 = 1/N");
        }
    }
};

/**
 * \ingroup cell-free-tests
 * \brief SE_k = xi (1 - tau_p / tau_c) log2(1 + SINR_k).
 */
class CellFreeSeFormulaTestCase : public TestCase
{
  public:
    CellFreeSeFormulaTestCase()
        : TestCase("SE = xi (1 - tau_p over tau_c) log2(1 + SINR)")
    {
    }

  private:
    void DoRun() override
    {
        CellFreeScenario s;
        s.numPilots = 20;
        s.coherenceSamples = 200;
        NS_TEST_ASSERT_MSG_EQ_TOL(s.PreLogFactor(), 0.9, 1e-15, "xi = 1 (default)");
        s.downlinkShare = 0.5; // [Ngo17]
        NS_TEST_ASSERT_MSG_EQ_TOL(s.PreLogFactor(), 0.45, 1e-15, "xi = 1/2");

        Eigen::VectorXd sinr(5);
        sinr << 0.0, 1.0, 3.0, 1e-12, 1e6;
        const Eigen::VectorXd se = ComputeSpectralEfficiency(s, sinr);
        NS_TEST_ASSERT_MSG_EQ(se.size(), 5, "one SE per UE");
        if (se.size() != 5)
        {
            return;
        }
        NS_TEST_EXPECT_MSG_EQ(se(0), 0.0, "SINR 0 gives SE 0");
        NS_TEST_EXPECT_MSG_EQ_TOL(se(1), 0.45, 1e-15, "log2(2) = 1");
        NS_TEST_EXPECT_MSG_EQ_TOL(se(2), 0.9, 1e-15, "log2(4) = 2");
        // log2(1 + x) ~ x / ln 2 for tiny x: no cancellation.
        NS_TEST_EXPECT_MSG_EQ_TOL(se(3), 0.45e-12 / std::log(2.0), 1e-24, "tiny SINR");
        NS_TEST_EXPECT_MSG_EQ_TOL(se(4), 0.45 * std::log2(1e6 + 1.0), 1e-12, "large SINR");

        s.coherenceSamples = 40;
        s.downlinkShare = 1.0;
        NS_TEST_EXPECT_MSG_EQ_TOL(ComputeSpectralEfficiency(s, sinr)(2), 1.0, 1e-15, "tau_c 40");
    }
};

/**
 * \ingroup cell-free-tests
 * \brief SINR of a 2-AP, 2-UE case with a shared pilot, evaluated by hand in the eta form, and
 * a larger contaminated case against the formula of doc/cell-free.rst written out with C_kk'.
 */
class CellFreeSinrHandComputedTestCase : public TestCase
{
  public:
    CellFreeSinrHandComputedTestCase()
        : TestCase("SINR matches the documented formula evaluated independently (shared pilot)")
    {
    }

  private:
    void DoRun() override
    {
        // M = 2, N = 2, K = 2 on one pilot, tau_p rho_p = 2, rho_d = 5.
        CellFreeScenario s;
        s.numAntennas = 2;
        s.numPilots = 1;
        s.coherenceSamples = 10;
        s.rhoP = 2.0;
        s.rhoD = 5.0;
        s.beta.resize(2, 2);
        s.beta << 1.0, 0.5, 0.2, 0.8;
        s.pilot = {0, 0};
        NS_TEST_ASSERT_MSG_EQ(s.Validate(), "", "valid");

        // gamma_mk = 2 beta_mk^2 / (2 (beta_m0 + beta_m1) + 1):
        // AP 0: D = 4, gamma = 1/2, 1/8; AP 1: D = 3, gamma = 2/75, 32/75.
        const double g00 = 0.5;
        const double g01 = 0.125;
        const double g10 = 2.0 / 75.0;
        const double g11 = 32.0 / 75.0;
        const CellFreeChannelEstimates e = EstimateChannels(s);
        NS_TEST_EXPECT_MSG_EQ_TOL(e.gamma(0, 0), g00, 1e-15, "gamma00");
        NS_TEST_EXPECT_MSG_EQ_TOL(e.gamma(0, 1), g01, 1e-15, "gamma01");
        NS_TEST_EXPECT_MSG_EQ_TOL(e.gamma(1, 0), g10, 1e-15, "gamma10");
        NS_TEST_EXPECT_MSG_EQ_TOL(e.gamma(1, 1), g11, 1e-15, "gamma11");

        // Power shares N sum_k eta_mk gamma_mk = 0.9 and 0.928.
        Eigen::MatrixXd eta(2, 2);
        eta << 0.6, 1.2, 3.0, 0.9;
        NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, e, eta), true, "feasible");

        // UE 0: desired rho_d N^2 (sqrt(.6) g00 + sqrt(3) g10)^2,
        // coherent rho_d N^2 (sqrt(1.2) g01 (1/.5) + sqrt(.9) g11 (.2/.8))^2,
        // non-coherent rho_d N sum_m beta_m0 sum_k' eta_mk' gamma_mk' = 5*2*(1*.45 + .2*.464).
        const double rhoN2 = 5.0 * 4.0;
        const double desired0 = rhoN2 * std::pow(std::sqrt(0.6) * g00 + std::sqrt(3.0) * g10, 2);
        const double coherent0 =
            rhoN2 * std::pow(std::sqrt(1.2) * g01 * 2.0 + std::sqrt(0.9) * g11 * 0.25, 2);
        const double nonCoherent0 = 10.0 * (1.0 * 0.45 + 0.2 * 0.464);
        const double desired1 = rhoN2 * std::pow(std::sqrt(1.2) * g01 + std::sqrt(0.9) * g11, 2);
        const double coherent1 =
            rhoN2 * std::pow(std::sqrt(0.6) * g00 * 0.5 + std::sqrt(3.0) * g10 * 4.0, 2);
        const double nonCoherent1 = 10.0 * (0.5 * 0.45 + 0.8 * 0.464);
        const double sinr0 = desired0 / (coherent0 + nonCoherent0 + 1.0);
        const double sinr1 = desired1 / (coherent1 + nonCoherent1 + 1.0);
        // The same numbers from an offline evaluation (double precision).
        NS_TEST_EXPECT_MSG_EQ_TOL(sinr0, 0.406674745888805, 1e-13, "hand-computed SINR 0");
        NS_TEST_EXPECT_MSG_EQ_TOL(sinr1, 0.5972902761412653, 1e-13, "hand-computed SINR 1");

        const Eigen::VectorXd sinr = ModuleSinr(s, e, eta);
        NS_TEST_ASSERT_MSG_EQ(sinr.size(), 2, "one SINR per UE");
        if (sinr.size() != 2)
        {
            return; // ASSERT macros return only under --stop-on-failure
        }
        NS_TEST_EXPECT_MSG_EQ_TOL(sinr(0), sinr0, 1e-13 * sinr0, "SINR of UE 0");
        NS_TEST_EXPECT_MSG_EQ_TOL(sinr(1), sinr1, 1e-13 * sinr1, "SINR of UE 1");

        // Larger, with several groups of different sizes and an unused pilot.
        const std::vector<int> pilot{0, 1, 0, 3, 1, 0, 3, 0};
        const CellFreeScenario big = RandomScenario(12, 8, 3, pilot, 5, 7);
        const CellFreeChannelEstimates bigEstimates = EstimateChannels(big);
        // A non-uniform feasible eta: EPA times per-entry factors in [0.1, 1].
        Eigen::MatrixXd bigEta = EqualPowerAllocation(big, bigEstimates);
        for (int m = 0; m < big.NumAps(); ++m)
        {
            for (int k = 0; k < big.NumUes(); ++k)
            {
                bigEta(m, k) *= 0.1 + 0.9 * ((5 * m + 3 * k) % 7) / 6.0;
            }
        }
        NS_TEST_ASSERT_MSG_EQ(IsFeasiblePowerAllocation(big, bigEstimates, bigEta), true, "eta");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(
            MaxRelativeDifference(ModuleSinr(big, bigEstimates, bigEta), DirectSinr(big, bigEta)),
            1e-12,
            "contaminated M=12, K=8 case against the formula written out");
    }
};

/**
 * \ingroup cell-free-tests
 * \brief With orthogonal pilots the coherent-interference term vanishes.
 */
class CellFreeSinrOrthogonalTestCase : public TestCase
{
  public:
    CellFreeSinrOrthogonalTestCase()
        : TestCase("orthogonal pilots: no coherent interference")
    {
    }

  private:
    void DoRun() override
    {
        const CellFreeScenario s = RandomScenario(6, 4, 2, {2, 0, 3, 1}, 4, 3);
        const CellFreeChannelEstimates e = EstimateChannels(s);
        const Eigen::MatrixXd eta = 0.8 * EqualPowerAllocation(s, e);
        const Eigen::VectorXd sinr = ModuleSinr(s, e, eta);
        const double n = s.numAntennas;
        for (int k = 0; k < s.NumUes(); ++k)
        {
            // SINR_k = rho_d N^2 (sum_m sqrt(eta_mk) gamma_mk)^2 /
            //          (rho_d N sum_m beta_mk sum_k' eta_mk' gamma_mk' + 1)
            double desired = 0.0;
            double nonCoherent = 0.0;
            for (int m = 0; m < s.NumAps(); ++m)
            {
                desired += std::sqrt(eta(m, k)) * e.gamma(m, k);
                nonCoherent += s.beta(m, k) * eta.row(m).dot(e.gamma.row(m));
            }
            const double expected =
                s.rhoD * n * n * desired * desired / (s.rhoD * n * nonCoherent + 1.0);
            NS_TEST_EXPECT_MSG_EQ_TOL(sinr(k), expected, 1e-12 * expected, "UE " << k);
        }

        // Reshuffling power among the other UEs at each AP (same AP power) leaves SINR_0 as is.
        Eigen::MatrixXd mu = PowerToAmplitude(eta, e.gamma);
        Eigen::MatrixXd shuffled = mu;
        for (int m = 0; m < s.NumAps(); ++m)
        {
            const double others = mu.row(m).tail(3).norm();
            shuffled.row(m).tail(3) << others, 0.0, 0.0;
        }
        const Eigen::VectorXd sinrShuffled = ComputeDownlinkSinr(s, e, shuffled);
        NS_TEST_EXPECT_MSG_EQ_TOL(sinrShuffled(0), sinr(0), 1e-12 * sinr(0), "independent");

        // The same UEs on one pilot do see coherent interference: SINR strictly lower.
        CellFreeScenario shared = s;
        shared.pilot = {0, 0, 0, 0};
        const CellFreeChannelEstimates sharedEstimates = EstimateChannels(shared);
        const Eigen::VectorXd sharedSinr = ComputeDownlinkSinr(shared, sharedEstimates, mu);
        for (int k = 0; k < s.NumUes(); ++k)
        {
            NS_TEST_EXPECT_MSG_LT(sharedSinr(k), sinr(k), "contamination hurts UE " << k);
        }
    }
};

/**
 * \ingroup cell-free-tests
 * \brief Degenerate inputs: gains of 1e-20, zero power, no UE.
 */
class CellFreeSinrEdgeCasesTestCase : public TestCase
{
  public:
    CellFreeSinrEdgeCasesTestCase()
        : TestCase("tiny gains, zero power and K = 0 are handled")
    {
    }

  private:
    void DoRun() override
    {
        // One UE with gains of 1e-20 everywhere, sharing a pilot with a normal UE.
        CellFreeScenario s = RandomScenario(5, 4, 2, {0, 1, 0, 1}, 2, 5);
        s.beta.col(2).setConstant(1e-20);
        NS_TEST_ASSERT_MSG_EQ(s.Validate(), "", "valid");
        {
            const CellFreeChannelEstimates e = EstimateChannels(s);
            const Eigen::MatrixXd epa = EqualPowerAllocation(s, e);
            NS_TEST_EXPECT_MSG_EQ(epa.allFinite(), true, "EPA finite");
            const Eigen::VectorXd sinr = ModuleSinr(s, e, epa);
            for (int k = 0; k < 4; ++k)
            {
                NS_TEST_EXPECT_MSG_EQ((std::isfinite(sinr(k)) && sinr(k) >= 0.0),
                                      true,
                                      "SINR " << k << " = " << sinr(k));
            }
            NS_TEST_EXPECT_MSG_LT(sinr(2), 1e-6, "a UE at 1e-20 gets (almost) nothing");
            NS_TEST_EXPECT_MSG_GT(sinr(0), 1e-3, "its pilot partner is not harmed");
        }
        // Every gain 1e-20: EPA's eta is huge (1 / gamma), mu stays O(1), SINR finite.
        s.beta.setConstant(1e-20);
        {
            const CellFreeChannelEstimates e = EstimateChannels(s);
            const Eigen::MatrixXd epa = EqualPowerAllocation(s, e);
            NS_TEST_EXPECT_MSG_EQ(epa.allFinite(), true, "EPA finite at 1e-20");
            const Eigen::VectorXd sinr = ModuleSinr(s, e, epa);
            const Eigen::VectorXd se = ComputeSpectralEfficiency(s, sinr);
            NS_TEST_EXPECT_MSG_EQ((sinr.allFinite() && (sinr.array() >= 0.0).all()),
                                  true,
                                  "SINR finite and non-negative at 1e-20");
            NS_TEST_EXPECT_MSG_EQ((se.allFinite() && (se.array() >= 0.0).all()), true, "SE");
        }

        // Zero power to a UE: SINR exactly 0.
        {
            const CellFreeScenario t = RandomScenario(5, 3, 2, {0, 0, 1}, 2, 9);
            const CellFreeChannelEstimates e = EstimateChannels(t);
            Eigen::MatrixXd eta = 0.5 * EqualPowerAllocation(t, e);
            eta.col(1).setZero();
            const Eigen::VectorXd sinr = ModuleSinr(t, e, eta);
            NS_TEST_EXPECT_MSG_EQ(sinr(1), 0.0, "no power, no SINR");
            NS_TEST_EXPECT_MSG_GT(sinr(0), 0.0, "others still served");
        }

        // K = 0: empty vectors everywhere.
        CellFreeScenario empty;
        empty.numAntennas = 2;
        empty.numPilots = 3;
        empty.beta.resize(4, 0);
        NS_TEST_ASSERT_MSG_EQ(empty.Validate(), "", "K = 0 is a valid scenario");
        const CellFreeChannelEstimates e = EstimateChannels(empty);
        NS_TEST_EXPECT_MSG_EQ((e.gamma.rows() == 4 && e.gamma.cols() == 0), true, "gamma 4x0");
        const Eigen::MatrixXd epa = EqualPowerAllocation(empty, e);
        NS_TEST_EXPECT_MSG_EQ((epa.rows() == 4 && epa.cols() == 0), true, "EPA 4x0");
        const Eigen::VectorXd sinr = ComputeDownlinkSinr(empty, e, Eigen::MatrixXd(4, 0));
        NS_TEST_EXPECT_MSG_EQ(sinr.size(), 0, "no SINR");
        NS_TEST_EXPECT_MSG_EQ(ComputeSpectralEfficiency(empty, sinr).size(), 0, "no SE");
        NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(empty, e, Eigen::MatrixXd(4, 0)),
                              true,
                              "the empty allocation is feasible");
    }
};

/**
 * \ingroup cell-free-tests
 * \brief Min-SE, sum-SE, proportional fairness, the smoothed minimum and the utility names.
 */
class CellFreeUtilityTestCase : public TestCase
{
  public:
    CellFreeUtilityTestCase()
        : TestCase("utilities, smoothed minimum and utility names")
    {
    }

  private:
    void DoRun() override
    {
        Eigen::VectorXd se(4);
        se << 3.0, 1.0, 2.0, 4.0;
        NS_TEST_EXPECT_MSG_EQ(MinSe(se), 1.0, "min");
        NS_TEST_EXPECT_MSG_EQ_TOL(SumSe(se), 10.0, 1e-15, "sum");
        NS_TEST_EXPECT_MSG_EQ_TOL(ProportionalFairness(se), std::log(24.0), 1e-14, "pf");
        NS_TEST_EXPECT_MSG_EQ(EvaluateUtility(CellFreeUtility::MIN_SE, se), 1.0, "min");
        NS_TEST_EXPECT_MSG_EQ_TOL(EvaluateUtility(CellFreeUtility::SUM_SE, se), 10.0, 1e-15, "");
        NS_TEST_EXPECT_MSG_EQ_TOL(EvaluateUtility(CellFreeUtility::PROPORTIONAL_FAIRNESS, se),
                                  std::log(24.0),
                                  1e-14,
                                  "pf");
        Eigen::VectorXd withZero = se;
        withZero(2) = 0.0;
        NS_TEST_EXPECT_MSG_EQ(ProportionalFairness(withZero),
                              -std::numeric_limits<double>::infinity(),
                              "pf with a zero SE");
        NS_TEST_EXPECT_MSG_EQ(MinSe(Eigen::VectorXd()),
                              std::numeric_limits<double>::infinity(),
                              "min over no UE");
        NS_TEST_EXPECT_MSG_EQ(SumSe(Eigen::VectorXd()), 0.0, "sum over no UE");

        // smin_t = -(1/t) log sum_k exp(-t SE_k) is in [min - log(K)/t, min].
        std::vector<Eigen::VectorXd> vectors{se, Eigen::VectorXd::Constant(1, 2.5)};
        Eigen::VectorXd spread(6);
        spread << 10.0, 10.001, 9.9995, 50.0, 1e-3, 7.0;
        vectors.push_back(spread);
        for (const Eigen::VectorXd& v : vectors)
        {
            const double k = static_cast<double>(v.size());
            for (double t : {0.1, 1.0, 10.0, 1e3, 1e6})
            {
                const double smin = SmoothedMin(v, t);
                NS_TEST_EXPECT_MSG_EQ(std::isfinite(smin), true, "finite, t=" << t);
                NS_TEST_EXPECT_MSG_LT_OR_EQ(smin, MinSe(v), "below the min, t=" << t);
                NS_TEST_EXPECT_MSG_GT_OR_EQ(smin,
                                            MinSe(v) - std::log(k) / t - 1e-12,
                                            "within log(K)/t, t=" << t);
            }
        }
        // Equal entries: exactly min - log(K)/t.
        const Eigen::VectorXd equal = Eigen::VectorXd::Constant(5, 10.0);
        NS_TEST_EXPECT_MSG_EQ_TOL(SmoothedMin(equal, 2.0), 10.0 - std::log(5.0) / 2.0, 1e-14, "");
        // t = 1e3 and SE ~ 10: exp(-t SE) = exp(-1e4) underflows when evaluated naively.
        Eigen::VectorXd high(3);
        high << 10.2, 10.0, 10.5;
        const double smin = SmoothedMin(high, 1e3);
        NS_TEST_EXPECT_MSG_EQ(std::isfinite(smin), true, "no overflow at t = 1e3");
        NS_TEST_EXPECT_MSG_EQ_TOL(smin, 10.0, 1e-12, "smin ~ min when the others are far");
        NS_TEST_EXPECT_MSG_EQ_TOL(SmoothedMin(equal, 1e3), 10.0 - std::log(5.0) / 1e3, 1e-13, "");
        // Small t: smin -> mean - log(K)/t.
        NS_TEST_EXPECT_MSG_EQ_TOL(SmoothedMin(se, 1e-6),
                                  2.5 - std::log(4.0) / 1e-6,
                                  1e-5,
                                  "t -> 0");

        // Names.
        CellFreeUtility utility = CellFreeUtility::SUM_SE;
        NS_TEST_EXPECT_MSG_EQ(ParseCellFreeUtility("min", utility), true, "min parses");
        NS_TEST_EXPECT_MSG_EQ((utility == CellFreeUtility::MIN_SE), true, "min");
        NS_TEST_EXPECT_MSG_EQ(ParseCellFreeUtility("sum", utility), true, "sum parses");
        NS_TEST_EXPECT_MSG_EQ((utility == CellFreeUtility::SUM_SE), true, "sum");
        NS_TEST_EXPECT_MSG_EQ(ParseCellFreeUtility("pf", utility), true, "pf parses");
        NS_TEST_EXPECT_MSG_EQ((utility == CellFreeUtility::PROPORTIONAL_FAIRNESS), true, "pf");
        for (const char* bad : {"", "max", "Min", "min ", "proportional"})
        {
            NS_TEST_EXPECT_MSG_EQ(ParseCellFreeUtility(bad, utility), false, "'" << bad << "'");
        }
        NS_TEST_EXPECT_MSG_EQ((utility == CellFreeUtility::PROPORTIONAL_FAIRNESS),
                              true,
                              "a failed parse leaves the value alone");
        for (CellFreeUtility u : {CellFreeUtility::MIN_SE,
                                  CellFreeUtility::SUM_SE,
                                  CellFreeUtility::PROPORTIONAL_FAIRNESS})
        {
            CellFreeUtility parsed = CellFreeUtility::MIN_SE;
            NS_TEST_EXPECT_MSG_EQ(ParseCellFreeUtility(CellFreeUtilityName(u), parsed),
                                  true,
                                  CellFreeUtilityName(u));
            NS_TEST_EXPECT_MSG_EQ((parsed == u), true, "round trip " << CellFreeUtilityName(u));
        }
    }
};

/**
 * \ingroup cell-free-tests
 * \brief The spectral-efficiency test suite.
 */
class CellFreeSpectralEfficiencyTestSuite : public TestSuite
{
  public:
    CellFreeSpectralEfficiencyTestSuite();
};

CellFreeSpectralEfficiencyTestSuite::CellFreeSpectralEfficiencyTestSuite()
    : TestSuite("cell-free-spectral-efficiency", TestSuite::Type::UNIT)
{
    AddTestCase(new CellFreeEpaFeasibilityTestCase);
    AddTestCase(new CellFreeSeFormulaTestCase);
    AddTestCase(new CellFreeSinrHandComputedTestCase);
    AddTestCase(new CellFreeSinrOrthogonalTestCase);
    AddTestCase(new CellFreeSinrEdgeCasesTestCase);
    AddTestCase(new CellFreeUtilityTestCase);
}

/// Static instance that registers the suite.
static CellFreeSpectralEfficiencyTestSuite g_cellFreeSpectralEfficiencyTestSuite;
