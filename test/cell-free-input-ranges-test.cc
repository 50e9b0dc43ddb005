/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/cell-free-central-processor.h"
#include "ns3/cell-free-command-line.h"
#include "ns3/cell-free-scenario-json.h"
#include "ns3/cell-free-solve-helper.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/cell-free-ue-activity-model.h"
#include "ns3/config.h"
#include "ns3/double.h"
#include "ns3/epa-power-control.h"
#include "ns3/fractional-power-control.h"
#include "ns3/integer.h"
#include "ns3/log.h"
#include "ns3/test.h"

#include <cmath>
#include <fstream>
#include <sys/stat.h>

/**
 * \file
 * \ingroup cell-free-tests
 * Regression tests of the input ranges (doc/cell-free.rst, "Numerical range" and
 * "Command-line tools"): products of the model out of range are refused naming the field, for
 * scenario files and programmatic scenarios alike; integers beyond int keep their written
 * value; flags are checked before ns-3's CommandLine; attribute checkers bound the pilots and
 * the arrival rate; output files are written atomically; results are checked finite.
 */

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeInputRangesTest");

namespace
{

/// The one-AP, one-UE scenario with the given powers and gain.
nlohmann::json
Tiny(double rhoD, double rhoP, double beta)
{
    return nlohmann::json{{"N", 2},
                          {"tauP", 1},
                          {"tauC", 2},
                          {"rhoD", rhoD},
                          {"rhoP", rhoP},
                          {"beta", {{beta}}},
                          {"pilot", {0}}};
}

/// Whether a file exists.
bool
Exists(const std::string& path)
{
    struct stat info;
    return ::stat(path.c_str(), &info) == 0;
}

} // namespace

/**
 * \ingroup cell-free-tests
 * Overflowing and underflowing products are refused naming the field, through the JSON reader
 * and through Allocate on a programmatic scenario.
 */
class NumericalRangeTestCase : public TestCase
{
  public:
    NumericalRangeTestCase()
        : TestCase("Products of the model out of range are refused naming the field")
    {
    }

  private:
    void DoRun() override
    {
        // (scenario, text the message must start with)
        const std::vector<std::pair<nlohmann::json, std::string>> cases = {
            {Tiny(1e308, 1, 1), "rhoD: 1e+308 makes rho_d N^2 beta overflow"},
            {Tiny(1e100, 1, 1), "rhoD: 1e+100 makes rho_d N^2 beta overflow"},
            {Tiny(1, 1e-300, 1e-30), "rhoP: 1e-300 makes gamma"},
            {Tiny(1, 1e200, 1), "rhoP: 1e+200 makes tau_p rho_p beta overflow"},
            {Tiny(1, 1, 1e200), "beta[0][0]: 1e+200 makes"},
            {Tiny(1e-320, 1, 1), "rhoD: 9.99989e-321 makes the received SNR"},
            {Tiny(1e-200, 1, 1), "rhoD: 1e-200 makes the received SNR"},
        };
        for (const auto& [value, expected] : cases)
        {
            CellFreeScenario scenario;
            std::string error;
            NS_TEST_EXPECT_MSG_EQ(ScenarioFromJson(value, scenario, error),
                                  false,
                                  "accepted " << value.dump());
            NS_TEST_EXPECT_MSG_EQ(error.compare(0, expected.size(), expected),
                                  0,
                                  "'" << error << "' does not start with '" << expected << "'");
            NS_TEST_EXPECT_MSG_EQ(error.find('\n'), std::string::npos, "one line");
        }
        // The same through a power-control algorithm on a scenario built in code.
        CellFreeScenario scenario;
        scenario.numAntennas = 2;
        scenario.numPilots = 1;
        scenario.coherenceSamples = 2;
        scenario.rhoD = 1e308;
        scenario.beta = Eigen::MatrixXd::Ones(1, 1);
        scenario.pilot = {0};
        const CellFreePowerControlResult result =
            CreateObject<EpaPowerControl>()->Allocate(scenario, EstimateChannels(scenario));
        NS_TEST_EXPECT_MSG_NE(result.error.find("rhoD: 1e+308"),
                              std::string::npos,
                              "Allocate: " << result.error);
        // Physical values and the edges the other suites use are accepted.
        for (const auto& value :
             {Tiny(1e12, 3e11, 1e-20), Tiny(1, 1, 1), Tiny(1e97, 1, 1), Tiny(1, 1, 1e-30)})
        {
            std::string error;
            NS_TEST_EXPECT_MSG_EQ(ScenarioFromJson(value, scenario, error), true, error);
        }
    }
};

