/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/apg-power-control.h"
#include "ns3/cell-free-apg-solver.h"
#include "ns3/cell-free-channel-estimation.h"
#include "ns3/cell-free-link-kernel.h"
#include "ns3/cell-free-link-model.h"
#include "ns3/cell-free-scenario-generator.h"
#include "ns3/cell-free-serving-clusters.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/epa-power-control.h"
#include "ns3/fractional-power-control.h"
#include "ns3/log.h"
#include "ns3/object-factory.h"
#include "ns3/random-variable-stream.h"
#include "ns3/string.h"
#include "ns3/test.h"

#include <cmath>
#include <limits>

/**
 * \file
 * \ingroup cell-free-tests
 * Power control: the analytic gradient, the projection, the APG method (monotone, close to the
 * exact max-min optimum, better than the heuristics) and the algorithm interface on bad input.
 */

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreePowerControlTest");

namespace
{

/// A random scenario of a small contaminated preset (or the default preset if numAps is 0).
CellFreeScenario
DrawScenario(int64_t stream, int numAps, int numAntennas, int numUes, int numPilots)
{
    Ptr<CellFreeScenarioGenerator> generator = CreateObject<CellFreeScenarioGenerator>();
    CellFreePreset preset = CellFreePreset::Default();
    if (numAps > 0)
    {
        preset.numAps = numAps;
        preset.numAntennas = numAntennas;
        preset.numPilots = numPilots;
        preset.areaSide = 150.0;
    }
    generator->SetPreset(preset);
    generator->AssignStreams(stream);
    return generator->Generate(numUes);
}

/// SE of every UE for a power matrix, by the reference implementation.
Eigen::VectorXd
SeOf(const CellFreeScenario& scenario,
     const CellFreeChannelEstimates& estimates,
     const Eigen::MatrixXd& eta)
{
    return ComputeSpectralEfficiency(
        scenario,
        ComputeDownlinkSinr(scenario, estimates, PowerToAmplitude(eta, estimates.gamma)));
}

/// Project an M x K amplitude matrix (scenario order) with the link model's projection.
void
ProjectMatrix(const CellFreeLinkModel& link, Eigen::MatrixXd& mu)
{
    Eigen::VectorXd pairs = link.ToPairs(mu);
    link.Project(pairs);
    mu = link.FromPairs(pairs);
}

/// The scenario with serving clusters of a rule: "all", "strongest" (L = 5) or "dcc".
CellFreeScenario
WithClusters(CellFreeScenario scenario, const std::string& rule)
{
    if (rule == "strongest")
    {
        scenario.serving = FormStrongestServingClusters(scenario.beta, 5);
    }
    else if (rule == "dcc")
    {
        scenario.serving = FormDccServingClusters(scenario.beta, scenario.pilot);
    }
    return scenario;
}

} // namespace

/**
 * \ingroup cell-free-tests
 * The link model's SE equals the reference SINR formula, and its analytic gradient equals central
 * finite differences for every utility.
 */
class SeGradientTestCase : public TestCase
{
  public:
    /// \param rule the serving clusters ("all", "strongest" or "dcc")
    SeGradientTestCase(const std::string& rule)
        : TestCase("Analytic utility gradient matches finite differences, clusters " + rule),
          m_rule(rule)
    {
    }

  private:
    void DoRun() override
    {
        const CellFreeScenario scenario = WithClusters(DrawScenario(1, 0, 0, 30, 0), m_rule);
        const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
        CellFreeLinkModel link(scenario, estimates);
        NS_TEST_ASSERT_MSG_EQ(link.IsFullService(), (m_rule == "all"), "dense kernels iff D = 1");
        // A non-uniform interior point.
        Eigen::VectorXd mu = link.ToPairs(
            PowerToAmplitude(EqualPowerAllocation(scenario, estimates), estimates.gamma));
        for (Eigen::Index p = 0; p < mu.size(); ++p)
        {
            mu(p) *= 0.3 + 0.6 * (link.PairUe()[p] % 5) / 4.0;
        }
        const Eigen::VectorXd reference =
            SeOf(scenario, estimates, AmplitudeToPower(link.FromPairs(mu), estimates.gamma));
        const Eigen::VectorXd fast = link.FromGrouped(Eigen::VectorXd(link.ComputeSe(mu)));
        NS_TEST_EXPECT_MSG_LT((fast - reference).norm() / reference.norm(), 1e-12, "SE");

        for (auto utility : {CellFreeUtility::MIN_SE,
                             CellFreeUtility::SUM_SE,
                             CellFreeUtility::PROPORTIONAL_FAIRNESS})
        {
            Eigen::VectorXd gradient;
            link.ComputeUtilityAndGradient(mu, utility, 20.0, gradient);
            const double scale = gradient.cwiseAbs().maxCoeff();
            for (int i = 0; i < 60; ++i)
            {
                const Eigen::Index p = (i * 37) % mu.size();
                const double h = 1e-6 * mu(p);
                Eigen::VectorXd plus = mu;
                Eigen::VectorXd minus = mu;
                plus(p) += h;
                minus(p) -= h;
                const double numeric = (link.ComputeUtility(plus, utility, 20.0) -
                                        link.ComputeUtility(minus, utility, 20.0)) /
                                       (2 * h);
                // Central differences are accurate to O(h^2) plus rounding eps f / h.
                NS_TEST_EXPECT_MSG_EQ_TOL(gradient(p),
                                          numeric,
                                          1e-5 * scale,
                                          CellFreeUtilityName(utility)
                                              << " gradient at pair " << p << " (AP "
                                              << link.PairAp()[p] << ", UE " << link.PairUe()[p]
                                              << ")");
            }
        }
    }

    std::string m_rule; //!< the serving clusters
};

/**
 * \ingroup cell-free-tests
 * The per-AP projection: feasible output, fixed points, idempotence, and that it is the nearest
 * feasible point (no random feasible point is closer), with and without serving clusters.
 */
