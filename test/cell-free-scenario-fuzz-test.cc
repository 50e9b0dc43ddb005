/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/apg-power-control.h"
#include "ns3/cell-free-channel-estimation.h"
#include "ns3/cell-free-scenario-json.h"
#include "ns3/cell-free-solve-helper.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/double.h"
#include "ns3/epa-power-control.h"
#include "ns3/fractional-power-control.h"
#include "ns3/gat-power-control.h"
#include "ns3/log.h"
#include "ns3/string.h"
#include "ns3/test.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <random>
#include <regex>

/**
 * \file
 * \ingroup cell-free-tests
 * A seeded fuzz test of the scenario and powers files through the code path of cell-free-solve
 * (SolveScenarioFile with EPA, FPA and APG, each utility): structure-aware mutations (extreme
 * numbers, integers beyond int, wrong types, shapes, pilots, deleted fields) and byte-level ones
 * (flips, insertions, truncation) of valid files. Every outcome must be either a result whose
 * every number is finite and whose allocation is feasible, or a one-line error that names a
 * field or the file; a crash or an exception fails the run.
 *
 * CELL_FREE_FUZZ_ITERATIONS (default 300 per file kind) and CELL_FREE_FUZZ_SEED (default 1)
 * change the run, e.g. for a long run under the sanitizers (utils/run-sanitizer-tests.sh).
 */

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeScenarioFuzzTest");

namespace
{

/// An environment variable as a number, or the fallback.
uint64_t
EnvOr(const char* name, uint64_t fallback)
{
    const char* text = std::getenv(name);
    return text ? std::strtoull(text, nullptr, 10) : fallback;
}

/// Valid seed scenarios: small sizes, shared pilots, K = 1 and K = 0, the default preset's scale,
/// serving clusters.
std::vector<nlohmann::json>
SeedScenarios()
{
    std::vector<nlohmann::json> seeds;
    seeds.push_back(nlohmann::json::parse(R"({"N": 2, "tauP": 2, "tauC": 200, "rhoD": 1e12,
        "rhoP": 3e11, "beta": [[1e-9, 2e-10, 3e-11], [4e-12, 5e-9, 6e-10]], "pilot": [0, 1, 0]})"));
    seeds.push_back(nlohmann::json::parse(
        R"({"N":2,"tauP":1,"tauC":2,"rhoD":1,"rhoP":1,"beta":[[1]],"pilot":[0]})"));
    seeds.push_back(nlohmann::json::parse(R"({"N": 1, "tauP": 3, "tauC": 10, "rhoD": 5,
        "rhoP": 2, "downlinkShare": 0.5, "beta": [[0.1, 1e-3, 2.5, 1e-20]], "pilot": [0, 0, 2, 1]})"));
    seeds.push_back(nlohmann::json::parse(
        R"({"N": 4, "tauP": 2, "tauC": 200, "rhoD": 1e12, "rhoP": 3e11, "beta": [[], []],
        "pilot": []})"));
    // A larger one: 8 APs, 6 UEs on 3 pilots, gains spread over 8 decades.
    nlohmann::json larger = nlohmann::json::parse(
        R"({"N": 4, "tauP": 3, "tauC": 200, "rhoD": 1.6e12, "rhoP": 3.2e11})");
    larger["beta"] = nlohmann::json::array();
    for (int m = 0; m < 8; ++m)
    {
        nlohmann::json row = nlohmann::json::array();
        for (int k = 0; k < 6; ++k)
        {
            row.push_back(std::pow(10.0, -6.0 - ((m * 7 + k * 3) % 9)));
        }
        larger["beta"].push_back(row);
    }
    larger["pilot"] = {0, 1, 2, 0, 1, 2};
    seeds.push_back(larger);
    // Serving clusters (doc/cell-free.rst "User-centric serving clusters"): small sets, an AP
    // that serves nobody, one set of every AP, and K = 0 with no sets.
    nlohmann::json clustered = larger;
    clustered["serving"] = {{0, 1}, {2}, {3, 4, 5}, {0, 1, 2, 3, 4, 5, 6, 7}, {4}, {1, 5}};
    seeds.push_back(clustered);
    seeds.push_back(nlohmann::json::parse(R"({"N": 2, "tauP": 2, "tauC": 200, "rhoD": 1e12,
        "rhoP": 3e11, "beta": [[1e-9, 2e-10, 3e-11], [4e-12, 5e-9, 6e-10]], "pilot": [0, 1, 0],
        "serving": [[0], [1], [0, 1]]})"));
    seeds.push_back(nlohmann::json::parse(
        R"({"N": 4, "tauP": 2, "tauC": 200, "rhoD": 1e12, "rhoP": 3e11, "beta": [[], []],
        "pilot": [], "serving": []})"));
    return seeds;
}

/// The outcome counts of a run.
struct FuzzCounts
{
    uint64_t tried{0};    //!< mutated files
    uint64_t accepted{0}; //!< files solved (by every algorithm, for scenario files)
    uint64_t refused{0};  //!< files refused with a message
    uint64_t runs{0};     //!< solver runs (one per algorithm and scenario file)
};

/**
 * \brief Mutations of JSON documents and of their text.
 */
class Mutator
{
  public:
    /// \param seed the seed of the random draws
    explicit Mutator(uint64_t seed)
        : m_rng(seed)
    {
    }

