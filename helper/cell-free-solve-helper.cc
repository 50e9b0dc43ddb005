/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-solve-helper.h"

#include "cell-free-scenario-json.h"

#include "ns3/cell-free-channel-estimation.h"
#include "ns3/cell-free-link-model.h"
#include "ns3/cell-free-spectral-efficiency.h"
#include "ns3/cell-free-utility.h"
#include "ns3/log.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeSolveHelper");

namespace
{

/// Relative slack on given power budgets (rounding in the file's decimal numbers).
constexpr double kFeasibilityTolerance = 1e-6;

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
    nlohmann::json result{{"algorithm", algorithm},
                          {"gamma", MatrixToJson(estimates.gamma)},
                          {"eta", MatrixToJson(allocation.eta)},
                          {"sinr", VectorToJson(sinr)},
                          {"se", VectorToJson(se)},
                          {"sumSe", SumSe(se)},
                          {"iterations", allocation.iterations},
                          {"converged", allocation.converged},
                          {"runtimeSeconds", allocation.runtimeSeconds}};
    if (scenario.IsUserCentric())
    {
        std::vector<int> clusterSize;
        for (const auto& set : scenario.serving)
        {
            clusterSize.push_back(static_cast<int>(set.size()));
        }
        result["clusterSize"] = clusterSize; // |M_k| per UE
    }
    if (se.size() > 0)
    {
        result["minSe"] = MinSe(se); // the minimum over no UE is undefined: absent for K = 0
    }
    return result;
}

/// CheckFiniteDocument's recursion; where is the path so far, e.g. "'se'[3]".
bool
CheckFinite(const nlohmann::json& value, const std::string& where, std::string& error)
{
    if (value.is_null())
    {
        error = "field " + where + " is null";
        return false;
    }
    if (value.is_number_float() && !std::isfinite(value.get<double>()))
    {
        error = "field " + where + " is not finite (" + std::to_string(value.get<double>()) + ")";
        return false;
    }
    if (value.is_array())
    {
        for (std::size_t i = 0; i < value.size(); ++i)
        {
            if (!CheckFinite(value[i], where + "[" + std::to_string(i) + "]", error))
            {
                return false;
            }
        }
    }
    else if (value.is_object())
    {
        for (const auto& [key, element] : value.items())
        {
            if (!CheckFinite(element, where.empty() ? "'" + key + "'" : where + "." + key, error))
            {
                return false;
            }
        }
    }
    return true;
}

} // namespace

bool
CheckFiniteDocument(const nlohmann::json& document, std::string& error)
{
    return CheckFinite(document, "", error);
}

