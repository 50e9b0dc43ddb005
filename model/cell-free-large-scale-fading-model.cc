/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-large-scale-fading-model.h"

#include "three-slope-propagation-loss-model.h"

#include "ns3/abort.h"
#include "ns3/constant-position-mobility-model.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/pointer.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeLargeScaleFadingModel");

NS_OBJECT_ENSURE_REGISTERED(CellFreeLargeScaleFadingModel);

std::vector<Vector>
CellFreeLargeScaleFadingModel::GetPositions(const NodeContainer& nodes, const std::string& role)
{
    std::vector<Vector> positions;
    positions.reserve(nodes.GetN());
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        const Ptr<MobilityModel> mobility = nodes.Get(i)->GetObject<MobilityModel>();
        NS_ABORT_MSG_IF(!mobility,
                        role << " node " << nodes.Get(i)->GetId()
                             << " has no MobilityModel; install one before computing fading");
        positions.push_back(mobility->GetPosition());
    }
    return positions;
}

TypeId
CellFreeLargeScaleFadingModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::CellFreeLargeScaleFadingModel")
            .SetParent<Object>()
            .SetGroupName("CellFree")
            .AddConstructor<CellFreeLargeScaleFadingModel>()
            .AddAttribute("PropagationLossModel",
                          "The path loss between an AP and a UE position (any ns-3 model); "
                          "unset: a ThreeSlopePropagationLossModel with default attributes.",
                          PointerValue(),
                          MakePointerAccessor(&CellFreeLargeScaleFadingModel::m_lossModel),
                          MakePointerChecker<PropagationLossModel>())
            .AddAttribute("ShadowingModel",
                          "The shadowing added to the path loss; unset: a CellFreeShadowingModel "
                          "with default attributes.",
                          PointerValue(),
                          MakePointerAccessor(&CellFreeLargeScaleFadingModel::m_shadowing),
                          MakePointerChecker<CellFreeShadowingModel>())
            .AddAttribute("WrapAroundSide",
                          "Side (m) of the square area [0, side]^2 for wrap-around distances; "
                          "0 disables wrap-around.",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&CellFreeLargeScaleFadingModel::m_wrapAroundSide),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute(
                "ShadowingMinDistance",
                "Links at or below this horizontal distance (m) get no shadowing "
                "([Ngo17]: d1 = 50 m).",
                DoubleValue(50.0),
                MakeDoubleAccessor(&CellFreeLargeScaleFadingModel::m_shadowingMinDistance),
                MakeDoubleChecker<double>(0.0));
    return tid;
}

CellFreeLargeScaleFadingModel::CellFreeLargeScaleFadingModel()
    : m_apProbe(CreateObject<ConstantPositionMobilityModel>()),
      m_ueProbe(CreateObject<ConstantPositionMobilityModel>())
{
    NS_LOG_FUNCTION(this);
}

void
CellFreeLargeScaleFadingModel::DoDispose()
{
    m_lossModel = nullptr;
    m_shadowing = nullptr;
    m_apProbe = nullptr;
    m_ueProbe = nullptr;
    Object::DoDispose();
}

Vector
CellFreeLargeScaleFadingModel::GetNearestImage(const Vector& a, const Vector& b) const
{
    if (m_wrapAroundSide <= 0.0)
    {
        return b;
    }
    // The nearest of the 9 copies b + (i, j) side, i, j in {-1, 0, 1}, taken per axis.
    auto nearest = [this](double from, double to) {
        double best = to;
        for (double shift : {-m_wrapAroundSide, m_wrapAroundSide})
        {
            if (std::abs(to + shift - from) < std::abs(best - from))
            {
                best = to + shift;
            }
        }
        return best;
    };
    return Vector(nearest(a.x, b.x), nearest(a.y, b.y), b.z);
}

double
CellFreeLargeScaleFadingModel::GetDistance(const Vector& a, const Vector& b) const
{
    const Vector image = GetNearestImage(a, b);
    return std::hypot(a.x - image.x, a.y - image.y);
}

