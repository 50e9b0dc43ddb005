/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/cell-free-channel-estimation.h"
#include "ns3/cell-free-gat-graph.h"
#include "ns3/cell-free-gat-inference.h"
#include "ns3/cell-free-gat-model.h"
#include "ns3/cell-free-link-model.h"
#include "ns3/cell-free-scenario-generator.h"
#include "ns3/cell-free-serving-clusters.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/gat-power-control.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/test.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <unistd.h>

/**
 * \file
 * \ingroup cell-free-tests
 * The GAT (doc/cell-free.rst "The GAT"): feasible output for any size, the Eigen forward pass
 * against the LibTorch one, the Torch SE against the reference SE, permutation equivariance over
 * UEs and APs, the effect of pilot sharing, model files (round trip and errors) and a tiny training
 * run. Every test uses a freshly initialised model (fixed seed), so none depends on the shipped
 * file.
 */

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeGatTest");

namespace
{

/// A random scenario: M APs with N antennas in a 150 m square, K UEs on tau_p pilots.
CellFreeScenario
Draw(int64_t stream, int numAps, int numUes, int numPilots, int numAntennas = 4)
{
    CellFreePreset preset = CellFreePreset::Default();
    preset.numAps = numAps;
    preset.numAntennas = numAntennas;
    preset.numPilots = numPilots;
    preset.areaSide = 150.0;
    Ptr<CellFreeScenarioGenerator> generator = CreateObject<CellFreeScenarioGenerator>();
    generator->SetPreset(preset);
    generator->AssignStreams(stream);
    return generator->Generate(numUes);
}

/// A small fresh model with a non-trivial pilot bias, so the pilot path matters from the start.
std::unique_ptr<CellFreeGatModel>
FreshModel(uint64_t seed = 7)
{
    auto model = std::make_unique<CellFreeGatModel>(CellFreeGatArchitecture{8, 2, 2}, seed);
    model->SetFeatureNormalisation({-1.0, -1.0, 2.0, 0.5, 0.3, -3.0, -3.0, 0.5, 1.0, -1.0, 0.3},
                                   {1.0, 1.0, 1.0, 0.3, 0.3, 2.0, 2.0, 0.5, 0.7, 0.8, 0.6});
    return model;
}

/// A temporary file name unique to this process.
std::string
TempPath(const std::string& name)
{
    return "/tmp/cell-free-gat-test-" + std::to_string(::getpid()) + "-" + name;
}

/// mu of a scenario by a model.
Eigen::MatrixXd
Amplitudes(const CellFreeGatModel& model, const CellFreeScenario& scenario)
{
    return model.InferAmplitudes(BuildCellFreeGatGraph(scenario, EstimateChannels(scenario)));
}

} // namespace

/**
 * \ingroup cell-free-tests
 * Every output is a feasible allocation for random inputs and sizes, edge cases included.
 */
class GatFeasibilityTestCase : public TestCase
{
  public:
    GatFeasibilityTestCase()
        : TestCase("GAT outputs are feasible for K = 1, M = 1, K > tau_p and random sizes")
    {
    }

