/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup cell-free
 * cell-free-train-gat: self-supervised training and evaluation of the pilot-contamination-aware
 * GAT (SPEC.md "The GAT", [Zha25]).
 *
 * Training draws scenarios on the fly from a preset (K uniform in [maxUes/2, maxUes], half of
 * them with random pilots and half with greedy pilots) and minimises minus the (smoothed) utility
 * of SPEC.md's SE formula on the network's output, with Adam and a cosine learning-rate decay.
 * No optimiser labels: APG is run only once, on the fixed validation set, to report the ratio
 * GAT min-SE / APG min-SE while training.
 *
 *     cell-free-train-gat --output=FILE [--steps=4000] [--batch=16] [--lr=0.003] [--seed=1]
 *                         [--threads=1] [--utility=min|sum|pf] [--smoothing=20]
 *                         [--preset=default] [--numAps=M] [--maxUes=KMAX]
 *                         [--width=16] [--heads=4] [--layers=3]
 *                         [--checkpointEvery=200] [--validateEvery=200] [--validation=40]
 *                         [--resume]
 *     cell-free-train-gat --evaluate=FILE [--scenarios=200] [--preset=default] [--numAps=M]
 *                         [--k=K | --maxUes=KMAX] [--seed=S] [--pilots=random|greedy]
 *
 * A run is deterministic for a fixed seed and thread count: step s draws its scenarios from
 * streams that depend only on s, so a resumed run (--resume, from FILE.ckpt and FILE.optim)
 * continues exactly where the checkpoint left off.
 */

#include "ns3/apg-power-control.h"
#include "ns3/cell-free-gat-graph.h"
#include "ns3/cell-free-gat-model.h"
#include "ns3/cell-free-scenario-generator.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/cell-free-stats-helper.h"
#include "ns3/core-module.h"
#include "ns3/epa-power-control.h"
#include "ns3/gat-power-control.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeTrainGat");

namespace
{

/// Random-variable streams per generator (RNG streams of one step are disjoint from the next).
constexpr int64_t kStreamStride = 8;
/// First stream of the validation set: far from every training step's streams.
constexpr int64_t kValidationStream = int64_t(1) << 40;

/// A scenario with its estimates.
struct Problem
{
    CellFreeScenario scenario;          //!< the scenario
    CellFreeChannelEstimates estimates; //!< its estimates
};

/// The min-SE of an allocation, by the module's reference (double) implementation.
double
MinSeOf(const Problem& p, const Eigen::MatrixXd& eta)
{
    return MinSe(ComputeSpectralEfficiency(
        p.scenario,
        ComputeDownlinkSinr(p.scenario, p.estimates, PowerToAmplitude(eta, p.estimates.gamma))));
}

/// Draws the scenarios of training step s (or of any stream block) deterministically.
class ScenarioSource
{
  public:
    ScenarioSource(const CellFreePreset& preset)
        : m_random(CreateObject<CellFreeScenarioGenerator>()),
          m_greedy(CreateObject<CellFreeScenarioGenerator>())
    {
        m_random->SetPreset(preset);
        m_greedy->SetPreset(preset);
        m_greedy->SetAttribute("PilotAssignment", StringValue("Greedy"));
    }

    /// \return count problems from stream block `block`, alternately random and greedy pilots
    std::vector<Problem> Draw(int64_t block, int count, int numUes = -1)
    {
        m_random->AssignStreams(block * 2 * kStreamStride);
        m_greedy->AssignStreams(block * 2 * kStreamStride + kStreamStride);
        std::vector<Problem> problems(count);
        for (int i = 0; i < count; ++i)
        {
            problems[i].scenario = (i % 2 == 0 ? m_random : m_greedy)->Generate(numUes);
            problems[i].estimates = EstimateChannels(problems[i].scenario);
        }
        return problems;
    }

