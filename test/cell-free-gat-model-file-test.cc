/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// GAT model files (CellFreeGatModelFile): the round trip, every refusal path, and a seeded fuzz
// test of the loader on mutated copies of the shipped model. Torch-free: the loader, the Eigen
// forward pass and GatPowerControl only.

#include "ns3/cell-free-gat-inference.h"
#include "ns3/cell-free-gat-model-file.h"
#include "ns3/cell-free-power-control-algorithm.h"
#include "ns3/cell-free-scenario-generator.h"
#include "ns3/gat-power-control.h"
#include "ns3/string.h"
#include "ns3/test.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>
#include <unistd.h>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("CellFreeGatModelFileTest");

namespace
{

/// A temporary file name unique to this process.
std::string
TempPath(const std::string& name)
{
    return "/tmp/cell-free-gat-model-file-test-" + std::to_string(::getpid()) + "-" + name;
}

/// The shipped model's text.
std::string
ShippedText()
{
    std::ifstream in(GatPowerControl::GetDefaultModelFile(), std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// A small valid model: the architecture's tensors filled with a deterministic pattern.
CellFreeGatModelFile
SmallModel()
{
    CellFreeGatModelFile file;
    file.metadata.formatVersion = CellFreeGatModelFile::kFormatVersion;
    file.metadata.architecture = CellFreeGatArchitecture{8, 2, 2};
    file.metadata.featureMean.assign(CellFreeGatGraph::kNumFeatures, 0.5);
    file.metadata.featureStd.assign(CellFreeGatGraph::kNumFeatures, 2.0);
    file.metadata.smoothing = 30.0;
    file.metadata.preset = "unit-test";
    file.metadata.seed = 18446744073709551615ULL; // the largest seed survives
    int i = 0;
    for (const auto& [name, shape] :
         CellFreeGatModelFile::ExpectedShapes(file.metadata.architecture))
    {
        CellFreeGatTensor t;
        t.shape = shape;
        int64_t count = 1;
        for (int64_t n : shape)
        {
            count *= n;
        }
        for (int64_t v = 0; v < count; ++v)
        {
            t.values.push_back(0.1F * std::sin(float(++i)));
        }
        file.parameters[name] = t;
    }
    return file;
}

/// The error of parsing a text, or "" when it loads.
std::string
ParseError(const std::string& text)
{
    CellFreeGatModelFile file;
    std::string error;
    return CellFreeGatModelFile::Parse(text, file, error) ? "" : error;
}

/// Replace the first occurrence of `from` in `text` by `to` (the test fails if absent).
std::string
Edit(const std::string& text, const std::string& from, const std::string& to)
{
    const std::size_t at = text.find(from);
    NS_ABORT_MSG_IF(at == std::string::npos, "test: '" << from << "' not in the model text");
    return text.substr(0, at) + to + text.substr(at + from.size());
}

/// A scenario of the default preset.
CellFreeScenario
Scenario(int64_t stream, int numUes)
{
    Ptr<CellFreeScenarioGenerator> generator = CreateObject<CellFreeScenarioGenerator>();
    generator->AssignStreams(stream);
    return generator->Generate(numUes);
}

} // namespace

/**
 * \ingroup cell-free-tests
 * Write then read keeps every tensor bit for bit and the metadata; the writer leaves no
 * temporary file and refuses an inconsistent model.
 */
class GatModelFileRoundTripTestCase : public TestCase
{
  public:
    GatModelFileRoundTripTestCase()
        : TestCase("GAT model file: round trip, atomic write")
    {
    }

  private:
    void DoRun() override
    {
        const CellFreeGatModelFile model = SmallModel();
        NS_TEST_ASSERT_MSG_EQ(model.Check(), "", "a valid model");
        const std::string path = TempPath("round-trip.json");
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(model.Write(path, error), true, error);
        NS_TEST_EXPECT_MSG_EQ(std::ifstream(path + ".tmp").good(), false, "no temporary left");
        CellFreeGatModelFile read;
        NS_TEST_ASSERT_MSG_EQ(CellFreeGatModelFile::Read(path, read, error), true, error);
        NS_TEST_EXPECT_MSG_EQ(read.Checksum(), model.Checksum(), "same contents");
        for (const auto& [name, tensor] : model.parameters)
        {
            NS_TEST_EXPECT_MSG_EQ((read.parameters.at(name).values == tensor.values),
                                  true,
                                  name << " bit for bit");
        }
        NS_TEST_EXPECT_MSG_EQ(read.metadata.seed, model.metadata.seed, "seed");
        NS_TEST_EXPECT_MSG_EQ(read.metadata.preset, "unit-test", "preset");

        CellFreeGatModelFile broken = model;
        broken.parameters.erase("layer1.pilotBias");
        const std::string brokenPath = TempPath("broken.json");
        NS_TEST_EXPECT_MSG_EQ(broken.Write(brokenPath, error), false, "inconsistent model");
        NS_TEST_EXPECT_MSG_NE(error.find("layer1.pilotBias"), std::string::npos, error);
        NS_TEST_EXPECT_MSG_EQ(std::ifstream(brokenPath).good(), false, "nothing written");
        NS_TEST_EXPECT_MSG_EQ(model.Write("/nonexistent-dir/model.json", error), false, "no dir");
        std::remove(path.c_str());
    }
};

/**
 * \ingroup cell-free-tests
 * Every way a file can lie is refused with a message naming the problem: shapes, counts,
 * missing and extra tensors, non-finite or absurd values, normalisation out of range, a digit
 * changed (checksum), integers past 2^63, deep nesting, other versions and the old LibTorch
 * archives.
 */
class GatModelFileRefusalTestCase : public TestCase
{
  public:
    GatModelFileRefusalTestCase()
        : TestCase("GAT model file: every inconsistency is refused, naming it")
    {
    }

  private:
    void DoRun() override
    {
        const CellFreeGatModelFile model = SmallModel();
        const std::string text = model.ToText();
        NS_TEST_ASSERT_MSG_EQ(ParseError(text), "", "the valid text loads");

        // Edits of the valid text, each with what the error must mention.
        nlohmann::json j = nlohmann::json::parse(text);
        auto edited = [&](const std::function<void(nlohmann::json&)>& change) {
            nlohmann::json copy = j;
            change(copy);
            return copy.dump();
        };

        struct Case
        {
            std::string what;
            std::string text;
            std::string mention;
        };

        std::vector<Case> cases{
            {"empty file", "", "malformed JSON"},
            {"LibTorch archive", std::string("PK\x03\x04", 4) + "archive/data.pkl", "LibTorch"},
            {"not an object", "[1, 2, 3]", "not a cell-free GAT model"},
            {"other format", edited([](auto& c) { c["format"] = "other"; }), "not a cell-free"},
            {"other version", edited([](auto& c) { c["formatVersion"] = 3; }), "format version 3"},
            {"missing tensor",
             edited([](auto& c) { c["parameters"].erase("layer0.outUe.weight"); }),
             "'layer0.outUe.weight' is missing"},
            {"extra tensor",
             edited(
                 [](auto& c) { c["parameters"]["layer7.extra"] = c["parameters"]["embed.bias"]; }),
             "'layer7.extra' is not part of the architecture"},
            {"wrong shape",
             edited([](auto& c) {
                 c["parameters"]["embed.weight"]["shape"] = {8, 9};
             }),
             "embed.weight' has shape [8, 9]"},
            {"huge shape",
             edited([](auto& c) {
                 c["parameters"]["embed.weight"]["shape"] = {int64_t(1) << 40, 8};
             }),
             "out of range"},
            {"negative shape",
             edited([](auto& c) {
                 c["parameters"]["embed.weight"]["shape"] = {-8, 8};
             }),
             "out of range"},
            {"wrong rank",
             edited([](auto& c) {
                 c["parameters"]["embed.bias"]["shape"] = {8, 1};
             }),
             "rank"},
            {"too few values",
             edited([](auto& c) { c["parameters"]["embed.bias"]["values"].erase(0); }),
             "holds 7 values, its shape needs 8"},
            {"a null value",
             edited([](auto& c) { c["parameters"]["embed.bias"]["values"][2] = nullptr; }),
             "not a number"},
            {"absurd weight",
             edited([](auto& c) {
                 c["parameters"]["score.weight"]["values"][0] = std::ldexp(1.0, 70);
             }),
             "out of range"},
            {"not a float",
             edited([](auto& c) { c["parameters"]["score.bias"]["values"][0] = 0.1; }),
             "not a float"},
            {"layers without tensors",
             edited([](auto& c) { c["metadata"]["architecture"]["layers"] = 3; }),
             "'layer2.norm.weight' is missing"},
            {"width not divisible",
             edited([](auto& c) { c["metadata"]["architecture"]["heads"] = 3; }),
             "not a multiple"},
            {"width past 2^63",
             Edit(text, "\"width\": 8", "\"width\": 18446744073709551615"),
             "18446744073709551615 is out of range"},
            {"denormal feature std",
             edited([](auto& c) { c["metadata"]["featureStd"][3] = 1e-320; }),
             "featureStd[3]"},
            {"zero feature std",
             edited([](auto& c) { c["metadata"]["featureStd"][0] = 0.0; }),
             "featureStd[0]"},
            {"short normalisation",
             edited([](auto& c) { c["metadata"]["featureMean"].erase(7); }),
             "featureMean"},
            {"other feature count",
             edited([](auto& c) { c["metadata"]["architecture"]["features"] = 9; }),
             "expects 9 features"},
            {"unknown utility",
             edited([](auto& c) { c["metadata"]["utility"] = "max"; }),
             "utility"},
            {"missing envelope",
             edited([](auto& c) { c["metadata"]["training"].erase("envelope"); }),
             "envelope"},
            {"a changed weight (checksum)",
             edited([](auto& c) { c["parameters"]["layer1.outAp.weight"]["values"][5] = 0.25; }),
             "checksum mismatch"},
            {"a changed metadata field (checksum)",
             edited([](auto& c) { c["metadata"]["training"]["steps"] = 1234; }),
             "checksum mismatch"},
            {"no checksum", edited([](auto& c) { c.erase("checksum"); }), "checksum"},
            {"truncated", text.substr(0, text.size() / 2), "malformed JSON"},
            {"deep nesting",
             "{\"format\": \"ns3-cell-free-gat\", \"formatVersion\": " + std::string(100000, '[') +
                 std::string(100000, ']') + "}",
             "nested deeper"},
            {"a value beyond float's range",
             edited([](auto& c) { c["parameters"]["score.weight"]["values"][0] = 1e300; }),
             "out of range"},
            {"a pilot bias that rounds e^b - 1 to -1",
             edited([](auto& c) { c["parameters"]["layer0.pilotBias"]["values"][0] = -20.0; }),
             "out of range"},
        };
        for (const auto& c : cases)
        {
            const std::string error = ParseError(c.text);
            NS_TEST_EXPECT_MSG_NE(error, "", c.what << " must be refused");
            NS_TEST_EXPECT_MSG_NE(error.find(c.mention),
                                  std::string::npos,
                                  c.what << ": '" << error << "' should mention '" << c.mention
                                         << "'");
            NS_TEST_EXPECT_MSG_EQ(error.find('\n'), std::string::npos, c.what << ": one line");
        }

        // Through GatPowerControl: the allocation reports the file, never a crash.
        const std::string path = TempPath("refused.json");
        std::ofstream(path) << cases[6].text;
        Ptr<GatPowerControl> gat = CreateObject<GatPowerControl>();
        gat->SetAttribute("ModelFile", StringValue(path));
        const CellFreeScenario scenario = Scenario(5, 10);
        const CellFreePowerControlResult result =
            gat->Allocate(scenario, EstimateChannels(scenario));
        NS_TEST_EXPECT_MSG_NE(result.error.find(path), std::string::npos, result.error);
        NS_TEST_EXPECT_MSG_EQ(result.eta.size(), 0, "no allocation");
        std::remove(path.c_str());
    }
};

/**
 * \ingroup cell-free-tests
 * Seeded fuzzing of the loader on the shipped model: bit flips, byte deletions, duplications
 * and insertions, truncations and digit edits. Every mutant is either refused with a one-line
 * error naming the file, or loads with exactly the original contents (a harmless edit such as
 * whitespace) and gives a feasible allocation; never a crash or a different model.
 */
class GatModelFileFuzzTestCase : public TestCase
{
  public:
    GatModelFileFuzzTestCase()
        : TestCase("GAT model file: fuzzed copies of the shipped model never load wrong")
    {
    }

  private:
    void DoRun() override
    {
        const std::string original = ShippedText();
        CellFreeGatModelFile reference;
        std::string error;
        NS_TEST_ASSERT_MSG_EQ(CellFreeGatModelFile::Parse(original, reference, error), true, error);
        const std::string checksum = reference.Checksum();
        const CellFreeScenario scenario = Scenario(9, 24);
        const CellFreeChannelEstimates estimates = EstimateChannels(scenario);
        const std::string path = TempPath("fuzz.json");

        // CELL_FREE_FUZZ_ITERATIONS and CELL_FREE_FUZZ_SEED lengthen or vary the run (e.g. a long
        // run under utils/run-sanitizer-tests.sh), as for cell-free-scenario-fuzz.
        auto env = [](const char* name, uint64_t fallback) {
            const char* text = std::getenv(name);
            return text ? std::strtoull(text, nullptr, 10) : fallback;
        };
        std::mt19937_64 rng(env("CELL_FREE_FUZZ_SEED", 20261201));
        auto uniform = [&](std::size_t n) {
            return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
        };
        int refused = 0;
        int harmless = 0;
        const int kMutants = static_cast<int>(env("CELL_FREE_FUZZ_ITERATIONS", 400));
        for (int i = 0; i < kMutants; ++i)
        {
            std::string text = original;
            const int edits = 1 + int(uniform(3));
            for (int e = 0; e < edits && !text.empty(); ++e)
            {
                const std::size_t at = uniform(text.size());
                switch (uniform(6))
                {
                case 0: // bit flip
                    text[at] = static_cast<char>(text[at] ^ (1 << uniform(8)));
                    break;
                case 1: // deletion
                    text.erase(at, 1 + uniform(8));
                    break;
                case 2: // duplication
                    text.insert(at, text.substr(at, 1 + uniform(16)));
                    break;
                case 3: // random byte
                    text.insert(at, 1, static_cast<char>(uniform(256)));
                    break;
                case 4: // truncation
                    text.resize(at);
                    break;
                default: // a digit changed
                    for (std::size_t p = at; p < text.size(); ++p)
                    {
                        if (std::isdigit(static_cast<unsigned char>(text[p])))
                        {
                            text[p] =
                                static_cast<char>('0' + (text[p] - '0' + 1 + uniform(9)) % 10);
                            break;
                        }
                    }
                    break;
                }
            }
            std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
            CellFreeGatModelFile file;
            std::string message;
            if (!CellFreeGatModelFile::Read(path, file, message))
            {
                ++refused;
                NS_TEST_EXPECT_MSG_NE(message.find(path), std::string::npos, "names the file");
                NS_TEST_EXPECT_MSG_EQ(message.find('\n'), std::string::npos, "one line");
                continue;
            }
            ++harmless;
            NS_TEST_EXPECT_MSG_EQ(file.Checksum(), checksum, "a loaded mutant is the original");
            const Eigen::MatrixXd mu =
                CellFreeGatForward(MakeCellFreeGatWeights(file),
                                   BuildCellFreeGatGraph(scenario, estimates));
            NS_TEST_EXPECT_MSG_EQ(mu.allFinite(), true, "finite output");
        }
        std::remove(path.c_str());
        std::cout << "model-file fuzz: " << kMutants << " mutants, " << refused << " refused, "
                  << harmless << " loaded identical to the original" << std::endl;
        NS_TEST_EXPECT_MSG_GT(refused, kMutants / 2, "most mutants are corrupt");
    }
};

/**
 * \ingroup cell-free-tests
 * The model-file suite.
 */
class CellFreeGatModelFileTestSuite : public TestSuite
{
  public:
    CellFreeGatModelFileTestSuite()
        : TestSuite("cell-free-gat-model-file", TestSuite::Type::UNIT)
    {
        AddTestCase(new GatModelFileRoundTripTestCase);
        AddTestCase(new GatModelFileRefusalTestCase);
        AddTestCase(new GatModelFileFuzzTestCase);
    }
};

/// Static instance registering the suite.
static CellFreeGatModelFileTestSuite g_cellFreeGatModelFileTestSuite;