    /// \return a uniform integer in [0, n)
    std::size_t Below(std::size_t n)
    {
        return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(m_rng);
    }

    /// \return a value a field should not (or might just) accept
    nlohmann::json ExtremeValue()
    {
        static const std::vector<nlohmann::json> values = {
            0,
            -1,
            1,
            2,
            0.5,
            3.0,
            1e-320,
            5e-324,
            1e-300,
            1e-101,
            1e-99,
            1e-30,
            1e-31,
            1e99,
            1e101,
            1e300,
            1e308,
            std::numeric_limits<double>::max(),
            -std::numeric_limits<double>::max(),
            2147483647,
            2147483648LL,
            -2147483649LL,
            std::numeric_limits<int64_t>::min(),
            std::numeric_limits<uint64_t>::max(),
            uint64_t{1} << 63,
            100000,
            100001,
            "1",
            nullptr,
            true,
            nlohmann::json::array(),
            nlohmann::json::object(),
            nlohmann::json::array({1, 2}),
        };
        return values[Below(values.size())];
    }

    /// \return a number spread over the double range (log-uniform, random sign sometimes)
    double WildNumber()
    {
        const double exponent = std::uniform_real_distribution<double>(-330.0, 310.0)(m_rng);
        const double value = std::pow(10.0, exponent);
        return Below(8) == 0 ? -value : value;
    }