/**
 * \ingroup cell-free-tests
 * Integers beyond int are refused with the value as written, not wrapped.
 */
class IntegerRangeTestCase : public TestCase
{
  public:
    IntegerRangeTestCase()
        : TestCase("Integer fields beyond int are refused with the value as written")
    {
    }

  private:
    void DoRun() override
    {
        const std::vector<std::pair<std::string, std::string>> cases = {
            {"N", "18446744073709551615"},
            {"N", "2147483648"},
            {"tauP", "-2147483649"},
            {"tauC", "9223372036854775808"},
        };
        for (const auto& [field, text] : cases)
        {
            nlohmann::json value = Tiny(1, 1, 1);
            value[field] = nlohmann::json::parse(text);
            CellFreeScenario scenario;
            std::string error;
            NS_TEST_EXPECT_MSG_EQ(ScenarioFromJson(value, scenario, error), false, text);
            NS_TEST_EXPECT_MSG_NE(error.find("'" + field + "' = " + text + " is out of range"),
                                  std::string::npos,
                                  error);
        }
        nlohmann::json value = Tiny(1, 1, 1);
        value["pilot"] = nlohmann::json::parse("[18446744073709551615]");
        CellFreeScenario scenario;
        std::string error;
        NS_TEST_EXPECT_MSG_EQ(ScenarioFromJson(value, scenario, error), false, "pilot");
        NS_TEST_EXPECT_MSG_NE(error.find("'pilot'[0] = 18446744073709551615"),
                              std::string::npos,
                              error);
    }
};

/**
 * \ingroup cell-free-tests
 * CellFreeCommandLine: one-line errors naming the flag, before CommandLine::Parse.
 */
class CommandLineTestCase : public TestCase
{
  public:
    CommandLineTestCase()
        : TestCase("Flags are checked before ns-3's CommandLine, one line naming the flag")
    {
    }

  private:
    /// Parse the arguments with a fresh command line of a few flags.
    std::string Parse(std::vector<std::string> arguments)
    {
        int count = 0;
        uint32_t pool = 60;
        double width = 0.02;
        bool flag = false;
        std::string text;
        CellFreeCommandLine cmd(__FILE__);
        cmd.AddValue("k", "an int", count);
        cmd.AddValue("poolSize", "a size", pool, 1u, 100000u);
        cmd.AddValue("binSeconds", "a width", width, 1e-9, 1e6);
        cmd.AddValue("perUe", "a flag", flag);
        cmd.AddValue("name", "a string", text);
        cmd.AddAttributeAlias("arrivalRate", "ns3::CellFreeUeActivityModel::ArrivalRate");
        arguments.insert(arguments.begin(), "program");
        std::vector<char*> argv;
        for (auto& argument : arguments)
        {
            argv.push_back(argument.data());
        }
        return cmd.Parse(static_cast<int>(argv.size()), argv.data());
    }

