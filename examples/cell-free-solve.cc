/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup cell-free
 * cell-free-solve: the system model on scenario files, for reproducing published setups and
 * for cross-checking numbers with other tools.
 *
 *     cell-free-solve --generate=COUNT --preset=default|ngo2017 [--k=K] [--seed=S]
 *                     [--pilots=random|greedy] --output=FILE
 *     cell-free-solve --scenario=FILE --algorithm=epa|fpa|apg|gat [--utility=min|sum|pf]
 *                     [--model=FILE] [--powers=FILE] [--output=FILE]
 *
 * The file formats are described in the README ("Scenario files"). Bad input gives a one-line
 * error naming the field and exit code 2, and writes nothing.
 */

#include "ns3/apg-power-control.h"
#include "ns3/cell-free-channel-estimation.h"
#include "ns3/cell-free-scenario-generator.h"
#include "ns3/cell-free-scenario-json.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/cell-free-utility.h"
#include "ns3/command-line.h"
#include "ns3/core-module.h"
#include "ns3/epa-power-control.h"
#include "ns3/fractional-power-control.h"
#include "ns3/gat-power-control.h"

#include <chrono>
#include <fstream>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeSolve");

namespace
{

constexpr int kUsageError = 2;                 //!< exit code for bad input
constexpr double kFeasibilityTolerance = 1e-6; //!< relative slack on given power budgets

/// Print a one-line error and return the bad-input exit code.
int
Fail(const std::string& message)
{
    std::cerr << "cell-free-solve: error: " << message << std::endl;
    return kUsageError;
}

/// Write text to a file, or to stdout when the path is empty.
bool
WriteOutput(const std::string& path, const nlohmann::json& document, std::string& error)
{
    if (path.empty())
    {
        std::cout << document.dump(2) << std::endl;
        return true;
    }
    std::ofstream file(path);
    if (!file || !(file << document.dump(2) << '\n'))
    {
        error = "cannot write '" + path + "'";
        return false;
    }
    return true;
}

/// The algorithm a --algorithm/--utility pair names, or null.
Ptr<CellFreePowerControlAlgorithm>
CreateAlgorithm(const std::string& name,
                const std::string& utility,
                const std::string& model,
                int threads)
{
    if (name == "gat")
    {
        Ptr<GatPowerControl> gat = CreateObject<GatPowerControl>();
        gat->SetAttribute("ModelFile", StringValue(model));
        return gat;
    }
    if (name == "epa")
    {
        return CreateObject<EpaPowerControl>();
    }
    if (name == "fpa")
    {
        return CreateObject<FractionalPowerControl>();
    }
    if (name == "apg")
    {
        Ptr<ApgPowerControl> apg = CreateObject<ApgPowerControl>();
        if (!utility
                 .empty()) // else the attribute's value, e.g. from --ns3::ApgPowerControl::Utility
        {
            apg->SetAttribute("Utility",
                              StringValue(utility == "min"   ? "Min"
                                          : utility == "sum" ? "Sum"
                                                             : "ProportionalFairness"));
        }
        return apg;
    }
    return nullptr;
}

/// The result JSON of one allocation on one scenario.
nlohmann::json
MakeResult(const CellFreeScenario& scenario,
           const CellFreeChannelEstimates& estimates,
           const std::string& algorithm,
           const CellFreePowerControlResult& allocation)
{
    const Eigen::VectorXd sinr =
        ComputeDownlinkSinr(scenario, estimates, PowerToAmplitude(allocation.eta, estimates.gamma));
    const Eigen::VectorXd se = ComputeSpectralEfficiency(scenario, sinr);
    const bool empty = se.size() == 0;
    return nlohmann::json{{"algorithm", algorithm},
                          {"gamma", MatrixToJson(estimates.gamma)},
                          {"eta", MatrixToJson(allocation.eta)},
                          {"sinr", VectorToJson(sinr)},
                          {"se", VectorToJson(se)},
                          {"minSe", empty ? nlohmann::json(nullptr) : nlohmann::json(MinSe(se))},
                          {"sumSe", SumSe(se)},
                          {"iterations", allocation.iterations},
                          {"converged", allocation.converged},
                          {"runtimeSeconds", allocation.runtimeSeconds}};
}

} // namespace