    /// Mutate one place of a scenario (or powers) document.
    void MutateDocument(nlohmann::json& document)
    {
        nlohmann::json* target = &document;
        if (document.is_array() && !document.empty())
        {
            target = &document[Below(document.size())];
        }
        if (!target->is_object() || target->empty())
        {
            *target = ExtremeValue();
            return;
        }
        std::vector<std::string> keys;
        for (const auto& item : target->items())
        {
            keys.push_back(item.key());
        }
        const std::string key = keys[Below(keys.size())];
        nlohmann::json& field = (*target)[key];
        switch (Below(9))
        {
        case 0:
            target->erase(key);
            break;
        case 1:
            field = ExtremeValue();
            break;
        case 2: // scale a number, or an entry of a matrix or vector
        case 3: {
            nlohmann::json* entry = &field;
            while (entry->is_array() && !entry->empty())
            {
                entry = &(*entry)[Below(entry->size())];
            }
            if (entry->is_number())
            {
                const double factor =
                    std::pow(10.0, std::uniform_real_distribution<double>(-6.0, 6.0)(m_rng));
                switch (Below(3))
                {
                case 0:
                    *entry = WildNumber();
                    break;
                case 1:
                    *entry = entry->get<double>() * WildNumber();
                    break;
                default: // a plausible change, mostly accepted
                    *entry = entry->get<double>() * factor;
                    break;
                }
            }
            else
            {
                *entry = ExtremeValue();
            }
            break;
        }
        case 4: { // an extreme value deep inside an array
            nlohmann::json* entry = &field;
            while (entry->is_array() && !entry->empty() && Below(4) != 0)
            {
                entry = &(*entry)[Below(entry->size())];
            }
            *entry = ExtremeValue();
            break;
        }
        case 5: // shape: drop or duplicate an element
            if (field.is_array() && !field.empty())
            {
                const std::size_t i = Below(field.size());
                if (Below(2) == 0)
                {
                    field.erase(i);
                }
                else
                {
                    field.push_back(field[i]);
                }
            }
            break;
        case 6: // shape inside a row
            if (field.is_array() && !field.empty() && field[0].is_array())
            {
                nlohmann::json& row = field[Below(field.size())];
                if (!row.is_array())
                {
                    row = nlohmann::json::array();
                }
                else if (!row.empty() && Below(2) == 0)
                {
                    row.erase(Below(row.size()));
                }
                else
                {
                    row.push_back(WildNumber());
                }
            }
            break;
        case 7: // a pilot index anywhere in (or out of) range
            if (target->contains("pilot") && (*target)["pilot"].is_array() &&
                !(*target)["pilot"].empty())
            {
                nlohmann::json& pilot = (*target)["pilot"];
                pilot[Below(pilot.size())] = static_cast<int>(Below(8)) - 2;
            }
            break;
        default: // whole-document changes
            if (Below(2) == 0)
            {
                document = nlohmann::json::array({document, document});
            }
            else
            {
                (*target)["unknown"] = ExtremeValue();
            }
            break;
        }
    }

    /// Mutate the bytes of a text: flips, insertions, deletions, truncation.
    std::string MutateText(std::string text)
    {
        static const std::string alphabet = "{}[],:\"-+.eE0123456789 \n\tnulltruefalse\\";
        const std::size_t edits = 1 + Below(4);
        for (std::size_t e = 0; e < edits && !text.empty(); ++e)
        {
            const std::size_t at = Below(text.size());
            switch (Below(5))
            {
            case 0:
                text[at] = alphabet[Below(alphabet.size())];
                break;
            case 1:
                text.insert(at, 1, alphabet[Below(alphabet.size())]);
                break;
            case 2:
                text.erase(at, 1 + Below(8));
                break;
            case 3:
                text.resize(at);
                break;
            default:
                text[at] = static_cast<char>(Below(256));
                break;
            }
        }
        return text;
    }

  private:
    std::mt19937_64 m_rng; //!< the random draws
};

/// Whether every number in a JSON document is finite and no value is null (checked here
/// independently of CheckFiniteDocument).
bool
AllFinite(const nlohmann::json& value)
{
    if (value.is_null() || (value.is_number_float() && !std::isfinite(value.get<double>())))
    {
        return false;
    }
    if (value.is_structured())
    {
        for (const auto& element : value)
        {
            if (!AllFinite(element))
            {
                return false;
            }
        }
    }
    return true;
}

} // namespace

/**
 * \ingroup cell-free-tests
 * Mutated scenario and powers files: a finite, feasible result or a one-line error naming a
 * field or the file, never a crash.
 */
class ScenarioFuzzTestCase : public TestCase
{
  public:
    ScenarioFuzzTestCase()
        : TestCase("Mutated scenario and powers files: finite feasible results or one-line "
                   "errors naming the field")
    {
    }