class ProjectionTestCase : public TestCase
{
  public:
    ProjectionTestCase()
        : TestCase("Projection onto the per-AP feasible set")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<UniformRandomVariable> uniform = CreateObject<UniformRandomVariable>();
        uniform->SetStream(3);
        const int n = 4;
        const double radius = 0.5;
        for (const std::string rule : {"all", "strongest"})
        {
            // M = 6, K = 5 (strongest L = 5 of 6 leaves one AP out of every cluster).
            const CellFreeScenario scenario = WithClusters(DrawScenario(5, 6, n, 5, 3), rule);
            const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
            const CellFreeLinkModel link(scenario, estimates);
            NS_TEST_ASSERT_MSG_EQ(link.NumPairs(),
                                  (rule == "all" ? 30 : 25),
                                  "the variables are the served pairs");
            for (int trial = 0; trial < 20; ++trial)
            {
                Eigen::VectorXd u(link.NumPairs());
                for (Eigen::Index i = 0; i < u.size(); ++i)
                {
                    u(i) = uniform->GetValue(-0.5, 0.8);
                }
                Eigen::VectorXd p = u;
                link.Project(p);
                const Eigen::MatrixXd matrix = link.FromPairs(p);
                NS_TEST_EXPECT_MSG_EQ((p.array() >= 0.0).all(), true, "non-negative");
                NS_TEST_EXPECT_MSG_LT_OR_EQ(matrix.rowwise().norm().maxCoeff(),
                                            radius + 1e-12,
                                            "in ball");
                Eigen::VectorXd again = p;
                link.Project(again);
                NS_TEST_EXPECT_MSG_LT((again - p).norm(), 1e-14, "idempotent");
                for (int probe = 0; probe < 50; ++probe)
                {
                    Eigen::VectorXd w(link.NumPairs());
                    for (Eigen::Index i = 0; i < w.size(); ++i)
                    {
                        w(i) = uniform->GetValue(0.0, 0.3);
                    }
                    link.Project(w); // any feasible point
                    NS_TEST_EXPECT_MSG_LT_OR_EQ((p - u).norm(), (w - u).norm() + 1e-12, "nearest");
                }
            }
            Eigen::VectorXd inside = Eigen::VectorXd::Constant(link.NumPairs(), 0.1);
            const Eigen::VectorXd copy = inside;
            link.Project(inside);
            NS_TEST_EXPECT_MSG_EQ((inside - copy).norm(), 0.0, "feasible points are fixed");
        }
    }
};

/**
 * \ingroup cell-free-tests
 * Serving clusters that hold every AP (strongest L = M) run the sparse kernels on the problem the
 * dense kernels solve without clusters: the link model, EPA, FPA and APG agree.
 */
class SparseEqualsDenseTestCase : public TestCase
{
  public:
    SparseEqualsDenseTestCase()
        : TestCase("Sparse kernels with every AP in every cluster equal the dense ones")
    {
    }

  private:
    void DoRun() override
    {
        const CellFreeScenario dense = DrawScenario(11, 0, 0, 30, 0);
        CellFreeScenario sparse = dense;
        sparse.serving = FormStrongestServingClusters(dense.beta, dense.NumAps());
        const CellFreeChannelEstimates estimates = EstimateChannels(dense);
        CellFreeLinkModel denseLink(dense, estimates);
        CellFreeLinkModel sparseLink(sparse, estimates);
        NS_TEST_ASSERT_MSG_EQ(sparseLink.IsFullService(), false, "sparse kernels");
        NS_TEST_ASSERT_MSG_EQ(sparseLink.NumPairs(), denseLink.NumPairs(), "same variables");
        Eigen::MatrixXd mu =
            PowerToAmplitude(EqualPowerAllocation(dense, estimates), estimates.gamma);
        for (Eigen::Index k = 0; k < mu.cols(); ++k)
        {
            mu.col(k) *= 0.4 + 0.5 * (k % 3) / 2.0;
        }
        Eigen::VectorXd denseGradient;
        Eigen::VectorXd sparseGradient;
        const double denseValue = denseLink.ComputeUtilityAndGradient(denseLink.ToPairs(mu),
                                                                      CellFreeUtility::MIN_SE,
                                                                      50.0,
                                                                      denseGradient);
        const double sparseValue = sparseLink.ComputeUtilityAndGradient(sparseLink.ToPairs(mu),
                                                                        CellFreeUtility::MIN_SE,
                                                                        50.0,
                                                                        sparseGradient);
        NS_TEST_EXPECT_MSG_EQ_TOL(sparseValue, denseValue, 1e-12 * std::abs(denseValue), "value");
        NS_TEST_EXPECT_MSG_LT(
            (sparseLink.FromPairs(sparseGradient) - denseLink.FromPairs(denseGradient)).norm(),
            1e-10 * denseGradient.norm(),
            "gradient");
        const Eigen::MatrixXd epa = EqualPowerAllocation(dense, estimates);
        NS_TEST_EXPECT_MSG_LT((EqualPowerAllocation(sparse, estimates) - epa).cwiseAbs().maxCoeff(),
                              1e-12 * epa.maxCoeff(),
                              "EPA (the sums in another order)");
        // FPA is closed form: equal to rounding. APG is iterative on a nonconvex problem: the
        // rounding of the other summation order steers it to a point as good to within its
        // tolerance, not to the same digits.
        for (const auto& [type, tolerance] :
             {std::pair<std::string, double>{"ns3::FractionalPowerControl", 1e-12},
              std::pair<std::string, double>{"ns3::ApgPowerControl", 1e-3}})
        {
            ObjectFactory factory(type);
            Ptr<CellFreePowerControlAlgorithm> algorithm =
                factory.Create<CellFreePowerControlAlgorithm>();
            const double denseSe =
                SeOf(dense, estimates, algorithm->Allocate(dense, estimates).eta).minCoeff();
            const double sparseSe =
                SeOf(sparse, estimates, algorithm->Allocate(sparse, estimates).eta).minCoeff();
            NS_TEST_EXPECT_MSG_EQ_TOL(sparseSe, denseSe, tolerance * denseSe, type << " min-SE");
        }
    }
};

/**
 * \ingroup cell-free-tests
 * APG on serving clusters: feasible, no power outside them, above EPA within them, and within
 * 1% of its own tightly solved optimum (smoothing 200, tolerance 1e-9).
 */
class ApgClustersTestCase : public TestCase
{
  public:
    ApgClustersTestCase()
        : TestCase("APG on serving clusters: feasible, within 1% of a tight solve")
    {
    }

  private:
    void DoRun() override
    {
        for (const std::string rule : {"strongest", "dcc"})
        {
            const CellFreeScenario s = WithClusters(DrawScenario(12, 0, 0, 30, 0), rule);
            const CellFreeChannelEstimates estimates = EstimateChannels(s);
            CellFreeApgOptions options;
            const CellFreeApgResult apg = SolveApg(s, estimates, options);
            NS_TEST_ASSERT_MSG_EQ(IsFeasiblePowerAllocation(s, estimates, apg.eta),
                                  true,
                                  rule << ": feasible, nothing outside the clusters");
            options.smoothing = 200.0;
            options.tolerance = 1e-9;
            options.maxIterations = 20000;
            options.warnAtCap = false;
            const CellFreeApgResult tight = SolveApg(s, estimates, options);
            const double apgSe = SeOf(s, estimates, apg.eta).minCoeff();
            const double tightSe = SeOf(s, estimates, tight.eta).minCoeff();
            const double epaSe = SeOf(s, estimates, EqualPowerAllocation(s, estimates)).minCoeff();
            NS_TEST_EXPECT_MSG_GT(apgSe, epaSe, rule << ": above EPA");
            NS_TEST_EXPECT_MSG_GT_OR_EQ(apgSe, 0.99 * tightSe, rule << ": within 1% of tight");
        }
    }
};

