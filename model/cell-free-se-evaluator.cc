/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-se-evaluator.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeSeEvaluator");

CellFreeSeEvaluator::CellFreeSeEvaluator(const CellFreeScenario& scenario,
                                         const CellFreeChannelEstimates& estimates)
    : m_numAps(scenario.NumAps()),
      m_numUes(scenario.NumUes()),
      m_coherentScale(scenario.rhoD * scenario.numAntennas * scenario.numAntennas),
      m_nonCoherentScale(scenario.rhoD * scenario.numAntennas),
      m_seScale(scenario.PreLogFactor() / std::log(2.0))
{
    for (const auto& group : estimates.pilotGroups)
    {
        if (!group.empty())
        {
            m_groups.emplace_back(static_cast<int>(m_order.size()), static_cast<int>(group.size()));
            m_order.insert(m_order.end(), group.begin(), group.end());
        }
    }
    NS_ASSERT(static_cast<int>(m_order.size()) == m_numUes);
    m_beta = ToGrouped(scenario.beta);
    m_ratio = ToGrouped(estimates.sqrtGammaOverBeta);
    m_gamma = ToGrouped(estimates.gamma);
    m_weighted.resize(m_numAps, m_numUes);
    m_apPower.resize(m_numAps);
    m_signal.resize(m_numUes);
    m_denominator.resize(m_numUes);
    m_se.resize(m_numUes);
    m_weight.resize(m_numUes);
    m_apWeight.resize(m_numAps);
    m_signalCoefficient.resize(m_numUes);
    m_interferenceCoefficient.resize(m_numUes);
    for (const auto& [first, size] : m_groups)
    {
        m_amplitude.emplace_back(size, size);
        m_groupCoefficient.emplace_back(size, size);
    }
}

int
CellFreeSeEvaluator::NumAps() const
{
    return m_numAps;
}

int
CellFreeSeEvaluator::NumUes() const
{
    return m_numUes;
}

Eigen::MatrixXd
CellFreeSeEvaluator::ToGrouped(const Eigen::MatrixXd& original) const
{
    Eigen::MatrixXd grouped(original.rows(), m_numUes);
    for (int j = 0; j < m_numUes; ++j)
    {
        grouped.col(j) = original.col(m_order[j]);
    }
    return grouped;
}

Eigen::MatrixXd
CellFreeSeEvaluator::FromGrouped(const Eigen::MatrixXd& grouped) const
{
    Eigen::MatrixXd original(grouped.rows(), m_numUes);
    for (int j = 0; j < m_numUes; ++j)
    {
        original.col(m_order[j]) = grouped.col(j);
    }
    return original;
}

Eigen::VectorXd
CellFreeSeEvaluator::FromGrouped(const Eigen::VectorXd& groupedVector) const
{
    Eigen::VectorXd original(m_numUes);
    for (int j = 0; j < m_numUes; ++j)
    {
        original(m_order[j]) = groupedVector(j);
    }
    return original;
}

const Eigen::MatrixXd&
CellFreeSeEvaluator::GetGamma() const
{
    return m_gamma;
}

const Eigen::MatrixXd&
CellFreeSeEvaluator::GetBeta() const
{
    return m_beta;
}

void
CellFreeSeEvaluator::Forward(const Eigen::MatrixXd& mu)
{
    NS_ASSERT(mu.rows() == m_numAps && mu.cols() == m_numUes);
    m_weighted.noalias() = mu.cwiseProduct(m_ratio);
    m_apPower.noalias() = mu.cwiseAbs2().rowwise().sum();
    m_denominator.noalias() = m_beta.transpose() * m_apPower;
    m_denominator = m_denominator * m_nonCoherentScale;
    m_denominator.array() += 1.0;
    for (std::size_t g = 0; g < m_groups.size(); ++g)
    {
        const auto [first, size] = m_groups[g];
        Eigen::MatrixXd& amplitude = m_amplitude[g];
        // Coefficient-wise products: pilot groups are small, where GEMM's set-up cost dominates.
        amplitude.noalias() = m_beta.middleCols(first, size)
                                  .transpose()
                                  .lazyProduct(m_weighted.middleCols(first, size));
        for (int i = 0; i < size; ++i)
        {
            double interference = 0.0;
            for (int j = 0; j < size; ++j)
            {
                interference += (j == i) ? 0.0 : amplitude(i, j) * amplitude(i, j);
            }
            m_signal(first + i) = m_coherentScale * amplitude(i, i) * amplitude(i, i);
            m_denominator(first + i) += m_coherentScale * interference;
        }
    }
    m_se = m_seScale * (m_signal.array() / m_denominator.array()).log1p();
}