  private:
    /**
     * \brief Solve one pair of files with every algorithm and check the outcome.
     * \param scenarioPath the scenario file
     * \param powersPath the powers file, or empty
     * \param text the scenario text, for the failure messages
     */
    void Check(const std::string& scenarioPath,
               const std::string& powersPath,
               const std::string& text)
    {
        static const std::regex names(
            R"(\b(N|tauP|tauC|rhoD|rhoP|downlinkShare|beta|pilot|serving|eta|scenario \d+|powers \d+)\b)");
        bool anyRefused = false;
        for (const auto& algorithm : m_algorithms)
        {
            ++m_counts.runs;
            nlohmann::json document;
            std::string error;
            bool solved = false;
            try
            {
                solved = SolveScenarioFile(scenarioPath, powersPath, algorithm, document, error);
            }
            catch (const std::exception& e)
            {
                NS_TEST_ASSERT_MSG_EQ(true, false, "exception " << e.what() << " on " << text);
            }
            if (!solved)
            {
                anyRefused = true;
                NS_LOG_INFO("refused: " << error);
                NS_TEST_EXPECT_MSG_EQ(error.empty(), false, "no message on " << text);
                NS_TEST_EXPECT_MSG_EQ(error.find('\n'), std::string::npos, "two lines: " << error);
                const bool named =
                    std::regex_search(error, names) ||
                    error.find(scenarioPath) != std::string::npos ||
                    (!powersPath.empty() && error.find(powersPath) != std::string::npos);
                NS_TEST_EXPECT_MSG_EQ(named, true, "'" << error << "' names no field on " << text);
                if (!powersPath.empty())
                {
                    break; // the same files fail the same way for every algorithm
                }
                continue;
            }
            NS_TEST_EXPECT_MSG_EQ(AllFinite(document), true, "non-finite result on " << text);
            // Feasibility, recomputed from the file.
            std::vector<CellFreeScenario> scenarios;
            NS_TEST_ASSERT_MSG_EQ(ReadScenarioFile(scenarioPath, scenarios, error),
                                  true,
                                  "solved but unreadable: " << error);
            const nlohmann::json results =
                document.is_array() ? document : nlohmann::json::array({document});
            NS_TEST_ASSERT_MSG_EQ(results.size(), scenarios.size(), "one result per scenario");
            for (std::size_t i = 0; i < scenarios.size(); ++i)
            {
                Eigen::MatrixXd eta;
                NS_TEST_ASSERT_MSG_EQ(MatrixFromJson(results[i]["eta"], "eta", eta, error) ||
                                          scenarios[i].NumUes() == 0,
                                      true,
                                      error);
                if (scenarios[i].NumUes() == 0)
                {
                    continue;
                }
                const CellFreeChannelEstimates estimates = EstimateChannels(scenarios[i]);
                NS_TEST_EXPECT_MSG_EQ(IsFeasiblePowerAllocation(scenarios[i], estimates, eta, 1e-6),
                                      true,
                                      "infeasible result on " << text);
                NS_TEST_EXPECT_MSG_EQ(results[i].contains("minSe"), true, "no minSe on " << text);
            }
            if (!powersPath.empty())
            {
                break; // given powers do not depend on the algorithm
            }
        }
        ++(anyRefused ? m_counts.refused : m_counts.accepted);
    }

