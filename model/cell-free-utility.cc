/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-utility.h"

#include "ns3/abort.h"
#include "ns3/assert.h"
#include "ns3/log.h"

#include <cmath>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeUtility");

bool
ParseCellFreeUtility(const std::string& name, CellFreeUtility& utility)
{
    if (name == "min")
    {
        utility = CellFreeUtility::MIN_SE;
    }
    else if (name == "sum")
    {
        utility = CellFreeUtility::SUM_SE;
    }
    else if (name == "pf")
    {
        utility = CellFreeUtility::PROPORTIONAL_FAIRNESS;
    }
    else
    {
        return false;
    }
    return true;
}

std::string
CellFreeUtilityName(CellFreeUtility utility)
{
    switch (utility)
    {
    case CellFreeUtility::MIN_SE:
        return "min";
    case CellFreeUtility::SUM_SE:
        return "sum";
    case CellFreeUtility::PROPORTIONAL_FAIRNESS:
        return "pf";
    }
    return "unknown";
}

double
MinSe(const Eigen::VectorXd& se)
{
    return se.size() == 0 ? std::numeric_limits<double>::infinity() : se.minCoeff();
}

double
SumSe(const Eigen::VectorXd& se)
{
    return se.sum();
}

double
ProportionalFairness(const Eigen::VectorXd& se)
{
    return se.array().log().sum();
}

double
SmoothedMin(const Eigen::VectorXd& se, double smoothing)
{
    NS_ASSERT_MSG(se.size() > 0, "the smoothed minimum of an empty vector is undefined");
    NS_ASSERT_MSG(smoothing > 0.0, "the smoothing parameter must be positive");
    const double minimum = se.minCoeff();
    const double sum = (-smoothing * (se.array() - minimum)).exp().sum(); // in [1, K]
    return minimum - std::log(sum) / smoothing;
}

double
EvaluateUtility(CellFreeUtility utility, const Eigen::VectorXd& se)
{
    switch (utility)
    {
    case CellFreeUtility::MIN_SE:
        return MinSe(se);
    case CellFreeUtility::SUM_SE:
        return SumSe(se);
    case CellFreeUtility::PROPORTIONAL_FAIRNESS:
        return ProportionalFairness(se);
    }
    NS_ABORT_MSG("unknown utility");
    return 0.0;
}

} // namespace ns3