bool
SolveScenarioFile(const std::string& scenarioPath,
                  const std::string& powersPath,
                  Ptr<CellFreePowerControlAlgorithm> algorithm,
                  nlohmann::json& document,
                  std::string& error)
{
    std::vector<CellFreeScenario> scenarios;
    bool scenarioArray = false;
    if (!ReadScenarioFile(scenarioPath, scenarios, error, &scenarioArray))
    {
        return false;
    }
    auto where = [scenarioArray](const char* what, std::size_t i) {
        return scenarioArray ? std::string(what) + " " + std::to_string(i) + ": " : std::string();
    };
    std::vector<Eigen::MatrixXd> powers;
    if (!powersPath.empty())
    {
        std::vector<nlohmann::json> objects;
        if (!ReadJsonObjects(powersPath, objects, error))
        {
            return false;
        }
        if (objects.size() != scenarios.size())
        {
            error = "'" + powersPath + "' holds " + std::to_string(objects.size()) +
                    " entries but '" + scenarioPath + "' holds " + std::to_string(scenarios.size());
            return false;
        }
        for (std::size_t i = 0; i < objects.size(); ++i)
        {
            Eigen::MatrixXd eta;
            if (!objects[i].is_object() || !objects[i].contains("eta"))
            {
                error = where("powers", i) + "missing field 'eta'";
                return false;
            }
            if (!MatrixFromJson(objects[i]["eta"], "eta", eta, error))
            {
                error = where("powers", i) + error;
                return false;
            }
            if (eta.rows() != scenarios[i].NumAps() || eta.cols() != scenarios[i].NumUes())
            {
                error = where("powers", i) + "field 'eta' is " + std::to_string(eta.rows()) + "x" +
                        std::to_string(eta.cols()) + " but the scenario is " +
                        std::to_string(scenarios[i].NumAps()) + "x" +
                        std::to_string(scenarios[i].NumUes());
                return false;
            }
            if (!eta.allFinite() || (eta.array() < 0.0).any())
            {
                error = where("powers", i) + "field 'eta' must hold finite non-negative numbers";
                return false;
            }
            if (CellFreeLinkModel::HasPowerOutsideClusters(scenarios[i], eta))
            {
                error = where("powers", i) +
                        "field 'eta' gives power outside the scenario's serving clusters";
                return false;
            }
            const CellFreeChannelEstimates estimates = EstimateChannels(scenarios[i]);
            const Eigen::VectorXd share = ApPowerShare(scenarios[i], estimates, eta);
            Eigen::Index worstAp = 0;
            // Written so that a NaN share (it cannot occur for a valid scenario) is refused too.
            if (share.size() > 0 && !(share.maxCoeff(&worstAp) <= 1.0 + kFeasibilityTolerance))
            {
                error = where("powers", i) + "field 'eta' row " + std::to_string(worstAp) +
                        " exceeds the AP's power budget (N sum_k eta gamma = " +
                        std::to_string(share(worstAp)) + " > 1)";
                return false;
            }
            powers.push_back(std::move(eta));
        }
    }
    else if (!algorithm)
    {
        error = "no power-control algorithm";
        return false;
    }

    nlohmann::json results = nlohmann::json::array();
    for (std::size_t i = 0; i < scenarios.size(); ++i)
    {
        const CellFreeChannelEstimates estimates = EstimateChannels(scenarios[i]);
        CellFreePowerControlResult allocation;
        std::string name = "given";
        if (!powers.empty())
        {
            allocation.eta = powers[i];
        }
        else
        {
            allocation = algorithm->Allocate(scenarios[i], estimates);
            name = algorithm->GetName();
            if (!allocation.error.empty())
            {
                error = where("scenario", i) + allocation.error;
                return false;
            }
        }
        if (!IsFeasiblePowerAllocation(scenarios[i],
                                       estimates,
                                       allocation.eta,
                                       kFeasibilityTolerance))
        {
            error = where("scenario", i) + name + ": the power allocation is not feasible";
            return false;
        }
        nlohmann::json result = MakeResult(scenarios[i], estimates, name, allocation);
        if (!CheckFiniteDocument(result, error))
        {
            error = where("scenario", i) + "result " + error;
            return false;
        }
        results.push_back(std::move(result));
    }
    document = scenarioArray ? results : results[0];
    return true;
}

bool
WriteFileAtomically(const std::string& path, const std::string& text, std::string& error)
{
    std::string temporary = path + ".tmp-XXXXXX";
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0)
    {
        error = "cannot write '" + path + "': " + std::strerror(errno);
        return false;
    }
    std::size_t written = 0;
    while (written < text.size())
    {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n <= 0)
        {
            error = "cannot write '" + path + "': " + std::strerror(n < 0 ? errno : EIO);
            ::close(fd);
            ::unlink(temporary.c_str());
            return false;
        }
        written += static_cast<std::size_t>(n);
    }
    // mkstemp creates the file with mode 0600; give it the mode an ordinary file would get.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    const bool modeSet = ::fchmod(fd, 0666 & ~mask) == 0;
    if (::close(fd) != 0 || !modeSet)
    {
        error = "cannot write '" + path + "': " + std::strerror(errno);
        ::unlink(temporary.c_str());
        return false;
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0)
    {
        error = "cannot write '" + path + "': " + std::strerror(errno);
        ::unlink(temporary.c_str());
        return false;
    }
    return true;
}

} // namespace ns3
