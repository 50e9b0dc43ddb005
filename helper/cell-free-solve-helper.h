/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_SOLVE_HELPER_H
#define CELL_FREE_SOLVE_HELPER_H

#include "ns3/cell-free-power-control-algorithm.h"
#include "ns3/ptr.h"

#include <nlohmann/json.hpp>
#include <string>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief The work of `cell-free-solve --scenario=FILE [--powers=FILE]` (doc/cell-free.rst,
 * "Command-line tools"), shared by the tool and its tests: read and validate the scenario file
 * (and the powers file), solve each scenario with the algorithm (or evaluate the given powers),
 * and build the result document.
 *
 * Every result is checked before it is returned: each number finite and each allocation within
 * every AP's budget. On any failure false is returned with a one-line message that names the
 * file or the field ("scenario 2: beta[0][3] ...", "powers 1: field 'eta' ...").
 *
 * \param scenarioPath the scenario file (one object or an array)
 * \param powersPath the powers file ({"eta": M x K}, or an array of them); empty: solve
 * \param algorithm the power-control algorithm (used when powersPath is empty)
 * \param[out] document the result (an object, or an array for an array of scenarios)
 * \param[out] error the message when false is returned
 * \return true on success
 */
bool SolveScenarioFile(const std::string& scenarioPath,
                       const std::string& powersPath,
                       Ptr<CellFreePowerControlAlgorithm> algorithm,
                       nlohmann::json& document,
                       std::string& error);

/**
 * \brief The last check before output: every number in the document is finite (JSON has no NaN
 * or infinity; nlohmann writes them as null) and no value is null.
 * \param document a result document
 * \param[out] error the message naming the first offending field when false is returned
 * \return true when every number is finite
 */
bool CheckFiniteDocument(const nlohmann::json& document, std::string& error);

/**
 * \brief Write text to a file through a temporary file in the same directory that is renamed
 * over the target on success, so that a failed write leaves neither a partial file nor the
 * temporary behind (an existing file is kept as it was).
 * \param path the file
 * \param text its content
 * \param[out] error the message naming the file when false is returned
 * \return true on success
 */
bool WriteFileAtomically(const std::string& path, const std::string& text, std::string& error);

} // namespace ns3

#endif // CELL_FREE_SOLVE_HELPER_H
