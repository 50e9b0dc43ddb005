/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/boolean.h"
#include "ns3/cell-free-large-scale-fading-model.h"
#include "ns3/cell-free-link-budget.h"
#include "ns3/cell-free-shadowing-model.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/test.h"
#include "ns3/three-slope-propagation-loss-model.h"

#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/covariance.hpp>
#include <boost/accumulators/statistics/mean.hpp>
#include <boost/accumulators/statistics/stats.hpp>
#include <boost/accumulators/statistics/variance.hpp>
#include <boost/accumulators/statistics/variates/covariate.hpp>
#include <cmath>

/**
 * \file
 * \ingroup cell-free-tests
 * Path loss, shadowing, wrap-around and noise power (doc/cell-free.rst "Large-scale fading").
 */

using namespace ns3;
namespace acc = boost::accumulators;

NS_LOG_COMPONENT_DEFINE("CellFreeLargeScaleFadingTest");

/**
 * \ingroup cell-free-tests
 * the reference values of the three-slope path loss, through both the direct call and
 * PropagationLossModel::CalcRxPower between two mobility models.
 */
class ThreeSlopePathLossTestCase : public TestCase
{
  public:
    ThreeSlopePathLossTestCase()
        : TestCase("Three-slope path loss matches the reference values")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<ThreeSlopePropagationLossModel> model = CreateObject<ThreeSlopePropagationLossModel>();
        NS_TEST_EXPECT_MSG_EQ_TOL(model->GetHataConstantDb(), 140.7151, 1e-3, "L (dB)");
        const std::vector<std::pair<double, double>> values = {{10.0, -81.200},
                                                               {30.0, -90.742},
                                                               {50.0, -95.179},
                                                               {100.0, -105.715},
                                                               {500.0, -130.179},
                                                               {1000.0, -140.715}};
        Ptr<ConstantPositionMobilityModel> a = CreateObject<ConstantPositionMobilityModel>();
        Ptr<ConstantPositionMobilityModel> b = CreateObject<ConstantPositionMobilityModel>();
        for (const auto& [distance, expected] : values)
        {
            NS_TEST_EXPECT_MSG_EQ_TOL(model->GetPathGainDb(distance),
                                      expected,
                                      1e-3,
                                      "PL at " << distance << " m");
            // Heights differ, but only the horizontal distance counts.
            a->SetPosition(Vector(0.0, 0.0, 15.0));
            b->SetPosition(Vector(distance * 0.6, distance * 0.8, 1.65));
            NS_TEST_EXPECT_MSG_EQ_TOL(model->CalcRxPower(30.0, a, b),
                                      30.0 + expected,
                                      1e-3,
                                      "CalcRxPower at " << distance << " m");
        }
        // Constant below d0, continuous at d1.
        NS_TEST_EXPECT_MSG_EQ_TOL(model->GetPathGainDb(0.0),
                                  model->GetPathGainDb(10.0),
                                  1e-12,
                                  "flat below d0");
        NS_TEST_EXPECT_MSG_EQ_TOL(model->GetPathGainDb(50.0 - 1e-9),
                                  model->GetPathGainDb(50.0 + 1e-9),
                                  1e-6,
                                  "continuous at d1");
    }
};

/**
 * \ingroup cell-free-tests
 * Noise power of doc/cell-free.rst: -91.99 dBm for 20 MHz and NF 9 dB, and the SNRs of the default
 * preset.
 */
class NoisePowerTestCase : public TestCase
{
  public:
    NoisePowerTestCase()
        : TestCase("Thermal noise power and power-to-noise ratios")
    {
    }

  private:
    void DoRun() override
    {
        const double noise = ThermalNoisePowerDbm(20e6, 9.0);
        NS_TEST_EXPECT_MSG_EQ_TOL(noise, -91.99, 5e-3, "noise power (dBm)");
        NS_TEST_EXPECT_MSG_EQ_TOL(DbmToWatt(30.0), 1.0, 1e-12, "30 dBm is 1 W");
        NS_TEST_EXPECT_MSG_EQ_TOL(WattToDbm(0.2), 23.0103, 1e-4, "0.2 W in dBm");
        // rho_d of the default preset, as in the reference vectors.
        NS_TEST_EXPECT_MSG_EQ_TOL(PowerToNoiseRatio(1.0, noise) / 1581138830084.1895,
                                  1.0,
                                  1e-9,
                                  "rho_d for 1 W");
    }
};

