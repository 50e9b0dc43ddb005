/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-gat-model-file.h"

#include "cell-free-gat-graph.h"

#include "ns3/log.h"

#include <algorithm>
#include <boost/crc.hpp>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeGatModelFile");

namespace
{

constexpr const char* kFormatName = "ns3-cell-free-gat";
/// Larger files are refused before they are read (the largest architecture allowed below
/// stays far below this).
constexpr std::streamoff kMaxFileBytes = 64 << 20;
/// Bounds on the sizes: what a forward pass at city scale can afford, with room to spare.
constexpr int kMaxWidth = 256;
constexpr int kMaxHeads = 32;
constexpr int kMaxLayers = 16;
/// No trained weight comes near this; a larger one is corruption and would overflow the float
/// forward pass.
constexpr double kMaxAbsWeight = 1e3;
/// The pilot bias b enters as e^b - 1 in float: above, the sums overflow; below, e^b - 1
/// rounds to -1 and an AP whose UEs share one pilot would divide 0 by 0.
constexpr double kMaxPilotBias = 30.0;
constexpr double kMinPilotBias = -8.0;
/// Feature normalisation bounds: the features are logs and ratios of order 1-10.
constexpr double kMaxAbsFeatureMean = 1e3;
constexpr double kMinFeatureStd = 1e-6;
constexpr double kMaxFeatureStd = 1e3;

/// Deeper JSON is no model file; the limit keeps the parser and every later walk of the
/// document (its destruction, a message quoting a value) from recursing without bound.
constexpr int kMaxJsonDepth = 16;

/// A value as text for a message: scalars as written, containers by their type only (quoting an
/// untrusted container could be arbitrarily long or deep).
std::string
Quote(const nlohmann::json& v)
{
    return v.is_primitive() ? v.dump() : std::string("a JSON ") + v.type_name();
}

/// The error of a failed field read.
struct FieldError : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

const nlohmann::json&
At(const nlohmann::json& j, const std::string& key, const std::string& where)
{
    if (!j.is_object() || !j.contains(key))
    {
        throw FieldError("missing field '" + where + key + "'");
    }
    return j.at(key);
}

/// An integer value in [lo, hi] named `name`, reported with the value as written when out of
/// range (a JSON integer past 2^63 is not wrapped).
int64_t
IntValue(const nlohmann::json& v, const std::string& name, int64_t lo, int64_t hi)
{
    if (!v.is_number_integer())
    {
        throw FieldError("'" + name + "' must be an integer (got " + Quote(v) + ")");
    }
    const bool tooLarge =
        v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max());
    if (tooLarge || v.get<int64_t>() < lo || v.get<int64_t>() > hi)
    {
        throw FieldError("'" + name + "' = " + Quote(v) + " is out of range [" +
                         std::to_string(lo) + ", " + std::to_string(hi) + "]");
    }
    return v.get<int64_t>();
}

int64_t
ReadInt(const nlohmann::json& j,
        const std::string& key,
        const std::string& where,
        int64_t lo,
        int64_t hi)
{
    return IntValue(At(j, key, where), where + key, lo, hi);
}

/// A finite number in [lo, hi] named `name`.
double
DoubleValue(const nlohmann::json& v, const std::string& name, double lo, double hi)
{
    if (!v.is_number())
    {
        throw FieldError("'" + name + "' must be a number (got " + Quote(v) + ")");
    }
    const double value = v.get<double>();
    if (!std::isfinite(value) || value < lo || value > hi)
    {
        std::ostringstream s;
        s << "'" << name << "' = " << Quote(v) << " is out of range [" << lo << ", " << hi << "]";
        throw FieldError(s.str());
    }
    return value;
}

double
ReadDouble(const nlohmann::json& j,
           const std::string& key,
           const std::string& where,
           double lo,
           double hi)
{
    return DoubleValue(At(j, key, where), where + key, lo, hi);
}

