/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup cell-free-tests
 * Monte Carlo validation of the closed forms of doc/cell-free.rst: the MMSE estimate variance
 * gamma_mk
 * ("Pilots and MMSE channel estimation") and the use-and-then-forget SINR of conjugate
 * beamforming ("Downlink conjugate beamforming and spectral efficiency", [Ngo17] Thm. 2 /
 * eq. 24), simulated from Rayleigh fading, a pilot phase and the downlink precoder.
 */

#include "ns3/cell-free-channel-estimation.h"
#include "ns3/cell-free-link-model.h"
#include "ns3/cell-free-scenario.h"
#include "ns3/cell-free-serving-clusters.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/log.h"
#include "ns3/random-variable-stream.h"
#include "ns3/test.h"

#include <Eigen/Dense>
#include <algorithm>
#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/covariance.hpp>
#include <boost/accumulators/statistics/mean.hpp>
#include <boost/accumulators/statistics/stats.hpp>
#include <boost/accumulators/statistics/variance.hpp>
#include <boost/accumulators/statistics/variates/covariate.hpp>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeMonteCarloTest");

namespace
{

namespace acc = boost::accumulators;

/// Sample mean and variance.
using MeanVariance = acc::accumulator_set<double, acc::stats<acc::tag::mean, acc::tag::variance>>;

/// Sample mean and variance of x, and covariance of x with a covariate y.
using MeanVarianceCovariance =
    acc::accumulator_set<double,
                         acc::stats<acc::tag::mean,
                                    acc::tag::variance,
                                    acc::tag::covariance<double, acc::tag::covariate1>>>;

constexpr int kNumAps = 8;      //!< M
constexpr int kNumAntennas = 2; //!< N
constexpr int kNumUes = 6;      //!< K
constexpr int kNumPilots = 3;   //!< tau_p: UEs k and k + 3 share pilot k

/**
 * Realisations of the small-scale fading: 2.9e7 normal draws, about 0.6 s in an optimised build
 * and 3 s at -O0. The standard error of each SINR estimate is then 0.3-0.4% relative, and that
 * of each E|ghat_mk,n|^2 is 0.22%.
 */
constexpr int kRealisations = 100000;

/**
 * Tolerance, in standard errors, each computed from the sample itself (delta method for the
 * SINR, which is a ratio of sample means). The draws are fixed by the seeds, so the outcome is
 * reproducible; 4.5 sigma would still leave a false-failure probability of only 7e-6 per
 * quantity (4e-4 over the 60 checked) if the seeds changed. The SINR tolerances come to
 * 1.3-1.9% relative, and the test asserts that they stay below 3% so that it keeps its power
 * (see MakeScenario for the size of each term).
 */
constexpr double kSigmas = 4.5;

/**
 * Gains in dB (rows: APs, columns: UEs). Pilot partners k and k + 3 both hear an AP pair
 * (0-1, 2-3, 4-5) well, so they contaminate each other; APs 6 and 7 hear everyone moderately.
 */
constexpr double kBetaDb[kNumAps][kNumUes] = {
    {-88, -115, -120, -102, -118, -112},
    {-100, -117, -110, -90, -121, -114},
    {-114, -89, -118, -119, -101, -116},
    {-119, -101, -113, -111, -91, -120},
    {-112, -120, -87, -116, -113, -103},
    {-121, -111, -104, -113, -117, -92},
    {-105, -106, -109, -108, -104, -107},
    {-110, -103, -108, -104, -107, -106},
};

/**
 * \brief Standard normal draws: Marsaglia's polar method on the raw output of std::mt19937_64,
 * whose sequence the C++ standard fixes (std::normal_distribution's algorithm is left to the
 * library, and ns-3's NormalRandomVariable costs about 50 ns a draw, 1.5 s for this test).
 */
class StandardNormal
{
  public:
    /// \param seed the generator seed
    explicit StandardNormal(std::uint64_t seed)
        : m_generator(seed)
    {
    }