/**
 * \ingroup cell-free-tests
 * The max-min SINR balancing at fixed directions (CellFreeLinkModel::BalancedAmplitudes): the
 * result is feasible, keeps every UE's direction, has every SINR equal (by the reference
 * formula) with the busiest AP at its budget, and no other feasible choice of the UEs' powers
 * along those directions has a higher minimum SINR.
 */
class BalancingTestCase : public TestCase
{
  public:
    /// \param rule "all", "strongest" or "dcc"
    BalancingTestCase(const std::string& rule)
        : TestCase("SINR balancing at fixed directions (" + rule + ")"),
          m_rule(rule)
    {
    }

  private:
    void DoRun() override
    {
        const CellFreeScenario scenario = WithClusters(DrawScenario(31, 0, 0, 30, 0), m_rule);
        const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
        CellFreeLinkModel link(scenario, estimates);
        Ptr<UniformRandomVariable> uniform = CreateObject<UniformRandomVariable>();
        uniform->SetStream(7);
        Eigen::VectorXd directions = link.EqualPowerAmplitudes();
        for (Eigen::Index p = 0; p < directions.size(); ++p)
        {
            directions(p) *= 0.2 + uniform->GetValue();
        }
        int used = 0;
        const Eigen::VectorXd mu = link.BalancedAmplitudes(directions, 2000, &used);
        NS_TEST_EXPECT_MSG_LT(used, 2000, "the fixed point converged");
        const Eigen::MatrixXd amplitudes = link.FromPairs(mu);
        const Eigen::MatrixXd eta = AmplitudeToPower(amplitudes, estimates.gamma);
        NS_TEST_ASSERT_MSG_EQ(IsFeasiblePowerAllocation(scenario, estimates, eta, 1e-9),
                              true,
                              "feasible");
        NS_TEST_EXPECT_MSG_EQ_TOL(ApPowerShare(scenario, estimates, eta).maxCoeff(),
                                  1.0,
                                  1e-9,
                                  "the busiest AP at its budget");
        const Eigen::MatrixXd given = link.FromPairs(directions);
        for (int k = 0; k < scenario.NumUes(); ++k)
        {
            const Eigen::VectorXd expected = given.col(k).normalized();
            NS_TEST_EXPECT_MSG_LT((amplitudes.col(k).normalized() - expected).norm(),
                                  1e-12,
                                  "direction of UE " << k << " kept");
        }
        auto sinrOf = [&](const Eigen::MatrixXd& a) {
            return ComputeDownlinkSinr(scenario, estimates, a);
        };
        const Eigen::VectorXd sinr = sinrOf(amplitudes);
        NS_TEST_EXPECT_MSG_LT(sinr.maxCoeff() / sinr.minCoeff() - 1.0, 1e-7, "every SINR equal");
        for (int trial = 0; trial < 50; ++trial)
        {
            // Other powers along the same directions, scaled onto the budget.
            Eigen::MatrixXd other = amplitudes;
            for (int k = 0; k < scenario.NumUes(); ++k)
            {
                other.col(k) *= std::sqrt(0.5 + uniform->GetValue());
            }
            const double share =
                ApPowerShare(scenario, estimates, AmplitudeToPower(other, estimates.gamma))
                    .maxCoeff();
            other /= std::sqrt(share);
            NS_TEST_EXPECT_MSG_LT_OR_EQ(sinrOf(other).minCoeff(),
                                        sinr.minCoeff() * (1.0 + 1e-9),
                                        "trial " << trial << " beats the balanced minimum");
        }
    }

    std::string m_rule; //!< the cluster rule
};

/**
 * \ingroup cell-free-tests
 * The single-precision products of the sparse kernels give the utility and its gradient of the
 * double-precision ones to 1e-5 (relative), ComputeSe stays in double precision, and without
 * clusters the setting changes nothing; the products' baseline and AVX2 kernels agree with double
 * precision.
 */
