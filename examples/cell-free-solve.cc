/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * \ingroup cell-free
 * cell-free-solve: the system model on scenario files, for reproducing published setups and
 * for cross-checking numbers with other tools.
 *
 *     cell-free-solve --generate=COUNT --preset=default|ngo2017|city [--k=K] [--seed=S]
 *                     [--numAps=M] [--pilots=random|greedy|dcc]
 *                     [--clusters=all|strongest|dcc [--clusterSize=L]] --output=FILE
 *     cell-free-solve --scenario=FILE --algorithm=epa|fpa|apg|gat [--utility=min|sum|pf]
 *                     [--model=FILE] [--powers=FILE] [--output=FILE]
 *
 * The file formats are described in the README ("Scenario files"). Bad input (a flag, a file,
 * a field, a scenario whose numbers leave the model's range) gives a one-line error naming the
 * flag, file or field and exit code 2, and writes nothing; an output file is written under a
 * temporary name and renamed on success (doc/cell-free.rst, "Command-line tools").
 */

#include "ns3/apg-power-control.h"
#include "ns3/cell-free-cluster-formation.h"
#include "ns3/cell-free-command-line.h"
#include "ns3/cell-free-scenario-generator.h"
#include "ns3/cell-free-scenario-json.h"
#include "ns3/cell-free-solve-helper.h"
#include "ns3/cell-free-utility.h"
#include "ns3/core-module.h"
#include "ns3/epa-power-control.h"
#include "ns3/fractional-power-control.h"
#include "ns3/gat-power-control.h"

#include <cerrno>
#include <cstring>
#include <iostream>
#include <limits>
#include <unistd.h>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeSolve");

namespace
{

constexpr int kUsageError = 2; //!< exit code for bad input
/// Most matrix entries --generate writes (about 22 bytes each in the file).
constexpr double kMaxGeneratedEntries = 1e7;

/// Print a one-line error and return the bad-input exit code.
int
Fail(const std::string& message)
{
    return CellFreeCommandLine::Fail("cell-free-solve", message);
}

/// Write a document to a file (through a temporary, renamed on success), or to stdout, after a
/// last check that every number in it is finite.
bool
WriteOutput(const std::string& path, const nlohmann::json& document, std::string& error)
{
    if (!CheckFiniteDocument(document, error))
    {
        error = "refusing to write a result whose " + error;
        return false;
    }
    if (path.empty())
    {
        std::cout << document.dump(2) << std::endl;
        return true;
    }
    return WriteFileAtomically(path, document.dump(2) + "\n", error);
}

/// Whether a file can be created at path (its directory exists and is writable).
bool
CanCreate(const std::string& path, std::string& error)
{
    const std::size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
    {
        error = "cannot write '" + path + "': " + std::strerror(errno);
        return false;
    }
    return true;
}

/// The algorithm a --algorithm/--utility pair names, or null.
Ptr<CellFreePowerControlAlgorithm>
CreateAlgorithm(const std::string& name, const std::string& utility, const std::string& model)
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

} // namespace

/// The tool proper; main() turns any exception into a one-line error.
int
Run(int argc, char* argv[])
{
    int generate = 0;
    std::string preset = "default";
    int numUes = -1;
    uint32_t seed = 1;
    std::string pilots; // empty: random, or dcc with --clusters=dcc
    std::string clusters = "all";
    int clusterSize = 0; // 0: StrongestApsClusterFormation's default
    int numAps = 0;
    std::string scenarioPath;
    std::string algorithm = "epa";
    std::string utility; // empty: ApgPowerControl's Utility attribute (default Min)
    std::string powersPath;
    std::string outputPath;
    std::string modelPath;

    CellFreeCommandLine cmd(__FILE__);
    cmd.Usage("Generate cell-free scenarios, or evaluate power control on scenario files.");
    cmd.AddValue("generate",
                 "Write COUNT random scenarios of --preset (a JSON array)",
                 generate,
                 0,
                 100000);
    cmd.AddValue("preset", "Scenario family: default, ngo2017 or city", preset);
    cmd.AddValue("numAps", "Number of APs (0: the preset's M)", numAps, 0, 100000);
    cmd.AddValue("k",
                 "Number of UEs (negative: drawn from the preset's range)",
                 numUes,
                 std::numeric_limits<int>::min(),
                 10000);
    cmd.AddValue("seed",
                 "ns-3 run number for the random draws (RngRun)",
                 seed,
                 1u,
                 std::numeric_limits<uint32_t>::max());
    cmd.AddValue("pilots",
                 "Pilot assignment of generated scenarios: random, greedy or dcc (default: dcc "
                 "with --clusters=dcc, else random)",
                 pilots);
    cmd.AddValue("clusters",
                 "Serving clusters of generated scenarios: all, strongest or dcc",
                 clusters);
    cmd.AddValue("clusterSize",
                 "L, the APs serving each UE with --clusters=strongest (default 10)",
                 clusterSize,
                 0,
                 100000);
    cmd.AddValue("scenario", "Scenario file (one object or an array)", scenarioPath);
    cmd.AddValue("algorithm", "Power-control algorithm: epa, fpa, apg or gat", algorithm);
    cmd.AddValue("model",
                 "GAT model file for --algorithm=gat (default: the shipped model)",
                 modelPath);
    cmd.AddValue("utility", "Utility APG maximises: min, sum or pf (default: min)", utility);
    cmd.AddValue("powers",
                 "Evaluate these powers ({\"eta\": M x K}) instead of solving",
                 powersPath);
    cmd.AddValue("output", "Output file (default: standard output)", outputPath);
    std::string error = cmd.Parse(argc, argv);
    if (!error.empty())
    {
        return Fail(error);
    }
    if ((generate > 0) == !scenarioPath.empty())
    {
        return Fail("give exactly one of --generate=COUNT and --scenario=FILE");
    }
    if (!outputPath.empty() && !CanCreate(outputPath, error))
    {
        return Fail(error);
    }

    if (generate > 0)
    {
        CellFreePreset chosen;
        if (!CellFreePreset::FromName(preset, chosen))
        {
            return Fail("--preset must be default, ngo2017 or city (got '" + preset + "')");
        }
        if (numAps > 0)
        {
            chosen.numAps = numAps;
        }
        std::string clusterType;
        if (!CellFreeClusterFormation::TypeIdOfName(clusters, clusterType))
        {
            return Fail("--clusters must be all, strongest or dcc (got '" + clusters + "')");
        }
        if (clusterSize > 0 && clusters != "strongest")
        {
            return Fail("--clusterSize applies to --clusters=strongest only");
        }
        if (pilots.empty())
        {
            pilots = clusters == "dcc" ? "dcc" : "random";
        }
        CellFreeScenarioGenerator::PilotAssignment pilotAssignment;
        if ((pilots != "random" && pilots != "greedy" && pilots != "dcc") ||
            !CellFreeScenarioGenerator::ParsePilotAssignment(pilots, pilotAssignment))
        {
            return Fail("--pilots must be random, greedy or dcc (got '" + pilots + "')");
        }
        const double entries =
            static_cast<double>(generate) * chosen.numAps * (numUes < 0 ? chosen.maxUes : numUes);
        if (entries > kMaxGeneratedEntries)
        {
            return Fail("--generate: " + std::to_string(generate) + " scenarios of " +
                        std::to_string(chosen.numAps) + " APs and up to " +
                        std::to_string(numUes < 0 ? chosen.maxUes : numUes) +
                        " UEs exceed 1e7 gains; write several files");
        }
        RngSeedManager::SetRun(seed);
        Ptr<CellFreeScenarioGenerator> generator = CreateObject<CellFreeScenarioGenerator>();
        generator->SetPreset(chosen);
        generator->SetPilotAssignment(pilotAssignment);
        ObjectFactory formation(clusterType);
        if (clusterSize > 0)
        {
            formation.Set("ClusterSize", IntegerValue(clusterSize));
        }
        generator->SetClusterFormation(formation.Create<CellFreeClusterFormation>());
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
    Ptr<CellFreePowerControlAlgorithm> solver = CreateAlgorithm(algorithm, utility, modelPath);
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
    nlohmann::json document;
    if (!SolveScenarioFile(scenarioPath, powersPath, solver, document, error))
    {
        return Fail(error);
    }
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
