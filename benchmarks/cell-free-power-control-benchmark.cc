/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup cell-free
 * Google Benchmark of the power-control numerics: SE evaluation, utility gradient, and APG
 * (min, sum, pf), EPA and FPA per call, at (M, K) in {(100, 20), (100, 40), (100, 80),
 * (200, 40), (200, 80)}, N = 4, tau_p = 20, one thread. Each benchmark cycles through 16 random
 * scenarios of the default preset; the counters report the utility reached. BM_Gat/default runs
 * the default GatPowerControl (shipped model, its refinement and balancing), BM_Gat/balanced the
 * network and the SINR balancing without refinement (balanced_10: 10 balancing iterations
 * instead of 20, user-centric sizes), BM_Gat/network_only the
 * network alone, each from the scenario and its estimates to a feasible allocation; their
 * counter speedupVsApg is converged APG max-min's time per call on the same problems, measured
 * in the same run, over the GAT's. BM_GatForward times the forward pass with the baseline
 * kernel and with the run-time choice (AVX2 + FMA where the processor has them).
 *
 *     build/benchmarks/cell-free-power-control-benchmark --benchmark_repetitions=5 \
 *         --benchmark_report_aggregates_only=true
 */

#include "ns3/apg-power-control.h"
#include "ns3/cell-free-gat-graph.h"
#include "ns3/cell-free-gat-inference.h"
#include "ns3/cell-free-gat-kernel.h"
#include "ns3/cell-free-link-model.h"
#include "ns3/cell-free-scenario-generator.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/core-module.h"
#include "ns3/dcc-cluster-formation.h"
#include "ns3/epa-power-control.h"
#include "ns3/fractional-power-control.h"
#include "ns3/gat-power-control.h"

#include <benchmark/benchmark.h>
#include <map>
#include <tuple>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreePowerControlBenchmark");

namespace
{

constexpr int kScenarios = 16; //!< scenarios each benchmark cycles through

/// A problem and its estimates.
struct Problem
{
    CellFreeScenario scenario;          //!< the scenario
    CellFreeChannelEstimates estimates; //!< its estimates
};

/// Serving clusters of the user-centric benchmarks (their third argument).
enum Clusters
{
    ALL = 0,       //!< every AP serves every UE
    STRONGEST = 1, //!< the 10 strongest APs of each UE
    DCC = 2,       //!< DCC with its pilot assignment
};

/// The scenarios of one size, drawn once; M = 1000 is the city preset (fewer scenarios).
const std::vector<Problem>&
Problems(int numAps, int numUes, int clusters = ALL)
{
    static std::map<std::tuple<int, int, int>, std::vector<Problem>> cache;
    auto& problems = cache[{numAps, numUes, clusters}];
    if (problems.empty())
    {
        const bool city = numAps == CellFreePreset::City().numAps;
        CellFreePreset preset = city ? CellFreePreset::City() : CellFreePreset::Default();
        preset.numAps = numAps;
        Ptr<CellFreeScenarioGenerator> generator = CreateObject<CellFreeScenarioGenerator>();
        generator->SetPreset(preset);
        generator->AssignStreams(1000 + numAps + numUes);
        if (clusters == STRONGEST)
        {
            ObjectFactory factory("ns3::StrongestApsClusterFormation");
            factory.Set("ClusterSize", IntegerValue(10));
            generator->SetClusterFormation(factory.Create<CellFreeClusterFormation>());
        }
        else if (clusters == DCC)
        {
            generator->SetPilotAssignment(CellFreeScenarioGenerator::DCC_PILOTS);
            generator->SetClusterFormation(CreateObject<DccClusterFormation>());
        }
        for (int i = 0; i < (city ? 4 : kScenarios); ++i)
        {
            Problem problem;
            problem.scenario = generator->Generate(numUes);
            problem.estimates = EstimateChannels(problem.scenario);
            problems.push_back(std::move(problem));
        }
    }
    return problems;
}

/// Sizes of the issue: (M, K).
void
Sizes(benchmark::internal::Benchmark* benchmark)
{
    for (auto [m, k] : {std::pair{100, 20}, {100, 40}, {100, 80}, {200, 40}, {200, 80}})
    {
        benchmark->Args({m, k, ALL});
    }
    benchmark->ArgNames({"M", "K", "clusters"});
}

/// The city preset (M = 1000, K = 400) with strongest-10 and DCC clusters, and the default size
/// with them too.
void
UserCentricSizes(benchmark::internal::Benchmark* benchmark)
{
    for (int clusters : {STRONGEST, DCC})
    {
        benchmark->Args({100, 40, clusters});
        benchmark->Args({1000, 400, clusters});
    }
    benchmark->ArgNames({"M", "K", "clusters"});
}

/// A link model per problem and its EPA amplitudes (per served pair); `single`: with the
/// single-precision products APG uses (clusters only).
std::pair<std::vector<CellFreeLinkModel>, std::vector<Eigen::VectorXd>>
Evaluators(const std::vector<Problem>& problems, bool single = false)
{
    std::vector<CellFreeLinkModel> evaluators;
    std::vector<Eigen::VectorXd> amplitudes;
    for (const auto& p : problems)
    {
        evaluators.emplace_back(p.scenario, p.estimates);
        evaluators.back().SetSinglePrecisionProducts(single);
        amplitudes.push_back(evaluators.back().EqualPowerAmplitudes());
    }
    return {std::move(evaluators), std::move(amplitudes)};
}

void
BM_SeEvaluation(benchmark::State& state)
{
    auto [evaluators, amplitudes] =
        Evaluators(Problems(state.range(0), state.range(1), state.range(2)));
    std::size_t i = 0;
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(evaluators[i].ComputeSe(amplitudes[i]).data());
        i = (i + 1) % evaluators.size();
    }
}