    /// \return a N(0, 1) draw
    double operator()()
    {
        if (m_hasSpare)
        {
            m_hasSpare = false;
            return m_spare;
        }
        double u;
        double v;
        double radius;
        do
        {
            u = 2.0 * Uniform() - 1.0;
            v = 2.0 * Uniform() - 1.0;
            radius = u * u + v * v;
        } while (radius >= 1.0 || radius == 0.0);
        const double factor = std::sqrt(-2.0 * std::log(radius) / radius);
        m_spare = v * factor;
        m_hasSpare = true;
        return u * factor;
    }

  private:
    /// \return a U[0, 1) draw with 53 random bits
    double Uniform()
    {
        return static_cast<double>(m_generator() >> 11) * 0x1.0p-53;
    }

    std::mt19937_64 m_generator; //!< the generator
    double m_spare{0.0};         //!< the second draw of the last pair
    bool m_hasSpare{false};      //!< whether m_spare is unused
};

/**
 * \return the test scenario: two UEs per pilot; rho_d = 97 dB and rho_p = 95 dB (about 3 mW and
 * 2 mW over -92 dBm of noise), low enough for the noise to matter. With the eta of DoRun the
 * SINRs are 0.8-1.5, and coherent interference, non-coherent interference and noise make up
 * 7-26%, 58-84% and 8-25% of the denominators, so a wrong term would show.
 */
CellFreeScenario
MakeScenario()
{
    CellFreeScenario scenario;
    scenario.numAntennas = kNumAntennas;
    scenario.numPilots = kNumPilots;
    scenario.coherenceSamples = 200;
    scenario.rhoD = std::pow(10.0, 9.7);
    scenario.rhoP = std::pow(10.0, 9.5);
    scenario.beta.resize(kNumAps, kNumUes);
    for (int m = 0; m < kNumAps; ++m)
    {
        for (int k = 0; k < kNumUes; ++k)
        {
            scenario.beta(m, k) = std::pow(10.0, kBetaDb[m][k] / 10.0);
        }
    }
    scenario.pilot = {0, 1, 2, 0, 1, 2};
    return scenario;
}

} // namespace

/**
 * \ingroup cell-free-tests
 * \brief Simulates the pilot phase and the downlink of a small contaminated network and compares
 * the sample statistics with gamma and with ComputeDownlinkSinr.
 *
 * Per realisation: g_mk ~ CN(0, beta_mk I_N); pilot p received at AP m,
 * y_mp = sqrt(tau_p rho_p) sum_{k: p(k)=p} g_mk + w_mp with w_mp ~ CN(0, I_N); MMSE estimate
 * ghat_mk = c_mk y_m,p(k), c_mk = sqrt(tau_p rho_p) beta_mk / (tau_p rho_p sum_{k'on p} beta_mk'
 * + 1); effective downlink gain of the beam towards k' at UE k,
 * a_kk' = sqrt(rho_d) sum_m sqrt(eta_mk') g_mk^T conj(ghat_mk'). Use-and-then-forget:
 *
 *     SINR_k = |E a_kk|^2 / (sum_k' E|a_kk'|^2 - |E a_kk|^2 + 1)
 */
class CellFreeMonteCarloTestCase : public TestCase
{
  public:
    /**
     * \param masked serve each UE by its 3 strongest APs only (doc/cell-free.rst "User-centric
     * serving clusters"): the closed form with the mask against a simulation in which the APs
     * outside M_k send nothing to k
     */
    CellFreeMonteCarloTestCase(bool masked)
        : TestCase(std::string("closed-form gamma and SINR agree with a Monte Carlo simulation") +
                   (masked ? ", serving clusters of 3 APs" : "")),
          m_masked(masked)
    {
    }

  private:
    void DoRun() override;

    bool m_masked; //!< with serving clusters
};

