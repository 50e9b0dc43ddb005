/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "apg-power-control.h"

#include "cell-free-computation-cost.h"
#include "cell-free-link-model.h"
#include "cell-free-ns3-compat.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/integer.h"
#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("ApgPowerControl");

NS_OBJECT_ENSURE_REGISTERED(ApgPowerControl);

TypeId
ApgPowerControl::GetTypeId()
{
    const CellFreeApgOptions defaults;
    static TypeId tid =
        TypeId("ns3::ApgPowerControl")
            .SetParent<CellFreePowerControlAlgorithm>()
            .SetGroupName("CellFree")
            .AddConstructor<ApgPowerControl>()
            .AddAttribute("Utility",
                          "The utility of the SE vector to maximise.",
                          EnumValue(static_cast<int>(CellFreeUtility::MIN_SE)),
                          MakeCellFreeEnumAccessor(&ApgPowerControl::m_utility),
                          MakeEnumChecker(static_cast<int>(CellFreeUtility::MIN_SE),
                                          "Min",
                                          static_cast<int>(CellFreeUtility::SUM_SE),
                                          "Sum",
                                          static_cast<int>(CellFreeUtility::PROPORTIONAL_FAIRNESS),
                                          "ProportionalFairness"))
            .AddAttribute("Smoothing",
                          "The parameter t of the smoothed minimum -(1/t) log sum exp(-t SE) "
                          "(1/(bit/s/Hz)); larger is closer to the minimum but slower.",
                          DoubleValue(defaults.smoothing),
                          MakeDoubleAccessor(&ApgPowerControl::m_smoothing),
                          MakeDoubleChecker<double>(1e-3))
            .AddAttribute("MaxIterations",
                          "The iteration cap.",
                          IntegerValue(defaults.maxIterations),
                          MakeIntegerAccessor(&ApgPowerControl::m_maxIterations),
                          MakeIntegerChecker<int>(1))
            .AddAttribute("Tolerance",
                          "Stop when the objective improved by less than this share over the "
                          "last 10 iterations.",
                          DoubleValue(defaults.tolerance),
                          MakeDoubleAccessor(&ApgPowerControl::m_tolerance),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("Start",
                          "Where the iterations start: Auto (Balanced for utility Min, Epa "
                          "otherwise), Epa (equal power within the clusters) or Balanced (EPA's "
                          "directions with every SINR balanced).",
                          EnumValue(static_cast<int>(defaults.start)),
                          MakeCellFreeEnumAccessor(&ApgPowerControl::m_start),
                          MakeEnumChecker(static_cast<int>(CellFreeApgStart::AUTO),
                                          "Auto",
                                          static_cast<int>(CellFreeApgStart::EPA),
                                          "Epa",
                                          static_cast<int>(CellFreeApgStart::BALANCED),
                                          "Balanced"))
            .AddAttribute("FinalBalancing",
                          "Utility Min: end by balancing every SINR at the final directions "
                          "(kept when it raises the minimum SE).",
                          BooleanValue(defaults.finalBalancing),
                          MakeBooleanAccessor(&ApgPowerControl::m_finalBalancing),
                          MakeBooleanChecker())
            .AddAttribute("BalancingIterations",
                          "Iteration cap of each SINR balancing (start and end).",
                          IntegerValue(defaults.balancingIterations),
                          MakeIntegerAccessor(&ApgPowerControl::m_balancingIterations),
                          MakeIntegerChecker<int>(1, 100000))
            .AddAttribute("SinglePrecisionProducts",
                          "With serving clusters and M K >= 131072, run the evaluations' M x K "
                          "and pilot-group products in single precision (about twice as fast at "
                          "the city scale; the returned SEs are computed in double precision).",
                          BooleanValue(defaults.singlePrecisionProducts),
                          MakeBooleanAccessor(&ApgPowerControl::m_singlePrecisionProducts),
                          MakeBooleanChecker())
            .AddAttribute("RecordTrace",
                          "Keep the objective of every iteration (GetLastResult).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&ApgPowerControl::m_recordTrace),
                          MakeBooleanChecker());
    return tid;
}

ApgPowerControl::ApgPowerControl()
{
    NS_LOG_FUNCTION(this);
}

std::string
ApgPowerControl::GetName() const
{
    return "apg-" + CellFreeUtilityName(static_cast<CellFreeUtility>(m_utility));
}

CellFreeApgOptions
ApgPowerControl::GetOptions() const
{
    CellFreeApgOptions options;
    options.utility = static_cast<CellFreeUtility>(m_utility);
    options.smoothing = m_smoothing;
    options.maxIterations = m_maxIterations;
    options.tolerance = m_tolerance;
    options.recordTrace = m_recordTrace;
    options.start = static_cast<CellFreeApgStart>(m_start);
    options.finalBalancing = m_finalBalancing;
    options.balancingIterations = m_balancingIterations;
    options.singlePrecisionProducts = m_singlePrecisionProducts;
    return options;
}

ApgPowerControl::~ApgPowerControl() = default;

const CellFreeApgResult&
ApgPowerControl::GetLastResult() const
{
    return m_last;
}

CellFreePowerControlResult
ApgPowerControl::DoAllocate(const CellFreeScenario& scenario,
                            const CellFreeChannelEstimates& estimates)
{
    // The link model is kept for its storage: fresh M x K buffers are page-faulted on every call
    // at the city scale.
    m_last = SolveApg(scenario,
                      estimates,
                      GetOptions(),
                      CellFreeLinkModel::Reuse(m_link, scenario, estimates));
    CellFreePowerControlResult result;
    result.eta = m_last.eta;
    result.iterations = m_last.iterations;
    result.objective = m_last.objective;
    result.converged = m_last.converged;
    result.operations = CellFreeComputationCost::Apg(scenario, m_last);
    return result;
}

} // namespace ns3
