/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-apg-solver.h"

#include "cell-free-link-model.h"
#include "cell-free-spectral-efficiency.h"

#include "ns3/abort.h"
#include "ns3/assert.h"
#include "ns3/log.h"

#include <algorithm>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeApgSolver");

namespace
{

constexpr int kMaxBacktracks = 40;      //!< halvings before a step is given up
constexpr double kMaxStepGrowth = 2.0;  //!< a step at most doubles from one iteration to the next
constexpr double kMinStepRatio = 1e-12; //!< BB step bounds relative to the initial step
constexpr double kMaxStepRatio = 1e12;  //!< BB step bounds relative to the initial step

/**
 * \brief Barzilai-Borwein step for ascent, |<s,s> / <s,r>| with s = x - xPrevious and
 * r = g - gPrevious, clamped to a safe range; evaluated without temporaries.
 */
double
BarzilaiBorweinStep(const Eigen::VectorXd& x,
                    const Eigen::VectorXd& xPrevious,
                    const Eigen::VectorXd& g,
                    const Eigen::VectorXd& gPrevious,
                    double fallback,
                    double reference)
{
    const double sr = std::abs(((x - xPrevious).array() * (g - gPrevious).array()).sum());
    const double ss = (x - xPrevious).squaredNorm();
    if (sr <= 0.0 || ss <= 0.0 || !std::isfinite(ss / sr))
    {
        return fallback;
    }
    return std::clamp(ss / sr, kMinStepRatio * reference, kMaxStepRatio * reference);
}

} // namespace

CellFreeApgResult
SolveApg(const CellFreeScenario& scenario,
         const CellFreeChannelEstimates& estimates,
         const CellFreeApgOptions& options)
{
    CellFreeLinkModel link(scenario, estimates);
    return SolveApg(scenario, estimates, options, link);
}