/**
 * \ingroup cell-free-tests
 * Shadowing statistics: i.i.d. mean 0 and std sigma; correlated model with the covariance
 * sigma^2 (delta 2^(-d_AP/d_decorr) + (1 - delta) 2^(-d_UE/d_decorr)) between two links.
 */
class ShadowingStatisticsTestCase : public TestCase
{
  public:
    ShadowingStatisticsTestCase()
        : TestCase("Shadowing mean, standard deviation and correlation at a distance")
    {
    }

  private:
    void DoRun() override
    {
        auto plain = [](const Vector& a, const Vector& b) { return CalculateDistance(a, b); };
        const int draws = 20000;
        {
            Ptr<CellFreeShadowingModel> shadowing = CreateObject<CellFreeShadowingModel>();
            shadowing->AssignStreams(11);
            const std::vector<Vector> aps(10, Vector(0, 0, 0));
            const std::vector<Vector> ues(10, Vector(100, 0, 0));
            acc::accumulator_set<double, acc::stats<acc::tag::mean, acc::tag::variance>> stats;
            for (int i = 0; i < draws / 100; ++i)
            {
                const Eigen::MatrixXd z = shadowing->Draw(aps, ues, plain);
                for (Eigen::Index j = 0; j < z.size(); ++j)
                {
                    stats(z.data()[j]);
                }
            }
            // Standard errors: sigma/sqrt(n) = 0.057 dB for the mean, about 0.04 dB for the std.
            NS_TEST_EXPECT_MSG_EQ_TOL(acc::mean(stats), 0.0, 0.25, "i.i.d. mean (dB)");
            NS_TEST_EXPECT_MSG_EQ_TOL(std::sqrt(acc::variance(stats)), 8.0, 0.2, "i.i.d. std");
        }
        {
            Ptr<CellFreeShadowingModel> shadowing = CreateObject<CellFreeShadowingModel>();
            shadowing->SetAttribute("Correlated", BooleanValue(true));
            shadowing->AssignStreams(12);
            // Two APs 100 m apart and two UEs 50 m apart: links (0,0) and (1,1) differ in both.
            const std::vector<Vector> aps = {Vector(0, 0, 0), Vector(100, 0, 0)};
            const std::vector<Vector> ues = {Vector(0, 300, 0), Vector(50, 300, 0)};
            acc::accumulator_set<double,
                                 acc::stats<acc::tag::mean,
                                            acc::tag::variance,
                                            acc::tag::covariance<double, acc::tag::covariate1>>>
                stats;
            for (int i = 0; i < draws; ++i)
            {
                const Eigen::MatrixXd z = shadowing->Draw(aps, ues, plain);
                stats(z(0, 0), acc::covariate1 = z(1, 1));
            }
            const double expected =
                64.0 * (0.5 * std::exp2(-100.0 / 100.0) + 0.5 * std::exp2(-50.0 / 100.0));
            NS_TEST_EXPECT_MSG_EQ_TOL(std::sqrt(acc::variance(stats)), 8.0, 0.2, "correlated std");
            // Standard error of the sample covariance is about 64 sqrt((1 + rho^2)/n) = 0.56.
            NS_TEST_EXPECT_MSG_EQ_TOL(acc::covariance(stats), expected, 2.5, "covariance (dB^2)");
        }
    }
};

/**
 * \ingroup cell-free-tests
 * Wrap-around distances and beta from positions with the default and another loss model.
 */
class LargeScaleFadingFromPositionsTestCase : public TestCase
{
  public:
    LargeScaleFadingFromPositionsTestCase()
        : TestCase("Large-scale fading from positions, wrap-around, any loss model")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<CellFreeLargeScaleFadingModel> fading = CreateObject<CellFreeLargeScaleFadingModel>();
        fading->SetAttribute("WrapAroundSide", DoubleValue(1000.0));
        fading->GetShadowingModel()->SetAttribute("Sigma", DoubleValue(0.0));
        // Across the border the nearest copy is 20 m away, not 980 m; also diagonally.
        NS_TEST_EXPECT_MSG_EQ_TOL(fading->GetDistance(Vector(10, 500, 0), Vector(990, 500, 0)),
                                  20.0,
                                  1e-9,
                                  "wrap-around along x");
        NS_TEST_EXPECT_MSG_EQ_TOL(fading->GetDistance(Vector(10, 10, 0), Vector(990, 990, 0)),
                                  std::sqrt(800.0),
                                  1e-9,
                                  "wrap-around on the diagonal");
        NS_TEST_EXPECT_MSG_EQ_TOL(fading->GetDistance(Vector(400, 400, 0), Vector(600, 400, 0)),
                                  200.0,
                                  1e-9,
                                  "no wrap needed");