std::string
ReadString(const nlohmann::json& j, const std::string& key, const std::string& where)
{
    const nlohmann::json& v = At(j, key, where);
    if (!v.is_string())
    {
        throw FieldError("'" + where + key + "' must be a string");
    }
    return v.get<std::string>();
}

nlohmann::json
EnvelopeToJson(const CellFreeGatEnvelope& e)
{
    return {{"minAps", e.minAps},
            {"maxAps", e.maxAps},
            {"minAntennas", e.minAntennas},
            {"maxAntennas", e.maxAntennas},
            {"minUes", e.minUes},
            {"maxUes", e.maxUes},
            {"maxUesPerAp", e.maxUesPerAp},
            {"maxPilotGroup", e.maxPilotGroup},
            {"minDownlinkSnrDb", e.minDownlinkSnrDb},
            {"maxDownlinkSnrDb", e.maxDownlinkSnrDb},
            {"minPilotSnrDb", e.minPilotSnrDb},
            {"maxPilotSnrDb", e.maxPilotSnrDb}};
}

nlohmann::json
MetadataToJson(const CellFreeGatMetadata& m)
{
    nlohmann::json j;
    j["architecture"] = {{"width", m.architecture.width},
                         {"heads", m.architecture.heads},
                         {"layers", m.architecture.layers},
                         {"features", CellFreeGatGraph::kNumFeatures}};
    j["featureMean"] = m.featureMean;
    j["featureStd"] = m.featureStd;
    j["utility"] = m.utility;
    j["smoothing"] = m.smoothing;
    j["training"] = {{"preset", m.preset},
                     {"envelope", EnvelopeToJson(m.envelope)},
                     {"steps", m.steps},
                     {"seed", m.seed},
                     {"command", m.command}};
    return j;
}

CellFreeGatMetadata
MetadataFromJson(const nlohmann::json& j)
{
    constexpr int64_t kBig = 1'000'000'000;
    CellFreeGatMetadata m;
    const std::string a = "metadata.architecture.";
    const nlohmann::json& arch = At(j, "architecture", "metadata.");
    m.architecture.width = ReadInt(arch, "width", a, 1, kMaxWidth);
    m.architecture.heads = ReadInt(arch, "heads", a, 1, kMaxHeads);
    m.architecture.layers = ReadInt(arch, "layers", a, 0, kMaxLayers);
    const int64_t features = ReadInt(arch, "features", a, 1, 1024);
    if (features != CellFreeGatGraph::kNumFeatures)
    {
        throw FieldError("the model expects " + std::to_string(features) +
                         " features, this build computes " +
                         std::to_string(CellFreeGatGraph::kNumFeatures));
    }
    for (const char* key : {"featureMean", "featureStd"})
    {
        const nlohmann::json& v = At(j, key, "metadata.");
        if (!v.is_array() || v.size() != CellFreeGatGraph::kNumFeatures)
        {
            throw FieldError("'metadata." + std::string(key) + "' must be an array of " +
                             std::to_string(CellFreeGatGraph::kNumFeatures) + " numbers");
        }
        std::vector<double>& out =
            std::strcmp(key, "featureMean") == 0 ? m.featureMean : m.featureStd;
        const bool isStd = std::strcmp(key, "featureStd") == 0;
        for (std::size_t f = 0; f < v.size(); ++f)
        {
            out.push_back(
                DoubleValue(v[f],
                            "metadata." + std::string(key) + "[" + std::to_string(f) + "]",
                            isStd ? kMinFeatureStd : -kMaxAbsFeatureMean,
                            isStd ? kMaxFeatureStd : kMaxAbsFeatureMean));
        }
    }
    m.utility = ReadString(j, "utility", "metadata.");
    if (m.utility != "min" && m.utility != "sum" && m.utility != "pf")
    {
        throw FieldError("'metadata.utility' must be min, sum or pf (got '" + m.utility + "')");
    }
    m.smoothing = ReadDouble(j, "smoothing", "metadata.", 0.0, 1e6);
    const std::string t = "metadata.training.";
    const nlohmann::json& training = At(j, "training", "metadata.");
    m.preset = ReadString(training, "preset", t);
    m.steps = ReadInt(training, "steps", t, 0, std::numeric_limits<int64_t>::max());
    const nlohmann::json& seed = At(training, "seed", t);
    if (!seed.is_number_unsigned() && !(seed.is_number_integer() && seed.get<int64_t>() >= 0))
    {
        throw FieldError("'" + t + "seed' must be a non-negative integer");
    }
    m.seed = seed.get<uint64_t>();
    m.command = ReadString(training, "command", t);
    const std::string e = t + "envelope.";
    const nlohmann::json& env = At(training, "envelope", t);
    CellFreeGatEnvelope& v = m.envelope;
    v.minAps = ReadInt(env, "minAps", e, 0, kBig);
    v.maxAps = ReadInt(env, "maxAps", e, 0, kBig);
    v.minAntennas = ReadInt(env, "minAntennas", e, 0, kBig);
    v.maxAntennas = ReadInt(env, "maxAntennas", e, 0, kBig);
    v.minUes = ReadInt(env, "minUes", e, 0, kBig);
    v.maxUes = ReadInt(env, "maxUes", e, 0, kBig);
    v.maxUesPerAp = ReadDouble(env, "maxUesPerAp", e, 0.0, 1e9);
    v.maxPilotGroup = ReadInt(env, "maxPilotGroup", e, 0, kBig);
    v.minDownlinkSnrDb = ReadDouble(env, "minDownlinkSnrDb", e, -1e3, 1e3);
    v.maxDownlinkSnrDb = ReadDouble(env, "maxDownlinkSnrDb", e, -1e3, 1e3);
    v.minPilotSnrDb = ReadDouble(env, "minPilotSnrDb", e, -1e3, 1e3);
    v.maxPilotSnrDb = ReadDouble(env, "maxPilotSnrDb", e, -1e3, 1e3);
    return m;
}

