/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup cell-free
 * cell-free-train-gat: self-supervised training and evaluation of the pilot-contamination-aware
 * GAT (doc/cell-free.rst, "The GAT", [Zha25]).
 *
 * Training draws scenarios on the fly, by default from the whole operating envelope
 * (CellFreeOperatingEnvelope: one M per step, log-uniform in [20, 400], and per scenario the AP
 * density, N, powers, shadowing, K in [1, min(4 tau_p, 0.8 M)] and the pilot assignment), or
 * from one preset (K uniform in [maxUes/2, maxUes], random and greedy pilots). It minimises
 * minus the (smoothed) utility of the SE formula on the network's output, with Adam and a
 * cosine learning-rate decay. No optimiser labels: APG is run only once, on the fixed
 * validation set (two scenarios of every envelope slice), to report GAT min-SE / APG min-SE.
 *
 *     cell-free-train-gat --output=FILE [--steps=4000] [--nodesPerStep=48000 | --batch=16]
 *                         [--lr=0.003] [--seed=1] [--threads=1] [--utility=min|sum|pf]
 *                         [--smoothing=20] [--balanced=0] [--balancedIterations=20]
 *                         [--preset=envelope|default|ngo2017|city] [--numAps=M]
 *                         [--maxUes=KMAX] [--width=16] [--heads=4] [--layers=3]
 *                         [--checkpointEvery=200] [--validateEvery=200] [--resume]
 *     cell-free-train-gat --evaluate=FILE --envelope [--scenarios=50] [--seed=S]
 *                         [--csv=FILE] [--plot=BASE] [--refinement=R]
 *     cell-free-train-gat --evaluate=FILE [--scenarios=200] [--preset=default] [--numAps=M]
 *                         [--k=K | --maxUes=KMAX] [--seed=S] [--pilots=NAME]
 *
 * A run is deterministic for a fixed seed and thread count: step s draws its scenarios from
 * streams that depend only on s, so a resumed run (--resume, from FILE.ckpt and FILE.optim)
 * continues exactly where the checkpoint left off.
 */

#include "ns3/apg-power-control.h"
#include "ns3/cell-free-gat-graph.h"
#include "ns3/cell-free-gat-model.h"
#include "ns3/cell-free-link-model.h"
#include "ns3/cell-free-operating-envelope.h"
#include "ns3/cell-free-scenario-generator.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/cell-free-stats-helper.h"
#include "ns3/core-module.h"
#include "ns3/epa-power-control.h"
#include "ns3/gat-power-control.h"
#include "ns3/gnuplot.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeTrainGat");

namespace
{

/// Random-variable streams per generator (RNG streams of one step are disjoint from the next).
constexpr int64_t kStreamStride = 16;
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

/// Draws the scenarios of training step s (or of any stream block) deterministically: from the
/// operating envelope, or from one preset.
class ScenarioSource
{
  public:
    /**
     * \param preset the preset (unused for the envelope)
     * \param envelope draw from the operating envelope
     * \param batchSize scenarios per block (preset)
     * \param nodesPerStep AP-UE pairs per block, which sets the batch size at each M (envelope)
     */
    ScenarioSource(const CellFreePreset& preset, bool envelope, int batchSize, int nodesPerStep)
        : m_random(CreateObject<CellFreeScenarioGenerator>()),
          m_greedy(CreateObject<CellFreeScenarioGenerator>()),
          m_envelope(envelope ? CreateObject<CellFreeOperatingEnvelope>() : nullptr),
          m_batchSize(batchSize),
          m_nodesPerStep(nodesPerStep)
    {
        m_random->SetPreset(preset);
        m_greedy->SetPreset(preset);
        m_greedy->SetAttribute("PilotAssignment", StringValue("Greedy"));
    }

    /// \return the problems of stream block `block` (a training step)
    std::vector<Problem> Draw(int64_t block)
    {
        if (!m_envelope)
        {
            return DrawPreset(block, m_batchSize);
        }
        m_envelope->AssignStreams(block * 2 * kStreamStride);
        const bool highReuse = m_envelope->DrawsHighReuseStep();
        const int numAps = highReuse ? m_envelope->DrawHighReuseNumAps() : m_envelope->DrawNumAps();
        const double meanUes = highReuse ? CellFreeOperatingEnvelope::MeanHighReuseUes(numAps)
                                         : 0.5 * (1 + CellFreeOperatingEnvelope::MaxUes(numAps));
        // A high-reuse scenario can hold more pairs than a whole step: then it is a step alone.
        const int count =
            std::clamp(static_cast<int>(std::lround(m_nodesPerStep / (numAps * meanUes))),
                       highReuse ? 1 : 2,
                       64);
        std::vector<Problem> problems(count);
        for (auto& p : problems)
        {
            p.scenario = highReuse ? m_envelope->DrawHighReuse(numAps) : m_envelope->Draw(numAps);
            p.estimates = EstimateChannels(p.scenario);
        }
        return problems;
    }