class SinglePrecisionProductsTestCase : public TestCase
{
  public:
    SinglePrecisionProductsTestCase()
        : TestCase("Single-precision products agree with double precision")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<UniformRandomVariable> uniform = CreateObject<UniformRandomVariable>();
        uniform->SetStream(8);
        for (const std::string rule : {"all", "strongest", "dcc"})
        {
            const CellFreeScenario scenario = WithClusters(DrawScenario(32, 0, 0, 30, 0), rule);
            const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
            CellFreeLinkModel exact(scenario, estimates);
            CellFreeLinkModel single(scenario, estimates);
            single.SetSinglePrecisionProducts(true);
            NS_TEST_EXPECT_MSG_EQ(single.UsesSinglePrecisionProducts(), false, "small: not used");
            single.SetSinglePrecisionProducts(true, 0);
            NS_TEST_EXPECT_MSG_EQ(single.UsesSinglePrecisionProducts(), (rule != "all"), rule);
            // Random amplitudes with exact zeros and tiny values (the flush to zero).
            Eigen::VectorXd mu = exact.EqualPowerAmplitudes();
            for (Eigen::Index p = 0; p < mu.size(); ++p)
            {
                const double u = uniform->GetValue();
                mu(p) *= u < 0.1 ? 0.0 : (u < 0.15 ? 1e-25 : 2.0 * u);
            }
            exact.Project(mu);
            for (auto utility : {CellFreeUtility::MIN_SE,
                                 CellFreeUtility::SUM_SE,
                                 CellFreeUtility::PROPORTIONAL_FAIRNESS})
            {
                Eigen::VectorXd gradientExact;
                Eigen::VectorXd gradientSingle;
                const double valueExact =
                    exact.ComputeUtilityAndGradient(mu, utility, 10.0, gradientExact);
                const double valueSingle =
                    single.ComputeUtilityAndGradient(mu, utility, 10.0, gradientSingle);
                const std::string name = rule + " " + CellFreeUtilityName(utility);
                NS_TEST_EXPECT_MSG_LT_OR_EQ(std::abs(valueSingle - valueExact),
                                            1e-5 * std::abs(valueExact),
                                            name << ": utility");
                NS_TEST_EXPECT_MSG_EQ_TOL(single.ComputeUtility(mu, utility, 10.0),
                                          valueSingle,
                                          1e-12 * std::abs(valueSingle),
                                          name << ": utility alone");
                NS_TEST_EXPECT_MSG_LT_OR_EQ((gradientSingle - gradientExact).norm(),
                                            1e-5 * gradientExact.norm(),
                                            name << ": gradient");
                if (rule == "all")
                {
                    NS_TEST_EXPECT_MSG_EQ(valueSingle, valueExact, "dense kernels unchanged");
                }
            }
            const Eigen::VectorXd seExact = exact.ComputeSe(mu);
            NS_TEST_EXPECT_MSG_EQ((single.ComputeSe(mu) - seExact).cwiseAbs().maxCoeff(),
                                  0.0,
                                  rule << ": ComputeSe in double precision");
            // The balancing with single-precision products reaches the same common SINR.
            const double balancedExact =
                exact.ComputeSinr(exact.BalancedAmplitudes(mu, 2000)).minCoeff();
            const double balancedSingle =
                exact.ComputeSinr(single.BalancedAmplitudes(mu, 2000)).minCoeff();
            NS_TEST_EXPECT_MSG_LT_OR_EQ(std::abs(balancedSingle - balancedExact),
                                        1e-5 * balancedExact,
                                        rule << ": balancing in single precision");
            // A UE whose amplitudes are 1e-16 of the others keeps its own signal (scaled per
            // UE), so even the PF utility, log SE of that UE included, agrees.
            Eigen::MatrixXd weak = exact.FromPairs(mu);
            weak.col(0) *= 1e-16;
            const Eigen::VectorXd weakPairs = exact.ToPairs(weak);
            Eigen::VectorXd gradientExact;
            Eigen::VectorXd gradientSingle;
            const double pfExact =
                exact.ComputeUtilityAndGradient(weakPairs,
                                                CellFreeUtility::PROPORTIONAL_FAIRNESS,
                                                10.0,
                                                gradientExact);
            const double pfSingle =
                single.ComputeUtilityAndGradient(weakPairs,
                                                 CellFreeUtility::PROPORTIONAL_FAIRNESS,
                                                 10.0,
                                                 gradientSingle);
            NS_TEST_EXPECT_MSG_LT_OR_EQ(std::abs(pfSingle - pfExact),
                                        1e-5 * std::abs(pfExact),
                                        rule << ": a weak UE");
            NS_TEST_EXPECT_MSG_LT_OR_EQ((gradientSingle - gradientExact).norm(),
                                        1e-5 * gradientExact.norm(),
                                        rule << ": a weak UE's gradient");
        }
        // A UE whose gains (2e-29, valid) are below 1e-20 of the largest would be flushed:
        // double precision.
        CellFreeScenario faint = DrawScenario(34, 0, 0, 30, 0);
        faint.beta.col(0).setConstant(2e-29);
        faint = WithClusters(faint, "strongest");
        const CellFreeChannelEstimates estimates = EstimateChannels(faint);
        NS_TEST_ASSERT_MSG_EQ(faint.Validate(), "", "the faint scenario is valid");
        CellFreeLinkModel faintLink(faint, estimates);
        faintLink.SetSinglePrecisionProducts(true, 0);
        NS_TEST_EXPECT_MSG_EQ(faintLink.UsesSinglePrecisionProducts(),
                              false,
                              "a flushed served gain keeps double precision");
        // The products' kernels, baseline and (where the processor has it) AVX2 + FMA, give the
        // double-precision products to single precision's rounding, at sizes with remainders.
        auto draw = [&uniform]() { return static_cast<float>(uniform->GetValue()); };
        const Eigen::MatrixXf b = Eigen::MatrixXf::NullaryExpr(37, 23, draw);
        const Eigen::VectorXf x = Eigen::VectorXf::NullaryExpr(37, draw);
        const Eigen::VectorXf v = Eigen::VectorXf::NullaryExpr(23, draw);
        const Eigen::VectorXd exactTransposed = b.cast<double>().transpose() * x.cast<double>();
        const Eigen::VectorXd exactPlain = b.cast<double>() * v.cast<double>();
        for (const bool avx2 : {false, true})
        {
            if (avx2 && !CellFreeLinkKernelAvx2FmaAvailable())
            {
                continue;
            }
            Eigen::VectorXf transposed(23);
            Eigen::VectorXf plain(37);
            (avx2 ? CellFreeSingleProductAvx2Fma : CellFreeSingleProductGeneric)(b.data(),
                                                                                 37,
                                                                                 23,
                                                                                 true,
                                                                                 x.data(),
                                                                                 transposed.data());
            (avx2 ? CellFreeSingleProductAvx2Fma
                  : CellFreeSingleProductGeneric)(b.data(), 37, 23, false, v.data(), plain.data());
            NS_TEST_EXPECT_MSG_LT((transposed.cast<double>() - exactTransposed).norm(),
                                  1e-6 * exactTransposed.norm(),
                                  "B^T x, avx2 " << avx2);
            NS_TEST_EXPECT_MSG_LT((plain.cast<double>() - exactPlain).norm(),
                                  1e-6 * exactPlain.norm(),
                                  "B x, avx2 " << avx2);
        }
    }
};

/**
 * \ingroup cell-free-tests
 * APG max-min with the single-precision products (where they take effect by default, M K >=
 * 131,072) ends within 0.5% of the double-precision run's minimum SE.
 */
class ApgSinglePrecisionTestCase : public TestCase
{
  public:
    ApgSinglePrecisionTestCase()
        : TestCase("APG max-min with single-precision products matches double precision")
    {
    }

  private:
    void DoRun() override
    {
        // M = 400, K = 330, strongest 5: M K = 132,000.
        const CellFreeScenario s = WithClusters(DrawScenario(35, 400, 4, 330, 20), "strongest");
        const CellFreeChannelEstimates estimates = EstimateChannels(s);
        CellFreeApgOptions options;
        const CellFreeApgResult single = SolveApg(s, estimates, options);
        options.singlePrecisionProducts = false;
        const CellFreeApgResult exact = SolveApg(s, estimates, options);
        NS_TEST_EXPECT_MSG_EQ(single.singlePrecisionProducts, true, "single precision in use");
        NS_TEST_EXPECT_MSG_EQ(exact.singlePrecisionProducts, false, "double precision");
        NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, estimates, single.eta),
                              true,
                              "feasible");
        const double minSingle = SeOf(s, estimates, single.eta).minCoeff();
        const double minExact = SeOf(s, estimates, exact.eta).minCoeff();
        NS_LOG_INFO("APG min-SE, single " << minSingle << " (" << single.iterations
                                          << " iterations), double " << minExact << " ("
                                          << exact.iterations << ")");
        NS_TEST_EXPECT_MSG_LT_OR_EQ(std::abs(minSingle - minExact),
                                    5e-3 * minExact,
                                    "single against double precision");
    }
};

/**
 * \ingroup cell-free-tests
 * APG max-min's final balancing: it never lowers the minimum SE of the same run without it, and
 * it leaves every SE equal; the result stays feasible and within the clusters.
 */
class ApgBalancingTestCase : public TestCase
{
  public:
    ApgBalancingTestCase()
        : TestCase("APG max-min: the final balancing raises the minimum SE and equalises it")
    {
    }