    void DoRun() override
    {
        const std::vector<std::pair<std::string, std::string>> cases = {
            {"--k=abc", "--k: 'abc' is not an integer"},
            {"--k=3abc", "--k: '3abc' is not an integer"},
            {"--k=99999999999", "--k: '99999999999' is out of range"},
            {"--poolSize=-1", "--poolSize: '-1' is not a non-negative integer"},
            {"--poolSize=0", "--poolSize: '0' is out of range [1, 100000]"},
            {"--binSeconds=0", "--binSeconds: '0' is out of range"},
            {"--binSeconds=inf", "--binSeconds: 'inf' is not a finite number"},
            {"--perUe=maybe", "--perUe: 'maybe' is not a boolean"},
            {"--arrivalRate=1e12", "--arrivalRate: '1e12' is not a valid value"},
            {"--arrivalRate=x", "--arrivalRate: 'x' is not a number"},
            {"--bogus=1", "--bogus: unknown flag"},
            {"stray", "unexpected argument 'stray'"},
            {"--ns3::CellFreeCentralProcessor::NumPilots=1000000000",
             "--ns3::CellFreeCentralProcessor::NumPilots: '1000000000' is not a valid value"},
            {"--ns3::CellFreeCentralProcessor::NumPilots=1e9",
             "--ns3::CellFreeCentralProcessor::NumPilots: '1e9' is not an integer"},
            {"--ns3::CellFreeCentralProcessor::Nothing=1", "has no attribute 'Nothing'"},
            {"--ns3::NoSuchType::X=1", "no such type 'ns3::NoSuchType'"},
            {"--ns3::CellFreeCentralProcessor::CoherenceTime=1xs", "is not a time"},
            {"--RngRun=x", "--RngRun: 'x' is not a non-negative integer"},
        };
        for (const auto& [argument, expected] : cases)
        {
            const std::string error = Parse({argument});
            NS_TEST_EXPECT_MSG_NE(error.find(expected),
                                  std::string::npos,
                                  argument << ": '" << error << "'");
            NS_TEST_EXPECT_MSG_EQ(error.find('\n'), std::string::npos, "one line");
        }
        NS_TEST_EXPECT_MSG_EQ(Parse({"--k=-3",
                                     "--poolSize=7",
                                     "--binSeconds=1e-3",
                                     "--perUe",
                                     "--name=x y",
                                     "--arrivalRate=5",
                                     "--ns3::CellFreeCentralProcessor::NumAntennas=8"}),
                              "",
                              "valid flags");
        // The valid set was parsed, so the alias and the attribute set defaults: restore them.
        Config::SetDefault("ns3::CellFreeUeActivityModel::ArrivalRate", DoubleValue(30.0));
        Config::SetDefault("ns3::CellFreeCentralProcessor::NumAntennas", IntegerValue(4));
    }
};

/**
 * \ingroup cell-free-tests
 * Attribute checkers: pilots bounded, pilots below coherence samples, arrival rates whose mean
 * gap would round to zero refused.
 */
class AttributeBoundsTestCase : public TestCase
{
  public:
    AttributeBoundsTestCase()
        : TestCase("Attribute checkers bound the pilots and the arrival rate")
    {
    }

  private:
    void DoRun() override
    {
        Ptr<CellFreeCentralProcessor> processor = CreateObject<CellFreeCentralProcessor>();
        NS_TEST_EXPECT_MSG_EQ(
            processor->SetAttributeFailSafe("NumPilots", IntegerValue(1000000000)),
            false,
            "1e9 pilots accepted");
        NS_TEST_EXPECT_MSG_EQ(processor->SetAttributeFailSafe("NumPilots", IntegerValue(100000)),
                              true,
                              "1e5 pilots refused");
        NS_TEST_EXPECT_MSG_NE(processor->CheckAttributes().find("CoherenceSamples"),
                              std::string::npos,
                              "tau_p >= tau_c not reported");
        processor->SetAttribute("NumPilots", IntegerValue(20));
        NS_TEST_EXPECT_MSG_EQ(processor->CheckAttributes(), "", "defaults");

        Ptr<CellFreeUeActivityModel> activity = CreateObject<CellFreeUeActivityModel>();
        NS_TEST_EXPECT_MSG_EQ(activity->SetAttributeFailSafe("ArrivalRate", DoubleValue(1e12)),
                              false,
                              "1e12 arrivals/s accepted");
        NS_TEST_EXPECT_MSG_EQ(activity->SetAttributeFailSafe("ArrivalRate", DoubleValue(1e9)),
                              true,
                              "1e9 arrivals/s refused");
    }
};

/**
 * \ingroup cell-free-tests
 * Output files: written through a temporary and renamed; a failed write leaves nothing behind
 * and keeps an existing file. Results with a NaN are caught before output.
 */