  private:
    void DoRun() override
    {
        const auto model = FreshModel();
        const CellFreeGatWeights weights = MakeCellFreeGatWeights(model->ToModelFile());
        const std::vector<std::array<int, 4>> sizes = {{1, 1, 1, 1},
                                                       {1, 5, 2, 4},
                                                       {7, 1, 3, 2},
                                                       {10, 30, 5, 4},
                                                       {25, 12, 12, 1},
                                                       {40, 60, 20, 4},
                                                       {3, 3, 1, 4}};
        int64_t stream = 1;
        for (const auto& [M, K, tau, N] : sizes)
        {
            const CellFreeScenario scenario = Draw(stream++, M, K, tau, N);
            const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
            const Eigen::MatrixXd mu = Amplitudes(*model, scenario);
            NS_TEST_ASSERT_MSG_EQ((mu.rows() == M && mu.cols() == K), true, "shape");
            NS_TEST_ASSERT_MSG_EQ((mu.allFinite() && (mu.array() >= 0.0).all()), true, "finite");
            const Eigen::MatrixXd eta = AmplitudeToPower(mu, estimates.gamma);
            NS_TEST_ASSERT_MSG_EQ(IsFeasiblePowerAllocation(scenario, estimates, eta, 1e-9),
                                  true,
                                  "feasible at M=" << M << " K=" << K);
            // The Eigen forward pass is the LibTorch one.
            const Eigen::MatrixXd reference =
                model->InferAmplitudesWithTorch(BuildCellFreeGatGraph(scenario, estimates));
            NS_TEST_ASSERT_MSG_LT((mu - reference).cwiseAbs().maxCoeff(),
                                  1e-5 * (1.0 + mu.cwiseAbs().maxCoeff()),
                                  "Eigen and LibTorch forward passes differ at M=" << M
                                                                                   << " K=" << K);
            // The baseline kernel and the run-time choice (AVX2 + FMA where available) agree.
            const CellFreeGatGraph graph = BuildCellFreeGatGraph(scenario, estimates);
            const Eigen::MatrixXd baseline = CellFreeGatForward(weights, graph, false);
            NS_TEST_ASSERT_MSG_LT(
                (CellFreeGatForward(weights, graph, true) - baseline).cwiseAbs().maxCoeff(),
                1e-5 * (1.0 + baseline.cwiseAbs().maxCoeff()),
                "kernels differ at M=" << M << " K=" << K);
        }
        // With serving clusters: the sparse Eigen pass over the served pairs is the masked
        // LibTorch pass over every pair (the training form), for both rules; the L = 10 cases at
        // M = 200 have more pairs than a tile of the sparse pass and many (AP, pilot) slots that
        // several pairs share. Also with the shipped model: a fresh one's pilot biases are zero, so
        // its output does not depend on the sums over a slot's pairs.
        std::string loadError;
        const auto shipped =
            CellFreeGatModel::Load(GatPowerControl::GetDefaultModelFile(), loadError);
        NS_TEST_ASSERT_MSG_EQ((shipped != nullptr), true, loadError);
        const CellFreeGatWeights shippedWeights = MakeCellFreeGatWeights(shipped->ToModelFile());
        const std::vector<std::array<int, 4>> clustered = {{40, 30, 0, 0},
                                                           {40, 30, 6, 0},
                                                           {200, 150, 10, 0},
                                                           {40, 30, 0, 1},
                                                           {200, 150, 10, 1}};
        for (const auto& [M, K, size, useShipped] : clustered)
        {
            const bool dcc = size == 0;
            const CellFreeGatModel* torchModel = useShipped ? shipped.get() : model.get();
            const CellFreeGatWeights& kernelWeights = useShipped ? shippedWeights : weights;
            CellFreeScenario scenario = Draw(stream++, M, K, 5, 4);
            scenario.serving = dcc ? FormDccServingClusters(scenario.beta, scenario.pilot)
                                   : FormStrongestServingClusters(scenario.beta, size);
            const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
            const CellFreeGatGraph graph = BuildCellFreeGatGraph(scenario, estimates);
            const Eigen::MatrixXd mu = CellFreeGatForward(kernelWeights, graph, true);
            const Eigen::MatrixXd reference = torchModel->InferAmplitudesWithTorch(
                BuildCellFreeGatGraph(scenario, estimates, true));
            NS_TEST_ASSERT_MSG_LT((mu - reference).cwiseAbs().maxCoeff(),
                                  1e-5 * (1.0 + mu.cwiseAbs().maxCoeff()),
                                  "sparse Eigen and masked LibTorch passes differ, M "
                                      << M << ", L " << size << ", shipped " << useShipped);
            NS_TEST_ASSERT_MSG_LT(
                (CellFreeGatForward(kernelWeights, graph, false) - mu).cwiseAbs().maxCoeff(),
                1e-5 * (1.0 + mu.cwiseAbs().maxCoeff()),
                "sparse kernels differ, M " << M << ", L " << size << ", shipped " << useShipped);
            // The per-node output is the matrix's served entries, and the link model reads it
            // in the graph's node order.
            const Eigen::VectorXd nodes = CellFreeGatForwardNodes(kernelWeights, graph, true);
            const CellFreeLinkModel link(scenario, estimates);
            NS_TEST_EXPECT_MSG_EQ(
                (link.FromUeMajor(nodes) - link.ToPairs(mu)).cwiseAbs().maxCoeff(),
                0.0,
                "node output and link-model order, M " << M << ", L " << size << ", shipped "
                                                       << useShipped);
            NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(scenario,
                                                            estimates,
                                                            AmplitudeToPower(mu, estimates.gamma),
                                                            1e-9),
                                  true,
                                  "feasible, nothing outside the clusters, M "
                                      << M << ", L " << size << ", shipped " << useShipped);
        }
        // Every AP serving every UE, with the shipped model (its pilot biases are not zero).
        {
            const CellFreeScenario scenario = Draw(stream++, 30, 40, 5, 4);
            const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
            const Eigen::MatrixXd mu =
                CellFreeGatForward(shippedWeights, BuildCellFreeGatGraph(scenario, estimates));
            const Eigen::MatrixXd reference =
                shipped->InferAmplitudesWithTorch(BuildCellFreeGatGraph(scenario, estimates));
            NS_TEST_ASSERT_MSG_LT((mu - reference).cwiseAbs().maxCoeff(),
                                  1e-5 * (1.0 + mu.cwiseAbs().maxCoeff()),
                                  "Eigen and LibTorch passes differ with the shipped model");
        }
        // Through the algorithm interface, with extreme gains.
        std::string path = TempPath("feasible.json");
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(model->Save(path, error), true, error);
        Ptr<GatPowerControl> gat = CreateObject<GatPowerControl>();
        gat->SetAttribute("ModelFile", StringValue(path));
        CellFreeScenario scenario = Draw(99, 6, 8, 3);
        scenario.beta(0, 0) = 1e-20;
        scenario.beta(1, 1) = 1e-3;
        const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
        const CellFreePowerControlResult result = gat->Allocate(scenario, estimates);
        NS_TEST_ASSERT_MSG_EQ(result.error, "", "allocation failed");
        NS_TEST_ASSERT_MSG_EQ(IsFeasiblePowerAllocation(scenario, estimates, result.eta, 1e-9),
                              true,
                              "extreme gains");
        std::remove(path.c_str());
    }
};

