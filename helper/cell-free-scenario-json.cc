/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-scenario-json.h"

#include "ns3/log.h"

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeScenarioJson");

namespace
{

/**
 * \brief Convert a JSON integer to int, refusing values out of range with the value as written
 * (an unsigned 2^64 - 1 must not wrap to -1).
 * \param value the JSON value
 * \param field the field name for the message, e.g. "'N'" or "'pilot'[3]"
 * \param[out] out the value
 * \param[out] error the message when false is returned
 * \return true on success
 */
bool
ToInt(const nlohmann::json& value, const std::string& field, int& out, std::string& error)
{
    if (!value.is_number_integer())
    {
        error = "field " + field + " must be an integer";
        if (value.is_number_float())
        {
            error += " (got " + value.dump() + ")";
        }
        return false;
    }
    const bool inRange =
        value.is_number_unsigned()
            ? value.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int>::max())
            : value.get<int64_t>() >= std::numeric_limits<int>::min() &&
                  value.get<int64_t>() <= std::numeric_limits<int>::max();
    if (!inRange)
    {
        error = "field " + field + " = " + value.dump() + " is out of range (an integer in [" +
                std::to_string(std::numeric_limits<int>::min()) + ", " +
                std::to_string(std::numeric_limits<int>::max()) + "])";
        return false;
    }
    out = value.get<int>();
    return true;
}

/// Read a required integer field.
bool
GetInt(const nlohmann::json& object, const char* field, int& out, std::string& error)
{
    const auto it = object.find(field);
    if (it == object.end())
    {
        error = std::string("missing field '") + field + "'";
        return false;
    }
    return ToInt(*it, std::string("'") + field + "'", out, error);
}

/// Read a required (or, with a fallback, optional) number field.
bool
GetNumber(const nlohmann::json& object,
          const char* field,
          double& out,
          std::string& error,
          const double* fallback = nullptr)
{
    const auto it = object.find(field);
    if (it == object.end())
    {
        if (fallback)
        {
            out = *fallback;
            return true;
        }
        error = std::string("missing field '") + field + "'";
        return false;
    }
    if (!it->is_number())
    {
        error = std::string("field '") + field + "' must be a number";
        return false;
    }
    out = it->get<double>();
    return true;
}

} // namespace

bool
MatrixFromJson(const nlohmann::json& value,
               const std::string& field,
               Eigen::MatrixXd& matrix,
               std::string& error)
{
    if (!value.is_array() || value.empty())
    {
        error = "field '" + field + "' must be a non-empty array of rows";
        return false;
    }
    const std::size_t rows = value.size();
    if (!value[0].is_array())
    {
        error = "field '" + field + "' row 0 must be an array";
        return false;
    }
    const std::size_t cols = value[0].size();
    matrix.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
    for (std::size_t r = 0; r < rows; ++r)
    {
        const auto& row = value[r];
        if (!row.is_array() || row.size() != cols)
        {
            std::ostringstream message;
            message << "field '" << field << "' row " << r << " must be an array of " << cols
                    << " numbers like row 0";
            error = message.str();
            return false;
        }
        for (std::size_t c = 0; c < cols; ++c)
        {
            if (!row[c].is_number())
            {
                std::ostringstream message;
                message << "field '" << field << "'[" << r << "][" << c << "] must be a number";
                error = message.str();
                return false;
            }
            matrix(r, c) = row[c].get<double>();
        }
    }
    return true;
}