const Eigen::VectorXd&
CellFreeSeEvaluator::ComputeSe(const Eigen::MatrixXd& mu)
{
    Forward(mu);
    return m_se;
}

double
CellFreeSeEvaluator::UtilityWeights(CellFreeUtility utility, double smoothing)
{
    switch (utility)
    {
    case CellFreeUtility::SUM_SE:
        m_weight.setOnes();
        return m_se.sum();
    case CellFreeUtility::PROPORTIONAL_FAIRNESS:
        m_weight = m_se.cwiseInverse();
        return m_se.array().log().sum();
    case CellFreeUtility::MIN_SE: {
        // Softmin weights of smin_t; the minimum is factored out against overflow.
        const double minimum = m_se.minCoeff();
        m_weight = (-smoothing * (m_se.array() - minimum)).exp();
        const double sum = m_weight.sum();
        m_weight /= sum;
        return minimum - std::log(sum) / smoothing;
    }
    }
    return 0.0;
}

double
CellFreeSeEvaluator::ComputeUtility(const Eigen::MatrixXd& mu,
                                    CellFreeUtility utility,
                                    double smoothing)
{
    if (m_numUes == 0)
    {
        return 0.0;
    }
    Forward(mu);
    return UtilityWeights(utility, smoothing);
}

double
CellFreeSeEvaluator::ComputeUtilityAndGradient(const Eigen::MatrixXd& mu,
                                               CellFreeUtility utility,
                                               double smoothing,
                                               Eigen::MatrixXd& gradient)
{
    gradient.resize(m_numAps, m_numUes);
    if (m_numUes == 0)
    {
        return 0.0;
    }
    Forward(mu);
    const double value = UtilityWeights(utility, smoothing);
    // SE_k = s ln(1 + num/den) = s [ln(num + den) - ln(den)], so
    // dSE_k = s [dnum / T_k - dden num_k / (den_k T_k)], T_k = num_k + den_k.
    // Weighted by w_k = dU/dSE_k: a_k = w_k s / T_k on dnum, b_k = w_k s num_k/(den_k T_k) on dden.
    m_signalCoefficient = m_weight.array() * m_seScale / (m_signal.array() + m_denominator.array());
    m_interferenceCoefficient =
        m_signalCoefficient.array() * m_signal.array() / m_denominator.array();

    // Non-coherent part: dden_k/dmu_mj = 2 d beta_mk mu_mj, summed over k with b_k.
    m_apWeight.noalias() = m_beta * m_interferenceCoefficient;
    gradient.noalias() = (-2.0 * m_nonCoherentScale) * (m_apWeight.asDiagonal() * mu);

    // Desired and coherent parts, per pilot group. With W(k, j) = b_k A(k, j) for k != j and
    // W(j, j) = -a_j A(j, j): dU/dmu_mj += -2 c r_mj [beta_G W]_mj.
    for (std::size_t g = 0; g < m_groups.size(); ++g)
    {
        const auto [first, size] = m_groups[g];
        const Eigen::MatrixXd& amplitude = m_amplitude[g];
        Eigen::MatrixXd& coefficient = m_groupCoefficient[g];
        for (int j = 0; j < size; ++j)
        {
            for (int i = 0; i < size; ++i)
            {
                coefficient(i, j) = (i == j)
                                        ? -m_signalCoefficient(first + j) * amplitude(j, j)
                                        : m_interferenceCoefficient(first + i) * amplitude(i, j);
            }
        }
        gradient.middleCols(first, size).noalias() -=
            (2.0 * m_coherentScale) * m_beta.middleCols(first, size)
                                          .lazyProduct(coefficient)
                                          .cwiseProduct(m_ratio.middleCols(first, size));
    }
    return value;
}

} // namespace ns3