/**
 * \ingroup cell-free-tests
 * Relabelling UEs or APs relabels the output: the network has no notion of index order.
 */
class GatEquivarianceTestCase : public TestCase
{
  public:
    GatEquivarianceTestCase()
        : TestCase("GAT is permutation equivariant over UEs and over APs")
    {
    }

  private:
    void DoRun() override
    {
        const auto model = FreshModel();
        const CellFreeScenario scenario = Draw(11, 15, 12, 5);
        const Eigen::MatrixXd mu = Amplitudes(*model, scenario);
        const int M = scenario.NumAps();
        const int K = scenario.NumUes();
        std::vector<int> ue(K);
        std::vector<int> ap(M);
        std::iota(ue.begin(), ue.end(), 0);
        std::iota(ap.begin(), ap.end(), 0);
        std::reverse(ue.begin(), ue.end());
        std::rotate(ue.begin(), ue.begin() + 5, ue.end());
        std::rotate(ap.begin(), ap.begin() + 4, ap.end());
        std::swap(ap[0], ap[9]);

        CellFreeScenario byUe = scenario;
        CellFreeScenario byAp = scenario;
        for (int k = 0; k < K; ++k)
        {
            byUe.beta.col(k) = scenario.beta.col(ue[k]);
            byUe.pilot[k] = scenario.pilot[ue[k]];
        }
        for (int m = 0; m < M; ++m)
        {
            byAp.beta.row(m) = scenario.beta.row(ap[m]);
        }
        const Eigen::MatrixXd muUe = Amplitudes(*model, byUe);
        const Eigen::MatrixXd muAp = Amplitudes(*model, byAp);
        const double tolerance = 1e-5 * mu.maxCoeff();
        for (int k = 0; k < K; ++k)
        {
            for (int m = 0; m < M; ++m)
            {
                NS_TEST_ASSERT_MSG_EQ_TOL(muUe(m, k), mu(m, ue[k]), tolerance, "UE permutation");
                NS_TEST_ASSERT_MSG_EQ_TOL(muAp(m, k), mu(ap[m], k), tolerance, "AP permutation");
            }
        }
        // Relabelling the pilots themselves changes nothing either.
        CellFreeScenario byPilot = scenario;
        for (auto& p : byPilot.pilot)
        {
            p = (p + 3) % scenario.numPilots;
        }
        NS_TEST_ASSERT_MSG_LT((Amplitudes(*model, byPilot) - mu).cwiseAbs().maxCoeff(),
                              tolerance,
                              "pilot relabelling");
    }
};

/**
 * \ingroup cell-free-tests
 * Pilot sharing reaches the output: two UEs on one pilot are treated differently from two UEs on
 * different pilots, through the features and through the AP-type attention bias.
 */
class GatPilotSharingTestCase : public TestCase
{
  public:
    GatPilotSharingTestCase()
        : TestCase("GAT output depends on which UEs share a pilot")
    {
    }