/// The tool proper; main() turns any exception into a one-line error.
int
Run(int argc, char* argv[])
{
    int generate = 0;
    std::string preset = "default";
    int numUes = -1;
    uint32_t seed = 1;
    std::string pilots = "random";
    std::string scenarioPath;
    std::string algorithm = "epa";
    std::string utility; // empty: ApgPowerControl's Utility attribute (default Min)
    std::string powersPath;
    std::string outputPath;
    int threads = 1;
    std::string modelPath;

    CommandLine cmd(__FILE__);
    cmd.Usage("Generate cell-free scenarios, or evaluate power control on scenario files.");
    cmd.AddValue("generate", "Write COUNT random scenarios of --preset (a JSON array)", generate);
    cmd.AddValue("preset", "Scenario family: default or ngo2017", preset);
    cmd.AddValue("k", "Number of UEs (negative: drawn from the preset's range)", numUes);
    cmd.AddValue("seed", "ns-3 run number for the random draws (RngRun)", seed);
    cmd.AddValue("pilots", "Pilot assignment of generated scenarios: random or greedy", pilots);
    cmd.AddValue("scenario", "Scenario file (one object or an array)", scenarioPath);
    cmd.AddValue("algorithm", "Power-control algorithm: epa, fpa, apg or gat", algorithm);
    cmd.AddValue("model",
                 "GAT model file for --algorithm=gat (default: the shipped default-preset model)",
                 modelPath);
    cmd.AddValue("utility", "Utility APG maximises: min, sum or pf (default: min)", utility);
    cmd.AddValue("powers",
                 "Evaluate these powers ({\"eta\": M x K}) instead of solving",
                 powersPath);
    cmd.AddValue("output", "Output file (default: standard output)", outputPath);
    cmd.AddValue("threads",
                 "Threads for the power-control call (LibTorch threads for the GAT; EPA, FPA "
                 "and APG are single-threaded)",
                 threads);
    cmd.Parse(argc, argv);

    if (threads < 1)
    {
        return Fail("--threads must be at least 1");
    }
    if ((generate > 0) == !scenarioPath.empty())
    {
        return Fail("give exactly one of --generate=COUNT and --scenario=FILE");
    }

    std::string error;
    if (generate > 0)
    {
        CellFreePreset chosen;
        if (!CellFreePreset::FromName(preset, chosen))
        {
            return Fail("--preset must be default or ngo2017 (got '" + preset + "')");
        }
        if (pilots != "random" && pilots != "greedy")
        {
            return Fail("--pilots must be random or greedy (got '" + pilots + "')");
        }
        if (seed == 0)
        {
            return Fail("--seed must be at least 1");
        }
        RngSeedManager::SetRun(seed);
        Ptr<CellFreeScenarioGenerator> generator = CreateObject<CellFreeScenarioGenerator>();
        generator->SetPreset(chosen);
        generator->SetAttribute("PilotAssignment",
                                StringValue(pilots == "greedy" ? "Greedy" : "Random"));
        generator->AssignStreams(0);
        nlohmann::json scenarios = nlohmann::json::array();
        for (int i = 0; i < generate; ++i)
        {
            scenarios.push_back(ScenarioToJson(generator->Generate(numUes)));
        }
        return WriteOutput(outputPath, scenarios, error) ? 0 : Fail(error);
    }

    CellFreeUtility parsedUtility;
    if (!utility.empty() && !ParseCellFreeUtility(utility, parsedUtility))
    {
        return Fail("--utility must be min, sum or pf (got '" + utility + "')");
    }
    Ptr<CellFreePowerControlAlgorithm> solver =
        CreateAlgorithm(algorithm, utility, modelPath, threads);
    if (!solver)
    {
        return Fail("--algorithm must be epa, fpa, apg or gat (got '" + algorithm + "')");
    }
    if (Ptr<GatPowerControl> gat = DynamicCast<GatPowerControl>(solver))
    {
        std::string modelError;
        if (!gat->LoadModel(modelError))
        {
            return Fail(modelError);
        }
    }
    std::vector<CellFreeScenario> scenarios;
    bool scenarioArray = false;
    if (!ReadScenarioFile(scenarioPath, scenarios, error, &scenarioArray))
    {
        return Fail(error);
    }
    std::vector<Eigen::MatrixXd> powers;
    if (!powersPath.empty())
    {
        std::vector<nlohmann::json> objects;
        if (!ReadJsonObjects(powersPath, objects, error))
        {
            return Fail(error);
        }
        if (objects.size() != scenarios.size())
        {
            return Fail("--powers holds " + std::to_string(objects.size()) +
                        " entries but --scenario holds " + std::to_string(scenarios.size()));
        }
        for (std::size_t i = 0; i < objects.size(); ++i)
        {
            const std::string where =
                scenarioArray ? "powers " + std::to_string(i) + ": " : std::string();
            Eigen::MatrixXd eta;
            if (!objects[i].is_object() || !objects[i].contains("eta"))
            {
                return Fail(where + "missing field 'eta'");
            }
            if (!MatrixFromJson(objects[i]["eta"], "eta", eta, error))
            {
                return Fail(where + error);
            }
            if (eta.rows() != scenarios[i].NumAps() || eta.cols() != scenarios[i].NumUes())
            {
                return Fail(where + "field 'eta' is " + std::to_string(eta.rows()) + "x" +
                            std::to_string(eta.cols()) + " but the scenario is " +
                            std::to_string(scenarios[i].NumAps()) + "x" +
                            std::to_string(scenarios[i].NumUes()));
            }
            if (!eta.allFinite() || (eta.array() < 0.0).any())
            {
                return Fail(where + "field 'eta' must hold finite non-negative numbers");
            }
            const CellFreeChannelEstimates estimates = EstimateChannels(scenarios[i]);
            const Eigen::VectorXd share = ApPowerShare(scenarios[i], estimates, eta);
            Eigen::Index worstAp;
            if (share.maxCoeff(&worstAp) > 1.0 + kFeasibilityTolerance)
            {
                return Fail(where + "field 'eta' row " + std::to_string(worstAp) +
                            " exceeds the AP's power budget (N sum_k eta gamma = " +
                            std::to_string(share(worstAp)) + " > 1)");
            }
            powers.push_back(std::move(eta));
        }
    }

    nlohmann::json results = nlohmann::json::array();
    for (std::size_t i = 0; i < scenarios.size(); ++i)
    {
        const CellFreeChannelEstimates estimates = EstimateChannels(scenarios[i]);
        if (!powers.empty())
        {
            CellFreePowerControlResult given;
            given.eta = powers[i];
            results.push_back(MakeResult(scenarios[i], estimates, "given", given));
            continue;
        }
        const CellFreePowerControlResult allocation = solver->Allocate(scenarios[i], estimates);
        if (!allocation.error.empty())
        {
            return Fail(allocation.error);
        }
        results.push_back(MakeResult(scenarios[i], estimates, solver->GetName(), allocation));
    }
    const nlohmann::json document = scenarioArray ? results : results[0];
    return WriteOutput(outputPath, document, error) ? 0 : Fail(error);
}

int
main(int argc, char* argv[])
{
    try
    {
        return Run(argc, argv);
    }
    catch (const std::exception& e)
    {
        return Fail(std::string("unexpected failure: ") + e.what());
    }
}