  private:
    void DoRun() override
    {
        for (const std::string rule : {"all", "strongest", "dcc"})
        {
            const CellFreeScenario s = WithClusters(DrawScenario(33, 0, 0, 30, 0), rule);
            const CellFreeChannelEstimates estimates = EstimateChannels(s);
            CellFreeApgOptions options;
            options.balancingIterations = 2000;
            const CellFreeApgResult balanced = SolveApg(s, estimates, options);
            options.finalBalancing = false;
            const CellFreeApgResult plain = SolveApg(s, estimates, options);
            NS_TEST_EXPECT_MSG_EQ(plain.iterations, balanced.iterations, rule << ": same run");
            const Eigen::VectorXd se = SeOf(s, estimates, balanced.eta);
            NS_TEST_EXPECT_MSG_GT_OR_EQ(se.minCoeff(),
                                        SeOf(s, estimates, plain.eta).minCoeff(),
                                        rule << ": balancing lowered the minimum");
            NS_TEST_EXPECT_MSG_LT(se.maxCoeff() / se.minCoeff() - 1.0,
                                  1e-6,
                                  rule << ": every SE equal");
            NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(s, estimates, balanced.eta),
                                  true,
                                  rule << ": feasible");
            NS_TEST_EXPECT_MSG_EQ(CellFreeLinkModel::HasPowerOutsideClusters(s, balanced.eta),
                                  false,
                                  rule << ": within the clusters");
        }
    }
};

/**
 * \ingroup cell-free-tests
 * A link model assigned problem after problem (CellFreeLinkModel::Assign, as APG and the GAT keep
 * theirs) gives exactly what a fresh one gives, whatever it served before: other sizes, other
 * rules, single or double precision; and SolveApg warm-started from pairs (initialPairs) equals
 * the same start as an M x K matrix.
 */
class LinkModelAssignTestCase : public TestCase
{
  public:
    LinkModelAssignTestCase()
        : TestCase("A reassigned link model equals a fresh one; a warm start in pair form")
    {
    }

  private:
    void DoRun() override
    {
        CellFreeScenario first = WithClusters(DrawScenario(41, 0, 0, 40, 0), "dcc");
        CellFreeLinkModel reused(first, EstimateChannels(first));
        reused.SetSinglePrecisionProducts(true, 0);
        Eigen::VectorXd ignored;
        reused.ComputeUtilityAndGradient(reused.EqualPowerAmplitudes(),
                                         CellFreeUtility::MIN_SE,
                                         10.0,
                                         ignored);
        int stream = 42;
        for (const std::string rule : {"strongest", "all", "dcc", "strongest"})
        {
            for (const bool single : {true, false})
            {
                const CellFreeScenario s =
                    WithClusters(DrawScenario(stream, 0, 0, 20 + 7 * (stream % 3), 0), rule);
                ++stream;
                const CellFreeChannelEstimates estimates = EstimateChannels(s);
                CellFreeLinkModel fresh(s, estimates);
                reused.Assign(s, estimates);
                fresh.SetSinglePrecisionProducts(single, 0);
                reused.SetSinglePrecisionProducts(single, 0);
                NS_TEST_ASSERT_MSG_EQ(reused.NumPairs(), fresh.NumPairs(), rule);
                NS_TEST_EXPECT_MSG_EQ(reused.UsesSinglePrecisionProducts(),
                                      fresh.UsesSinglePrecisionProducts(),
                                      rule);
                const Eigen::VectorXd mu = fresh.EqualPowerAmplitudes();
                Eigen::VectorXd gradFresh;
                Eigen::VectorXd gradReused;
                const double valueFresh =
                    fresh.ComputeUtilityAndGradient(mu, CellFreeUtility::MIN_SE, 10.0, gradFresh);
                const double valueReused =
                    reused.ComputeUtilityAndGradient(mu, CellFreeUtility::MIN_SE, 10.0, gradReused);
                NS_TEST_EXPECT_MSG_EQ(valueReused, valueFresh, rule << " single " << single);
                NS_TEST_EXPECT_MSG_EQ((gradReused - gradFresh).cwiseAbs().maxCoeff(),
                                      0.0,
                                      rule << " single " << single);
                int used = 0;
                const Eigen::VectorXd balancedFresh = fresh.BalancedAmplitudes(mu, 20, &used);
                NS_TEST_EXPECT_MSG_EQ((reused.BalancedAmplitudes(mu, 20, &used) - balancedFresh)
                                          .cwiseAbs()
                                          .maxCoeff(),
                                      0.0,
                                      rule << " single " << single << ": balancing");
                // APG on the reused model, from the same start in both forms.
                CellFreeApgOptions options;
                options.maxIterations = 30;
                options.warnAtCap = false;
                options.singlePrecisionProducts = single;
                options.initialAmplitudes = fresh.FromPairs(mu);
                const CellFreeApgResult fromMatrix = SolveApg(s, estimates, options);
                options.initialAmplitudes.resize(0, 0);
                options.initialPairs = mu;
                const CellFreeApgResult fromPairs = SolveApg(s, estimates, options, reused);
                NS_TEST_EXPECT_MSG_EQ((fromPairs.eta - fromMatrix.eta).cwiseAbs().maxCoeff(),
                                      0.0,
                                      rule << " single " << single << ": APG");
                NS_TEST_EXPECT_MSG_EQ(fromPairs.iterations, fromMatrix.iterations, rule);
            }
        }
    }
};

/**
 * \ingroup cell-free-tests
 * APG is monotone: the objective never decreases from one iteration to the next, and the result
 * is feasible and converged, for every utility.
 */
class ApgMonotoneTestCase : public TestCase
{
  public:
    ApgMonotoneTestCase()
        : TestCase("APG objective never decreases; result feasible")
    {
    }

  private:
    void DoRun() override
    {
        for (int64_t stream : {5, 6})
        {
            const CellFreeScenario scenario = DrawScenario(stream, 0, 0, 40, 0);
            const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
            for (auto utility : {CellFreeUtility::MIN_SE,
                                 CellFreeUtility::SUM_SE,
                                 CellFreeUtility::PROPORTIONAL_FAIRNESS})
            {
                CellFreeApgOptions options;
                options.utility = utility;
                options.recordTrace = true;
                options.maxIterations = 2000;
                const CellFreeApgResult result = SolveApg(scenario, estimates, options);
                NS_TEST_EXPECT_MSG_EQ(result.converged, true, CellFreeUtilityName(utility));
                for (std::size_t i = 1; i < result.trace.size(); ++i)
                {
                    NS_TEST_ASSERT_MSG_GT_OR_EQ(result.trace[i],
                                                result.trace[i - 1],
                                                CellFreeUtilityName(utility)
                                                    << " decreased at iteration " << i);
                }
                NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(scenario, estimates, result.eta),
                                      true,
                                      "feasible");
                NS_TEST_EXPECT_MSG_GT(result.trace.back(), result.trace.front(), "improves EPA");
            }
        }
    }
};