  private:
    Ptr<CellFreeScenarioGenerator> m_random; //!< random pilots
    Ptr<CellFreeScenarioGenerator> m_greedy; //!< greedy pilots
};

/// Per-feature mean and standard deviation over the nodes of some problems.
void
FeatureStatistics(const std::vector<Problem>& problems,
                  std::vector<double>& mean,
                  std::vector<double>& std)
{
    constexpr int F = CellFreeGatGraph::kNumFeatures;
    std::vector<double> sum(F, 0.0);
    std::vector<double> square(F, 0.0);
    double count = 0.0;
    for (const auto& p : problems)
    {
        const CellFreeGatGraph g = BuildCellFreeGatGraph(p.scenario, p.estimates);
        for (std::size_t i = 0; i < g.features.size(); ++i)
        {
            sum[i % F] += g.features[i];
            square[i % F] += double(g.features[i]) * g.features[i];
        }
        count += g.features.size() / F;
    }
    mean.resize(F);
    std.resize(F);
    for (int f = 0; f < F; ++f)
    {
        mean[f] = sum[f] / count;
        std[f] = std::sqrt(std::max(square[f] / count - mean[f] * mean[f], 1e-12));
    }
}

/// Ratios GAT/APG min-SE over the validation set.
std::vector<double>
ValidationRatios(const CellFreeGatModel& model,
                 const std::vector<Problem>& problems,
                 const std::vector<double>& apgMinSe)
{
    std::vector<double> ratios;
    for (std::size_t i = 0; i < problems.size(); ++i)
    {
        const auto& p = problems[i];
        const Eigen::MatrixXd mu =
            model.InferAmplitudes(BuildCellFreeGatGraph(p.scenario, p.estimates));
        ratios.push_back(MinSeOf(p, AmplitudeToPower(mu, p.estimates.gamma)) / apgMinSe[i]);
    }
    return ratios;
}

/// Print a one-line error and return 2.
int
Fail(const std::string& message)
{
    std::cerr << "cell-free-train-gat: error: " << message << std::endl;
    return 2;
}

/// The evaluation mode: GAT against APG (min) and EPA on held-out scenarios.
int
Evaluate(const std::string& modelPath,
         const CellFreePreset& preset,
         int numScenarios,
         int numUes,
         const std::string& pilots)
{
    Ptr<GatPowerControl> gat = CreateObject<GatPowerControl>();
    gat->SetAttribute("ModelFile", StringValue(modelPath));
    std::string error;
    if (!gat->LoadModel(error))
    {
        return Fail(error);
    }
    Ptr<ApgPowerControl> apg = CreateObject<ApgPowerControl>();
    Ptr<EpaPowerControl> epa = CreateObject<EpaPowerControl>();
    Ptr<CellFreeScenarioGenerator> generator = CreateObject<CellFreeScenarioGenerator>();
    generator->SetPreset(preset);
    generator->SetAttribute("PilotAssignment",
                            StringValue(pilots == "greedy" ? "Greedy" : "Random"));
    generator->AssignStreams(0);
    std::vector<double> ratio;
    std::vector<double> epaRatio;
    std::vector<double> gatMs;
    std::vector<double> apgMs;
    double gatMean = 0.0;
    double apgMean = 0.0;
    double epaMean = 0.0;
    int infeasible = 0;
    for (int i = 0; i < numScenarios; ++i)
    {
        Problem p;
        p.scenario = generator->Generate(numUes);
        p.estimates = EstimateChannels(p.scenario);
        const CellFreePowerControlResult g = gat->Allocate(p.scenario, p.estimates);
        if (!g.error.empty())
        {
            return Fail(g.error);
        }
        const CellFreePowerControlResult a = apg->Allocate(p.scenario, p.estimates);
        const CellFreePowerControlResult e = epa->Allocate(p.scenario, p.estimates);
        infeasible += IsFeasiblePowerAllocation(p.scenario, p.estimates, g.eta, 1e-9) ? 0 : 1;
        const double gatSe = MinSeOf(p, g.eta);
        const double apgSe = MinSeOf(p, a.eta);
        const double epaSe = MinSeOf(p, e.eta);
        ratio.push_back(gatSe / apgSe);
        epaRatio.push_back(epaSe / apgSe);
        gatMs.push_back(1e3 * g.runtimeSeconds);
        apgMs.push_back(1e3 * a.runtimeSeconds);
        gatMean += gatSe / numScenarios;
        apgMean += apgSe / numScenarios;
        epaMean += epaSe / numScenarios;
    }
    std::cout << std::fixed << std::setprecision(3) << "preset " << preset.name
              << " M=" << preset.numAps << " K="
              << (numUes > 0 ? std::to_string(numUes)
                             : std::to_string(preset.minUes) + ".." + std::to_string(preset.maxUes))
              << " pilots=" << pilots << " scenarios=" << numScenarios << "\n"
              << "  GAT/APG min-SE ratio: median " << CellFreeStatsHelper::Quantile(ratio, 0.5)
              << ", p5 " << CellFreeStatsHelper::Quantile(ratio, 0.05) << ", min "
              << CellFreeStatsHelper::Quantile(ratio, 0.0) << ", mean " <<
        [&]() {
            double s = 0;
            for (double r : ratio)
            {
                s += r;
            }
            return s / ratio.size();
        }() << "\n"
              << "  EPA/APG min-SE ratio: median " << CellFreeStatsHelper::Quantile(epaRatio, 0.5)
              << ", p5 " << CellFreeStatsHelper::Quantile(epaRatio, 0.05) << "\n"
              << "  mean min-SE (bit/s/Hz): GAT " << gatMean << ", APG " << apgMean << ", EPA "
              << epaMean << "\n"
              << "  infeasible GAT outputs: " << infeasible << "\n"
              << "  median ms per call: GAT " << CellFreeStatsHelper::Quantile(gatMs, 0.5)
              << ", APG " << CellFreeStatsHelper::Quantile(apgMs, 0.5) << " (speed-up "
              << std::setprecision(1)
              << CellFreeStatsHelper::Quantile(apgMs, 0.5) /
                     CellFreeStatsHelper::Quantile(gatMs, 0.5)
              << "x)\n";
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string output;
    std::string evaluate;
    int steps = 4000;
    int batchSize = 16;
    double learningRate = 3e-3;
    uint32_t seed = 1;
    int threads = 1;
    std::string utilityName = "min";
    double smoothing = 20.0;
    std::string presetName = "default";
    int numAps = -1;
    int maxUes = -1;
    int numUes = -1;
    int width = 16;
    int heads = 4;
    int layers = 3;
    int checkpointEvery = 200;
    int validateEvery = 200;
    int validationSize = 40;
    bool resume = false;
    int numScenarios = 200;
    std::string pilots = "random";

    CommandLine cmd(__FILE__);
    cmd.Usage("Train the cell-free GAT power control self-supervised, or evaluate a model.");
    cmd.AddValue("output", "Model file to write (checkpoints: FILE.ckpt, FILE.optim)", output);
    cmd.AddValue("evaluate", "Evaluate this model file against APG and EPA instead", evaluate);
    cmd.AddValue("steps", "Optimiser steps (total, including resumed ones)", steps);
    cmd.AddValue("batch", "Scenarios per step", batchSize);
    cmd.AddValue("lr", "Initial Adam learning rate (cosine decay to 5% of it)", learningRate);
    cmd.AddValue("seed", "Seed: ns-3 RngRun of the scenario draws and the weight init", seed);
    cmd.AddValue("threads", "LibTorch threads", threads);
    cmd.AddValue("utility", "Utility to maximise: min, sum or pf", utilityName);
    cmd.AddValue("smoothing", "t of the smoothed minimum (utility min)", smoothing);
    cmd.AddValue("preset", "Scenario family: default or ngo2017", presetName);
    cmd.AddValue("numAps", "M (default: the preset's)", numAps);
    cmd.AddValue("maxUes", "K_max: K drawn from [K_max/2, K_max] (default: the preset's)", maxUes);
    cmd.AddValue("k", "Evaluation: a fixed K (default: the preset's range)", numUes);
    cmd.AddValue("width", "Node width d", width);
    cmd.AddValue("heads", "Attention heads (divide the width)", heads);
    cmd.AddValue("layers", "Attention layers", layers);
    cmd.AddValue("checkpointEvery", "Steps between checkpoints", checkpointEvery);
    cmd.AddValue("validateEvery", "Steps between validations", validateEvery);
    cmd.AddValue("validation", "Validation scenarios (APG solved once)", validationSize);
    cmd.AddValue("resume", "Continue from FILE.ckpt and FILE.optim", resume);
    cmd.AddValue("scenarios", "Evaluation: held-out scenarios", numScenarios);
    cmd.AddValue("pilots", "Evaluation: pilot assignment, random or greedy", pilots);
    cmd.Parse(argc, argv);

    if (threads < 1)
    {
        return Fail("--threads must be at least 1");
    }
    CellFreeGatModel::SetThreads(threads);
    CellFreePreset preset;
    if (!CellFreePreset::FromName(presetName, preset))
    {
        return Fail("--preset must be default or ngo2017 (got '" + presetName + "')");
    }
    if (numAps > 0)
    {
        preset.numAps = numAps;
    }
    if (maxUes > 0)
    {
        preset.maxUes = maxUes;
        preset.minUes = std::max(1, maxUes / 2);
    }
    if (seed == 0)
    {
        return Fail("--seed must be at least 1");
    }
    RngSeedManager::SetRun(seed);

    if (!evaluate.empty())
    {
        if (numScenarios < 1)
        {
            return Fail("--scenarios must be at least 1");
        }
        return Evaluate(evaluate, preset, numScenarios, numUes, pilots);
    }

    CellFreeUtility utility;
    if (!ParseCellFreeUtility(utilityName, utility))
    {
        return Fail("--utility must be min, sum or pf (got '" + utilityName + "')");
    }
    if (output.empty())
    {
        return Fail("give --output=FILE (or --evaluate=FILE)");
    }
    if (steps < 0 || batchSize < 1 || learningRate <= 0.0 || smoothing <= 0.0 || width < 1 ||
        heads < 1 || width % heads != 0 || layers < 0 || validationSize < 1 ||
        checkpointEvery < 1 || validateEvery < 1)
    {
        return Fail("bad sizes: need steps >= 0, batch >= 1, lr > 0, smoothing > 0, heads "
                    "dividing width, layers >= 0, validation >= 1");
    }
    std::string command;
    for (int i = 0; i < argc; ++i)
    {
        command += (i ? " " : "") + std::string(i ? argv[i] : "cell-free-train-gat");
    }

    ScenarioSource source(preset);
    std::unique_ptr<CellFreeGatModel> model;
    std::string error;
    const std::string checkpoint = output + ".ckpt";
    const std::string optimizerState = output + ".optim";
    if (resume)
    {
        model = CellFreeGatModel::Load(checkpoint, error);
        if (!model)
        {
            return Fail(error);
        }
    }
    else
    {
        model =
            std::make_unique<CellFreeGatModel>(CellFreeGatArchitecture{width, heads, layers}, seed);
        std::vector<double> mean;
        std::vector<double> std;
        FeatureStatistics(source.Draw(kValidationStream / kStreamStride / 4, 64), mean, std);
        model->SetFeatureNormalisation(mean, std);
        auto& metadata = model->GetMetadata();
        metadata.preset = preset.name;
        metadata.envelope.minAps = preset.numAps;
        metadata.envelope.maxAps = preset.numAps;
        metadata.envelope.minUes = preset.minUes;
        metadata.envelope.maxUes = preset.maxUes;
        metadata.seed = seed;
    }
    model->GetMetadata().command = command;
    CellFreeGatTrainer trainer(*model, learningRate, utility, smoothing);
    if (resume && !trainer.LoadOptimizer(optimizerState, error))
    {
        return Fail(error);
    }

    // The validation set and its APG reference, computed once.
    const std::vector<Problem> validation =
        source.Draw(kValidationStream / kStreamStride / 2, validationSize);
    std::vector<double> apgMinSe;
    Ptr<ApgPowerControl> apg = CreateObject<ApgPowerControl>();
    for (const auto& p : validation)
    {
        apgMinSe.push_back(MinSeOf(p, apg->Allocate(p.scenario, p.estimates).eta));
    }
    std::cout << "cell-free-train-gat: " << model->NumParameters() << " parameters, preset "
              << preset.name << " M=" << preset.numAps << " K=" << preset.minUes << ".."
              << preset.maxUes << ", utility " << utilityName << ", " << threads << " thread(s)"
              << std::endl;

    const auto start = std::chrono::steady_clock::now();
    const int64_t first = model->GetMetadata().steps;
    double runningLoss = 0.0;
    int runningCount = 0;
    for (int64_t step = first; step < steps; ++step)
    {
        const double progress = double(step) / std::max(1, steps);
        trainer.SetLearningRate(learningRate *
                                (0.05 + 0.95 * 0.5 * (1 + std::cos(M_PI * progress))));
        std::vector<CellFreeGatGraph> batch;
        for (const auto& p : source.Draw(step, batchSize))
        {
            batch.push_back(BuildCellFreeGatGraph(p.scenario, p.estimates, true));
        }
        runningLoss += trainer.Step(batch);
        ++runningCount;
        const int64_t done = step + 1;
        if (done % validateEvery == 0 || done == steps)
        {
            const std::vector<double> ratios = ValidationRatios(*model, validation, apgMinSe);
            const double elapsed =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            const double left = elapsed / double(done - first) * double(steps - done);
            std::cout << std::fixed << std::setprecision(4) << "step " << done << "/" << steps
                      << "  loss " << runningLoss / runningCount << "  val GAT/APG median "
                      << CellFreeStatsHelper::Quantile(ratios, 0.5) << " p5 "
                      << CellFreeStatsHelper::Quantile(ratios, 0.05) << std::setprecision(0)
                      << "  elapsed " << elapsed << " s  left " << left << " s" << std::endl;
            runningLoss = 0.0;
            runningCount = 0;
        }
        if (done % checkpointEvery == 0 || done == steps)
        {
            if (!model->Save(checkpoint, error) || !trainer.SaveOptimizer(optimizerState, error))
            {
                return Fail(error);
            }
        }
    }
    if (!model->Save(output, error))
    {
        return Fail(error);
    }
    std::cout << "wrote " << output << std::endl;
    Simulator::Destroy();
    return 0;
}