  private:
    void DoRun() override
    {
        const auto model = FreshModel();
        CellFreeScenario scenario = Draw(21, 12, 6, 6);
        for (int k = 0; k < 6; ++k)
        {
            scenario.pilot[k] = k; // orthogonal
        }
        const Eigen::MatrixXd orthogonal = Amplitudes(*model, scenario);
        scenario.pilot[1] = 0; // UEs 0 and 1 now share pilot 0
        const Eigen::MatrixXd shared = Amplitudes(*model, scenario);
        NS_TEST_ASSERT_MSG_GT((shared - orthogonal).cwiseAbs().maxCoeff(),
                              1e-4 * orthogonal.maxCoeff(),
                              "sharing a pilot must change the allocation");
        // Same gains, same group sizes, but a different pair shares: still different.
        scenario.pilot[1] = 1;
        scenario.pilot[2] = 0;
        const Eigen::MatrixXd otherPair = Amplitudes(*model, scenario);
        NS_TEST_ASSERT_MSG_GT((otherPair - shared).cwiseAbs().maxCoeff(),
                              1e-4 * orthogonal.maxCoeff(),
                              "which UEs share a pilot must matter");
        // The contamination feature is 0 without sharing and positive with it.
        const CellFreeGatGraph graph = BuildCellFreeGatGraph(scenario, EstimateChannels(scenario));
        constexpr int F = CellFreeGatGraph::kNumFeatures;
        NS_TEST_ASSERT_MSG_GT(graph.features[(0 * 12 + 3) * F + 4], 0.0F, "UE 0 contaminated");
        NS_TEST_ASSERT_MSG_EQ(graph.features[(1 * 12 + 3) * F + 4], 0.0F, "UE 1 alone");
        NS_TEST_ASSERT_MSG_EQ(graph.numGroups, 5, "five pilots in use");
    }
};

/**
 * \ingroup cell-free-tests
 * Model files: a round trip keeps weights and metadata; a missing, corrupt, truncated or
 * other-version file is refused with a message naming it, and GatPowerControl reports it as an
 * allocation error.
 */
class GatModelFileTestCase : public TestCase
{
  public:
    GatModelFileTestCase()
        : TestCase("GAT model file round trip and error paths")
    {
    }

  private:
    void DoRun() override
    {
        const auto model = FreshModel(3);
        model->GetMetadata().preset = "unit-test";
        model->GetMetadata().steps = 42;
        const std::string path = TempPath("model.json");
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(model->Save(path, error), true, error);
        const auto loaded = CellFreeGatModel::Load(path, error);
        NS_TEST_ASSERT_MSG_EQ((loaded != nullptr), true, error);
        NS_TEST_ASSERT_MSG_EQ(loaded->GetMetadata().preset, "unit-test", "metadata");
        NS_TEST_ASSERT_MSG_EQ(loaded->GetMetadata().steps, 42, "metadata");
        NS_TEST_ASSERT_MSG_EQ(loaded->GetMetadata().architecture.width, 8, "architecture");
        NS_TEST_ASSERT_MSG_EQ_TOL(loaded->GetMetadata().featureStd[3], 0.3, 1e-12, "norm");
        const CellFreeScenario scenario = Draw(31, 9, 7, 3);
        NS_TEST_ASSERT_MSG_EQ(
            (Amplitudes(*loaded, scenario) - Amplitudes(*model, scenario)).cwiseAbs().maxCoeff(),
            0.0,
            "weights survive the round trip");

        auto refused = [&](const std::string& file, const std::string& what) {
            std::string message;
            const bool failed = CellFreeGatModel::Load(file, message) == nullptr;
            NS_TEST_EXPECT_MSG_EQ(failed, true, what << " must be refused");
            NS_TEST_EXPECT_MSG_NE(message.find(file), std::string::npos, "message names file");
            Ptr<GatPowerControl> gat = CreateObject<GatPowerControl>();
            gat->SetAttribute("ModelFile", StringValue(file));
            const CellFreePowerControlResult result =
                gat->Allocate(scenario, EstimateChannels(scenario));
            NS_TEST_EXPECT_MSG_NE(result.error.find(file), std::string::npos, what);
            NS_TEST_EXPECT_MSG_EQ(result.eta.size(), 0, what);
        };
        refused(TempPath("missing.json"), "a missing file");
        const std::string garbage = TempPath("garbage.json");
        std::ofstream(garbage) << "this is not a model\n";
        refused(garbage, "a text file");
        std::ifstream original(path, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(original)),
                                std::istreambuf_iterator<char>());
        const std::string truncated = TempPath("truncated.json");
        std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
        refused(truncated, "a truncated file");
        const std::string future = TempPath("future.json");
        {
            std::string text = bytes;
            const std::string key = "\"formatVersion\": ";
            const std::size_t at = text.find(key);
            NS_TEST_ASSERT_MSG_NE(at, std::string::npos, "the file names its version");
            text.replace(at + key.size(),
                         1,
                         std::to_string(CellFreeGatModelFile::kFormatVersion + 1));
            std::ofstream(future, std::ios::binary) << text;
        }
        std::string message;
        NS_TEST_EXPECT_MSG_EQ((CellFreeGatModel::Load(future, message) == nullptr),
                              true,
                              "another format version");
        NS_TEST_EXPECT_MSG_NE(message.find("format version"), std::string::npos, message);
        refused(future, "another format version");
        for (const auto& file : {path, garbage, truncated, future})
        {
            std::remove(file.c_str());
        }
    }
};