/// Little-endian bytes of a value, so that the checksum is the same on every host.
template <typename T>
void
AppendBytes(std::string& out, T value)
{
    using U = std::conditional_t<sizeof(T) == 4, uint32_t, uint64_t>;
    U bits;
    std::memcpy(&bits, &value, sizeof(T));
    for (std::size_t b = 0; b < sizeof(T); ++b)
    {
        out.push_back(static_cast<char>((bits >> (8 * b)) & 0xFF));
    }
}

} // namespace

CellFreeGatEnvelope
CellFreeGatEnvelope::Of(const CellFreeScenario& scenario, const std::vector<double>* bestGain)
{
    CellFreeGatEnvelope e;
    if (scenario.NumUes() == 0 || scenario.NumAps() == 0)
    {
        return e; // empty: no UE, no quantities
    }
    e.minAps = e.maxAps = scenario.NumAps();
    e.minAntennas = e.maxAntennas = scenario.numAntennas;
    e.minUes = e.maxUes = scenario.NumUes();
    e.maxUesPerAp = double(scenario.NumUes()) / std::max(1, scenario.NumAps());
    std::map<int, int> groups;
    for (int p : scenario.pilot)
    {
        e.maxPilotGroup = std::max(e.maxPilotGroup, ++groups[p]);
    }
    if (scenario.NumUes() > 0 && scenario.NumAps() > 0)
    {
        std::vector<double> best(scenario.NumUes());
        if (bestGain != nullptr && bestGain->size() == best.size())
        {
            best = *bestGain;
        }
        else
        {
            for (int k = 0; k < scenario.NumUes(); ++k)
            {
                best[k] = scenario.beta.col(k).maxCoeff();
            }
        }
        std::nth_element(best.begin(), best.begin() + best.size() / 2, best.end());
        const double median = 10.0 * std::log10(best[best.size() / 2]);
        e.minDownlinkSnrDb = e.maxDownlinkSnrDb =
            median + 10.0 * std::log10(scenario.rhoD * scenario.numAntennas);
        e.minPilotSnrDb = e.maxPilotSnrDb =
            median + 10.0 * std::log10(scenario.numPilots * scenario.rhoP);
    }
    return e;
}

