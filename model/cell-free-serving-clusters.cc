/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-serving-clusters.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <algorithm>
#include <numeric>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeServingClusters");

CellFreeServingSets
FormAllServingClusters(int numAps, int numUes)
{
    std::vector<int> all(std::max(0, numAps));
    std::iota(all.begin(), all.end(), 0);
    return CellFreeServingSets(std::max(0, numUes), all);
}

CellFreeServingSets
FormStrongestServingClusters(const Eigen::MatrixXd& beta, int clusterSize)
{
    const int numAps = static_cast<int>(beta.rows());
    const int size = std::clamp(clusterSize, 1, std::max(1, numAps));
    CellFreeServingSets serving(beta.cols());
    std::vector<int> order(numAps);
    for (Eigen::Index k = 0; k < beta.cols(); ++k)
    {
        std::iota(order.begin(), order.end(), 0);
        // Stable on ties: the lower AP index comes first.
        std::partial_sort(order.begin(),
                          order.begin() + std::min(size, numAps),
                          order.end(),
                          [&beta, k](int a, int b) {
                              return beta(a, k) > beta(b, k) || (beta(a, k) == beta(b, k) && a < b);
                          });
        serving[k].assign(order.begin(), order.begin() + std::min(size, numAps));
        std::sort(serving[k].begin(), serving[k].end());
    }
    return serving;
}

std::vector<int>
MasterAps(const Eigen::MatrixXd& beta)
{
    std::vector<int> master(beta.cols(), 0);
    for (Eigen::Index k = 0; k < beta.cols(); ++k)
    {
        Eigen::Index best = 0;
        beta.col(k).maxCoeff(&best); // the first maximum: ties to the lower index
        master[k] = static_cast<int>(best);
    }
    return master;
}

std::vector<int>
AssignPilotsDcc(const Eigen::MatrixXd& beta, int numPilots, std::vector<int> pilot)
{
    NS_ASSERT_MSG(numPilots >= 1, "at least one pilot is needed");
    const int numUes = static_cast<int>(beta.cols());
    if (pilot.empty())
    {
        pilot.assign(numUes, -1);
    }
    NS_ASSERT_MSG(static_cast<int>(pilot.size()) == numUes, "one pilot (or -1) per UE");
    const std::vector<int> master = MasterAps(beta);
    for (int k = 0; k < numUes; ++k)
    {
        if (pilot[k] >= 0)
        {
            continue;
        }
        // The pilot whose current users are weakest at k's master AP; an unused pilot sums to 0,
        // so the first tau_p UEs get pilots 0, 1, ... as in Algorithm 4.1.
        std::vector<double> interference(numPilots, 0.0);
        for (int other = 0; other < numUes; ++other)
        {
            if (pilot[other] >= 0)
            {
                interference[pilot[other]] += beta(master[k], other);
            }
        }
        pilot[k] = static_cast<int>(std::min_element(interference.begin(), interference.end()) -
                                    interference.begin());
    }
    return pilot;
}

CellFreeServingSets
FormDccServingClusters(const Eigen::MatrixXd& beta, const std::vector<int>& pilot)
{
    const int numAps = static_cast<int>(beta.rows());
    const int numUes = static_cast<int>(beta.cols());
    NS_ASSERT_MSG(static_cast<int>(pilot.size()) == numUes, "one pilot per UE");
    NS_ASSERT_MSG(numAps >= 1 || numUes == 0, "at least one AP");
    NS_ASSERT_MSG(std::all_of(pilot.begin(), pilot.end(), [](int p) { return p >= 0; }),
                  "every UE needs a pilot");
    Eigen::MatrixXd mask = Eigen::MatrixXd::Zero(numAps, numUes);
    const int numPilots = numUes > 0 ? *std::max_element(pilot.begin(), pilot.end()) + 1 : 0;
    for (int m = 0; m < numAps; ++m)
    {
        std::vector<int> strongest(numPilots, -1);
        for (int k = 0; k < numUes; ++k)
        {
            int& best = strongest[pilot[k]];
            if (best < 0 || beta(m, k) > beta(m, best))
            {
                best = k;
            }
        }
        for (int k : strongest)
        {
            if (k >= 0)
            {
                mask(m, k) = 1.0;
            }
        }
    }
    const std::vector<int> master = MasterAps(beta);
    CellFreeServingSets serving(numUes);
    for (int k = 0; k < numUes; ++k)
    {
        mask(master[k], k) = 1.0;
        for (int m = 0; m < numAps; ++m)
        {
            if (mask(m, k) > 0.0)
            {
                serving[k].push_back(m);
            }
        }
    }
    return serving;
}

Eigen::MatrixXd
ServingMask(const CellFreeServingSets& serving, int numAps, int numUes)
{
    if (serving.empty())
    {
        return Eigen::MatrixXd::Ones(numAps, numUes);
    }
    NS_ASSERT_MSG(static_cast<int>(serving.size()) == numUes, "one serving set per UE");
    Eigen::MatrixXd mask = Eigen::MatrixXd::Zero(numAps, numUes);
    for (int k = 0; k < numUes; ++k)
    {
        for (int m : serving[k])
        {
            mask(m, k) = 1.0;
        }
    }
    return mask;
}

std::string
ValidateServingSets(const CellFreeServingSets& serving, int numAps, int numUes)
{
    if (serving.empty())
    {
        return "";
    }
    if (static_cast<int>(serving.size()) != numUes)
    {
        return "serving has " + std::to_string(serving.size()) + " sets, one per UE needs " +
               std::to_string(numUes);
    }
    for (int k = 0; k < numUes; ++k)
    {
        if (serving[k].empty())
        {
            return "serving[" + std::to_string(k) + "] is empty: every UE needs a serving AP";
        }
        for (std::size_t i = 0; i < serving[k].size(); ++i)
        {
            const int m = serving[k][i];
            if (m < 0 || m >= numAps)
            {
                return "serving[" + std::to_string(k) + "][" + std::to_string(i) +
                       "] = " + std::to_string(m) + " is not an AP index in [0, " +
                       std::to_string(numAps) + ")";
            }
            if (i > 0 && m <= serving[k][i - 1])
            {
                return "serving[" + std::to_string(k) +
                       "] must list distinct APs in increasing "
                       "order (" +
                       std::to_string(m) + " after " + std::to_string(serving[k][i - 1]) + ")";
            }
        }
    }
    return "";
}

} // namespace ns3
