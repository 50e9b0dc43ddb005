/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/cell-free-scenario-generator.h"
#include "ns3/cell-free-scenario-json.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/test.h"

#include <cmath>
#include <fstream>
#include <limits>

/**
 * \file
 * \ingroup cell-free-tests
 * Scenario files: every malformed input is refused with a message that names the field, and
 * generated scenarios of the presets are valid and reproducible.
 */

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeScenarioFileTest");

namespace
{

/// A valid 2-AP, 3-UE scenario.
nlohmann::json
ValidScenario()
{
    return nlohmann::json::parse(R"({"N": 2, "tauP": 2, "tauC": 200, "rhoD": 1e12, "rhoP": 3e11,
        "beta": [[1e-9, 2e-10, 3e-11], [4e-12, 5e-9, 6e-10]], "pilot": [0, 1, 0]})");
}

} // namespace

/**
 * \ingroup cell-free-tests
 * Each way a scenario can be wrong gives an error that names the field.
 */
class ScenarioJsonErrorsTestCase : public TestCase
{
  public:
    ScenarioJsonErrorsTestCase()
        : TestCase("Malformed scenarios are refused with a message naming the field")
    {
    }

  private:
    void DoRun() override
    {
        CellFreeScenario scenario;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(ScenarioFromJson(ValidScenario(), scenario, error),
                              true,
                              "valid scenario refused: " << error);
        NS_TEST_EXPECT_MSG_EQ(scenario.NumAps(), 2, "M");
        NS_TEST_EXPECT_MSG_EQ(scenario.NumUes(), 3, "K");
        NS_TEST_EXPECT_MSG_EQ(scenario.downlinkShare, 1.0, "downlinkShare defaults to 1");

        // (mutation, text the message must contain)
        const std::vector<std::pair<std::function<void(nlohmann::json&)>, std::string>> cases = {
            {[](nlohmann::json& j) { j.erase("N"); }, "'N'"},
            {[](nlohmann::json& j) { j["N"] = 1.5; }, "'N'"},
            {[](nlohmann::json& j) { j["N"] = 0; }, "N must"},
            {[](nlohmann::json& j) { j["tauP"] = "two"; }, "'tauP'"},
            {[](nlohmann::json& j) { j["tauC"] = 2; }, "tauC"},
            {[](nlohmann::json& j) { j["rhoD"] = -1.0; }, "rhoD"},
            {[](nlohmann::json& j) { j["rhoP"] = 0.0; }, "rhoP"},
            {[](nlohmann::json& j) { j["downlinkShare"] = 1.5; }, "downlinkShare"},
            {[](nlohmann::json& j) { j.erase("beta"); }, "'beta'"},
            {[](nlohmann::json& j) { j["beta"] = nlohmann::json::array(); }, "'beta'"},
            {[](nlohmann::json& j) {
                 j["beta"][1] = {1e-9, 2e-9};
             },
             "'beta' row 1"},
            {[](nlohmann::json& j) { j["beta"][0][2] = nullptr; }, "'beta'[0][2]"},
            {[](nlohmann::json& j) { j["beta"][1][0] = 0.0; }, "beta[1][0]"},
            {[](nlohmann::json& j) { j["beta"][1][1] = -1e-9; }, "beta[1][1]"},
            {[](nlohmann::json& j) {
                 j["pilot"] = {0, 1};
             },
             "pilot has 2 entries"},
            {[](nlohmann::json& j) { j["pilot"][2] = 2; }, "pilot[2]"},
            {[](nlohmann::json& j) { j["pilot"][0] = -1; }, "pilot[0]"},
            {[](nlohmann::json& j) { j["pilot"][1] = 0.5; }, "'pilot'[1]"},
            {[](nlohmann::json& j) { j.erase("pilot"); }, "'pilot'"},
        };
        for (const auto& [mutate, expected] : cases)
        {
            nlohmann::json bad = ValidScenario();
            mutate(bad);
            error.clear();
            NS_TEST_EXPECT_MSG_EQ(ScenarioFromJson(bad, scenario, error),
                                  false,
                                  "accepted " << bad.dump());
            NS_TEST_EXPECT_MSG_NE(error.find(expected),
                                  std::string::npos,
                                  "message '" << error << "' does not name " << expected);
        }
        // Not finite values cannot come from JSON text, but can from code.
        ScenarioFromJson(ValidScenario(), scenario, error);
        scenario.beta(0, 1) = std::numeric_limits<double>::quiet_NaN();
        NS_TEST_EXPECT_MSG_NE(scenario.Validate().find("beta[0][1]"),
                              std::string::npos,
                              "NaN gain not reported");
        scenario.beta(0, 1) = std::numeric_limits<double>::infinity();
        NS_TEST_EXPECT_MSG_NE(scenario.Validate().find("beta[0][1]"),
                              std::string::npos,
                              "infinite gain not reported");
    }
};

/**
 * \ingroup cell-free-tests
 * Reading files: missing, not JSON, arrays with the failing element named, round trip.
 */