/**
 * \ingroup cell-free-tests
 * The exact max-min optimum of a small instance, for judging APG.
 *
 * Method. Max-min SINR is quasi-concave in mu: for a target SINR g, SINR_k >= g reads
 * sqrt(c) S_k(mu) >= sqrt(g) sqrt(D_k(mu)), with S_k linear and sqrt(D_k) the Euclidean norm of
 * a vector affine in mu (coherent amplitudes, sqrt(d beta_mk) mu_m', and the noise 1): a
 * second-order cone. So g is feasible iff phi(mu) = min_k (sqrt(c) S_k - sqrt(g D_k)) is >= 0
 * somewhere on the convex feasible set, and phi is concave. Bisection over g decides each
 * target with certificates only:
 *  - feasible: a point found with phi >= 0 (the SINRs there are checked by the reference code);
 *  - infeasible: an upper bound on max phi below zero. phi is smoothed by the soft minimum
 *    phi_t >= phi - log(K)/t (concave, smooth), maximised by FISTA with restarts; at any x,
 * with x+ = P(x + grad/L), concavity and the projection's optimality give max phi_t <=
 * phi_t(x+) + (|grad(x+) - grad(x)| + L |x+ - x|) diam(X). A target that neither certificate
 * settles ends the bisection, so the bracket [lower, upper] always holds the true optimum.
 */
class ExactMaxMin
{
  public:
    /**
     * \param scenario the instance
     * \param estimates its channel estimates
     */
    ExactMaxMin(const CellFreeScenario& scenario, const CellFreeChannelEstimates& estimates)
        : m_scenario(scenario),
          m_estimates(estimates),
          m_c(scenario.rhoD * scenario.numAntennas * scenario.numAntennas),
          m_d(scenario.rhoD * scenario.numAntennas)
    {
        const Eigen::MatrixXd epa =
            PowerToAmplitude(EqualPowerAllocation(scenario, estimates), estimates.gamma);
        m_start = epa;
        m_scale = std::sqrt(m_c) * Signal(epa).maxCoeff();
        m_diameter = 2.0 * std::sqrt(scenario.NumAps() / double(scenario.numAntennas));
    }

    /**
     * \brief Bracket the optimum min SINR.
     * \param[out] lower a certified feasible min SINR
     * \param[out] upper a certified infeasible target
     * \param[out] best amplitudes achieving lower
     */
    void Solve(double& lower, double& upper, Eigen::MatrixXd& best)
    {
        best = m_start;
        lower = MinSinr(best);
        // Each SINR is at most c S_k^2 with every AP at full amplitude on k (interference >= 0,
        // noise 1), so the minimum of these is infeasible-or-equal.
        Eigen::MatrixXd full = Eigen::MatrixXd::Constant(m_scenario.NumAps(),
                                                         m_scenario.NumUes(),
                                                         1.0 / std::sqrt(m_scenario.numAntennas));
        upper = m_c * Signal(full).cwiseAbs2().minCoeff() * 1.0001;
        while (upper / lower > 1.0 + 1e-4)
        {
            const double target = std::sqrt(lower * upper);
            Eigen::MatrixXd point = best;
            const int verdict = Decide(target, point);
            if (verdict > 0)
            {
                lower = std::max(target, MinSinr(point));
                best = point;
            }
            else if (verdict < 0)
            {
                upper = target;
            }
            else
            {
                break;
            }
        }
    }

    /// \return the reference min SINR of amplitudes mu
    double MinSinr(const Eigen::MatrixXd& mu) const
    {
        return ComputeDownlinkSinr(m_scenario, m_estimates, mu).minCoeff();
    }

  private:
    /// S_k = sum_m sqrt(gamma_mk) mu_mk
    Eigen::VectorXd Signal(const Eigen::MatrixXd& mu) const
    {
        return m_estimates.gamma.cwiseSqrt().cwiseProduct(mu).colwise().sum().transpose();
    }

    /**
     * \brief Constraint margins g_k = (sqrt(c) S_k - sqrt(target D_k)) / scale and, if asked,
     * the gradient of their soft minimum with parameter t.
     */
    double Evaluate(const Eigen::MatrixXd& mu,
                    double target,
                    double t,
                    Eigen::VectorXd& margin,
                    Eigen::MatrixXd* gradient) const
    {
        const int numAps = m_scenario.NumAps();
        const int numUes = m_scenario.NumUes();
        const Eigen::MatrixXd& beta = m_scenario.beta;
        const Eigen::MatrixXd& ratio = m_estimates.sqrtGammaOverBeta;
        const Eigen::VectorXd power = mu.cwiseAbs2().rowwise().sum();
        // amplitude(k, j) = sum_m beta_mk ratio_mj mu_mj, the beam to j as received by k.
        Eigen::MatrixXd amplitude(numUes, numUes);
        for (int k = 0; k < numUes; ++k)
        {
            for (int j = 0; j < numUes; ++j)
            {
                amplitude(k, j) =
                    (beta.col(k).cwiseProduct(ratio.col(j)).cwiseProduct(mu.col(j))).sum();
            }
        }
        Eigen::VectorXd denominator(numUes);
        margin.resize(numUes);
        for (int k = 0; k < numUes; ++k)
        {
            double coherent = 0.0;
            for (int j = 0; j < numUes; ++j)
            {
                if (j != k && m_scenario.pilot[j] == m_scenario.pilot[k])
                {
                    coherent += amplitude(k, j) * amplitude(k, j);
                }
            }
            denominator(k) = m_c * coherent + m_d * beta.col(k).dot(power) + 1.0;
            margin(k) =
                (std::sqrt(m_c) * amplitude(k, k) - std::sqrt(target * denominator(k))) / m_scale;
        }
        const double minimum = margin.minCoeff();
        const Eigen::ArrayXd weight = (-t * (margin.array() - minimum)).exp();
        const double value = minimum - std::log(weight.sum()) / t;
        if (gradient)
        {
            const Eigen::ArrayXd w = weight / weight.sum();
            gradient->setZero(numAps, numUes);
            for (int k = 0; k < numUes; ++k)
            {
                const double noiseFactor = w(k) * std::sqrt(target / denominator(k)) / m_scale;
                gradient->col(k) +=
                    (w(k) * std::sqrt(m_c) / m_scale) * beta.col(k).cwiseProduct(ratio.col(k));
                for (int j = 0; j < numUes; ++j)
                {
                    // d sqrt(D_k) = dD_k / (2 sqrt(D_k)); dD_k/dmu_mj = 2 d beta_mk mu_mj
                    // + 2 c A(k,j) beta_mk ratio_mj for a pilot partner j.
                    Eigen::VectorXd dd = m_d * beta.col(k).cwiseProduct(mu.col(j));
                    if (j != k && m_scenario.pilot[j] == m_scenario.pilot[k])
                    {
                        dd += m_c * amplitude(k, j) * beta.col(k).cwiseProduct(ratio.col(j));
                    }
                    gradient->col(j) -= noiseFactor * dd;
                }
            }
        }
        return value;
    }