    /// \return count problems of the preset from stream block `block`, random and greedy pilots
    std::vector<Problem> DrawPreset(int64_t block, int count, int numUes = -1)
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

    /// \return `perSlice` problems of every envelope slice, from stream block `block`
    std::vector<Problem> DrawSlices(int64_t block, int perSlice)
    {
        Ptr<CellFreeOperatingEnvelope> envelope = CreateObject<CellFreeOperatingEnvelope>();
        std::vector<Problem> problems;
        const auto slices = CellFreeOperatingEnvelope::Slices();
        for (std::size_t i = 0; i < slices.size(); ++i)
        {
            envelope->AssignStreams((block + int64_t(i)) * 2 * kStreamStride);
            for (int j = 0; j < perSlice; ++j)
            {
                Problem p;
                p.scenario = envelope->Draw(slices[i]);
                p.estimates = EstimateChannels(p.scenario);
                problems.push_back(std::move(p));
            }
        }
        return problems;
    }

    /// \return whether the source draws from the envelope
    bool IsEnvelope() const
    {
        return m_envelope != nullptr;
    }

  private:
    Ptr<CellFreeScenarioGenerator> m_random;   //!< random pilots (preset)
    Ptr<CellFreeScenarioGenerator> m_greedy;   //!< greedy pilots (preset)
    Ptr<CellFreeOperatingEnvelope> m_envelope; //!< the envelope, or null
    int m_batchSize;                           //!< preset batch size
    int m_nodesPerStep;                        //!< envelope node budget per step
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
                 const std::vector<double>& apgMinSe,
                 std::vector<double>& balancedRatios)
{
    std::vector<double> ratios;
    balancedRatios.clear();
    UintegerValue balancingIterations;
    CreateObject<GatPowerControl>()->GetAttribute("BalancingIterations", balancingIterations);
    for (std::size_t i = 0; i < problems.size(); ++i)
    {
        const auto& p = problems[i];
        const Eigen::MatrixXd mu =
            model.InferAmplitudes(BuildCellFreeGatGraph(p.scenario, p.estimates));
        ratios.push_back(MinSeOf(p, AmplitudeToPower(mu, p.estimates.gamma)) / apgMinSe[i]);
        // The network with the SINR balancing of GatPowerControl without refinement, its
        // default iterations (in double precision, without its single-precision products).
        CellFreeLinkModel link(p.scenario, p.estimates);
        const Eigen::VectorXd balanced =
            link.BalancedAmplitudes(link.ToPairs(mu), static_cast<int>(balancingIterations.Get()));
        balancedRatios.push_back(MinSeOf(p, link.PowerFromPairs(balanced)) / apgMinSe[i]);
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

int g_warnings = 0; //!< OutOfEnvelope traces of the slice being evaluated

/// OutOfEnvelope sink.
void
CountWarning(const std::string&)
{
    ++g_warnings;
}

/// What the envelope evaluation measures on one slice.
struct SliceResult
{
    std::string name;                              //!< slice label
    std::vector<double> ratio;                     //!< default GAT / APG min-SE
    std::vector<double> rawRatio;                  //!< network alone / APG
    std::vector<double> epaRatio;                  //!< EPA / APG
    std::vector<double> gatMs;                     //!< default GAT time per call
    std::vector<double> rawMs;                     //!< network alone, time per call
    std::vector<double> apgMs;                     //!< APG time per call
    double gatMinSe{0.0};                          //!< mean min-SE of the default GAT (bit/s/Hz)
    double apgMinSe{0.0};                          //!< mean min-SE of APG
    double epaMinSe{0.0};                          //!< mean min-SE of EPA
    int infeasible{0};                             //!< infeasible default-GAT outputs
    int warnings{0};                               //!< out-of-envelope warnings
    std::map<int, std::vector<double>> sweepRatio; //!< GAT / APG per refinement of --sweep
    std::map<int, std::vector<double>> sweepMs;    //!< time per call per refinement of --sweep
};

/// Evaluate the GAT (default settings, and the network alone) against APG and EPA on slices.
std::vector<SliceResult>
EvaluateSlices(const std::string& modelPath,
               const std::vector<CellFreeEnvelopeSlice>& slices,
               int perSlice,
               int64_t firstStream,
               int refinement,
               const std::vector<int>& sweep,
               std::string& error)
{
    std::map<int, Ptr<GatPowerControl>> swept;
    for (int r : sweep)
    {
        swept[r] = CreateObject<GatPowerControl>();
        swept[r]->SetAttribute("ModelFile", StringValue(modelPath));
        swept[r]->SetAttribute("RefinementIterations", UintegerValue(r));
    }
    Ptr<GatPowerControl> gat = CreateObject<GatPowerControl>();
    gat->SetAttribute("ModelFile", StringValue(modelPath));
    if (refinement >= 0)
    {
        gat->SetAttribute("RefinementIterations", UintegerValue(refinement));
    }
    Ptr<GatPowerControl> raw = CreateObject<GatPowerControl>();
    raw->SetAttribute("ModelFile", StringValue(modelPath));
    raw->SetAttribute("RefinementIterations", UintegerValue(0));
    raw->SetAttribute("BalancingIterations", UintegerValue(0));
    if (!gat->LoadModel(error) || !raw->LoadModel(error))
    {
        return {};
    }
    Ptr<ApgPowerControl> apg = CreateObject<ApgPowerControl>();
    Ptr<EpaPowerControl> epa = CreateObject<EpaPowerControl>();
    Ptr<CellFreeOperatingEnvelope> envelope = CreateObject<CellFreeOperatingEnvelope>();
    std::vector<SliceResult> results;
    gat->TraceConnectWithoutContext("OutOfEnvelope", MakeCallback(&CountWarning));
    for (std::size_t i = 0; i < slices.size(); ++i)
    {
        SliceResult r;
        r.name = slices[i].name;
        envelope->AssignStreams((firstStream + int64_t(i)) * 2 * kStreamStride);
        g_warnings = 0;
        for (int j = 0; j < perSlice; ++j)
        {
            Problem p;
            p.scenario = envelope->Draw(slices[i]);
            p.estimates = EstimateChannels(p.scenario);
            const CellFreePowerControlResult g = gat->Allocate(p.scenario, p.estimates);
            const CellFreePowerControlResult n = raw->Allocate(p.scenario, p.estimates);
            if (!g.error.empty() || !n.error.empty())
            {
                error = g.error.empty() ? n.error : g.error;
                return {};
            }
            const CellFreePowerControlResult a = apg->Allocate(p.scenario, p.estimates);
            const CellFreePowerControlResult e = epa->Allocate(p.scenario, p.estimates);
            r.infeasible += IsFeasiblePowerAllocation(p.scenario, p.estimates, g.eta, 1e-9) &&
                                    IsFeasiblePowerAllocation(p.scenario, p.estimates, n.eta, 1e-9)
                                ? 0
                                : 1;
            const double apgSe = MinSeOf(p, a.eta);
            const double gatSe = MinSeOf(p, g.eta);
            const double epaSe = MinSeOf(p, e.eta);
            r.gatMinSe += gatSe / perSlice;
            r.apgMinSe += apgSe / perSlice;
            r.epaMinSe += epaSe / perSlice;
            r.ratio.push_back(gatSe / apgSe);
            r.rawRatio.push_back(MinSeOf(p, n.eta) / apgSe);
            r.epaRatio.push_back(epaSe / apgSe);
            r.gatMs.push_back(1e3 * g.runtimeSeconds);
            r.rawMs.push_back(1e3 * n.runtimeSeconds);
            r.apgMs.push_back(1e3 * a.runtimeSeconds);
            for (auto& [iterations, algorithm] : swept)
            {
                const CellFreePowerControlResult x = algorithm->Allocate(p.scenario, p.estimates);
                if (!x.error.empty())
                {
                    error = x.error;
                    return {};
                }
                r.sweepRatio[iterations].push_back(MinSeOf(p, x.eta) / apgSe);
                r.sweepMs[iterations].push_back(1e3 * x.runtimeSeconds);
            }
        }
        r.warnings = g_warnings;
        results.push_back(std::move(r));
    }
    return results;
}

/// The evaluation of one scenario family: the default GAT against APG (min) and EPA.
int
Evaluate(const std::string& modelPath,
         const CellFreePreset& preset,
         int numScenarios,
         int numUes,
         const std::string& pilots)
{
    using Q = CellFreeStatsHelper;
    CellFreeEnvelopeSlice slice;
    slice.name = "preset " + preset.name;
    slice.preset = preset;
    if (numUes > 0)
    {
        slice.preset.minUes = slice.preset.maxUes = numUes;
    }
    if (!CellFreeScenarioGenerator::ParsePilotAssignment(pilots, slice.pilots))
    {
        return Fail("--pilots must be random, greedy, unbalanced, uniform or incremental (got '" +
                    pilots + "')");
    }
    std::string error;
    const std::vector<SliceResult> results =
        EvaluateSlices(modelPath, {slice}, numScenarios, 0, -1, {}, error);
    if (!error.empty())
    {
        return Fail(error);
    }
    const SliceResult& r = results.at(0);
    double meanRatio = 0.0;
    for (double x : r.ratio)
    {
        meanRatio += x / r.ratio.size();
    }
    std::cout << std::fixed << std::setprecision(3) << "preset " << preset.name
              << " M=" << preset.numAps << " K="
              << (numUes > 0 ? std::to_string(numUes)
                             : std::to_string(preset.minUes) + ".." + std::to_string(preset.maxUes))
              << " pilots=" << pilots << " scenarios=" << numScenarios << "\n"
              << "  GAT/APG min-SE ratio: median " << Q::Quantile(r.ratio, 0.5) << ", p5 "
              << Q::Quantile(r.ratio, 0.05) << ", min " << Q::Quantile(r.ratio, 0.0) << ", mean "
              << meanRatio << "\n"
              << "  EPA/APG min-SE ratio: median " << Q::Quantile(r.epaRatio, 0.5) << ", p5 "
              << Q::Quantile(r.epaRatio, 0.05) << "\n"
              << "  mean min-SE (bit/s/Hz): GAT " << r.gatMinSe << ", APG " << r.apgMinSe
              << ", EPA " << r.epaMinSe << "\n"
              << "  infeasible GAT outputs: " << r.infeasible << "\n"
              << "  median ms per call: GAT " << Q::Quantile(r.gatMs, 0.5) << ", APG "
              << Q::Quantile(r.apgMs, 0.5) << " (speed-up " << std::setprecision(1)
              << Q::Quantile(r.apgMs, 0.5) / Q::Quantile(r.gatMs, 0.5) << "x)\n";
    return 0;
}

/// The envelope evaluation: a table per slice, CSV, and a K x M heat map of the median ratio.
int
EvaluateEnvelope(const std::string& modelPath,
                 int perSlice,
                 int refinement,
                 const std::vector<int>& sweep,
                 const std::string& csvPath,
                 const std::string& plotBase)
{
    using Q = CellFreeStatsHelper;
    std::string error;
    // The envelope's slices, then the user-centric ones (appended: the earlier slices keep their
    // streams, so their numbers do not move).
    auto slices = CellFreeOperatingEnvelope::Slices();
    for (const auto& slice : CellFreeOperatingEnvelope::UserCentricSlices())
    {
        slices.push_back(slice);
    }
    const auto grid = CellFreeOperatingEnvelope::GridSlices();
    const auto start = std::chrono::steady_clock::now();
    const std::vector<SliceResult> sliceResults =
        EvaluateSlices(modelPath, slices, perSlice, 1000, refinement, sweep, error);
    if (!error.empty())
    {
        return Fail(error);
    }
    const std::vector<SliceResult> gridResults =
        EvaluateSlices(modelPath, grid, perSlice, 2000, refinement, {}, error);
    if (!error.empty())
    {
        return Fail(error);
    }
    const std::string temporary = csvPath + ".tmp";
    std::ofstream csv(temporary);
    if (!csv)
    {
        return Fail("cannot write --csv file '" + csvPath + "'");
    }
    csv << "slice,scenarios,median_ratio,p5_ratio,min_ratio,raw_median_ratio,raw_p5_ratio,"
           "raw_min_ratio,epa_median_ratio,gat_median_ms,raw_median_ms,apg_median_ms,"
           "infeasible,warnings";
    for (int r : sweep)
    {
        csv << ",refinement_" << r << "_median_ratio,refinement_" << r << "_median_ms";
    }
    csv << "\n";
    std::cout << "GAT model " << modelPath << ", " << perSlice
              << " scenarios per slice; min-SE ratio to APG max-min (GAT = default "
                 "GatPowerControl, net = the network alone)\n"
              << std::left << std::setw(22) << "slice" << std::right << std::setw(8) << "median"
              << std::setw(7) << "p5" << std::setw(7) << "min" << std::setw(9) << "net med"
              << std::setw(8) << "net p5" << std::setw(8) << "EPA" << std::setw(9) << "GAT ms"
              << std::setw(9) << "net ms" << std::setw(9) << "APG ms" << std::setw(6) << "warn"
              << "\n";
    std::vector<double> all;
    std::vector<double> allRaw;
    int infeasible = 0;
    auto row = [&](const SliceResult& r, bool print) {
        csv << std::setprecision(6) << '"' << r.name << '"' << ',' << r.ratio.size() << ','
            << Q::Quantile(r.ratio, 0.5) << ',' << Q::Quantile(r.ratio, 0.05) << ','
            << Q::Quantile(r.ratio, 0.0) << ',' << Q::Quantile(r.rawRatio, 0.5) << ','
            << Q::Quantile(r.rawRatio, 0.05) << ',' << Q::Quantile(r.rawRatio, 0.0) << ','
            << Q::Quantile(r.epaRatio, 0.5) << ',' << Q::Quantile(r.gatMs, 0.5) << ','
            << Q::Quantile(r.rawMs, 0.5) << ',' << Q::Quantile(r.apgMs, 0.5) << ',' << r.infeasible
            << ',' << r.warnings;
        for (int iterations : sweep)
        {
            const auto ratios = r.sweepRatio.find(iterations);
            const auto ms = r.sweepMs.find(iterations);
            if (ratios != r.sweepRatio.end() && ms != r.sweepMs.end())
            {
                csv << ',' << Q::Quantile(ratios->second, 0.5) << ','
                    << Q::Quantile(ms->second, 0.5);
            }
            else
            {
                csv << ",,";
            }
        }
        csv << '\n';
        infeasible += r.infeasible;
        if (print)
        {
            std::cout << std::fixed << std::left << std::setw(22) << r.name << std::right
                      << std::setprecision(3) << std::setw(8) << Q::Quantile(r.ratio, 0.5)
                      << std::setw(7) << Q::Quantile(r.ratio, 0.05) << std::setw(7)
                      << Q::Quantile(r.ratio, 0.0) << std::setw(9) << Q::Quantile(r.rawRatio, 0.5)
                      << std::setw(8) << Q::Quantile(r.rawRatio, 0.05) << std::setw(8)
                      << Q::Quantile(r.epaRatio, 0.5) << std::setprecision(2) << std::setw(9)
                      << Q::Quantile(r.gatMs, 0.5) << std::setw(9) << Q::Quantile(r.rawMs, 0.5)
                      << std::setw(9) << Q::Quantile(r.apgMs, 0.5) << std::setw(6) << r.warnings
                      << "\n";
        }
    };
    for (const auto& r : sliceResults)
    {
        row(r, true);
        all.insert(all.end(), r.ratio.begin(), r.ratio.end());
        allRaw.insert(allRaw.end(), r.rawRatio.begin(), r.rawRatio.end());
    }
    double worstMedian = 1e9;
    for (const auto& r : sliceResults)
    {
        worstMedian = std::min(worstMedian, Q::Quantile(r.ratio, 0.5));
    }
    for (const auto& r : gridResults)
    {
        row(r, false);
    }
    csv.close();
    if (!csv || std::rename(temporary.c_str(), csvPath.c_str()) != 0)
    {
        return Fail("cannot write --csv file '" + csvPath + "'");
    }
    std::cout << std::setprecision(3) << "all slices: GAT median " << Q::Quantile(all, 0.5)
              << ", p5 " << Q::Quantile(all, 0.05) << ", worst slice median " << worstMedian
              << "; network alone median " << Q::Quantile(allRaw, 0.5) << ", p5 "
              << Q::Quantile(allRaw, 0.05) << "; infeasible outputs " << infeasible << "\n";

    // The refinement sweep: the same scenarios with other RefinementIterations.
    for (int r : sweep)
    {
        std::vector<double> ratios;
        double worst = 1e9;
        std::string worstName;
        std::ostringstream times;
        for (const auto& s : sliceResults)
        {
            const auto& x = s.sweepRatio.at(r);
            ratios.insert(ratios.end(), x.begin(), x.end());
            if (Q::Quantile(x, 0.5) < worst)
            {
                worst = Q::Quantile(x, 0.5);
                worstName = s.name;
            }
            if (s.name == "K=20-40" || s.name == "M=200 K=80")
            {
                times << "  " << s.name << " " << std::setprecision(2)
                      << Q::Quantile(s.sweepMs.at(r), 0.5) << " ms (APG "
                      << Q::Quantile(s.apgMs, 0.5) << ")";
            }
            if (s.name.rfind("city", 0) == 0)
            {
                times << "  " << s.name << " " << std::setprecision(3) << Q::Quantile(x, 0.5)
                      << " in " << std::setprecision(2) << Q::Quantile(s.sweepMs.at(r), 0.5)
                      << " ms";
            }
        }
        std::cout << std::setprecision(3) << "refinement " << r << ": median "
                  << Q::Quantile(ratios, 0.5) << ", p5 " << Q::Quantile(ratios, 0.05)
                  << ", worst slice median " << worst << " (" << worstName << ")" << times.str()
                  << "\n";
    }

    // Heat map of the median ratio over the K x M grid.
    const std::vector<int> ms{20, 50, 100, 200, 400};
    const std::vector<int> ks{5, 10, 20, 40, 60, 80};
    Gnuplot plot(plotBase + ".png");
    plot.SetTerminal("png size 800,560");
    plot.SetTitle("GAT / APG max-min, median min-SE ratio (" + std::to_string(perSlice) +
                  " scenarios per cell, default density)");
    plot.SetLegend("M (APs)", "K (UEs)");
    std::ostringstream extra;
    extra << "set view map\nunset key\nset cbrange [0.9:1.0]\nset palette defined (0 '#b2182b', "
             "0.5 '#fddbc7', 0.7 '#d1e5f0', 1 '#2166ac')\nset xrange [-0.5:4.5]\n"
             "set yrange [-0.5:5.5]\nset xtics (";
    for (std::size_t i = 0; i < ms.size(); ++i)
    {
        extra << (i ? ", " : "") << '"' << ms[i] << "\" " << i;
    }
    extra << ")\nset ytics (";
    for (std::size_t j = 0; j < ks.size(); ++j)
    {
        extra << (j ? ", " : "") << '"' << ks[j] << "\" " << j;
    }
    extra << ")\n";
    Gnuplot3dDataset cells;
    cells.SetStyle("with points pointtype 5 pointsize 9 palette");
    for (const auto& r : gridResults)
    {
        int k = 0;
        int m = 0;
        std::sscanf(r.name.c_str(), "K=%d M=%d", &k, &m);
        const auto x = std::find(ms.begin(), ms.end(), m) - ms.begin();
        const auto y = std::find(ks.begin(), ks.end(), k) - ks.begin();
        const double median = Q::Quantile(r.ratio, 0.5);
        cells.Add(double(x), double(y), median);
        extra << "set label '" << std::setprecision(3) << median << "' at " << x << "," << y
              << ",1 center front\n";
    }
    plot.AppendExtra(extra.str());
    plot.AddDataset(cells);
    if (CellFreeStatsHelper::RenderPlot(plot, plotBase))
    {
        std::cout << "heat map: " << plotBase << ".png\n";
    }
    std::cout << "table: " << csvPath << "\n"
              << std::setprecision(0) << "evaluation time "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
              << " s\n";
    return 0;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string output;
    std::string evaluate;
    bool envelopeEvaluation = false;
    int steps = 4000;
    int batchSize = 16;
    int nodesPerStep = 48000;
    double learningRate = 3e-3;
    uint32_t seed = 1;
    int threads = 1;
    std::string utilityName = "min";
    double smoothing = 20.0;
    double balancedShare = 0.0;
    int balancedIterations = 20;
    std::string presetName = "envelope";
    int numAps = -1;
    int maxUes = -1;
    int numUes = -1;
    int width = 16;
    int heads = 4;
    int layers = 3;
    int checkpointEvery = 200;
    int validateEvery = 200;
    bool resume = false;
    int numScenarios = -1;
    int refinement = -1;
    std::string pilots = "random";
    std::string csvPath = "cell-free-gat-envelope.csv";
    std::string sweepList;
    std::string plotBase = "cell-free-gat-envelope";

    CommandLine cmd(__FILE__);
    cmd.Usage("Train the cell-free GAT power control self-supervised, or evaluate a model.");
    cmd.AddValue("output", "Model file to write (checkpoints: FILE.ckpt, FILE.optim)", output);
    cmd.AddValue("evaluate", "Evaluate this model file against APG and EPA instead", evaluate);
    cmd.AddValue("envelope",
                 "Evaluation: every slice of the operating envelope",
                 envelopeEvaluation);
    cmd.AddValue("steps", "Optimiser steps (total, including resumed ones)", steps);
    cmd.AddValue("batch", "Scenarios per step (preset training)", batchSize);
    cmd.AddValue("nodesPerStep",
                 "AP-UE pairs per step (envelope training; sets the batch size at each M)",
                 nodesPerStep);
    cmd.AddValue("lr", "Initial Adam learning rate (cosine decay to 5% of it)", learningRate);
    cmd.AddValue("seed", "Seed: ns-3 RngRun of the scenario draws and the weight init", seed);
    cmd.AddValue("threads", "LibTorch threads", threads);
    cmd.AddValue("utility", "Utility to maximise: min, sum or pf", utilityName);
    cmd.AddValue("smoothing", "t of the smoothed minimum (utility min)", smoothing);
    cmd.AddValue("balanced",
                 "Weight in [0, 1] of the loss after SINR balancing at the network's directions "
                 "(utility min; 0: the network's own SE only)",
                 balancedShare);
    cmd.AddValue("balancedIterations",
                 "Balancing iterations unrolled in that loss (1-1000)",
                 balancedIterations);
    cmd.AddValue("preset", "Scenario family: envelope, default, ngo2017 or city", presetName);
    cmd.AddValue("numAps", "M (preset; default: the preset's)", numAps);
    cmd.AddValue("maxUes", "K_max: K drawn from [K_max/2, K_max] (preset)", maxUes);
    cmd.AddValue("k", "Evaluation: a fixed K (default: the preset's range)", numUes);
    cmd.AddValue("width", "Node width d", width);
    cmd.AddValue("heads", "Attention heads (divide the width)", heads);
    cmd.AddValue("layers", "Attention layers", layers);
    cmd.AddValue("checkpointEvery", "Steps between checkpoints", checkpointEvery);
    cmd.AddValue("validateEvery", "Steps between validations", validateEvery);
    cmd.AddValue("resume", "Continue from FILE.ckpt and FILE.optim", resume);
    cmd.AddValue("scenarios",
                 "Evaluation: scenarios (per slice with --envelope; default 50, else 200)",
                 numScenarios);
    cmd.AddValue("pilots",
                 "Evaluation: random, greedy, unbalanced, uniform or incremental",
                 pilots);
    cmd.AddValue("refinement",
                 "Evaluation: GatPowerControl::RefinementIterations (default: its default)",
                 refinement);
    cmd.AddValue("sweep",
                 "Envelope evaluation: also these RefinementIterations, e.g. 0,10,20",
                 sweepList);
    cmd.AddValue("csv", "Envelope evaluation: the table (CSV)", csvPath);
    cmd.AddValue("plot", "Envelope evaluation: the heat map, without extension", plotBase);
    cmd.Parse(argc, argv);

    if (threads < 1 || threads > 256)
    {
        return Fail("--threads must be in [1, 256]");
    }
    CellFreeGatModel::SetThreads(threads);
    const bool envelope = presetName == "envelope";
    CellFreePreset preset;
    if (!envelope && !CellFreePreset::FromName(presetName, preset))
    {
        return Fail("--preset must be envelope, default, ngo2017 or city (got '" + presetName +
                    "')");
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
        if (numScenarios == -1)
        {
            numScenarios = envelopeEvaluation ? 50 : 200;
        }
        if (numScenarios < 1 || numScenarios > 100000)
        {
            return Fail("--scenarios must be in [1, 100000]");
        }
        if (envelopeEvaluation)
        {
            std::vector<int> sweep;
            std::stringstream list(sweepList);
            for (std::string item; std::getline(list, item, ',');)
            {
                char* end = nullptr;
                const long value = std::strtol(item.c_str(), &end, 10);
                if (item.empty() || *end != '\0' || value < 0 || value > 100000)
                {
                    return Fail("--sweep must list refinement counts in [0, 100000] (got '" +
                                sweepList + "')");
                }
                if (std::find(sweep.begin(), sweep.end(), static_cast<int>(value)) == sweep.end())
                {
                    sweep.push_back(static_cast<int>(value)); // a repeat is measured once
                }
            }
            return EvaluateEnvelope(evaluate, numScenarios, refinement, sweep, csvPath, plotBase);
        }
        if (envelope)
        {
            preset = CellFreePreset::Default();
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
    const std::string architectureError = CellFreeGatArchitecture{width, heads, layers}.Check();
    if (!architectureError.empty())
    {
        return Fail(architectureError);
    }
    if (steps < 0 || batchSize < 1 || batchSize > 4096 || nodesPerStep < 1 ||
        !(learningRate > 0.0 && learningRate < 1.0) || !(smoothing > 0.0 && smoothing < 1e4) ||
        checkpointEvery < 1 || validateEvery < 1)
    {
        return Fail("bad sizes: need steps >= 0, batch in [1, 4096], nodesPerStep >= 1, lr in "
                    "(0, 1), smoothing in (0, 1e4), checkpointEvery and validateEvery >= 1");
    }
    if (!(balancedShare >= 0.0 && balancedShare <= 1.0) || balancedIterations < 1 ||
        balancedIterations > 1000)
    {
        return Fail("--balanced must be in [0, 1] and --balancedIterations in [1, 1000]");
    }
    if (balancedShare > 0.0 && utility != CellFreeUtility::MIN_SE)
    {
        return Fail("--balanced needs --utility=min (the balancing is max-min)");
    }
    std::string command;
    for (int i = 0; i < argc; ++i)
    {
        command += (i ? " " : "") + std::string(i ? argv[i] : "cell-free-train-gat");
    }

    ScenarioSource source(preset, envelope, batchSize, nodesPerStep);
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
        std::vector<Problem> sample;
        for (int b = 0; b < (envelope ? 24 : 1); ++b)
        {
            const int64_t block = kValidationStream / kStreamStride / 4 + b;
            for (auto& p : envelope ? source.Draw(block) : source.DrawPreset(block, 64))
            {
                sample.push_back(std::move(p));
            }
        }
        std::vector<double> mean;
        std::vector<double> std;
        FeatureStatistics(sample, mean, std);
        model->SetFeatureNormalisation(mean, std);
        auto& metadata = model->GetMetadata();
        metadata.preset = envelope ? "envelope" : preset.name;
        metadata.envelope = CellFreeGatEnvelope();
        metadata.seed = seed;
    }
    model->GetMetadata().command = command;
    CellFreeGatTrainer trainer(*model, learningRate, utility, smoothing);
    trainer.SetBalancedObjective(balancedShare, balancedIterations);
    if (resume && !trainer.LoadOptimizer(optimizerState, error))
    {
        return Fail(error);
    }

    // The validation set (two scenarios of every envelope slice, or the preset's) and its APG
    // reference, computed once.
    const std::vector<Problem> validation =
        envelope ? source.DrawSlices(kValidationStream / kStreamStride / 2, 2)
                 : source.DrawPreset(kValidationStream / kStreamStride / 2, 40);
    std::vector<double> apgMinSe;
    Ptr<ApgPowerControl> apg = CreateObject<ApgPowerControl>();
    for (const auto& p : validation)
    {
        apgMinSe.push_back(MinSeOf(p, apg->Allocate(p.scenario, p.estimates).eta));
    }
    std::cout << "cell-free-train-gat: " << model->NumParameters() << " parameters, "
              << (envelope ? std::string("the operating envelope")
                           : "preset " + preset.name + " M=" + std::to_string(preset.numAps) +
                                 " K=" + std::to_string(preset.minUes) + ".." +
                                 std::to_string(preset.maxUes))
              << ", utility " << utilityName << ", " << threads << " thread(s), "
              << validation.size() << " validation scenarios" << std::endl;

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
        for (const auto& p : source.Draw(step))
        {
            batch.push_back(BuildCellFreeGatGraph(p.scenario, p.estimates, true));
            // The metadata records what the training covered (GatPowerControl warns outside).
            model->GetMetadata().envelope.Include(CellFreeGatEnvelope::Of(p.scenario));
        }
        runningLoss += trainer.Step(batch);
        ++runningCount;
        const int64_t done = step + 1;
        if (done % validateEvery == 0 || done == steps)
        {
            std::vector<double> balancedRatios;
            const std::vector<double> ratios =
                ValidationRatios(*model, validation, apgMinSe, balancedRatios);
            const double elapsed =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            const double left = elapsed / double(done - first) * double(steps - done);
            std::cout << std::fixed << std::setprecision(4) << "step " << done << "/" << steps
                      << "  loss " << runningLoss / runningCount << "  val GAT/APG median "
                      << CellFreeStatsHelper::Quantile(ratios, 0.5) << " p5 "
                      << CellFreeStatsHelper::Quantile(ratios, 0.05) << " min "
                      << CellFreeStatsHelper::Quantile(ratios, 0.0) << "  balanced median "
                      << CellFreeStatsHelper::Quantile(balancedRatios, 0.5) << " p5 "
                      << CellFreeStatsHelper::Quantile(balancedRatios, 0.05) << std::setprecision(0)
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