    void DoRun() override
    {
        const uint64_t iterations = EnvOr("CELL_FREE_FUZZ_ITERATIONS", 300);
        const uint64_t seed = EnvOr("CELL_FREE_FUZZ_SEED", 1);
        Mutator mutator(seed);
        // EPA, FPA at the default and at both ends of its exponent's range, APG on every
        // utility (PF weighs by 1/SE, the steepest on tiny SEs).
        m_algorithms = {CreateObject<EpaPowerControl>(), CreateObject<FractionalPowerControl>()};
        for (const auto& [exponent, basis] :
             std::vector<std::pair<double, std::string>>{{-4.0, "Beta"}, {4.0, "Gamma"}})
        {
            Ptr<FractionalPowerControl> fpa = CreateObject<FractionalPowerControl>();
            fpa->SetAttribute("Exponent", DoubleValue(exponent));
            fpa->SetAttribute("Basis", StringValue(basis));
            m_algorithms.push_back(fpa);
        }
        for (const std::string utility : {"Min", "Sum", "ProportionalFairness"})
        {
            Ptr<ApgPowerControl> apg = CreateObject<ApgPowerControl>();
            apg->SetAttribute("Utility", StringValue(utility));
            m_algorithms.push_back(apg);
        }
        // The GAT with the shipped model: its sparse graph on clusters with odd shapes.
        Ptr<GatPowerControl> gat = CreateObject<GatPowerControl>();
        const std::string gatError = gat->Prepare();
        NS_TEST_ASSERT_MSG_EQ(gatError, "", "the shipped GAT model");
        m_algorithms.push_back(gat);
        const std::string scenarioPath = CreateTempDirFilename("fuzz-scenario.json");
        const std::string powersPath = CreateTempDirFilename("fuzz-powers.json");
        const std::vector<nlohmann::json> seeds = SeedScenarios();

        // The seeds themselves are valid and solve.
        for (const auto& valid : seeds)
        {
            std::ofstream(scenarioPath) << valid.dump();
            const uint64_t refusedBefore = m_counts.refused;
            Check(scenarioPath, "", valid.dump());
            NS_TEST_ASSERT_MSG_EQ(m_counts.refused, refusedBefore, "seed refused: " << valid);
        }

        // Scenario files.
        for (uint64_t i = 0; i < iterations; ++i)
        {
            nlohmann::json document = seeds[mutator.Below(seeds.size())];
            std::string text;
            if (mutator.Below(4) == 0)
            {
                text = mutator.MutateText(document.dump(mutator.Below(2) == 0 ? -1 : 1));
            }
            else
            {
                const std::size_t mutations = 1 + mutator.Below(3);
                for (std::size_t j = 0; j < mutations; ++j)
                {
                    mutator.MutateDocument(document);
                }
                text = document.dump();
            }
            std::ofstream(scenarioPath, std::ios::trunc) << text;
            ++m_counts.tried;
            Check(scenarioPath, "", text);
        }

        // Powers files against valid scenarios: EPA's powers, mutated.
        for (uint64_t i = 0; i < iterations; ++i)
        {
            const nlohmann::json& scenario = seeds[mutator.Below(seeds.size())];
            std::ofstream(scenarioPath, std::ios::trunc) << scenario.dump();
            nlohmann::json solved;
            std::string error;
            NS_TEST_ASSERT_MSG_EQ(
                SolveScenarioFile(scenarioPath, "", m_algorithms[0], solved, error),
                true,
                error);
            nlohmann::json powers{{"eta", solved["eta"]}};
            std::string text;
            if (mutator.Below(4) == 0)
            {
                text = mutator.MutateText(powers.dump());
            }
            else
            {
                const std::size_t mutations = 1 + mutator.Below(3);
                for (std::size_t j = 0; j < mutations; ++j)
                {
                    mutator.MutateDocument(powers);
                }
                text = powers.dump();
            }
            std::ofstream(powersPath, std::ios::trunc) << text;
            ++m_counts.tried;
            Check(scenarioPath, powersPath, text);
        }
        std::cout << "cell-free-scenario-fuzz: seed " << seed << ": " << m_counts.tried
                  << " mutated files (" << iterations << " scenario, " << iterations << " powers), "
                  << m_counts.accepted - seeds.size() << " solved, " << m_counts.refused
                  << " refused with a message, " << m_counts.runs << " solver runs" << std::endl;
    }

    std::vector<Ptr<CellFreePowerControlAlgorithm>> m_algorithms; //!< the algorithms run
    FuzzCounts m_counts;                                          //!< outcomes
};

/**
 * \ingroup cell-free-tests
 * The scenario fuzz test suite.
 */
class CellFreeScenarioFuzzTestSuite : public TestSuite
{
  public:
    CellFreeScenarioFuzzTestSuite()
        : TestSuite("cell-free-scenario-fuzz", TestSuite::Type::UNIT)
    {
        AddTestCase(new ScenarioFuzzTestCase);
    }
};

/// The static instance that registers the suite.
static CellFreeScenarioFuzzTestSuite g_cellFreeScenarioFuzzTestSuite;