void
CellFreeGatEnvelope::Include(const CellFreeGatEnvelope& o)
{
    if (o.minAps > o.maxAps)
    {
        return; // nothing to include
    }
    const bool empty = minAps > maxAps;
    auto lo = [empty](auto& a, auto b) { a = empty ? b : std::min(a, b); };
    auto hi = [empty](auto& a, auto b) { a = empty ? b : std::max(a, b); };
    lo(minAps, o.minAps);
    hi(maxAps, o.maxAps);
    lo(minAntennas, o.minAntennas);
    hi(maxAntennas, o.maxAntennas);
    lo(minUes, o.minUes);
    hi(maxUes, o.maxUes);
    hi(maxUesPerAp, o.maxUesPerAp);
    hi(maxPilotGroup, o.maxPilotGroup);
    lo(minDownlinkSnrDb, o.minDownlinkSnrDb);
    hi(maxDownlinkSnrDb, o.maxDownlinkSnrDb);
    lo(minPilotSnrDb, o.minPilotSnrDb);
    hi(maxPilotSnrDb, o.maxPilotSnrDb);
}

std::string
CellFreeGatEnvelope::Violation(const CellFreeScenario& scenario,
                               const std::vector<double>* bestGain) const
{
    if (scenario.NumUes() == 0)
    {
        return "";
    }
    const CellFreeGatEnvelope s = Of(scenario, bestGain);
    std::ostringstream out;
    auto range = [&out](const char* name, auto value, auto lo, auto hi) {
        if (lo <= hi && (value < lo || value > hi))
        {
            out << name << " = " << value << " is outside the trained range [" << lo << ", " << hi
                << "]";
            return true;
        }
        return false;
    };
    auto cap = [&out](const char* name, auto value, auto limit) {
        if (limit > 0 && value > limit)
        {
            out << name << " = " << value << " exceeds the trained maximum " << limit;
            return true;
        }
        return false;
    };
    out << std::setprecision(4);
    range("M (APs)", s.minAps, minAps, maxAps) ||
        range("N (antennas per AP)", s.minAntennas, minAntennas, maxAntennas) ||
        range("K (UEs)", s.minUes, minUes, maxUes) ||
        cap("K / M (UEs per AP)", s.maxUesPerAp, maxUesPerAp) ||
        cap("the largest pilot group", s.maxPilotGroup, maxPilotGroup) ||
        range("the median downlink SNR (dB)",
              s.minDownlinkSnrDb,
              minDownlinkSnrDb,
              maxDownlinkSnrDb) ||
        range("the median pilot SNR (dB)", s.minPilotSnrDb, minPilotSnrDb, maxPilotSnrDb);
    return out.str();
}

std::string
CellFreeGatArchitecture::Check() const
{
    if (width < 1 || width > kMaxWidth)
    {
        return "width " + std::to_string(width) + " is out of range [1, " +
               std::to_string(kMaxWidth) + "]";
    }
    if (heads < 1 || heads > kMaxHeads)
    {
        return "heads " + std::to_string(heads) + " is out of range [1, " +
               std::to_string(kMaxHeads) + "]";
    }
    if (width % heads != 0)
    {
        return "the width " + std::to_string(width) + " is not a multiple of the heads " +
               std::to_string(heads);
    }
    if (layers < 0 || layers > kMaxLayers)
    {
        return "layers " + std::to_string(layers) + " is out of range [0, " +
               std::to_string(kMaxLayers) + "]";
    }
    return "";
}

