/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_APG_SOLVER_H
#define CELL_FREE_APG_SOLVER_H

#include "cell-free-channel-estimation.h"
#include "cell-free-scenario.h"
#include "cell-free-utility.h"

#include <Eigen/Dense>
#include <vector>

namespace ns3
{

class CellFreeLinkModel;

/**
 * \ingroup cell-free
 * \brief Where APG starts when no initial amplitudes are given.
 */
enum class CellFreeApgStart
{
    AUTO,     //!< BALANCED for the max-min utility, EPA otherwise
    EPA,      //!< equal power within the clusters, every AP at full power
    BALANCED, //!< EPA's directions with the max-min SINR balanced (CellFreeLinkModel)
};

/**
 * \ingroup cell-free
 * \brief Settings of the accelerated projected gradient method.
 */
struct CellFreeApgOptions
{
    CellFreeUtility utility{CellFreeUtility::MIN_SE}; //!< what to maximise
    double smoothing{10.0};                           //!< t of the smoothed minimum (MIN_SE)
    int maxIterations{1000};                          //!< iteration cap
    double tolerance{1e-4};          //!< stop when the relative improvement over a window is below
    int toleranceWindow{10};         //!< iterations over which the improvement is measured
    double sufficientIncrease{1e-5}; //!< delta of the backtracking test (absolute)
    double backtrackFactor{0.5};     //!< step shrink factor
    double initialStep{0.0};         //!< first step; 0 picks one from the gradient's scale
    bool recordTrace{false};         //!< keep the objective of every iteration
    /// M x K amplitudes mu to start from (projected first); empty or not finite: from EPA
    Eigen::MatrixXd initialAmplitudes;
    /// The same start in the link model's pair order (CellFreeLinkModel::ToPairs), used instead
    /// of initialAmplitudes when set: no M x K matrix at the city scale
    Eigen::VectorXd initialPairs;
    bool warnAtCap{true}; //!< NS_LOG_WARN when the cap stops it (off for a deliberate few steps)
    CellFreeApgStart start{CellFreeApgStart::AUTO}; //!< start without initialAmplitudes
    int balancingIterations{40};                    //!< cap of each balancing fixed point
    /// max-min: end by balancing every SINR at the final directions (kept when it raises the
    /// minimum SE, which it does up to the fixed point's convergence)
    bool finalBalancing{true};
    /// single-precision products in the evaluations (clusters only; see CellFreeLinkModel)
    bool singlePrecisionProducts{true};
};

/**
 * \ingroup cell-free
 * \brief Outcome of the accelerated projected gradient method.
 */
struct CellFreeApgResult
{
    Eigen::MatrixXd eta;        //!< M x K power coefficients (feasible)
    Eigen::VectorXd se;         //!< K spectral efficiencies at eta
    double objective{0.0};      //!< final (smoothed) utility
    int iterations{0};          //!< iterations run
    int evaluations{0};         //!< utility evaluations, backtracking included
    int gradientEvaluations{0}; //!< those of them that also computed the gradient
    int balancingIterations{0}; //!< fixed-point iterations of the balancing (start and end)
    bool singlePrecisionProducts{false}; //!< the evaluations ran single-precision products
    bool converged{false};               //!< stopped on the tolerance, not on the cap
    std::vector<double> trace;           //!< objective per iteration (if requested)
};

/**
 * \brief Maximise a utility of the downlink SE over the power coefficients with the monotone
 * accelerated projected gradient method of [Far21]/[Mai22] (doc/cell-free.rst "Power control").
 *
 * Variables mu_mk = sqrt(eta_mk gamma_mk) of the served pairs, each AP's set {mu_m >= 0,
 * ||mu_m||^2 <= 1/N} (CellFreeLinkModel, which also gives the utility and its gradient); start
 * from EPA; extrapolated point y from the two previous iterates; z = P(y + a_y grad f(y)), and
 * when z is not a sufficient increase over x also v = P(x + a_x grad f(x)), taking the better
 * (the monotone scheme of Li and Lin, NIPS 2015, that [Far21] uses). Steps start from the
 * Barzilai-Borwein value and shrink until f(z) >= f(y) + delta ||z - y||^2. For max-min the
 * default start is EPA's directions with every SINR balanced (CellFreeLinkModel::
 * BalancedAmplitudes): the iterates then begin with equal SEs, which the smoothed minimum
 * otherwise spends most of its iterations reaching. And it ends by balancing the SINRs at the
 * final directions: the gradient method finds how each UE's power is spread over its APs, the
 * balancing gives the UEs' powers the best common SINR for that spread, which removes the bias
 * of the smoothed minimum; a small smoothing (fast convergence) then suffices.
 *
 * \param scenario a valid scenario
 * \param estimates EstimateChannels(scenario)
 * \param options the settings
 * \return the allocation and statistics
 */
CellFreeApgResult SolveApg(const CellFreeScenario& scenario,
                           const CellFreeChannelEstimates& estimates,
                           const CellFreeApgOptions& options);

/**
 * \brief The same method on a link model the caller keeps (its storage is reused from call to
 * call: ApgPowerControl and GatPowerControl assign it each problem).
 * \param scenario a valid scenario
 * \param estimates EstimateChannels(scenario)
 * \param options the settings
 * \param link the scenario's link model (constructed or assigned for it)
 * \return the allocation and statistics
 */
CellFreeApgResult SolveApg(const CellFreeScenario& scenario,
                           const CellFreeChannelEstimates& estimates,
                           const CellFreeApgOptions& options,
                           CellFreeLinkModel& link);

} // namespace ns3

#endif // CELL_FREE_APG_SOLVER_H