CellFreeApgResult
SolveApg(const CellFreeScenario& scenario,
         const CellFreeChannelEstimates& estimates,
         const CellFreeApgOptions& options,
         CellFreeLinkModel& link)
{
    NS_LOG_FUNCTION(scenario.NumAps() << scenario.NumUes());
    CellFreeApgResult result;
    if (scenario.NumUes() == 0)
    {
        result.eta = EqualPowerAllocation(scenario, estimates);
        result.se = Eigen::VectorXd(0);
        result.converged = true;
        return result;
    }
    NS_ASSERT(link.NumAps() == scenario.NumAps() && link.NumUes() == scenario.NumUes());
    link.SetSinglePrecisionProducts(options.singlePrecisionProducts);
    result.singlePrecisionProducts = link.UsesSinglePrecisionProducts();
    const CellFreeUtility utility = options.utility;
    const double t = options.smoothing;
    const double delta = options.sufficientIncrease;

    auto value = [&](const Eigen::VectorXd& mu) {
        ++result.evaluations;
        return link.ComputeUtility(mu, utility, t);
    };
    auto valueAndGradient = [&](const Eigen::VectorXd& mu, Eigen::VectorXd& gradient) {
        ++result.evaluations;
        ++result.gradientEvaluations;
        return link.ComputeUtilityAndGradient(mu, utility, t, gradient);
    };

    NS_ABORT_MSG_IF(options.initialAmplitudes.size() > 0 &&
                        (options.initialAmplitudes.rows() != scenario.NumAps() ||
                         options.initialAmplitudes.cols() != scenario.NumUes()),
                    "SolveApg: the initial amplitudes must be M x K");
    // EPA start (every AP at full power, on the boundary of its set), or the given start; the
    // variables are the served pairs only (CellFreeLinkModel), so no power leaves the clusters.
    // A start that is not finite (a broken warm start) falls back to EPA.
    NS_ABORT_MSG_IF(options.initialPairs.size() > 0 &&
                        options.initialPairs.size() != link.NumPairs(),
                    "SolveApg: the initial pairs must be one per served pair");
    const bool pairs = options.initialPairs.size() > 0 && options.initialPairs.allFinite();
    const bool warm =
        pairs || (options.initialAmplitudes.size() > 0 && options.initialAmplitudes.allFinite());
    // EPA within the clusters, straight in pair form (CellFreeLinkModel::EqualPowerAmplitudes).
    Eigen::VectorXd x = pairs  ? options.initialPairs
                        : warm ? link.ToPairs(options.initialAmplitudes)
                               : link.EqualPowerAmplitudes();
    const bool balanced =
        options.start == CellFreeApgStart::BALANCED ||
        (options.start == CellFreeApgStart::AUTO && utility == CellFreeUtility::MIN_SE);
    if (!warm && balanced)
    {
        int used = 0;
        x = link.BalancedAmplitudes(x, options.balancingIterations, &used);
        result.balancingIterations += used;
    }
    link.Project(x);
    Eigen::VectorXd xPrevious = x;
    Eigen::VectorXd z = x;
    Eigen::VectorXd y(x.size());
    Eigen::VectorXd yPrevious(x.size());
    Eigen::VectorXd v(x.size());
    Eigen::VectorXd gradY(x.size());
    Eigen::VectorXd gradYPrevious(x.size());
    Eigen::VectorXd gradX;
    Eigen::VectorXd gradXPrevious;
    Eigen::VectorXd xAtGradPrevious;

    double fx = valueAndGradient(x, gradX);
    const double gradientNorm = gradX.norm();
    const double initialStep = options.initialStep > 0.0
                                   ? options.initialStep
                                   : (gradientNorm > 0.0 ? 0.1 * x.norm() / gradientNorm : 1.0);
    double stepY = initialStep;
    double stepX = initialStep;
    bool haveGradX = true;
    double tPrevious = 0.0;
    double tCurrent = 1.0;
    std::vector<double> history{fx};

    // Ascent step from a point with backtracking: candidate = P(from + a grad), accepted when
    // f(candidate) >= f(from) + delta ||candidate - from||^2. Returns f(candidate), or NaN.
    auto ascend = [&](const Eigen::VectorXd& from,
                      double fFrom,
                      const Eigen::VectorXd& gradient,
                      double& step,
                      Eigen::VectorXd& out) {
        for (int b = 0; b < kMaxBacktracks; ++b)
        {
            out = from + step * gradient;
            link.Project(out);
            const double fOut = value(out);
            if (std::isfinite(fOut) && fOut >= fFrom + delta * (out - from).squaredNorm())
            {
                return fOut;
            }
            step *= options.backtrackFactor;
        }
        return std::numeric_limits<double>::quiet_NaN();
    };

    for (result.iterations = 0; result.iterations < options.maxIterations;)
    {
        ++result.iterations;
        // The previous y and its gradient are kept for the BB step by swapping, not copying.
        y.swap(yPrevious);
        gradY.swap(gradYPrevious);
        y.noalias() =
            x + (tPrevious / tCurrent) * (z - x) + ((tPrevious - 1.0) / tCurrent) * (x - xPrevious);
        const double fy = valueAndGradient(y, gradY);
        if (result.iterations > 1)
        {
            // BB steps on extrapolated points can be far too long; letting a step at most double
            // per iteration halves the backtracking work without slowing convergence.
            stepY = std::min(
                kMaxStepGrowth * stepY,
                BarzilaiBorweinStep(y, yPrevious, gradY, gradYPrevious, stepY, initialStep));
        }

        double fz = ascend(y, fy, gradY, stepY, z);
        if (!std::isfinite(fz))
        {
            z = x;
            fz = fx;
        }
        xPrevious = x;
        if (fz >= fx + delta * (z - y).squaredNorm())
        {
            x = z;
            fx = fz;
            haveGradX = false;
        }
        else
        {
            // Safeguard of the monotone scheme: a plain projected-gradient step from x.
            if (!haveGradX)
            {
                valueAndGradient(x, gradX);
            }
            if (xAtGradPrevious.size() > 0)
            {
                stepX = std::min(kMaxStepGrowth * stepX,
                                 BarzilaiBorweinStep(x,
                                                     xAtGradPrevious,
                                                     gradX,
                                                     gradXPrevious,
                                                     stepX,
                                                     initialStep));
            }
            xAtGradPrevious = x;
            gradXPrevious = gradX;
            const double fv = ascend(x, fx, gradX, stepX, v);
            if (std::isfinite(fv) && fv > fz)
            {
                x = v;
                fx = fv;
                haveGradX = false;
            }
            else if (fz > fx)
            {
                x = z;
                fx = fz;
                haveGradX = false;
            }
            else
            {
                haveGradX = true; // x unchanged; its gradient is still valid
            }
        }
        const double tNext = (std::sqrt(4.0 * tCurrent * tCurrent + 1.0) + 1.0) / 2.0;
        tPrevious = tCurrent;
        tCurrent = tNext;
        history.push_back(fx);
        const auto size = static_cast<int>(history.size());
        if (size > options.toleranceWindow)
        {
            const double past = history[size - 1 - options.toleranceWindow];
            if (std::abs(fx - past) <= options.tolerance * std::max(std::abs(fx), 1e-12))
            {
                result.converged = true;
                break;
            }
        }
    }

    if (!result.converged && options.warnAtCap)
    {
        NS_LOG_WARN("APG " << CellFreeUtilityName(utility) << " stopped at the cap of "
                           << options.maxIterations
                           << " iterations before converging (K = " << scenario.NumUes() << ")");
    }
    Eigen::VectorXd se; // the exact SE at x (grouped order), once computed
    if (utility == CellFreeUtility::MIN_SE && options.finalBalancing)
    {
        int used = 0;
        Eigen::VectorXd candidate = link.BalancedAmplitudes(x, options.balancingIterations, &used);
        result.balancingIterations += used;
        // Two exact evaluations, counted as such; the kept one's SE is the result's.
        result.evaluations += 2;
        Eigen::VectorXd candidateSe = link.ComputeSe(candidate);
        se = link.ComputeSe(x);
        if (candidateSe.minCoeff() > se.minCoeff())
        {
            x.swap(candidate);
            se.swap(candidateSe);
            fx = value(x);
        }
    }
    if (se.size() == 0)
    {
        se = link.ComputeSe(x);
    }
    result.objective = fx;
    result.eta = link.PowerFromPairs(x);
    result.se = link.FromGrouped(se);
    if (options.recordTrace)
    {
        result.trace = std::move(history);
    }
    NS_LOG_DEBUG("APG " << CellFreeUtilityName(utility) << ": " << result.iterations
                        << " iterations, " << result.evaluations << " evaluations, "
                        << result.balancingIterations << " balancing iterations, objective " << fx);
    return result;
}

} // namespace ns3
