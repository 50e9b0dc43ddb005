/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_UTILITY_H
#define CELL_FREE_UTILITY_H

#include <Eigen/Dense>
#include <string>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief The network utilities of doc/cell-free.rst "Power control".
 */
enum class CellFreeUtility
{
    MIN_SE,               //!< min_k SE_k (max-min fairness)
    SUM_SE,               //!< sum_k SE_k
    PROPORTIONAL_FAIRNESS //!< sum_k log(SE_k)
};

/**
 * \brief Parse "min", "sum" or "pf".
 * \param name the short name
 * \param[out] utility the parsed value
 * \return false when the name is unknown
 */
bool ParseCellFreeUtility(const std::string& name, CellFreeUtility& utility);

/**
 * \param utility a utility
 * \return its short name: "min", "sum" or "pf"
 */
std::string CellFreeUtilityName(CellFreeUtility utility);

/**
 * \param se K spectral efficiencies
 * \return min_k SE_k; +infinity when K = 0 (the minimum over no UE)
 */
double MinSe(const Eigen::VectorXd& se);

/**
 * \param se K spectral efficiencies
 * \return sum_k SE_k
 */
double SumSe(const Eigen::VectorXd& se);

/**
 * \param se K spectral efficiencies
 * \return sum_k log(SE_k); -infinity when some SE_k is 0
 */
double ProportionalFairness(const Eigen::VectorXd& se);

/**
 * \brief The smoothed minimum of doc/cell-free.rst, smin_t(SE) = -(1/t) log(sum_k exp(-t SE_k)),
 * evaluated with the minimum factored out so that no exponential overflows. It is a lower bound
 * of the minimum, tight within log(K)/t.
 * \param se K spectral efficiencies (K >= 1)
 * \param smoothing t > 0
 * \return smin_t(se)
 */
double SmoothedMin(const Eigen::VectorXd& se, double smoothing);

/**
 * \param utility which utility
 * \param se K spectral efficiencies
 * \return the (unsmoothed) utility of se
 */
double EvaluateUtility(CellFreeUtility utility, const Eigen::VectorXd& se);

} // namespace ns3

#endif // CELL_FREE_UTILITY_H
