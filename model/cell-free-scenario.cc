/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-scenario.h"

#include "ns3/log.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeScenario");

namespace
{

/// Gains below this make gamma ~ beta^2 underflow double precision.
constexpr double kMinGain = 1e-30;
/// Pilots beyond this are no physical setting, and would only exhaust memory.
constexpr int kMaxPilots = 100000;

/**
 * Bound on the products the model forms (doc/cell-free.rst, "Numerical range"): the SE gradient
 * multiplies two of them and gamma ~ beta^2, so each product must stay within [1e-100, 1e100]
 * for every intermediate to be a finite, normal double. Physical values are within 1e-30..1e20.
 */
constexpr double kMaxProduct = 1e100;
/// Lower bound of the same products (gamma, the received SNR).
constexpr double kMinProduct = 1e-100;

bool
IsPositiveFinite(double value)
{
    return std::isfinite(value) && value > 0.0;
}

/// One factor of a product, named as the field it comes from.
struct Factor
{
    std::string field; //!< the field, e.g. "rhoD" or "beta[3][7]"
    double value;      //!< the field's value as given
    double magnitude;  //!< its contribution to the product (e.g. N^2 for N)
};

/**
 * \brief The message for a product out of range, naming the factor most responsible: the
 * largest for an overflow, the smallest for an underflow.
 * \param factors the factors of the product
 * \param what the product, e.g. "rho_d N^2 beta"
 * \param product its value
 * \param overflow whether it is too large (else too small)
 * \return the one-line message
 */
std::string
RangeError(std::initializer_list<Factor> factors,
           const std::string& what,
           double product,
           bool overflow)
{
    const auto worst = std::max_element(factors.begin(),
                                        factors.end(),
                                        [overflow](const Factor& a, const Factor& b) {
                                            return overflow ? a.magnitude < b.magnitude
                                                            : a.magnitude > b.magnitude;
                                        });
    std::ostringstream message;
    message << worst->field << ": " << worst->value << " makes " << what << " "
            << (overflow ? "overflow" : "underflow") << " (" << product << ", outside ["
            << kMinProduct << ", " << kMaxProduct << "]; ";
    for (auto it = factors.begin(); it != factors.end(); ++it)
    {
        message << (it == factors.begin() ? "" : ", ") << it->field << " = " << it->value;
    }
    message << ")";
    return message.str();
}

/// \return "beta[m][k]"
std::string
Entry(Eigen::Index m, Eigen::Index k)
{
    return "beta[" + std::to_string(m) + "][" + std::to_string(k) + "]";
}

/// \return whether kMinProduct <= product <= kMaxProduct (not NaN): the test without the strings
bool
InRange(double product)
{
    return product >= kMinProduct && product <= kMaxProduct;
}

/// \return an empty string if kMinProduct <= product <= kMaxProduct, else the message of RangeError
std::string
CheckProduct(std::initializer_list<Factor> factors, const std::string& what, double product)
{
    if (product > kMaxProduct || std::isnan(product))
    {
        return RangeError(factors, what, product, true);
    }
    if (product < kMinProduct)
    {
        return RangeError(factors, what, product, false);
    }
    return {};
}

/// InRange with a relative margin: the fast check's row sums are taken in another order than
/// CheckNumericalRange's, so a product within rounding of a bound is left to that check.
bool
SafelyInRange(double product)
{
    return product >= kMinProduct * (1.0 + 1e-9) && product <= kMaxProduct * (1.0 - 1e-9);
}

/**
 * \brief Every gain and product check of Validate in one sweep over beta, pilot group after
 * pilot group (each group's columns are read from memory once and then from cache): Validate
 * runs on every call of every algorithm, and its separate checks cost 1.6 ms at the city scale
 * (doc/cell-free.rst "Numerical range"). It only says whether all pass; the checks themselves
 * name the first failure. Needs valid pilot indices and serving sets.
 * \param s the scenario
 * \return true when every gain and product is in range (false may still be valid)
 */
bool
AllGainsInRange(const CellFreeScenario& s)
{
    const Eigen::MatrixXd& beta = s.beta;
    const double n = s.numAntennas;
    const double pilotSnr = s.numPilots * s.rhoP;
    std::vector<std::vector<Eigen::Index>> groups(s.numPilots);
    for (std::size_t k = 0; k < s.pilot.size(); ++k)
    {
        groups[s.pilot[k]].push_back(static_cast<Eigen::Index>(k));
    }
    Eigen::VectorXd rowSums = Eigen::VectorXd::Zero(beta.rows());
    Eigen::VectorXd denominator(beta.rows());
    std::vector<double> smallest(beta.cols());
    for (const auto& group : groups)
    {
        if (group.empty())
        {
            continue;
        }
        denominator.setOnes();
        for (const Eigen::Index k : group)
        {
            const auto column = beta.col(k);
            // A NaN or an infinity makes the sum NaN or infinite, so the plain (fast) minimum
            // and the sum together say that every gain is finite and at least kMinGain.
            const double sum = column.sum();
            smallest[k] = column.minCoeff();
            if (!(std::isfinite(sum) && smallest[k] >= kMinGain))
            {
                return false;
            }
            if (!SafelyInRange(std::max(s.rhoD * n * n * sum, 1.0)))
            {
                return false;
            }
            rowSums += column;
            denominator += pilotSnr * column;
        }
        // Rounding is monotone, so the UE's smallest gain against the group's largest
        // denominator bounds every AP's term below: when the bound holds (the common case, by
        // many orders of magnitude) the column needs no pass of its own. (Were the pass's
        // products fused, a gamma within a rounding of kMinProduct could be decided either way;
        // both answers are safe there.)
        const double largestDenominator = kMinProduct * denominator.maxCoeff();
        for (const Eigen::Index k : group)
        {
            const auto column = beta.col(k).array();
            // gamma >= kMinProduct without divisions, as a minimum (the difference of two finite
            // doubles has the sign of their comparison).
            if ((pilotSnr * smallest[k]) * smallest[k] < largestDenominator &&
                !(((pilotSnr * column) * column - kMinProduct * denominator.array()).minCoeff() >=
                  0.0))
            {
                return false;
            }
            double bestGamma = 0.0;
            if (s.serving.empty())
            {
                bestGamma = ((pilotSnr * column) * column / denominator.array()).maxCoeff();
            }
            else
            {
                for (const int m : s.serving[k])
                {
                    bestGamma =
                        std::max(bestGamma, (pilotSnr * beta(m, k)) * beta(m, k) / denominator(m));
                }
            }
            if (!SafelyInRange(std::min(s.rhoD * n * bestGamma, 1.0)))
            {
                return false;
            }
        }
    }
    return beta.rows() == 0 ||
           (pilotSnr * rowSums.array()).max(1.0).maxCoeff() <= kMaxProduct * (1.0 - 1e-9);
}

} // namespace

