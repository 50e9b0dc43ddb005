/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-shadowing-model.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeShadowingModel");

NS_OBJECT_ENSURE_REGISTERED(CellFreeShadowingModel);

TypeId
CellFreeShadowingModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CellFreeShadowingModel")
            .SetParent<Object>()
            .SetGroupName("CellFree")
            .AddConstructor<CellFreeShadowingModel>()
            .AddAttribute("Sigma",
                          "The standard deviation of the shadowing (dB); 0 disables it.",
                          DoubleValue(8.0),
                          MakeDoubleAccessor(&CellFreeShadowingModel::m_sigmaDb),
                          MakeDoubleChecker<double>(0.0, 30.0))
            .AddAttribute("Correlated",
                          "Draw the correlated two-component shadowing of [Ngo17] sec. VI "
                          "instead of i.i.d. values.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&CellFreeShadowingModel::m_correlated),
                          MakeBooleanChecker())
            .AddAttribute("Delta",
                          "The share delta of the AP component in the correlated model.",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&CellFreeShadowingModel::m_delta),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("DecorrelationDistance",
                          "The distance d_decorr (m) at which the correlation falls to 1/2.",
                          DoubleValue(100.0),
                          MakeDoubleAccessor(&CellFreeShadowingModel::m_decorrelationDistance),
                          MakeDoubleChecker<double>(1e-3));
    return tid;
}

CellFreeShadowingModel::CellFreeShadowingModel()
    : m_normal(CreateObject<NormalRandomVariable>())
{
    NS_LOG_FUNCTION(this);
    m_normal->SetAttribute("Mean", DoubleValue(0.0));
    m_normal->SetAttribute("Variance", DoubleValue(1.0));
}

double
CellFreeShadowingModel::GetSigmaDb() const
{
    return m_sigmaDb;
}

int64_t
CellFreeShadowingModel::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_normal->SetStream(stream);
    return 1;
}

Eigen::VectorXd
CellFreeShadowingModel::DrawCorrelated(const std::vector<Vector>& positions,
                                       const DistanceFunction& distance)
{
    const auto size = static_cast<Eigen::Index>(positions.size());
    Eigen::MatrixXd covariance(size, size);
    for (Eigen::Index i = 0; i < size; ++i)
    {
        for (Eigen::Index j = 0; j <= i; ++j)
        {
            const double d = distance(positions[i], positions[j]);
            covariance(i, j) = covariance(j, i) = std::exp2(-d / m_decorrelationDistance);
        }
    }
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(covariance);
    const Eigen::VectorXd root = solver.eigenvalues().cwiseMax(0.0).cwiseSqrt();
    Eigen::VectorXd white(size);
    for (Eigen::Index i = 0; i < size; ++i)
    {
        white(i) = m_normal->GetValue();
    }
    return solver.eigenvectors() * root.asDiagonal() * solver.eigenvectors().transpose() * white;
}

Eigen::MatrixXd
CellFreeShadowingModel::Draw(const std::vector<Vector>& apPositions,
                             const std::vector<Vector>& uePositions,
                             const DistanceFunction& distance)
{
    NS_LOG_FUNCTION(this << apPositions.size() << uePositions.size());
    const auto numAps = static_cast<Eigen::Index>(apPositions.size());
    const auto numUes = static_cast<Eigen::Index>(uePositions.size());
    Eigen::MatrixXd shadowing(numAps, numUes);
    if (!m_correlated)
    {
        for (Eigen::Index m = 0; m < numAps; ++m)
        {
            for (Eigen::Index k = 0; k < numUes; ++k)
            {
                shadowing(m, k) = m_sigmaDb * m_normal->GetValue();
            }
        }
        return shadowing;
    }
    const Eigen::VectorXd apPart = std::sqrt(m_delta) * DrawCorrelated(apPositions, distance);
    const Eigen::VectorXd uePart = std::sqrt(1.0 - m_delta) * DrawCorrelated(uePositions, distance);
    shadowing = m_sigmaDb * (apPart.replicate(1, numUes) + uePart.transpose().replicate(numAps, 1));
    return shadowing;
}

} // namespace ns3