class ScenarioFileReadTestCase : public TestCase
{
  public:
    ScenarioFileReadTestCase()
        : TestCase("Scenario files: missing, malformed, arrays and round trip")
    {
    }

  private:
    void DoRun() override
    {
        const std::string path = CreateTempDirFilename("cell-free-scenarios.json");
        std::vector<CellFreeScenario> scenarios;
        std::string error;
        NS_TEST_EXPECT_MSG_EQ(ReadScenarioFile(path + ".absent", scenarios, error), false, "");
        NS_TEST_EXPECT_MSG_NE(error.find("cannot open"), std::string::npos, error);

        std::ofstream(path) << "{\"N\": 2, \"tauP\": ";
        NS_TEST_EXPECT_MSG_EQ(ReadScenarioFile(path, scenarios, error), false, "");
        NS_TEST_EXPECT_MSG_NE(error.find("not valid JSON"), std::string::npos, error);

        nlohmann::json array = nlohmann::json::array({ValidScenario(), ValidScenario()});
        array[1]["pilot"][2] = 7;
        std::ofstream(path) << array.dump();
        NS_TEST_EXPECT_MSG_EQ(ReadScenarioFile(path, scenarios, error), false, "");
        NS_TEST_EXPECT_MSG_NE(error.find("scenario 1: pilot[2]"), std::string::npos, error);

        // Round trip through ScenarioToJson keeps every value exactly.
        CellFreeScenario original;
        ScenarioFromJson(ValidScenario(), original, error);
        original.downlinkShare = 0.5;
        std::ofstream(path) << nlohmann::json::array({ScenarioToJson(original)}).dump();
        bool isArray = false;
        NS_TEST_ASSERT_MSG_EQ(ReadScenarioFile(path, scenarios, error, &isArray), true, error);
        NS_TEST_EXPECT_MSG_EQ(isArray, true, "array flag");
        NS_TEST_ASSERT_MSG_EQ(scenarios.size(), 1, "one scenario");
        NS_TEST_EXPECT_MSG_EQ((scenarios[0].beta - original.beta).norm(), 0.0, "beta");
        NS_TEST_EXPECT_MSG_EQ(scenarios[0].downlinkShare, 0.5, "downlinkShare");
        NS_TEST_EXPECT_MSG_EQ((scenarios[0].pilot == original.pilot), true, "pilot");
    }
};

/**
 * \ingroup cell-free-tests
 * Generated scenarios of both presets are valid, of the right size, and reproducible.
 */
class ScenarioGeneratorTestCase : public TestCase
{
  public:
    ScenarioGeneratorTestCase()
        : TestCase("Generated scenarios: valid, preset sizes, reproducible streams")
    {
    }

  private:
    void DoRun() override
    {
        for (const auto& name : CellFreePreset::Names())
        {
            CellFreePreset preset;
            NS_TEST_ASSERT_MSG_EQ(CellFreePreset::FromName(name, preset), true, name);
            auto generate = [&preset](int64_t stream, const std::string& pilots) {
                Ptr<CellFreeScenarioGenerator> generator =
                    CreateObject<CellFreeScenarioGenerator>();
                generator->SetPreset(preset);
                generator->SetAttribute("PilotAssignment", StringValue(pilots));
                generator->AssignStreams(stream);
                return generator->Generate();
            };
            const CellFreeScenario first = generate(3, "Random");
            NS_TEST_EXPECT_MSG_EQ(first.Validate(), "", name);
            NS_TEST_EXPECT_MSG_EQ(first.NumAps(), preset.numAps, name);
            NS_TEST_EXPECT_MSG_GT_OR_EQ(first.NumUes(), preset.minUes, name);
            NS_TEST_EXPECT_MSG_LT_OR_EQ(first.NumUes(), preset.maxUes, name);
            const CellFreeScenario again = generate(3, "Random");
            NS_TEST_EXPECT_MSG_EQ((first.beta - again.beta).norm(), 0.0, name << " reproducible");
            NS_TEST_EXPECT_MSG_EQ((first.pilot == again.pilot), true, name << " pilots");
            const CellFreeScenario greedy = generate(3, "Greedy");
            NS_TEST_EXPECT_MSG_EQ(greedy.Validate(), "", name << " greedy");
        }
    }
};

/**
 * \ingroup cell-free-tests
 * The scenario file test suite.
 */
class CellFreeScenarioFileTestSuite : public TestSuite
{
  public:
    CellFreeScenarioFileTestSuite()
        : TestSuite("cell-free-scenario-file", TestSuite::Type::UNIT)
    {
        AddTestCase(new ScenarioJsonErrorsTestCase);
        AddTestCase(new ScenarioFileReadTestCase);
        AddTestCase(new ScenarioGeneratorTestCase);
    }
};

/// The static instance that registers the suite.
static CellFreeScenarioFileTestSuite g_cellFreeScenarioFileTestSuite;