std::vector<std::pair<std::string, std::vector<int64_t>>>
CellFreeGatModelFile::ExpectedShapes(const CellFreeGatArchitecture& a)
{
    const int64_t d = a.width;
    const int64_t h = a.heads;
    std::vector<std::pair<std::string, std::vector<int64_t>>> shapes{
        {"embed.weight", {d, CellFreeGatGraph::kNumFeatures}},
        {"embed.bias", {d}}};
    for (int l = 0; l < a.layers; ++l)
    {
        const std::string p = "layer" + std::to_string(l) + ".";
        shapes.push_back({p + "norm.weight", {d}});
        shapes.push_back({p + "norm.bias", {d}});
        shapes.push_back({p + "project.weight", {2 * h + 2 * d, d}});
        shapes.push_back({p + "project.bias", {2 * h + 2 * d}});
        shapes.push_back({p + "outAp.weight", {d, d}});
        shapes.push_back({p + "outAp.bias", {d}});
        shapes.push_back({p + "outUe.weight", {d, d}});
        shapes.push_back({p + "pilotBias", {h}});
    }
    shapes.push_back({"score.weight", {1, d}});
    shapes.push_back({"score.bias", {1}});
    shapes.push_back({"usage.weight", {1, d}});
    shapes.push_back({"usage.bias", {1}});
    return shapes;
}

std::string
CellFreeGatModelFile::Check() const
{
    if (const std::string why = metadata.architecture.Check(); !why.empty())
    {
        return "architecture: " + why;
    }
    const auto shapes = ExpectedShapes(metadata.architecture);
    for (const auto& [name, shape] : shapes)
    {
        const auto it = parameters.find(name);
        if (it == parameters.end())
        {
            return "parameter '" + name + "' is missing";
        }
        if (it->second.shape != shape)
        {
            std::ostringstream s;
            s << "parameter '" << name << "' has shape [";
            for (std::size_t i = 0; i < it->second.shape.size(); ++i)
            {
                s << (i ? ", " : "") << it->second.shape[i];
            }
            s << "], the architecture needs [";
            for (std::size_t i = 0; i < shape.size(); ++i)
            {
                s << (i ? ", " : "") << shape[i];
            }
            s << "]";
            return s.str();
        }
        int64_t count = 1;
        for (int64_t n : shape)
        {
            count *= n;
        }
        if (static_cast<int64_t>(it->second.values.size()) != count)
        {
            return "parameter '" + name + "' holds " + std::to_string(it->second.values.size()) +
                   " values, its shape needs " + std::to_string(count);
        }
        const bool isPilotBias = name.find("pilotBias") != std::string::npos;
        for (float v : it->second.values)
        {
            if (!std::isfinite(v) || std::abs(v) > kMaxAbsWeight ||
                (isPilotBias && (v > kMaxPilotBias || v < kMinPilotBias)))
            {
                return "parameter '" + name + "' holds a value that is not finite or out of range";
            }
        }
    }
    if (parameters.size() != shapes.size())
    {
        for (const auto& [name, tensor] : parameters)
        {
            bool known = false;
            for (const auto& expected : shapes)
            {
                known = known || expected.first == name;
            }
            if (!known)
            {
                return "parameter '" + name + "' is not part of the architecture";
            }
        }
    }
    if (metadata.featureMean.size() != CellFreeGatGraph::kNumFeatures ||
        metadata.featureStd.size() != CellFreeGatGraph::kNumFeatures)
    {
        return "feature normalisation of the wrong size";
    }
    for (int f = 0; f < CellFreeGatGraph::kNumFeatures; ++f)
    {
        const double mean = metadata.featureMean[f];
        const double std = metadata.featureStd[f];
        if (!std::isfinite(mean) || std::abs(mean) > kMaxAbsFeatureMean || !std::isfinite(std) ||
            std < kMinFeatureStd || std > kMaxFeatureStd)
        {
            return "feature normalisation " + std::to_string(f) + " is out of range";
        }
    }
    return "";
}