Eigen::MatrixXd
CellFreeLargeScaleFadingModel::DrawShadowing(const std::vector<Vector>& apPositions,
                                             const std::vector<Vector>& uePositions)
{
    NS_LOG_FUNCTION(this << apPositions.size() << uePositions.size());
    CreateMissingModels();
    if (m_shadowing->GetSigmaDb() <= 0.0)
    {
        return Eigen::MatrixXd::Zero(apPositions.size(), uePositions.size());
    }
    return m_shadowing->Draw(apPositions, uePositions, [this](const Vector& a, const Vector& b) {
        return GetDistance(a, b);
    });
}

Eigen::MatrixXd
CellFreeLargeScaleFadingModel::Compute(const std::vector<Vector>& apPositions,
                                       const std::vector<Vector>& uePositions,
                                       const Eigen::MatrixXd& shadowingDb)
{
    NS_LOG_FUNCTION(this << apPositions.size() << uePositions.size());
    CreateMissingModels();
    const auto numAps = static_cast<Eigen::Index>(apPositions.size());
    const auto numUes = static_cast<Eigen::Index>(uePositions.size());
    NS_ABORT_MSG_UNLESS(shadowingDb.rows() == numAps && shadowingDb.cols() == numUes,
                        "CellFreeLargeScaleFadingModel: shadowing is "
                            << shadowingDb.rows() << "x" << shadowingDb.cols() << ", expected "
                            << numAps << "x" << numUes);

    Eigen::MatrixXd beta(numAps, numUes);
    for (Eigen::Index m = 0; m < numAps; ++m)
    {
        m_apProbe->SetPosition(apPositions[m]);
        for (Eigen::Index k = 0; k < numUes; ++k)
        {
            m_ueProbe->SetPosition(GetNearestImage(apPositions[m], uePositions[k]));
            double gainDb = m_lossModel->CalcRxPower(0.0, m_apProbe, m_ueProbe);
            NS_ABORT_MSG_UNLESS(std::isfinite(gainDb),
                                "CellFreeLargeScaleFadingModel: the propagation loss model "
                                "returned "
                                    << gainDb << " dB between AP " << m << " and UE " << k);
            if (GetDistance(apPositions[m], uePositions[k]) > m_shadowingMinDistance)
            {
                gainDb += shadowingDb(m, k);
            }
            beta(m, k) = std::pow(10.0, gainDb / 10.0);
            NS_ABORT_MSG_UNLESS(beta(m, k) > 0.0 && std::isfinite(beta(m, k)),
                                "CellFreeLargeScaleFadingModel: gain "
                                    << gainDb << " dB between AP " << m << " and UE " << k
                                    << " is not a positive finite linear gain");
        }
    }
    return beta;
}

Eigen::MatrixXd
CellFreeLargeScaleFadingModel::Compute(const std::vector<Vector>& apPositions,
                                       const std::vector<Vector>& uePositions)
{
    return Compute(apPositions, uePositions, DrawShadowing(apPositions, uePositions));
}

Eigen::MatrixXd
CellFreeLargeScaleFadingModel::Compute(const NodeContainer& aps, const NodeContainer& ues)
{
    return Compute(GetPositions(aps, "AP"), GetPositions(ues, "UE"));
}

void
CellFreeLargeScaleFadingModel::CreateMissingModels()
{
    // Created here rather than as attribute defaults, so that instances never share a model.
    if (!m_lossModel)
    {
        m_lossModel = CreateObject<ThreeSlopePropagationLossModel>();
    }
    if (!m_shadowing)
    {
        m_shadowing = CreateObject<CellFreeShadowingModel>();
    }
}

Ptr<PropagationLossModel>
CellFreeLargeScaleFadingModel::GetPropagationLossModel()
{
    CreateMissingModels();
    return m_lossModel;
}

Ptr<CellFreeShadowingModel>
CellFreeLargeScaleFadingModel::GetShadowingModel()
{
    CreateMissingModels();
    return m_shadowing;
}

int64_t
CellFreeLargeScaleFadingModel::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    CreateMissingModels();
    const int64_t used = m_lossModel->AssignStreams(stream);
    return used + m_shadowing->AssignStreams(stream + used);
}

} // namespace ns3