std::string
CellFreeScenario::Validate() const
{
    std::ostringstream error;
    if (numAntennas < 1)
    {
        error << "N must be at least 1 (got " << numAntennas << ")";
    }
    else if (numPilots < 1)
    {
        error << "tauP must be at least 1 (got " << numPilots << ")";
    }
    else if (numPilots > kMaxPilots)
    {
        error << "tauP must be at most " << kMaxPilots << " (got " << numPilots << ")";
    }
    else if (coherenceSamples <= numPilots)
    {
        error << "tauC must exceed tauP (got tauC=" << coherenceSamples << ", tauP=" << numPilots
              << ")";
    }
    else if (!IsPositiveFinite(rhoD))
    {
        error << "rhoD must be a positive finite number (got " << rhoD << ")";
    }
    else if (!IsPositiveFinite(rhoP))
    {
        error << "rhoP must be a positive finite number (got " << rhoP << ")";
    }
    else if (!IsPositiveFinite(downlinkShare) || downlinkShare > 1.0)
    {
        error << "downlinkShare must be in (0, 1] (got " << downlinkShare << ")";
    }
    else if (beta.rows() < 1)
    {
        error << "beta must have at least one row (one AP)";
    }
    else if (static_cast<std::size_t>(beta.cols()) != pilot.size())
    {
        error << "pilot has " << pilot.size() << " entries but beta has " << beta.cols()
              << " columns (UEs)";
    }
    if (!error.str().empty())
    {
        return error.str();
    }
    // The common case, a valid scenario, in one sweep; otherwise the checks below name the
    // first problem in their order.
    if (std::all_of(pilot.begin(),
                    pilot.end(),
                    [this](int p) { return p >= 0 && p < numPilots; }) &&
        ValidateServingSets(serving, NumAps(), NumUes()).empty() && AllGainsInRange(*this))
    {
        return {};
    }
    for (Eigen::Index m = 0; m < beta.rows(); ++m)
    {
        for (Eigen::Index k = 0; k < beta.cols(); ++k)
        {
            if (!IsPositiveFinite(beta(m, k)))
            {
                error << "beta[" << m << "][" << k << "] must be a positive finite number (got "
                      << beta(m, k) << ")";
                return error.str();
            }
            if (beta(m, k) < kMinGain)
            {
                error << "beta[" << m << "][" << k << "] = " << beta(m, k) << " is below "
                      << kMinGain << " (300 dB of loss), where gamma underflows";
                return error.str();
            }
        }
    }
    for (std::size_t k = 0; k < pilot.size(); ++k)
    {
        if (pilot[k] < 0 || pilot[k] >= numPilots)
        {
            error << "pilot[" << k << "] must be in [0, tauP) = [0, " << numPilots << ") (got "
                  << pilot[k] << ")";
            return error.str();
        }
    }
    if (const std::string servingError = ValidateServingSets(serving, NumAps(), NumUes());
        !servingError.empty())
    {
        return servingError;
    }
    return CheckNumericalRange();
}