std::string
CellFreeGatModelFile::Checksum() const
{
    std::string bytes = MetadataToJson(metadata).dump();
    for (const auto& [name, tensor] : parameters)
    {
        bytes += name;
        bytes.push_back('\0');
        AppendBytes(bytes, static_cast<uint64_t>(tensor.shape.size()));
        for (int64_t n : tensor.shape)
        {
            AppendBytes(bytes, static_cast<uint64_t>(n));
        }
        for (float v : tensor.values)
        {
            AppendBytes(bytes, v);
        }
    }
    boost::crc_32_type crc;
    crc.process_bytes(bytes.data(), bytes.size());
    std::ostringstream s;
    s << "crc32:" << std::hex << std::setw(8) << std::setfill('0') << crc.checksum();
    return s.str();
}

std::string
CellFreeGatModelFile::ToText() const
{
    nlohmann::json j;
    j["format"] = kFormatName;
    j["formatVersion"] = kFormatVersion;
    j["metadata"] = MetadataToJson(metadata);
    nlohmann::json params = nlohmann::json::object();
    for (const auto& [name, tensor] : parameters)
    {
        // Floats widen to double exactly and the JSON writer prints the shortest text that
        // reads back to the same double, so the values round-trip bit for bit.
        std::vector<double> values(tensor.values.begin(), tensor.values.end());
        params[name] = {{"shape", tensor.shape}, {"values", values}};
    }
    j["parameters"] = params;
    j["checksum"] = Checksum();
    return j.dump(1) + "\n";
}

bool
CellFreeGatModelFile::Parse(const std::string& text, CellFreeGatModelFile& file, std::string& error)
{
    if (text.size() >= 2 && text[0] == 'P' && text[1] == 'K')
    {
        error = "is a LibTorch archive (model format version 1), which this build no longer "
                "reads; retrain it with cell-free-train-gat";
        return false;
    }
    nlohmann::json j;
    try
    {
        j = nlohmann::json::parse(text,
                                  [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
                                      if (depth > kMaxJsonDepth)
                                      {
                                          throw FieldError("nested deeper than " +
                                                           std::to_string(kMaxJsonDepth) +
                                                           " levels");
                                      }
                                      return true;
                                  });
    }
    catch (const std::exception& e)
    {
        std::string what = e.what();
        error = "is not a model file (malformed JSON: " + what.substr(0, what.find('\n')) + ")";
        return false;
    }
    try
    {
        if (!j.is_object() || !j.contains("format") || j.at("format") != kFormatName)
        {
            error = "is not a cell-free GAT model (no \"format\": \"" + std::string(kFormatName) +
                    "\")";
            return false;
        }
        const nlohmann::json& version = At(j, "formatVersion", "");
        if (!version.is_number_integer() || version.get<int64_t>() != kFormatVersion)
        {
            error = "format version " + Quote(version) +
                    " is not supported (this build reads version " +
                    std::to_string(kFormatVersion) + ")";
            return false;
        }
        CellFreeGatModelFile parsed;
        parsed.metadata = MetadataFromJson(At(j, "metadata", ""));
        parsed.metadata.formatVersion = kFormatVersion;
        const nlohmann::json& params = At(j, "parameters", "");
        if (!params.is_object())
        {
            throw FieldError("'parameters' must be an object");
        }
        // Shapes are checked against the architecture before any values are copied, so a
        // huge or negative shape never sizes an allocation.
        const auto expected = ExpectedShapes(parsed.metadata.architecture);
        for (const auto& [name, shape] : expected)
        {
            if (!params.contains(name))
            {
                throw FieldError("parameter '" + name + "' is missing");
            }
            const nlohmann::json& p = params.at(name);
            const nlohmann::json& s = At(p, "shape", "parameters." + name + ".");
            if (!s.is_array() || s.size() != shape.size())
            {
                throw FieldError("parameter '" + name + "' has a shape of the wrong rank");
            }
            CellFreeGatTensor tensor;
            for (std::size_t i = 0; i < shape.size(); ++i)
            {
                tensor.shape.push_back(
                    IntValue(s[i], name + ".shape[" + std::to_string(i) + "]", 0, 1 << 20));
            }
            if (tensor.shape != shape)
            {
                parsed.parameters[name] = tensor;
                throw FieldError(CellFreeGatModelFile(parsed).Check());
            }
            const nlohmann::json& values = At(p, "values", "parameters." + name + ".");
            int64_t count = 1;
            for (int64_t n : shape)
            {
                count *= n;
            }
            if (!values.is_array() || static_cast<int64_t>(values.size()) != count)
            {
                throw FieldError("parameter '" + name + "' holds " +
                                 std::to_string(values.is_array() ? values.size() : 0) +
                                 " values, its shape needs " + std::to_string(count));
            }
            tensor.values.reserve(count);
            for (const auto& v : values)
            {
                if (!v.is_number())
                {
                    throw FieldError("parameter '" + name + "' holds a value that is not a number");
                }
                const double x = v.get<double>();
                // Range first: converting a double beyond float's range is undefined.
                if (!std::isfinite(x) || std::abs(x) > kMaxAbsWeight)
                {
                    throw FieldError("parameter '" + name +
                                     "' holds a value that is not finite or out of range");
                }
                const auto f = static_cast<float>(x);
                if (static_cast<double>(f) != x)
                {
                    throw FieldError("parameter '" + name + "' holds a value that is not a float");
                }
                tensor.values.push_back(f);
            }
            parsed.parameters[name] = std::move(tensor);
        }
        for (const auto& item : params.items())
        {
            if (!parsed.parameters.count(item.key()))
            {
                throw FieldError("parameter '" + item.key() + "' is not part of the architecture");
            }
        }
        if (const std::string why = parsed.Check(); !why.empty())
        {
            throw FieldError(why);
        }
        const std::string checksum = ReadString(j, "checksum", "");
        if (checksum != parsed.Checksum())
        {
            error = "checksum mismatch (the file says " + checksum.substr(0, 40) +
                    ", its contents give " + parsed.Checksum() + "): the file is corrupt";
            return false;
        }
        file = std::move(parsed);
        return true;
    }
    catch (const std::exception& e)
    {
        std::string what = e.what();
        error = what.substr(0, what.find('\n'));
        return false;
    }
}