void
CellFreeMonteCarloTestCase::DoRun()
{
    CellFreeScenario s = MakeScenario();
    if (m_masked)
    {
        s.serving = FormStrongestServingClusters(s.beta, 3);
    }
    NS_TEST_ASSERT_MSG_EQ(s.Validate(), "", "valid scenario");
    const Eigen::MatrixXd mask = m_masked ? ServingMask(s.serving, kNumAps, kNumUes)
                                          : Eigen::MatrixXd::Ones(kNumAps, kNumUes);
    const CellFreeChannelEstimates estimates = EstimateChannels(s);

    // A random feasible, non-EPA eta: eta_mk proportional to u_mk / sqrt(gamma_mk), u_mk in
    // [0.1, 1], scaled so that AP m uses a random share of its budget in [0.6, 1]
    // (N sum_k eta_mk gamma_mk = share_m).
    Ptr<UniformRandomVariable> uniform = CreateObject<UniformRandomVariable>();
    uniform->SetStream(4711);
    Eigen::MatrixXd eta(kNumAps, kNumUes);
    for (int m = 0; m < kNumAps; ++m)
    {
        double used = 0.0;
        for (int k = 0; k < kNumUes; ++k)
        {
            // Drawn for every pair so that both cases see the same draws; 0 outside M_k.
            eta(m, k) = mask(m, k) * uniform->GetValue(0.1, 1.0) / std::sqrt(estimates.gamma(m, k));
            used += kNumAntennas * eta(m, k) * estimates.gamma(m, k);
        }
        const double share = uniform->GetValue(0.6, 1.0);
        if (used > 0.0)
        {
            eta.row(m) *= share / used;
        }
    }
    NS_TEST_ASSERT_MSG_EQ(IsFeasiblePowerAllocation(s, estimates, eta), true, "feasible eta");
    const Eigen::VectorXd closedForm =
        ComputeDownlinkSinr(s, estimates, PowerToAmplitude(eta, estimates.gamma));
    {
        // The link model (the seam every algorithm uses) agrees with the reference.
        CellFreeLinkModel link(s, estimates);
        const Eigen::VectorXd fast = link.FromGrouped(Eigen::VectorXd(
            link.ComputeSinr(link.ToPairs(PowerToAmplitude(eta, estimates.gamma)))));
        NS_TEST_EXPECT_MSG_LT((fast - closedForm).norm(),
                              1e-12 * closedForm.norm(),
                              "link model against the reference SINR");
    }

    // MMSE coefficients c_mk.
    const double pilotSnr = kNumPilots * s.rhoP;
    Eigen::MatrixXd c(kNumAps, kNumUes);
    for (int m = 0; m < kNumAps; ++m)
    {
        for (int k = 0; k < kNumUes; ++k)
        {
            double received = 0.0;
            for (int j = 0; j < kNumUes; ++j)
            {
                received += s.pilot[j] == s.pilot[k] ? s.beta(m, j) : 0.0;
            }
            c(m, k) = std::sqrt(pilotSnr) * s.beta(m, k) / (pilotSnr * received + 1.0);
        }
    }
    // Plain arrays and real arithmetic in the loop below: it runs 1e5 times and must stay fast
    // in unoptimised builds too (Eigen's element access is not inlined there).
    const Eigen::MatrixXd sqrtEta = eta.cwiseSqrt();
    double rootEta[kNumAps][kNumUes];      // sqrt(eta_mk)
    double rootHalfBeta[kNumAps][kNumUes]; // sqrt(beta_mk / 2)
    double coefficient[kNumAps][kNumUes];  // c_mk
    int pilot[kNumUes];
    for (int m = 0; m < kNumAps; ++m)
    {
        for (int k = 0; k < kNumUes; ++k)
        {
            rootEta[m][k] = sqrtEta(m, k);
            rootHalfBeta[m][k] = std::sqrt(0.5 * s.beta(m, k));
            coefficient[m][k] = c(m, k);
            pilot[k] = s.pilot[k];
        }
    }
    const double sqrtPilotSnr = std::sqrt(pilotSnr);
    const double sqrtRhoD = std::sqrt(s.rhoD);
    const double sqrtHalf = std::sqrt(0.5);

    // Statistics: x_k = Re a_kk (its mean is E a_kk, which is real), y_k = sum_k' |a_kk'|^2,
    // coherent[k][k'] = Re a_kk' for k' != k on k's pilot; power[m][k] = sum of |ghat_mk,n|^2.
    std::vector<MeanVarianceCovariance> desired(kNumUes);
    std::vector<MeanVariance> received(kNumUes);
    std::vector<std::vector<MeanVariance>> coherent(kNumUes, std::vector<MeanVariance>(kNumUes));
    double power[kNumAps][kNumUes] = {};

    // Channels and estimates, index [m][k][n], real and imaginary parts apart.
    double gRe[kNumAps][kNumUes][kNumAntennas];
    double gIm[kNumAps][kNumUes][kNumAntennas];
    double hRe[kNumAps][kNumUes][kNumAntennas]; // ghat
    double hIm[kNumAps][kNumUes][kNumAntennas];
    StandardNormal normal(20250601);
    for (int r = 0; r < kRealisations; ++r)
    {
        for (int m = 0; m < kNumAps; ++m)
        {
            // g_mk ~ CN(0, beta_mk I_N): real and imaginary parts N(0, beta_mk / 2).
            for (int k = 0; k < kNumUes; ++k)
            {
                for (int n = 0; n < kNumAntennas; ++n)
                {
                    gRe[m][k][n] = rootHalfBeta[m][k] * normal();
                    gIm[m][k][n] = rootHalfBeta[m][k] * normal();
                }
            }
            // y_mp = sqrt(tau_p rho_p) sum_{k on p} g_mk + w_mp, w_mp ~ CN(0, I_N);
            // ghat_mk = c_mk y_m,p(k).
            for (int p = 0; p < kNumPilots; ++p)
            {
                for (int n = 0; n < kNumAntennas; ++n)
                {
                    double yRe = sqrtHalf * normal();
                    double yIm = sqrtHalf * normal();
                    for (int k = 0; k < kNumUes; ++k)
                    {
                        if (pilot[k] == p)
                        {
                            yRe += sqrtPilotSnr * gRe[m][k][n];
                            yIm += sqrtPilotSnr * gIm[m][k][n];
                        }
                    }
                    for (int k = 0; k < kNumUes; ++k)
                    {
                        if (pilot[k] == p)
                        {
                            hRe[m][k][n] = coefficient[m][k] * yRe;
                            hIm[m][k][n] = coefficient[m][k] * yIm;
                            power[m][k] +=
                                hRe[m][k][n] * hRe[m][k][n] + hIm[m][k][n] * hIm[m][k][n];
                        }
                    }
                }
            }
        }
        // a_kj = sqrt(rho_d) sum_m sqrt(eta_mj) sum_n g_mk,n conj(ghat_mj,n)
        for (int k = 0; k < kNumUes; ++k)
        {
            double x = 0.0;
            double y = 0.0;
            for (int j = 0; j < kNumUes; ++j)
            {
                double aRe = 0.0;
                double aIm = 0.0;
                for (int m = 0; m < kNumAps; ++m)
                {
                    double re = 0.0;
                    double im = 0.0;
                    for (int n = 0; n < kNumAntennas; ++n)
                    {
                        re += gRe[m][k][n] * hRe[m][j][n] + gIm[m][k][n] * hIm[m][j][n];
                        im += gIm[m][k][n] * hRe[m][j][n] - gRe[m][k][n] * hIm[m][j][n];
                    }
                    aRe += rootEta[m][j] * re;
                    aIm += rootEta[m][j] * im;
                }
                aRe *= sqrtRhoD;
                aIm *= sqrtRhoD;
                y += aRe * aRe + aIm * aIm;
                if (j != k && pilot[j] == pilot[k])
                {
                    coherent[k][j](aRe);
                }
                if (j == k)
                {
                    x = aRe;
                }
            }
            desired[k](x, acc::covariate1 = y);
            received[k](y);
        }
    }

    // gamma_mk: |ghat_mk,n|^2 is exponential with mean gamma_mk and standard deviation gamma_mk,
    // so the relative standard error of the mean of the R N samples is 1 / sqrt(R N) = 0.22%.
    const double gammaTolerance = kSigmas / std::sqrt(double(kRealisations) * kNumAntennas);
    double worstGamma = 0.0;
    for (int m = 0; m < kNumAps; ++m)
    {
        for (int k = 0; k < kNumUes; ++k)
        {
            const double expected = estimates.gamma(m, k);
            const double sampleMean = power[m][k] / (double(kRealisations) * kNumAntennas);
            const double relative = sampleMean / expected - 1.0;
            worstGamma = std::max(worstGamma, std::abs(relative));
            NS_TEST_EXPECT_MSG_EQ_TOL(relative,
                                      0.0,
                                      gammaTolerance,
                                      "E|ghat|^2 against gamma, m=" << m << " k=" << k);
        }
    }
    NS_LOG_INFO("gamma: worst relative deviation " << worstGamma << ", tolerance "
                                                   << gammaTolerance);

    const double n = kNumAntennas;
    for (int k = 0; k < kNumUes; ++k)
    {
        // Pilot contamination: E a_kk' = sqrt(rho_d) N sum_m sqrt(eta_mk') gamma_mk'
        // beta_mk / beta_mk' for k' on k's pilot; its standard error from the sample variance.
        for (int j = 0; j < kNumUes; ++j)
        {
            if (j == k || s.pilot[j] != s.pilot[k])
            {
                continue;
            }
            double expected = 0.0;
            for (int m = 0; m < kNumAps; ++m)
            {
                expected += sqrtEta(m, j) * estimates.gamma(m, j) * s.beta(m, k) / s.beta(m, j);
            }
            expected *= std::sqrt(s.rhoD) * n;
            const double error = std::sqrt(acc::variance(coherent[k][j]) / kRealisations);
            NS_LOG_INFO("E a_" << k << j << ": " << acc::mean(coherent[k][j]) << " closed form "
                               << expected << " (standard error " << error << ")");
            NS_TEST_EXPECT_MSG_EQ_TOL(acc::mean(coherent[k][j]),
                                      expected,
                                      kSigmas * error,
                                      "coherent interference E a_kk', k=" << k << " k'=" << j);
        }

        // SINR = f(m1, m2) = m1^2 / (m2 - m1^2 + 1) with m1 = E x, m2 = E y. Delta method:
        // Var f ~ grad^T Cov(x, y) grad / R, df/dm1 = 2 m1 (m2 + 1) / D^2, df/dm2 = -m1^2 / D^2.
        const double m1 = acc::mean(desired[k]);
        const double m2 = acc::mean(received[k]);
        const double denominator = m2 - m1 * m1 + 1.0;
        const double sinr = m1 * m1 / denominator;
        const double d1 = 2.0 * m1 * (m2 + 1.0) / (denominator * denominator);
        const double d2 = -m1 * m1 / (denominator * denominator);
        const double variance = d1 * d1 * acc::variance(desired[k]) +
                                2.0 * d1 * d2 * acc::covariance(desired[k]) +
                                d2 * d2 * acc::variance(received[k]);
        const double error = std::sqrt(variance / kRealisations);
        NS_LOG_INFO("SINR " << k << ": Monte Carlo " << sinr << " closed form " << closedForm(k)
                            << " relative difference " << sinr / closedForm(k) - 1.0
                            << " (standard error " << error / closedForm(k) << " relative)");
        NS_TEST_EXPECT_MSG_EQ_TOL(sinr,
                                  closedForm(k),
                                  kSigmas * error,
                                  "Monte Carlo against closed-form SINR, UE " << k);
        NS_TEST_EXPECT_MSG_LT(kSigmas * error,
                              0.03 * closedForm(k),
                              "the tolerance must stay below 3% to be meaningful, UE " << k);
    }
}

/**
 * \ingroup cell-free-tests
 * \brief The Monte Carlo test suite.
 */
class CellFreeMonteCarloTestSuite : public TestSuite
{
  public:
    CellFreeMonteCarloTestSuite();
};

CellFreeMonteCarloTestSuite::CellFreeMonteCarloTestSuite()
    : TestSuite("cell-free-monte-carlo", TestSuite::Type::UNIT)
{
    AddTestCase(new CellFreeMonteCarloTestCase(false));
    AddTestCase(new CellFreeMonteCarloTestCase(true));
}

/// Static instance that registers the suite.
static CellFreeMonteCarloTestSuite g_cellFreeMonteCarloTestSuite;