class OutputTestCase : public TestCase
{
  public:
    OutputTestCase()
        : TestCase("Output written atomically; non-finite results caught before output")
    {
    }

  private:
    void DoRun() override
    {
        const std::string path = CreateTempDirFilename("atomic.json");
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(WriteFileAtomically(path, "first\n", error), true, error);
        NS_TEST_ASSERT_MSG_EQ(WriteFileAtomically(path, "second\n", error), true, error);
        std::string content;
        std::getline(std::ifstream(path), content);
        NS_TEST_EXPECT_MSG_EQ(content, "second", "replaced");
        NS_TEST_EXPECT_MSG_EQ(WriteFileAtomically(path + ".absent/x.json", "x", error),
                              false,
                              "wrote into a missing directory");
        NS_TEST_EXPECT_MSG_NE(error.find(path + ".absent/x.json"), std::string::npos, error);
        NS_TEST_EXPECT_MSG_EQ(Exists(path + ".absent"), false, "created a directory");

        nlohmann::json result{{"se", {1.0, std::nan("")}}, {"minSe", 1.0}};
        NS_TEST_EXPECT_MSG_EQ(CheckFiniteDocument(result, error), false, "NaN accepted");
        NS_TEST_EXPECT_MSG_NE(error.find("'se'[1]"), std::string::npos, error);
        result["se"][1] = nullptr;
        NS_TEST_EXPECT_MSG_EQ(CheckFiniteDocument(result, error), false, "null accepted");

        // The scenario solves to an error, not to "minSe": null.
        const std::string scenarioPath = CreateTempDirFilename("huge.json");
        std::ofstream(scenarioPath) << Tiny(1e308, 1, 1).dump();
        nlohmann::json document;
        NS_TEST_EXPECT_MSG_EQ(
            SolveScenarioFile(scenarioPath, "", CreateObject<EpaPowerControl>(), document, error),
            false,
            "solved rhoD = 1e308");
        NS_TEST_EXPECT_MSG_NE(error.find("rhoD"), std::string::npos, error);
    }
};

/**
 * \ingroup cell-free-tests
 * FPA stays finite at the ends of its exponent range on gains 1e80 apart.
 */
class FractionalExtremesTestCase : public TestCase
{
  public:
    FractionalExtremesTestCase()
        : TestCase("FPA is finite and feasible at exponents -4 and 4 on widely spread gains")
    {
    }

  private:
    void DoRun() override
    {
        CellFreeScenario scenario;
        scenario.numPilots = 2;
        scenario.coherenceSamples = 10;
        scenario.rhoD = 1e30;
        scenario.rhoP = 1e-20;
        scenario.beta.resize(1, 2);
        scenario.beta << 1e-30, 1e50;
        scenario.pilot = {0, 1};
        NS_TEST_ASSERT_MSG_EQ(scenario.Validate(), "", "the scenario is in range");
        const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
        for (double exponent : {-4.0, 4.0})
        {
            Ptr<FractionalPowerControl> fpa = CreateObject<FractionalPowerControl>();
            fpa->SetAttribute("Exponent", DoubleValue(exponent));
            const CellFreePowerControlResult result = fpa->Allocate(scenario, estimates);
            NS_TEST_EXPECT_MSG_EQ(result.error, "", "exponent " << exponent);
            NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(scenario, estimates, result.eta, 1e-9),
                                  true,
                                  "exponent " << exponent);
        }
    }
};

/**
 * \ingroup cell-free-tests
 * The input-range test suite.
 */
class CellFreeInputRangesTestSuite : public TestSuite
{
  public:
    CellFreeInputRangesTestSuite()
        : TestSuite("cell-free-input-ranges", TestSuite::Type::UNIT)
    {
        AddTestCase(new NumericalRangeTestCase);
        AddTestCase(new IntegerRangeTestCase);
        AddTestCase(new CommandLineTestCase);
        AddTestCase(new AttributeBoundsTestCase);
        AddTestCase(new OutputTestCase);
        AddTestCase(new FractionalExtremesTestCase);
    }
};

/// The static instance that registers the suite.
static CellFreeInputRangesTestSuite g_cellFreeInputRangesTestSuite;