/**
 * \ingroup cell-free-tests
 * The loss: the Torch SE equals the reference SE, and a few training steps lower the loss.
 */
class GatTrainingTestCase : public TestCase
{
  public:
    GatTrainingTestCase()
        : TestCase("GAT loss is the SE formula and a tiny training run decreases it")
    {
    }

  private:
    void DoRun() override
    {
        auto model = FreshModel(5);
        CellFreeGatTrainer trainer(*model, 0.01, CellFreeUtility::MIN_SE, 20.0);
        const CellFreeScenario scenario = Draw(41, 16, 9, 4);
        const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
        const Eigen::MatrixXd eta = EqualPowerAllocation(scenario, estimates);
        const Eigen::VectorXd reference = ComputeSpectralEfficiency(
            scenario,
            ComputeDownlinkSinr(scenario, estimates, PowerToAmplitude(eta, estimates.gamma)));
        const Eigen::VectorXd torchSe =
            trainer.ComputeSe(BuildCellFreeGatGraph(scenario, estimates, true),
                              PowerToAmplitude(eta, estimates.gamma));
        for (int k = 0; k < scenario.NumUes(); ++k)
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(torchSe(k), reference(k), 1e-4 * reference(k), "SE " << k);
        }

        // Batches with different K (padding and masks), fixed for determinism.
        std::vector<CellFreeGatGraph> batch;
        for (int i = 0; i < 6; ++i)
        {
            const CellFreeScenario s = Draw(100 + i, 16, 4 + i, 4);
            batch.push_back(BuildCellFreeGatGraph(s, EstimateChannels(s), true));
        }
        const double before = trainer.Loss(batch);
        for (int step = 0; step < 40; ++step)
        {
            trainer.Step(batch);
        }
        const double after = trainer.Loss(batch);
        NS_TEST_ASSERT_MSG_LT(after, before - 0.02, "training must lower the loss");

        // Determinism: the same seed and steps give the same weights, bit for bit.
        auto train = [&batch]() {
            auto m = FreshModel(11);
            CellFreeGatTrainer t(*m, 0.01, CellFreeUtility::MIN_SE, 20.0);
            for (int step = 0; step < 5; ++step)
            {
                t.Step(batch);
            }
            return m->ToModelFile().Checksum();
        };
        NS_TEST_ASSERT_MSG_EQ(train(), train(), "training is deterministic");
    }
};

/**
 * \ingroup cell-free-tests
 * The balanced objective: its Torch balancing reaches the SE of the link model's
 * BalancedAmplitudes at the same directions (dense and with serving clusters), and a few
 * training steps on it lower it.
 */
class GatBalancedObjectiveTestCase : public TestCase
{
  public:
    GatBalancedObjectiveTestCase()
        : TestCase("GAT balanced objective equals the link model's SINR balancing")
    {
    }

