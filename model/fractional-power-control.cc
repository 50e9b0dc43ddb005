/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fractional-power-control.h"

#include "cell-free-computation-cost.h"
#include "cell-free-ns3-compat.h"

#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/log.h"

#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FractionalPowerControl");

NS_OBJECT_ENSURE_REGISTERED(FractionalPowerControl);

TypeId
FractionalPowerControl::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::FractionalPowerControl")
            .SetParent<CellFreePowerControlAlgorithm>()
            .SetGroupName("CellFree")
            .AddConstructor<FractionalPowerControl>()
            .AddAttribute("Exponent",
                          "The exponent theta of eta_mk ~ x_mk^theta (0: equal power "
                          "allocation). -0.5 on beta gives the highest minimum SE on the default "
                          "preset among exponents in [-1, 1.5].",
                          DoubleValue(-0.5),
                          MakeDoubleAccessor(&FractionalPowerControl::m_exponent),
                          MakeDoubleChecker<double>(-4.0, 4.0))
            .AddAttribute("Basis",
                          "The quantity x raised to theta: Gamma (estimate variance) or Beta "
                          "(large-scale fading).",
                          EnumValue(FractionalPowerControl::BETA),
                          MakeCellFreeEnumAccessor(&FractionalPowerControl::m_basis),
                          MakeEnumChecker(FractionalPowerControl::GAMMA,
                                          "Gamma",
                                          FractionalPowerControl::BETA,
                                          "Beta"));
    return tid;
}

FractionalPowerControl::FractionalPowerControl()
{
    NS_LOG_FUNCTION(this);
}

std::string
FractionalPowerControl::GetName() const
{
    return "fpa";
}

CellFreePowerControlResult
FractionalPowerControl::DoAllocate(const CellFreeScenario& scenario,
                                   const CellFreeChannelEstimates& estimates)
{
    const Eigen::MatrixXd& basis = (m_basis == GAMMA) ? estimates.gamma : scenario.beta;
    // x^theta in the log domain, relative to each AP's largest weight among the UEs it serves, so
    // that it can neither overflow nor be 0 for all UEs of an AP, whatever the spread of the
    // gains (a weight that underflows to 0 gives its pair no power, which is feasible). Pairs
    // outside the serving clusters get weight 0 (doc/cell-free.rst "User-centric serving
    // clusters").
    constexpr double kOutside = -std::numeric_limits<double>::infinity();
    Eigen::ArrayXXd logWeight = m_exponent * basis.array().log();
    if (scenario.IsUserCentric())
    {
        const Eigen::ArrayXXd mask =
            ServingMask(scenario.serving, scenario.NumAps(), scenario.NumUes()).array();
        logWeight = (mask > 0.0).select(logWeight, kOutside);
    }
    Eigen::VectorXd rowMax = logWeight.rowwise().maxCoeff();
    rowMax = (rowMax.array() == kOutside).select(0.0, rowMax); // an AP that serves nobody
    const Eigen::MatrixXd weight = (logWeight.colwise() - rowMax.array()).exp().matrix();
    Eigen::VectorXd load = weight.cwiseProduct(estimates.gamma).rowwise().sum();
    load = (load.array() > 0.0).select(load, std::numeric_limits<double>::infinity());
    CellFreePowerControlResult result;
    result.eta = (scenario.numAntennas * load).cwiseInverse().asDiagonal() * weight;
    result.operations =
        CellFreeComputationCost::PerPair(scenario, CellFreeComputationCost::kFpaPerPair);
    return result;
}

} // namespace ns3