bool
ScenarioFromJson(const nlohmann::json& value, CellFreeScenario& scenario, std::string& error)
{
    if (!value.is_object())
    {
        error = "a scenario must be a JSON object";
        return false;
    }
    const double defaultShare = 1.0;
    if (!GetInt(value, "N", scenario.numAntennas, error) ||
        !GetInt(value, "tauP", scenario.numPilots, error) ||
        !GetInt(value, "tauC", scenario.coherenceSamples, error) ||
        !GetNumber(value, "rhoD", scenario.rhoD, error) ||
        !GetNumber(value, "rhoP", scenario.rhoP, error) ||
        !GetNumber(value, "downlinkShare", scenario.downlinkShare, error, &defaultShare))
    {
        return false;
    }
    const auto beta = value.find("beta");
    if (beta == value.end())
    {
        error = "missing field 'beta'";
        return false;
    }
    if (!MatrixFromJson(*beta, "beta", scenario.beta, error))
    {
        return false;
    }
    const auto pilot = value.find("pilot");
    if (pilot == value.end() || !pilot->is_array())
    {
        error = "field 'pilot' must be an array of integers";
        return false;
    }
    scenario.pilot.clear();
    for (std::size_t k = 0; k < pilot->size(); ++k)
    {
        int index = 0;
        if (!ToInt((*pilot)[k], "'pilot'[" + std::to_string(k) + "]", index, error))
        {
            return false;
        }
        scenario.pilot.push_back(index);
    }
    // Optional serving clusters: K arrays of the AP indices serving each UE (absent: every AP
    // serves every UE; doc/cell-free.rst "User-centric serving clusters").
    scenario.serving.clear();
    if (const auto serving = value.find("serving"); serving != value.end())
    {
        if (!serving->is_array())
        {
            error = "field 'serving' must be an array of K arrays of AP indices";
            return false;
        }
        for (std::size_t k = 0; k < serving->size(); ++k)
        {
            const nlohmann::json& set = (*serving)[k];
            if (!set.is_array())
            {
                error = "field 'serving'[" + std::to_string(k) + "] must be an array of AP indices";
                return false;
            }
            std::vector<int> aps;
            for (std::size_t i = 0; i < set.size(); ++i)
            {
                int m = 0;
                if (!ToInt(set[i],
                           "'serving'[" + std::to_string(k) + "][" + std::to_string(i) + "]",
                           m,
                           error))
                {
                    return false;
                }
                aps.push_back(m);
            }
            scenario.serving.push_back(std::move(aps));
        }
        if (scenario.serving.empty() && !scenario.pilot.empty())
        {
            error = "field 'serving' is empty: give K sets, or leave it out for all-serve-all";
            return false;
        }
    }
    error = scenario.Validate();
    return error.empty();
}

nlohmann::json
MatrixToJson(const Eigen::MatrixXd& matrix)
{
    nlohmann::json rows = nlohmann::json::array();
    for (Eigen::Index r = 0; r < matrix.rows(); ++r)
    {
        nlohmann::json row = nlohmann::json::array();
        for (Eigen::Index c = 0; c < matrix.cols(); ++c)
        {
            row.push_back(matrix(r, c));
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

nlohmann::json
VectorToJson(const Eigen::VectorXd& vector)
{
    return nlohmann::json(std::vector<double>(vector.data(), vector.data() + vector.size()));
}

nlohmann::json
ScenarioToJson(const CellFreeScenario& scenario)
{
    nlohmann::json object{{"N", scenario.numAntennas},
                          {"tauP", scenario.numPilots},
                          {"tauC", scenario.coherenceSamples},
                          {"rhoD", scenario.rhoD},
                          {"rhoP", scenario.rhoP},
                          {"downlinkShare", scenario.downlinkShare},
                          {"beta", MatrixToJson(scenario.beta)},
                          {"pilot", scenario.pilot}};
    if (scenario.IsUserCentric())
    {
        object["serving"] = scenario.serving;
    }
    return object;
}

bool
ReadJsonObjects(const std::string& path,
                std::vector<nlohmann::json>& objects,
                std::string& error,
                bool* isArray)
{
    std::ifstream file(path);
    if (!file)
    {
        error = "cannot open '" + path + "'";
        return false;
    }
    nlohmann::json document;
    try
    {
        document = nlohmann::json::parse(file);
    }
    catch (const nlohmann::json::exception& e)
    {
        // e.g. "[json.exception.parse_error.101] parse error at line 1, column 9: ..."; the
        // parser shows control characters as <U+000A>, the replacement is a safeguard.
        std::string detail = e.what();
        std::replace(detail.begin(), detail.end(), '\n', ' ');
        error = "'" + path + "' is not valid JSON: " + detail;
        return false;
    }
    objects.clear();
    if (isArray)
    {
        *isArray = document.is_array();
    }
    if (document.is_array())
    {
        if (document.empty())
        {
            error = "'" + path + "' holds an empty array";
            return false;
        }
        for (auto& element : document)
        {
            objects.push_back(std::move(element));
        }
    }
    else
    {
        objects.push_back(std::move(document));
    }
    return true;
}

bool
ReadScenarioFile(const std::string& path,
                 std::vector<CellFreeScenario>& scenarios,
                 std::string& error,
                 bool* isArray)
{
    std::vector<nlohmann::json> objects;
    bool array = false;
    if (!ReadJsonObjects(path, objects, error, &array))
    {
        return false;
    }
    if (isArray)
    {
        *isArray = array;
    }
    scenarios.assign(objects.size(), CellFreeScenario{});
    for (std::size_t i = 0; i < objects.size(); ++i)
    {
        if (!objects[i].is_object())
        {
            error = "'" + path + "'" + (array ? " element " + std::to_string(i) : std::string()) +
                    " is not a scenario (a JSON object)";
            return false;
        }
        if (!ScenarioFromJson(objects[i], scenarios[i], error))
        {
            if (array)
            {
                error = "scenario " + std::to_string(i) + ": " + error;
            }
            return false;
        }
    }
    return true;
}

} // namespace ns3