bool
CellFreeGatModelFile::Read(const std::string& path, CellFreeGatModelFile& file, std::string& error)
{
    NS_LOG_FUNCTION(path);
    const std::string prefix = "GAT model file '" + path + "': ";
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in.good())
    {
        error = prefix + "cannot be opened";
        return false;
    }
    const std::streamoff size = in.tellg();
    if (size < 0 || size > kMaxFileBytes)
    {
        error = prefix + "is not a model file (larger than " + std::to_string(kMaxFileBytes >> 20) +
                " MiB, or not a regular file)";
        return false;
    }
    std::string text(static_cast<std::size_t>(size), '\0');
    in.seekg(0);
    if (!in.read(text.data(), size))
    {
        error = prefix + "cannot be read";
        return false;
    }
    std::string why;
    if (!Parse(text, file, why))
    {
        error = prefix + why;
        return false;
    }
    return true;
}

bool
CellFreeGatModelFile::Write(const std::string& path, std::string& error) const
{
    NS_LOG_FUNCTION(this << path);
    if (const std::string why = Check(); !why.empty())
    {
        error = "cannot write GAT model file '" + path + "': " + why;
        return false;
    }
    // What is written must read back (Parse checks more than Check does, e.g. the metadata's
    // ranges); a temporary of this process's own, renamed on success.
    const std::string text = ToText();
    CellFreeGatModelFile readBack;
    std::string why;
    if (!Parse(text, readBack, why))
    {
        error = "cannot write GAT model file '" + path + "': " + why;
        return false;
    }
    const std::string temporary = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out)
        {
            std::remove(temporary.c_str());
            error = "cannot write GAT model file '" + path + "'";
            return false;
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
    {
        std::remove(temporary.c_str());
        error = "cannot write GAT model file '" + path + "' (rename failed)";
        return false;
    }
    return true;
}

} // namespace ns3