  private:
    void DoRun() override
    {
        auto model = FreshModel(5);
        CellFreeGatTrainer trainer(*model, 0.01, CellFreeUtility::MIN_SE, 20.0);
        for (int rule = 0; rule < 3; ++rule)
        {
            CellFreeScenario scenario = Draw(61 + rule, 24, 14, 4);
            if (rule > 0)
            {
                scenario.serving = rule == 2 ? FormDccServingClusters(scenario.beta, scenario.pilot)
                                             : FormStrongestServingClusters(scenario.beta, 5);
            }
            const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
            // Unbalanced directions: the network's (a fresh model's) amplitudes.
            const CellFreeGatGraph graph = BuildCellFreeGatGraph(scenario, estimates, true);
            const Eigen::MatrixXd mu =
                model->InferAmplitudes(BuildCellFreeGatGraph(scenario, estimates));
            CellFreeLinkModel link(scenario, estimates);
            int used = 0;
            const Eigen::VectorXd balanced = link.BalancedAmplitudes(link.ToPairs(mu), 500, &used);
            const Eigen::VectorXd reference = link.FromGrouped(link.ComputeSe(balanced));
            const Eigen::VectorXd torchSe = trainer.ComputeBalancedSe(graph, mu, 500);
            for (int k = 0; k < scenario.NumUes(); ++k)
            {
                NS_TEST_ASSERT_MSG_EQ_TOL(torchSe(k),
                                          reference(k),
                                          1e-3 * reference(k),
                                          "rule " << rule << ", UE " << k);
            }
            // Balancing equalises the SINRs: every UE at the minimum.
            NS_TEST_EXPECT_MSG_LT(torchSe.maxCoeff() - torchSe.minCoeff(),
                                  1e-3 * torchSe.minCoeff(),
                                  "rule " << rule << ": balanced SEs are equal");
        }

        std::vector<CellFreeGatGraph> batch;
        for (int i = 0; i < 4; ++i)
        {
            CellFreeScenario s = Draw(200 + i, 16, 5 + i, 3);
            s.serving = FormStrongestServingClusters(s.beta, 4);
            batch.push_back(BuildCellFreeGatGraph(s, EstimateChannels(s), true));
        }
        trainer.SetBalancedObjective(1.0, 20);
        const double before = trainer.Loss(batch);
        for (int step = 0; step < 30; ++step)
        {
            trainer.Step(batch);
        }
        NS_TEST_ASSERT_MSG_LT(trainer.Loss(batch), before, "training lowers the balanced loss");
    }
};

/**
 * \ingroup cell-free-tests
 * The shipped default-preset model loads, carries its metadata and beats EPA on the min-SE of
 * default-preset scenarios with pilot contamination.
 */
class GatShippedModelTestCase : public TestCase
{
  public:
    GatShippedModelTestCase()
        : TestCase("The shipped GAT model loads and beats EPA on the default preset")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<GatPowerControl> gat = CreateObject<GatPowerControl>();
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(gat->LoadModel(error), true, error);
        const auto model = CellFreeGatModel::Load(GatPowerControl::GetDefaultModelFile(), error);
        NS_TEST_ASSERT_MSG_EQ((model != nullptr), true, error);
        NS_TEST_EXPECT_MSG_EQ(model->GetMetadata().preset, "envelope", "training preset");
        NS_TEST_EXPECT_MSG_EQ(model->GetMetadata().utility, "min", "training utility");
        Ptr<CellFreeScenarioGenerator> generator = CreateObject<CellFreeScenarioGenerator>();
        generator->AssignStreams(777);
        for (int i = 0; i < 3; ++i)
        {
            const CellFreeScenario scenario = generator->Generate(36);
            const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
            const CellFreePowerControlResult result = gat->Allocate(scenario, estimates);
            NS_TEST_ASSERT_MSG_EQ(result.error, "", "allocation");
            auto minSe = [&](const Eigen::MatrixXd& eta) {
                return ComputeSpectralEfficiency(
                           scenario,
                           ComputeDownlinkSinr(scenario,
                                               estimates,
                                               PowerToAmplitude(eta, estimates.gamma)))
                    .minCoeff();
            };
            NS_TEST_EXPECT_MSG_GT(minSe(result.eta),
                                  1.2 * minSe(EqualPowerAllocation(scenario, estimates)),
                                  "GAT well above EPA");
        }
    }
};

/**
 * \ingroup cell-free-tests
 * The GAT suite.
 */
class CellFreeGatTestSuite : public TestSuite
{
  public:
    CellFreeGatTestSuite()
        : TestSuite("cell-free-gat", TestSuite::Type::UNIT)
    {
        AddTestCase(new GatFeasibilityTestCase);
        AddTestCase(new GatEquivarianceTestCase);
        AddTestCase(new GatPilotSharingTestCase);
        AddTestCase(new GatModelFileTestCase);
        AddTestCase(new GatTrainingTestCase);
        AddTestCase(new GatBalancedObjectiveTestCase);
        AddTestCase(new GatShippedModelTestCase);
    }
};

/// The suite's instance.
static CellFreeGatTestSuite g_cellFreeGatTestSuite;
