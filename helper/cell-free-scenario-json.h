/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_SCENARIO_JSON_H
#define CELL_FREE_SCENARIO_JSON_H

#include "ns3/cell-free-scenario.h"

#include <Eigen/Dense>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief Reading and writing the scenario files of `cell-free-solve` (README, "Scenario files").
 *
 * Scenario: {"N": int, "tauP": int, "tauC": int, "rhoD": number, "rhoP": number,
 * "beta": M rows of K numbers, "pilot": K ints, "downlinkShare": number (optional, default 1),
 * "serving": K arrays of the AP indices serving each UE, increasing (optional; absent: every AP
 * serves every UE)}.
 * Powers: {"eta": M rows of K numbers}. A file holds one object or an array of them.
 * Every reader returns false with a one-line message naming the offending field on bad input,
 * and never aborts.
 */

/**
 * \brief Parse one scenario object and validate it (CellFreeScenario::Validate).
 * \param value the JSON object
 * \param[out] scenario the scenario
 * \param[out] error the message when false is returned
 * \return true on success
 */
bool ScenarioFromJson(const nlohmann::json& value, CellFreeScenario& scenario, std::string& error);

/**
 * \param scenario a scenario
 * \return its JSON object
 */
nlohmann::json ScenarioToJson(const CellFreeScenario& scenario);

/**
 * \brief Parse a matrix given as an array of equal-length rows of finite numbers.
 * \param value the JSON value
 * \param field the field name used in messages (e.g. "eta")
 * \param[out] matrix the matrix
 * \param[out] error the message when false is returned
 * \return true on success
 */
bool MatrixFromJson(const nlohmann::json& value,
                    const std::string& field,
                    Eigen::MatrixXd& matrix,
                    std::string& error);

/**
 * \param matrix a matrix
 * \return an array of its rows
 */
nlohmann::json MatrixToJson(const Eigen::MatrixXd& matrix);

/**
 * \param vector a vector
 * \return an array of its entries
 */
nlohmann::json VectorToJson(const Eigen::VectorXd& vector);

/**
 * \brief Read a JSON file that holds one object or an array of objects.
 * \param path the file
 * \param[out] objects the objects, in order
 * \param[out] error the message when false is returned
 * \param[out] isArray if not null, whether the file holds an array
 * \return true on success
 */
bool ReadJsonObjects(const std::string& path,
                     std::vector<nlohmann::json>& objects,
                     std::string& error,
                     bool* isArray = nullptr);

/**
 * \brief Read every scenario of a scenario file.
 * \param path the file
 * \param[out] scenarios the scenarios, in order
 * \param[out] error the message (prefixed with "scenario i: " for arrays) when false is returned
 * \param[out] isArray if not null, whether the file holds an array
 * \return true on success
 */
bool ReadScenarioFile(const std::string& path,
                      std::vector<CellFreeScenario>& scenarios,
                      std::string& error,
                      bool* isArray = nullptr);

} // namespace ns3

#endif // CELL_FREE_SCENARIO_JSON_H