std::string
CellFreeScenario::CheckNumericalRange() const
{
    // Each product below is one the model forms (doc/cell-free.rst, "Numerical range").
    const double n = numAntennas;
    const double pilotSnr = numPilots * rhoP; // tau_p rho_p
    // Row and column maxima and sums in column-major sweeps; the factor names (strings) are built
    // only for a product out of range: this runs on every call of every algorithm.
    Eigen::VectorXd rowSums = Eigen::VectorXd::Zero(beta.rows());
    for (Eigen::Index k = 0; k < beta.cols(); ++k)
    {
        rowSums += beta.col(k); // in the order of the earlier row-wise sums, bit for bit
    }
    for (Eigen::Index m = 0; m < beta.rows(); ++m)
    {
        // MMSE denominator 1 + tau_p rho_p sum_k beta_mk (over the pilot group, at most the row).
        const double product = std::max(pilotSnr * rowSums(m), 1.0);
        if (!InRange(product))
        {
            Eigen::Index strongest = 0;
            const double rowMax = beta.row(m).maxCoeff(&strongest);
            return CheckProduct(
                {{"tauP", static_cast<double>(numPilots), static_cast<double>(numPilots)},
                 {"rhoP", rhoP, rhoP},
                 {Entry(m, strongest), rowMax, rowSums(m)}},
                "tau_p rho_p beta",
                product);
        }
    }
    for (Eigen::Index k = 0; k < beta.cols(); ++k)
    {
        // Desired signal and coherent interference: rho_d N^2 (sum_m sqrt(beta_mk) / sqrt(N))^2,
        // at most rho_d N^2 sum_m beta_mk (doc/cell-free.rst).
        const double colSum = beta.col(k).sum();
        const double product = std::max(rhoD * n * n * colSum, 1.0);
        if (!InRange(product))
        {
            Eigen::Index strongest = 0;
            const double colMax = beta.col(k).maxCoeff(&strongest);
            return CheckProduct(
                {{"rhoD", rhoD, rhoD}, {"N", n, n * n}, {Entry(strongest, k), colMax, colSum}},
                "rho_d N^2 beta",
                product);
        }
    }
    // gamma_mk = tau_p rho_p beta_mk^2 / D_mk, and the received SNR rho_d N gamma_mk of each
    // UE's strongest link, must not underflow.
    std::vector<std::vector<Eigen::Index>> groups(numPilots);
    for (std::size_t k = 0; k < pilot.size(); ++k)
    {
        groups[pilot[k]].push_back(static_cast<Eigen::Index>(k));
    }
    Eigen::VectorXd denominator;
    for (const auto& group : groups)
    {
        if (group.empty())
        {
            continue;
        }
        denominator.setOnes(beta.rows());
        for (Eigen::Index k : group)
        {
            denominator += pilotSnr * beta.col(k);
        }
        for (Eigen::Index k : group)
        {
            // Vectorised over the APs, without divisions (gamma >= kMinProduct, kMinProduct < 1,
            // and the denominator is at least 1); the loop that names the pair runs only on a
            // failure.
            const auto column = beta.col(k).array();
            auto gammaAt = [&](Eigen::Index m) {
                return (pilotSnr * beta(m, k)) * beta(m, k) / denominator(m);
            };
            if (!((pilotSnr * column) * column >= kMinProduct * denominator.array()).all())
            {
                for (Eigen::Index m = 0; m < beta.rows(); ++m)
                {
                    const double gamma = gammaAt(m);
                    if (!(std::min(gamma, 1.0) >= kMinProduct))
                    {
                        return CheckProduct(
                            {{"rhoP", rhoP, pilotSnr},
                             {Entry(m, k), beta(m, k), beta(m, k) * beta(m, k)}},
                            "gamma = tau_p rho_p beta^2 / (1 + tau_p rho_p sum beta)",
                            std::min(gamma, 1.0));
                    }
                }
            }
            // The best link the UE can be served on: over its serving APs when it has clusters.
            Eigen::Index bestAp = 0;
            double bestGamma = 0.0;
            if (serving.empty())
            {
                const Eigen::ArrayXd gammaColumn =
                    (pilotSnr * column) * column / denominator.array();
                bestGamma = gammaColumn.maxCoeff(&bestAp);
            }
            else
            {
                bestAp = serving[k].front();
                bestGamma = gammaAt(bestAp);
                for (const int m : serving[k])
                {
                    if (gammaAt(m) > bestGamma)
                    {
                        bestAp = m;
                        bestGamma = gammaAt(m);
                    }
                }
            }
            const double product = std::min(rhoD * n * bestGamma, 1.0);
            if (!InRange(product))
            {
                return CheckProduct(
                    {{"rhoD", rhoD, rhoD}, {Entry(bestAp, k), beta(bestAp, k), n * bestGamma}},
                    "the received SNR rho_d N gamma",
                    product);
            }
        }
    }
    return {};
}

double
CellFreeScenario::PreLogFactor() const
{
    return downlinkShare * (1.0 - static_cast<double>(numPilots) / coherenceSamples);
}

} // namespace ns3
