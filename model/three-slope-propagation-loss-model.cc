/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "three-slope-propagation-loss-model.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ThreeSlopePropagationLossModel");

NS_OBJECT_ENSURE_REGISTERED(ThreeSlopePropagationLossModel);

namespace
{

/// \return true for a positive finite number
bool
IsPositive(double value)
{
    return value > 0.0 && std::isfinite(value);
}

} // namespace

TypeId
ThreeSlopePropagationLossModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::ThreeSlopePropagationLossModel")
            .SetParent<PropagationLossModel>()
            .SetGroupName("CellFree")
            .AddConstructor<ThreeSlopePropagationLossModel>()
            .AddAttribute("Frequency",
                          "The carrier frequency (Hz), used in the constant L.",
                          DoubleValue(1.9e9),
                          MakeDoubleAccessor(&ThreeSlopePropagationLossModel::m_frequency),
                          MakeDoubleChecker<double>(1.5e8, 2e9))
            .AddAttribute("ApHeight",
                          "The AP antenna height (m), used in the constant L.",
                          DoubleValue(15.0),
                          MakeDoubleAccessor(&ThreeSlopePropagationLossModel::m_apHeight),
                          MakeDoubleChecker<double>(1.0, 200.0))
            .AddAttribute("UeHeight",
                          "The UE antenna height (m), used in the constant L.",
                          DoubleValue(1.65),
                          MakeDoubleAccessor(&ThreeSlopePropagationLossModel::m_ueHeight),
                          MakeDoubleChecker<double>(1.0, 10.0))
            .AddAttribute("Distance0",
                          "The distance d0 (m) below which the loss no longer decreases.",
                          DoubleValue(10.0),
                          MakeDoubleAccessor(&ThreeSlopePropagationLossModel::m_distance0),
                          MakeDoubleChecker<double>(1e-3))
            .AddAttribute("Distance1",
                          "The distance d1 (m) where the exponent changes from 2 to 3.5; "
                          "it must exceed Distance0.",
                          DoubleValue(50.0),
                          MakeDoubleAccessor(&ThreeSlopePropagationLossModel::m_distance1),
                          MakeDoubleChecker<double>(1e-3));
    return tid;
}

ThreeSlopePropagationLossModel::ThreeSlopePropagationLossModel()
{
    NS_LOG_FUNCTION(this);
}

double
ThreeSlopePropagationLossModel::GetHataConstantDb() const
{
    const double logF = std::log10(m_frequency / 1e6); // the formula takes MHz
    return 46.3 + 33.9 * logF - 13.82 * std::log10(m_apHeight) - (1.1 * logF - 0.7) * m_ueHeight +
           (1.56 * logF - 0.8);
}

double
ThreeSlopePropagationLossModel::GetPathGainDb(double distance) const
{
    NS_ABORT_MSG_UNLESS(IsPositive(m_distance0) && m_distance1 > m_distance0,
                        "ThreeSlopePropagationLossModel: Distance1 ("
                            << m_distance1 << " m) must exceed Distance0 (" << m_distance0
                            << " m)");
    NS_ABORT_MSG_UNLESS(distance >= 0.0 && std::isfinite(distance),
                        "ThreeSlopePropagationLossModel: invalid distance " << distance);
    const double d = distance / 1000.0; // the formula takes km
    const double d0 = m_distance0 / 1000.0;
    const double d1 = m_distance1 / 1000.0;
    const double loss = GetHataConstantDb();
    if (d > d1)
    {
        return -loss - 35.0 * std::log10(d);
    }
    return -loss - 15.0 * std::log10(d1) - 20.0 * std::log10(std::max(d, d0));
}

double
ThreeSlopePropagationLossModel::DoCalcRxPower(double txPowerDbm,
                                              Ptr<MobilityModel> a,
                                              Ptr<MobilityModel> b) const
{
    const Vector pa = a->GetPosition();
    const Vector pb = b->GetPosition();
    const double horizontal = std::hypot(pa.x - pb.x, pa.y - pb.y);
    return txPowerDbm + GetPathGainDb(horizontal);
}

int64_t
ThreeSlopePropagationLossModel::DoAssignStreams(int64_t /* stream */)
{
    return 0;
}

} // namespace ns3