        const std::vector<Vector> aps = {Vector(10, 500, 0), Vector(500, 500, 0)};
        const std::vector<Vector> ues = {Vector(990, 500, 0), Vector(600, 500, 0)};
        const Eigen::MatrixXd beta = fading->Compute(aps, ues);
        Ptr<ThreeSlopePropagationLossModel> reference =
            CreateObject<ThreeSlopePropagationLossModel>();
        NS_TEST_EXPECT_MSG_EQ_TOL(10 * std::log10(beta(0, 0)),
                                  reference->GetPathGainDb(20.0),
                                  1e-9,
                                  "beta uses the wrapped distance");
        NS_TEST_EXPECT_MSG_EQ_TOL(10 * std::log10(beta(1, 1)),
                                  reference->GetPathGainDb(100.0),
                                  1e-9,
                                  "beta(1,1)");

        // Any ns-3 loss model: Friis at 1.9 GHz gives 20 log10(lambda / (4 pi d)).
        Ptr<FriisPropagationLossModel> friis = CreateObject<FriisPropagationLossModel>();
        friis->SetAttribute("Frequency", DoubleValue(1.9e9));
        fading->SetAttribute("PropagationLossModel", PointerValue(friis));
        const Eigen::MatrixXd friisBeta = fading->Compute(aps, ues);
        const double lambda = 299792458.0 / 1.9e9;
        NS_TEST_EXPECT_MSG_EQ_TOL(10 * std::log10(friisBeta(1, 1)),
                                  20 * std::log10(lambda / (4 * M_PI * 100.0)),
                                  1e-6,
                                  "Friis gain at 100 m");
    }
};

/**
 * \ingroup cell-free-tests
 * Shadowing is applied beyond ShadowingMinDistance only, and AssignStreams fixes the draws.
 */
class ShadowingApplicationTestCase : public TestCase
{
  public:
    ShadowingApplicationTestCase()
        : TestCase("Shadowing only beyond d1; same stream gives the same beta")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<Vector> aps = {Vector(0, 0, 0), Vector(500, 0, 0)};
        const std::vector<Vector> ues = {Vector(30, 0, 0), Vector(300, 0, 0)};
        auto draw = [&](int64_t stream) {
            Ptr<CellFreeLargeScaleFadingModel> fading =
                CreateObject<CellFreeLargeScaleFadingModel>();
            fading->AssignStreams(stream);
            return fading->Compute(aps, ues);
        };
        const Eigen::MatrixXd first = draw(5);
        const Eigen::MatrixXd again = draw(5);
        const Eigen::MatrixXd other = draw(6);
        NS_TEST_EXPECT_MSG_EQ((first - again).norm(), 0.0, "same stream, same draw");
        NS_TEST_EXPECT_MSG_NE((first - other).norm(), 0.0, "other stream, other draw");
        Ptr<ThreeSlopePropagationLossModel> reference =
            CreateObject<ThreeSlopePropagationLossModel>();
        NS_TEST_EXPECT_MSG_EQ_TOL(10 * std::log10(first(0, 0)),
                                  reference->GetPathGainDb(30.0),
                                  1e-9,
                                  "no shadowing at 30 m");
        NS_TEST_EXPECT_MSG_GT(
            std::abs(10 * std::log10(first(0, 1)) - reference->GetPathGainDb(300.0)),
            1e-6,
            "shadowing at 300 m");
    }
};

/**
 * \ingroup cell-free-tests
 * The large-scale fading test suite.
 */
class CellFreeLargeScaleFadingTestSuite : public TestSuite
{
  public:
    CellFreeLargeScaleFadingTestSuite()
        : TestSuite("cell-free-large-scale-fading", TestSuite::Type::UNIT)
    {
        AddTestCase(new ThreeSlopePathLossTestCase);
        AddTestCase(new NoisePowerTestCase);
        AddTestCase(new ShadowingStatisticsTestCase);
        AddTestCase(new LargeScaleFadingFromPositionsTestCase);
        AddTestCase(new ShadowingApplicationTestCase);
    }
};

/// The static instance that registers the suite.
static CellFreeLargeScaleFadingTestSuite g_cellFreeLargeScaleFadingTestSuite;