    /**
     * \brief Decide whether target is feasible.
     * \param target the SINR target
     * \param[in,out] point start, and on success the certificate
     * \return +1 feasible, -1 infeasible, 0 undecided
     */
    int Decide(double target, Eigen::MatrixXd& point) const
    {
        const CellFreeLinkModel link(m_scenario, EstimateChannels(m_scenario));
        const double logK = std::log(double(m_scenario.NumUes()));
        Eigen::VectorXd margin;
        Eigen::MatrixXd x = point;
        for (double t : {1e1, 1e2, 1e3, 1e4, 1e5})
        {
            Eigen::MatrixXd gradY(x.rows(), x.cols());
            Eigen::MatrixXd gradX(x.rows(), x.cols());
            Eigen::MatrixXd y = x;
            double fx = Evaluate(x, target, t, margin, nullptr);
            double lipschitz = 1.0;
            double momentum = 1.0;
            for (int iteration = 0; iteration < 4000; ++iteration)
            {
                const double fy = Evaluate(y, target, t, margin, &gradY);
                Eigen::MatrixXd z;
                double fz;
                for (;;)
                {
                    z = y + gradY / lipschitz;
                    ProjectMatrix(link, z);
                    fz = Evaluate(z, target, t, margin, nullptr);
                    const Eigen::MatrixXd step = z - y;
                    if (fz >= fy + (gradY.array() * step.array()).sum() -
                                  0.5 * lipschitz * step.squaredNorm() - 1e-15)
                    {
                        break;
                    }
                    lipschitz *= 2.0;
                }
                if (margin.minCoeff() >= 0.0)
                {
                    point = z;
                    return 1;
                }
                if (fz < fx)
                {
                    y = x; // restart the momentum, keep x
                    momentum = 1.0;
                    continue;
                }
                const double next = (1.0 + std::sqrt(1.0 + 4.0 * momentum * momentum)) / 2.0;
                y = z + ((momentum - 1.0) / next) * (z - x);
                const double change = fz - fx;
                x = z;
                fx = fz;
                momentum = next;
                lipschitz *= 0.95;
                if (iteration % 25 == 0 || change < 1e-12)
                {
                    // Upper bound on max phi_t from the gradient mapping at x.
                    Evaluate(x, target, t, margin, &gradX);
                    Eigen::MatrixXd xPlus;
                    double lp = lipschitz;
                    double fPlus;
                    for (;;)
                    {
                        xPlus = x + gradX / lp;
                        ProjectMatrix(link, xPlus);
                        fPlus = Evaluate(xPlus, target, t, margin, nullptr);
                        const Eigen::MatrixXd step = xPlus - x;
                        if (fPlus >= fx + (gradX.array() * step.array()).sum() -
                                         0.5 * lp * step.squaredNorm() - 1e-15)
                        {
                            break;
                        }
                        lp *= 2.0;
                    }
                    Eigen::MatrixXd gradPlus;
                    fPlus = Evaluate(xPlus, target, t, margin, &gradPlus);
                    if (margin.minCoeff() >= 0.0)
                    {
                        point = xPlus;
                        return 1;
                    }
                    const double bound =
                        fPlus + ((gradPlus - gradX).norm() + lp * (xPlus - x).norm()) * m_diameter;
                    if (bound + logK / t < 0.0)
                    {
                        return -1;
                    }
                    if (change < 1e-12)
                    {
                        break; // converged for this t; sharpen
                    }
                }
            }
        }
        return 0;
    }

    const CellFreeScenario& m_scenario;          //!< the instance
    const CellFreeChannelEstimates& m_estimates; //!< its estimates
    double m_c;                                  //!< rho_d N^2
    double m_d;                                  //!< rho_d N
    double m_scale{1.0};                         //!< normalisation of the margins
    double m_diameter{1.0};                      //!< diameter of the feasible set
    Eigen::MatrixXd m_start;                     //!< EPA amplitudes
};

/**
 * \ingroup cell-free-tests
 * On small contaminated instances, APG's min-SE is within 1% of the exact max-min optimum.
 */
class ApgMaxMinOptimalityTestCase : public TestCase
{
  public:
    ApgMaxMinOptimalityTestCase()
        : TestCase("APG max-min within 1% of the exact optimum on small contaminated instances")
    {
    }

  private:
    void DoRun() override
    {
        for (int64_t stream : {21, 22, 23, 24})
        {
            // M = 12, N = 2, K = 6 on 3 pilots: every pilot shared by two UEs.
            const CellFreeScenario scenario = DrawScenario(stream, 12, 2, 6, 3);
            const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
            ExactMaxMin exact(scenario, estimates);
            double lower;
            double upper;
            Eigen::MatrixXd best;
            exact.Solve(lower, upper, best);
            const double factor = scenario.PreLogFactor();
            const double seLower = factor * std::log2(1.0 + lower);
            const double seUpper = factor * std::log2(1.0 + upper);
            NS_TEST_ASSERT_MSG_LT(seUpper / seLower,
                                  1.002,
                                  "exact bracket too wide: [" << seLower << ", " << seUpper << "]");

            Ptr<ApgPowerControl> apg = CreateObject<ApgPowerControl>();
            const CellFreePowerControlResult result = apg->Allocate(scenario, estimates);
            NS_TEST_ASSERT_MSG_EQ(result.error, "", "APG failed");
            const double apgMinSe = SeOf(scenario, estimates, result.eta).minCoeff();
            NS_LOG_INFO("stream " << stream << ": optimum in [" << seLower << ", " << seUpper
                                  << "], APG " << apgMinSe);
            NS_TEST_EXPECT_MSG_GT_OR_EQ(apgMinSe,
                                        0.99 * seUpper,
                                        "APG min-SE below 99% of the optimum (stream " << stream
                                                                                       << ")");
            NS_TEST_EXPECT_MSG_LT_OR_EQ(apgMinSe, seUpper * (1 + 1e-9), "above the optimum?");
        }
    }
};

/**
 * \ingroup cell-free-tests
 * On random default-preset scenarios APG beats EPA and FPA on the utility it maximises.
 */
