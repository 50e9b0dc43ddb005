/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_SE_EVALUATOR_H
#define CELL_FREE_SE_EVALUATOR_H

#include "cell-free-channel-estimation.h"
#include "cell-free-scenario.h"
#include "cell-free-utility.h"

#include <Eigen/Dense>
#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief Fast evaluation of the downlink SE, a utility and its analytic gradient in the
 * amplitudes mu, for optimisers that call them thousands of times.
 *
 * The UEs are reordered so that those sharing a pilot are contiguous ("grouped order"): then the
 * coherent term of pilot group G is one product beta_G^T (mu_G .* r_G) of blocks, with no copy.
 * All matrices passed to and returned by the methods are in grouped order (M x K); ToGrouped and
 * FromGrouped convert. Work buffers are members, so no evaluation allocates once warm.
 *
 * With S_k = sum_m beta_mk r_mk mu_mk (r = sqrt(gamma)/beta), A(k,k') = sum_m beta_mk r_mk'
 * mu_mk', c = rho_d N^2 and d = rho_d N, the SINR of doc/cell-free.rst is
 * SINR_k = c S_k^2 / (c sum_{k' in G(k), k' != k} A(k,k')^2 + d sum_m beta_mk sum_k' mu_mk'^2 + 1).
 */
class CellFreeSeEvaluator
{
  public:
    /**
     * \param scenario a valid scenario
     * \param estimates EstimateChannels(scenario)
     */
    CellFreeSeEvaluator(const CellFreeScenario& scenario,
                        const CellFreeChannelEstimates& estimates);

    /// \return M
    int NumAps() const;

    /// \return K
    int NumUes() const;

    /**
     * \param original an M x K matrix with UEs in the scenario's order
     * \return the same matrix with UEs in grouped order
     */
    Eigen::MatrixXd ToGrouped(const Eigen::MatrixXd& original) const;

    /**
     * \param grouped an M x K matrix with UEs in grouped order
     * \return the same matrix with UEs in the scenario's order
     */
    Eigen::MatrixXd FromGrouped(const Eigen::MatrixXd& grouped) const;

    /**
     * \param groupedVector K values in grouped order
     * \return the same values in the scenario's order
     */
    Eigen::VectorXd FromGrouped(const Eigen::VectorXd& groupedVector) const;

    /// \return gamma in grouped order
    const Eigen::MatrixXd& GetGamma() const;

    /// \return beta in grouped order
    const Eigen::MatrixXd& GetBeta() const;

    /**
     * \brief The SE of every UE.
     * \param mu amplitudes, grouped order
     * \return K SEs in grouped order (bit/s/Hz)
     */
    const Eigen::VectorXd& ComputeSe(const Eigen::MatrixXd& mu);

    /**
     * \brief A utility of the SE vector, smoothed for the minimum.
     * \param mu amplitudes, grouped order
     * \param utility which utility
     * \param smoothing t of the smoothed minimum (MIN_SE only)
     * \return smin_t(SE), sum SE or sum log SE
     */
    double ComputeUtility(const Eigen::MatrixXd& mu, CellFreeUtility utility, double smoothing);

    /**
     * \brief The utility and its gradient with respect to mu.
     * \param mu amplitudes, grouped order
     * \param utility which utility
     * \param smoothing t of the smoothed minimum (MIN_SE only)
     * \param[out] gradient M x K, grouped order (resized if needed)
     * \return the utility, as ComputeUtility
     */
    double ComputeUtilityAndGradient(const Eigen::MatrixXd& mu,
                                     CellFreeUtility utility,
                                     double smoothing,
                                     Eigen::MatrixXd& gradient);

  private:
    /// Fill m_signal, m_interference, m_denominator and m_se for mu.
    void Forward(const Eigen::MatrixXd& mu);

    /// dU/dSE_k for the SE in m_se, into m_weight; returns the utility.
    double UtilityWeights(CellFreeUtility utility, double smoothing);

    int m_numAps;                              //!< M
    int m_numUes;                              //!< K
    double m_coherentScale;                    //!< c = rho_d N^2
    double m_nonCoherentScale;                 //!< d = rho_d N
    double m_seScale;                          //!< xi (1 - tau_p/tau_c) / ln 2
    std::vector<int> m_order;                  //!< grouped position -> original UE index
    std::vector<std::pair<int, int>> m_groups; //!< (first column, size) of each pilot group
    Eigen::MatrixXd m_beta;                    //!< beta, grouped order
    Eigen::MatrixXd m_ratio;                   //!< sqrt(gamma)/beta, grouped order
    Eigen::MatrixXd m_gamma;                   //!< gamma, grouped order
    // Work buffers of the last Forward call.
    Eigen::MatrixXd m_weighted;                      //!< mu .* ratio
    Eigen::VectorXd m_apPower;                       //!< sum_k mu_mk^2
    Eigen::VectorXd m_signal;                        //!< c S_k^2
    Eigen::VectorXd m_denominator;                   //!< interference plus noise
    Eigen::VectorXd m_se;                            //!< SE_k
    Eigen::VectorXd m_weight;                        //!< dU/dSE_k
    std::vector<Eigen::MatrixXd> m_amplitude;        //!< A per group
    Eigen::VectorXd m_signalCoefficient;             //!< a_k: gradient weight of the desired signal
    Eigen::VectorXd m_interferenceCoefficient;       //!< b_k: gradient weight of the interference
    Eigen::VectorXd m_apWeight;                      //!< sum_k b_k beta_mk
    std::vector<Eigen::MatrixXd> m_groupCoefficient; //!< W per group
};

} // namespace ns3

#endif // CELL_FREE_SE_EVALUATOR_H