/// The utility and its gradient, in double precision or (`single`) with APG's single-precision
/// products; BM_Utility the utility alone.
void
BM_Gradient(benchmark::State& state, bool single)
{
    auto [evaluators, amplitudes] =
        Evaluators(Problems(state.range(0), state.range(1), state.range(2)), single);
    Eigen::VectorXd gradient;
    std::size_t i = 0;
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(evaluators[i].ComputeUtilityAndGradient(amplitudes[i],
                                                                         CellFreeUtility::MIN_SE,
                                                                         10.0,
                                                                         gradient));
        i = (i + 1) % evaluators.size();
    }
}

void
BM_Utility(benchmark::State& state, bool single)
{
    auto [evaluators, amplitudes] =
        Evaluators(Problems(state.range(0), state.range(1), state.range(2)), single);
    std::size_t i = 0;
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(
            evaluators[i].ComputeUtility(amplitudes[i], CellFreeUtility::MIN_SE, 10.0));
        i = (i + 1) % evaluators.size();
    }
}

/// One power-control call per iteration; counters: mean min-SE, sum-SE, PF and iterations.
void
RunAlgorithm(benchmark::State& state, Ptr<CellFreePowerControlAlgorithm> algorithm)
{
    const auto& problems = Problems(state.range(0), state.range(1), state.range(2));
    // The counters' SEs come from a link model per problem, kept, with the amplitudes gathered at
    // the served pairs: bookkeeping with M x K temporaries between the calls (the slow reference
    // ComputeDownlinkSinr) made the allocator return memory to the system, so that the next call
    // page-faulted its result matrix (up to a fifth of a call at the city scale), a cost of the
    // bookkeeping, not of the call.
    std::vector<CellFreeLinkModel> links;
    links.reserve(problems.size());
    for (const auto& p : problems)
    {
        links.emplace_back(p.scenario, p.estimates);
    }
    Eigen::VectorXd mu;
    double minSe = 0.0;
    double sumSe = 0.0;
    double fairness = 0.0;
    double iterations = 0.0;
    std::size_t calls = 0;
    for (auto _ : state)
    {
        const std::size_t i = calls % problems.size();
        const CellFreePowerControlResult result =
            algorithm->Allocate(problems[i].scenario, problems[i].estimates);
        state.PauseTiming();
        CellFreeLinkModel& link = links[i];
        mu = (link.ToPairs(result.eta).array() * link.PairGamma().array()).sqrt().matrix();
        const Eigen::VectorXd& se = link.ComputeSe(mu);
        minSe += MinSe(se);
        sumSe += SumSe(se);
        fairness += ProportionalFairness(se);
        iterations += result.iterations;
        ++calls;
        state.ResumeTiming();
    }
    state.counters["minSe"] = minSe / calls;
    state.counters["sumSe"] = sumSe / calls;
    state.counters["pf"] = fairness / calls;
    state.counters["iterations"] = iterations / calls;
}

void
BM_Epa(benchmark::State& state)
{
    RunAlgorithm(state, CreateObject<EpaPowerControl>());
}

void
BM_Fpa(benchmark::State& state)
{
    RunAlgorithm(state, CreateObject<FractionalPowerControl>());
}

/// APG for one utility ("Min", "Sum", "ProportionalFairness").
void
BM_Apg(benchmark::State& state, const std::string& utility)
{
    Ptr<ApgPowerControl> apg = CreateObject<ApgPowerControl>();
    apg->SetAttribute("Utility", StringValue(utility));
    RunAlgorithm(state, apg);
}