class ApgBeatsHeuristicsTestCase : public TestCase
{
  public:
    ApgBeatsHeuristicsTestCase()
        : TestCase("APG beats EPA and FPA on min-SE, sum-SE and proportional fairness")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<EpaPowerControl> epa = CreateObject<EpaPowerControl>();
        Ptr<FractionalPowerControl> fpa = CreateObject<FractionalPowerControl>();
        for (int64_t stream : {31, 32, 33})
        {
            const CellFreeScenario scenario = DrawScenario(stream, 0, 0, -1, 0);
            const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
            const Eigen::VectorXd epaSe =
                SeOf(scenario, estimates, epa->Allocate(scenario, estimates).eta);
            const Eigen::VectorXd fpaSe =
                SeOf(scenario, estimates, fpa->Allocate(scenario, estimates).eta);
            for (const std::string& name : {"Min", "Sum", "ProportionalFairness"})
            {
                Ptr<ApgPowerControl> apg = CreateObject<ApgPowerControl>();
                apg->SetAttribute("Utility", StringValue(name));
                const CellFreePowerControlResult result = apg->Allocate(scenario, estimates);
                NS_TEST_ASSERT_MSG_EQ(result.error, "", name);
                const Eigen::VectorXd apgSe = SeOf(scenario, estimates, result.eta);
                const CellFreeUtility utility = name == "Min" ? CellFreeUtility::MIN_SE
                                                : name == "Sum"
                                                    ? CellFreeUtility::SUM_SE
                                                    : CellFreeUtility::PROPORTIONAL_FAIRNESS;
                NS_TEST_EXPECT_MSG_GT(EvaluateUtility(utility, apgSe),
                                      EvaluateUtility(utility, epaSe),
                                      name << " vs EPA, stream " << stream);
                NS_TEST_EXPECT_MSG_GT(EvaluateUtility(utility, apgSe),
                                      EvaluateUtility(utility, fpaSe),
                                      name << " vs FPA, stream " << stream);
            }
        }
    }
};

/**
 * \ingroup cell-free-tests
 * Defined behaviour on edge cases and bad input: K = 0, K = 1, all UEs on one pilot, M = 1,
 * non-finite or non-positive gains, and mismatched estimates; every algorithm, every size.
 */
class PowerControlEdgeCasesTestCase : public TestCase
{
  public:
    PowerControlEdgeCasesTestCase()
        : TestCase("Power control on edge cases and bad input")
    {
    }

  private:
    void DoRun() override
    {
        std::vector<Ptr<CellFreePowerControlAlgorithm>> algorithms = {
            CreateObject<EpaPowerControl>(),
            CreateObject<FractionalPowerControl>(),
            CreateObject<ApgPowerControl>()};
        for (const std::string& name : {"Sum", "ProportionalFairness"})
        {
            Ptr<ApgPowerControl> apg = CreateObject<ApgPowerControl>();
            apg->SetAttribute("Utility", StringValue(name));
            algorithms.push_back(apg);
        }
        uint32_t traced = 0;
        for (auto& algorithm : algorithms)
        {
            algorithm->TraceConnectWithoutContext(
                "Allocation",
                MakeBoundCallback(
                    +[](uint32_t* count, const std::string&, uint32_t, uint32_t, double, double) {
                        ++*count;
                    },
                    &traced));
        }

        struct Case
        {
            std::string label;
            CellFreeScenario scenario;
        };

        std::vector<Case> cases;
        cases.push_back({"K = 0", DrawScenario(41, 10, 2, 0, 4)});
        cases.push_back({"K = 1", DrawScenario(42, 10, 2, 1, 4)});
        cases.push_back({"M = 1", DrawScenario(43, 1, 4, 5, 2)});
        CellFreeScenario onePilot = DrawScenario(44, 20, 2, 12, 4);
        std::fill(onePilot.pilot.begin(), onePilot.pilot.end(), 0);
        cases.push_back({"all UEs on one pilot", onePilot});
        CellFreeScenario tiny = DrawScenario(45, 20, 2, 8, 4);
        tiny.beta.col(3).setConstant(1e-20);
        cases.push_back({"a UE with gains of 1e-20", tiny});

        uint32_t expectedTraces = 0;
        for (const auto& [label, scenario] : cases)
        {
            const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
            for (auto& algorithm : algorithms)
            {
                const CellFreePowerControlResult result = algorithm->Allocate(scenario, estimates);
                const std::string where = algorithm->GetName() + " on " + label;
                NS_TEST_ASSERT_MSG_EQ(result.error, "", where);
                NS_TEST_EXPECT_MSG_EQ(result.eta.rows(), scenario.NumAps(), where);
                NS_TEST_EXPECT_MSG_EQ(result.eta.cols(), scenario.NumUes(), where);
                NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(scenario, estimates, result.eta),
                                      true,
                                      where);
                const Eigen::VectorXd se = SeOf(scenario, estimates, result.eta);
                NS_TEST_EXPECT_MSG_EQ(se.allFinite(), true, where);
                expectedTraces += scenario.NumUes() > 0 ? 1 : 0;
            }
        }
        NS_TEST_EXPECT_MSG_EQ(traced, expectedTraces, "one Allocation trace per non-empty call");

        // Bad input is refused with a message naming the field, and no allocation.
        CellFreeScenario bad = DrawScenario(46, 10, 2, 4, 2);
        const CellFreeChannelEstimates goodEstimates = EstimateChannels(bad);
        for (double value : {std::numeric_limits<double>::quiet_NaN(),
                             std::numeric_limits<double>::infinity(),
                             0.0,
                             -1e-9})
        {
            bad.beta(2, 1) = value;
            for (auto& algorithm : algorithms)
            {
                const CellFreePowerControlResult result = algorithm->Allocate(bad, goodEstimates);
                NS_TEST_EXPECT_MSG_NE(result.error.find("beta[2][1]"),
                                      std::string::npos,
                                      algorithm->GetName()
                                          << " on beta " << value << ": '" << result.error << "'");
                NS_TEST_EXPECT_MSG_EQ(result.eta.size(), 0, "no allocation on bad input");
            }
        }
        const CellFreeScenario other = DrawScenario(47, 10, 2, 5, 2);
        const CellFreePowerControlResult mismatch = algorithms[0]->Allocate(other, goodEstimates);
        NS_TEST_EXPECT_MSG_NE(mismatch.error.find("do not match"), std::string::npos, "mismatch");
    }
};

/**
 * \ingroup cell-free-tests
 * The power-control test suite.
 */
class CellFreePowerControlTestSuite : public TestSuite
{
  public:
    CellFreePowerControlTestSuite()
        : TestSuite("cell-free-power-control", TestSuite::Type::UNIT)
    {
        AddTestCase(new SeGradientTestCase("all"));
        AddTestCase(new SeGradientTestCase("strongest"));
        AddTestCase(new SeGradientTestCase("dcc"));
        AddTestCase(new ProjectionTestCase);
        AddTestCase(new SparseEqualsDenseTestCase);
        AddTestCase(new ApgClustersTestCase);
        AddTestCase(new BalancingTestCase("all"));
        AddTestCase(new BalancingTestCase("strongest"));
        AddTestCase(new BalancingTestCase("dcc"));
        AddTestCase(new SinglePrecisionProductsTestCase);
        AddTestCase(new ApgSinglePrecisionTestCase);
        AddTestCase(new ApgBalancingTestCase);
        AddTestCase(new LinkModelAssignTestCase);
        AddTestCase(new ApgMonotoneTestCase);
        AddTestCase(new ApgMaxMinOptimalityTestCase);
        AddTestCase(new ApgBeatsHeuristicsTestCase);
        AddTestCase(new PowerControlEdgeCasesTestCase);
    }
};

/// The static instance that registers the suite.
static CellFreePowerControlTestSuite g_cellFreePowerControlTestSuite;