/// Mean wall-clock seconds of converged APG max-min (the module's default APG) per problem.
double
ApgSecondsPerCall(const std::vector<Problem>& problems)
{
    static std::map<const void*, double> cache;
    auto it = cache.find(&problems);
    if (it != cache.end())
    {
        return it->second;
    }
    Ptr<ApgPowerControl> apg = CreateObject<ApgPowerControl>();
    double total = 0.0;
    for (const auto& p : problems)
    {
        total += apg->Allocate(p.scenario, p.estimates).runtimeSeconds;
    }
    return cache[&problems] = total / problems.size();
}

/// The GAT with the shipped model (or $NS3_CELL_FREE_GAT_MODEL), one thread, with `refinement`
/// iterations and `balancing` iterations (-1: GatPowerControl's defaults). Counter
/// speedupVsApg: converged APG max-min's mean time per call on the same problems, measured in
/// the same run, over the GAT's.
void
BM_Gat(benchmark::State& state, int refinement, int balancing)
{
    Ptr<GatPowerControl> gat = CreateObject<GatPowerControl>();
    if (refinement >= 0)
    {
        gat->SetAttribute("RefinementIterations", UintegerValue(refinement));
    }
    if (balancing >= 0)
    {
        gat->SetAttribute("BalancingIterations", UintegerValue(balancing));
    }
    std::string error;
    if (!gat->LoadModel(error))
    {
        state.SkipWithError(error.c_str());
        return;
    }
    const auto& problems = Problems(state.range(0), state.range(1), state.range(2));
    RunAlgorithm(state, gat);
    // RunAlgorithm pauses the timer for its SE bookkeeping: time the calls alone here.
    double gatSeconds = 0.0;
    for (const auto& p : problems)
    {
        gatSeconds += gat->Allocate(p.scenario, p.estimates).runtimeSeconds / problems.size();
    }
    state.counters["speedupVsApg"] = ApgSecondsPerCall(problems) / gatSeconds;
}

/// The forward pass alone, baseline kernel (false) or the run-time choice (true).
void
BM_GatForward(benchmark::State& state, bool allowAvx2)
{
    CellFreeGatModelFile file;
    std::string error;
    if (!CellFreeGatModelFile::Read(GatPowerControl::GetDefaultModelFile(), file, error))
    {
        state.SkipWithError(error.c_str());
        return;
    }
    const CellFreeGatWeights weights = MakeCellFreeGatWeights(file);
    std::vector<CellFreeGatGraph> graphs;
    for (const auto& p : Problems(state.range(0), state.range(1), state.range(2)))
    {
        graphs.push_back(BuildCellFreeGatGraph(p.scenario, p.estimates));
    }
    std::size_t i = 0;
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(CellFreeGatForward(weights, graphs[i], allowAvx2).data());
        i = (i + 1) % graphs.size();
    }
    state.SetLabel(allowAvx2 && CellFreeGatKernelAvx2FmaAvailable() ? "avx2+fma" : "baseline");
}

/// Building the GAT's graph alone.
void
BM_GatGraph(benchmark::State& state)
{
    const auto& problems = Problems(state.range(0), state.range(1), state.range(2));
    std::size_t i = 0;
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(
            BuildCellFreeGatGraph(problems[i].scenario, problems[i].estimates).features.data());
        i = (i + 1) % problems.size();
    }
}

} // namespace

BENCHMARK(BM_SeEvaluation)->Apply(Sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Gradient, double, false)->Apply(Sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Epa)->Apply(Sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Fpa)->Apply(Sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Apg, min, std::string("Min"))->Apply(Sizes)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Apg, sum, std::string("Sum"))->Apply(Sizes)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Apg, pf, std::string("ProportionalFairness"))
    ->Apply(Sizes)
    ->Unit(benchmark::kMillisecond);

BENCHMARK_CAPTURE(BM_Gat, default, -1, -1)->Apply(Sizes)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Gat, balanced, 0, -1)->Apply(Sizes)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Gat, network_only, 0, 0)->Apply(Sizes)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_GatForward, baseline, false)->Apply(Sizes)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_GatForward, dispatched, true)->Apply(Sizes)->Unit(benchmark::kMillisecond);

// User-centric service (doc/cell-free.rst "User-centric serving clusters"): the city preset.
BENCHMARK(BM_SeEvaluation)->Apply(UserCentricSizes)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Gradient, double, false)
    ->Apply(UserCentricSizes)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Gradient, single, true)
    ->Apply(UserCentricSizes)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Utility, single, true)->Apply(UserCentricSizes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Epa)->Apply(UserCentricSizes)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Apg, min, std::string("Min"))
    ->Apply(UserCentricSizes)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Gat, default, -1, -1)->Apply(UserCentricSizes)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Gat, balanced, 0, -1)->Apply(UserCentricSizes)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Gat, balanced_10, 0, 10)
    ->Apply(UserCentricSizes)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Gat, network_only, 0, 0)
    ->Apply(UserCentricSizes)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_GatGraph)->Apply(UserCentricSizes)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_GatForward, dispatched, true)
    ->Apply(UserCentricSizes)
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
