/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_LINK_MODEL_H
#define CELL_FREE_LINK_MODEL_H

#include "cell-free-channel-estimation.h"
#include "cell-free-scenario.h"
#include "cell-free-utility.h"

#include <Eigen/Dense>
#include <memory>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief The link physics of the downlink, in one place (doc/cell-free.rst "Downlink spectral
 * efficiency", "Power control" and "User-centric serving clusters"): the variables of power
 * control, their feasible set and its projection, the SINR and SE of an allocation, a utility and
 * its analytic gradient. EPA, APG and the GAT's refinement run on it; FPA, Allocate's checks and
 * the central processor use its feasible set (the static members); ComputeDownlinkSinr() stays
 * as the slow reference the tests compare with. Another precoder or constraint is another
 * implementation of this interface.
 *
 * Conjugate beamforming with serving clusters: the variables are the amplitudes
 * mu_mk = sqrt(eta_mk gamma_mk) of the served pairs only (D_mk = 1), so that nothing can give
 * power outside the mask. They are a vector of "pairs": UEs in grouped order (UEs sharing a pilot
 * are contiguous), and within a UE its serving APs in increasing order. When every AP serves every
 * UE this is exactly an M x K column-major matrix in grouped order, and the dense kernels of the
 * earlier evaluator run on it unchanged (bit for bit); with clusters, the sparse kernels cost
 * O(served pairs x pilot-group size) plus one M x K product for the non-coherent term (every AP's
 * power reaches every UE).
 *
 * With S_k = sum_m beta_mk r_mk mu_mk (r = sqrt(gamma)/beta), A(k,k') = sum_m beta_mk r_mk'
 * mu_mk', c = rho_d N^2 and d = rho_d N:
 * SINR_k = c S_k^2 / (c sum_{k' in G(k), k' != k} A(k,k')^2 + d sum_m beta_mk sum_k' mu_mk'^2 + 1).
 * The feasible set is, per AP, {mu_m >= 0, ||mu_m||^2 <= 1/N} over its served UEs.
 *
 * Work buffers are members, so no evaluation allocates once warm.
 */
class CellFreeLinkModel
{
  public:
    /**
     * With serving clusters the model reads the scenario's gains in place (a grouped copy of the
     * M x K matrix would cost more than the power control at the city scale), so the scenario
     * must outlive the model.
     * \param scenario a valid scenario (its serving sets included)
     * \param estimates EstimateChannels(scenario)
     */
    CellFreeLinkModel(const CellFreeScenario& scenario, const CellFreeChannelEstimates& estimates);

    /// A temporary scenario would leave the model reading freed gains (see above).
    CellFreeLinkModel(CellFreeScenario&&, const CellFreeChannelEstimates&) = delete;

    /**
     * \brief Make this the model of another problem, as if constructed anew, but keeping the
     * work buffers' storage (an algorithm that keeps its model allocates nothing large per call).
     * \param scenario a valid scenario, which must outlive its use here (see the constructor)
     * \param estimates EstimateChannels(scenario)
     */
    void Assign(const CellFreeScenario& scenario, const CellFreeChannelEstimates& estimates);

    /// A temporary scenario would leave the model reading freed gains.
    void Assign(CellFreeScenario&&, const CellFreeChannelEstimates&) = delete;

    /**
     * \brief The model an algorithm keeps from call to call: the one in `kept`, assigned to this
     * problem, or a new one put there.
     * \param kept the algorithm's model (empty before its first call)
     * \param scenario a valid scenario, which must outlive the model's use
     * \param estimates EstimateChannels(scenario)
     * \return the model, ready for this problem
     */
    static CellFreeLinkModel& Reuse(std::unique_ptr<CellFreeLinkModel>& kept,
                                    const CellFreeScenario& scenario,
                                    const CellFreeChannelEstimates& estimates);

    /// A temporary scenario would leave the model reading freed gains.
    static CellFreeLinkModel& Reuse(std::unique_ptr<CellFreeLinkModel>&,
                                    CellFreeScenario&&,
                                    const CellFreeChannelEstimates&) = delete;

    /// \return M
    int NumAps() const;

    /// \return K
    int NumUes() const;

    /// \return the number of served pairs (M K when every AP serves every UE)
    int NumPairs() const;

    /// \return whether every AP serves every UE (the dense kernels run)
    bool IsFullService() const;

    /**
     * \brief The pair vector of values given UE after UE in UE order, each UE's serving APs in
     * increasing order (all M APs without clusters): the node order of the GAT's graph.
     * \param ueMajor a value per served pair in that order
     * \return the pair vector
     */
    Eigen::VectorXd FromUeMajor(const Eigen::VectorXd& ueMajor) const;

    /**
     * \param original an M x K matrix with UEs in the scenario's order
     * \return its entries at the served pairs, in pair order
     */
    Eigen::VectorXd ToPairs(const Eigen::MatrixXd& original) const;

    /**
     * \param pairs a value per served pair
     * \return the M x K matrix with UEs in the scenario's order, 0 outside the mask
     */
    Eigen::MatrixXd FromPairs(const Eigen::VectorXd& pairs) const;

    /**
     * \brief The power coefficients of amplitudes per pair: AmplitudeToPower(FromPairs(mu),
     * gamma), entry for entry, without the M x K intermediate.
     * \param mu amplitudes per pair
     * \return M x K eta = mu^2 / gamma, 0 outside the mask
     */
    Eigen::MatrixXd PowerFromPairs(const Eigen::VectorXd& mu) const;

    /**
     * \param groupedVector K values in grouped order
     * \return the same values in the scenario's order
     */
    Eigen::VectorXd FromGrouped(const Eigen::VectorXd& groupedVector) const;

    /// The smallest M K for which SetSinglePrecisionProducts takes effect by default: below it
    /// beta (1 MiB in double precision) stays in cache anyway, and single precision only adds
    /// conversions (measured slower at M = 100, K = 40).
    static constexpr long kSinglePrecisionMinEntries = 131072;

    /**
     * \brief Evaluate ComputeUtility() and ComputeUtilityAndGradient() with the M x K product of
     * the non-coherent term and the pilot-group products in single precision, each vector
     * rescaled by its largest entry (per UE for the pilot-group terms) against underflow. The
     * utility's sums are of positive terms (relative error about 1e-7); the gradient's coherent
     * part may cancel, so its error is about 1e-6 of the gradient's norm rather than of each
     * entry. With clusters at the city scale these products stream most of the memory an
     * evaluation touches, and single precision halves it, so that beta stays in cache
     * (doc/cell-free.rst "The link model"). BalancedAmplitudes() uses them too (stopping at 1e-6
     * instead of 1e-9); ComputeSinr() and ComputeSe() stay in double precision. Only the sparse
     * kernels have this mode: when every AP serves every UE, M K is below minEntries, or a served
     * pair's gain would be flushed (below 1e-20 of the largest), the setting is ignored and the
     * double-precision kernels run.
     *
     * \param enable whether to use it (default off)
     * \param minEntries the smallest M K at which it takes effect
     * \param largestGain the problem's largest beta when the caller has it (the copy's scale;
     * it then needs no sweep over beta of its own), else 0: found here
     */
    void SetSinglePrecisionProducts(bool enable,
                                    long minEntries = kSinglePrecisionMinEntries,
                                    double largestGain = 0.0);

    /// \return whether ComputeUtility() runs its products in single precision
    bool UsesSinglePrecisionProducts() const;

    /**
     * \brief Max-min SINR balancing at fixed directions (doc/cell-free.rst "Power control"):
     * with mu_mk = sqrt(q_k) v_mk, ||v_k|| = 1, every SINR is linear-fractional in q and the
     * per-AP budgets are linear, so the largest common SINR is the fixed point of the normalised
     * map q <- T(q) / max_m N sum_k v_mk^2 T_k(q), T_k(q) = SINR denominator_k(q) / (c S_k(v)^2)
     * (Krause's concave Perron-Frobenius theory), which the iteration reaches geometrically.
     * Every SINR is then equal and the busiest AP at its budget. A UE whose directions give it
     * no signal gets no power.
     * \param directions amplitudes per pair whose per-UE directions are kept (not all zero)
     * \param maxIterations iteration cap (it also stops when no q_k changes by more than 1e-9 of
     * the largest, 1e-6 with the single-precision products)
     * \param[out] iterations if not null, the iterations run (each costs about one evaluation)
     * \return the balanced amplitudes per pair (feasible)
     */
    Eigen::VectorXd BalancedAmplitudes(const Eigen::VectorXd& directions,
                                       int maxIterations,
                                       int* iterations = nullptr);

    /// \return gamma of every served pair
    const Eigen::VectorXd& PairGamma() const;

    /// \return the AP of every served pair
    const std::vector<int>& PairAp() const;

    /// \return the scenario's UE index of every served pair
    const std::vector<int>& PairUe() const;

    /**
     * \brief Equal power within the clusters: eta_mk = D_mk / (N sum_k' D_mk' gamma_mk'), every
     * serving AP at full power.
     * \return its amplitudes, per pair
     */
    Eigen::VectorXd EqualPowerAmplitudes() const;

    /**
     * \brief Project amplitudes onto the feasible set, per AP: P(u_m) = [u_m]_+ min(1,
     * (1/sqrt(N)) / ||[u_m]_+||) over the AP's served pairs.
     * \param[in,out] mu amplitudes per pair, projected in place
     */
    void Project(Eigen::VectorXd& mu) const;

    /**
     * \brief The SINR of every UE.
     * \param mu amplitudes per pair
     * \return K SINRs in grouped order
     */
    const Eigen::VectorXd& ComputeSinr(const Eigen::VectorXd& mu);

    /**
     * \brief The SE of every UE.
     * \param mu amplitudes per pair
     * \return K SEs in grouped order (bit/s/Hz)
     */
    const Eigen::VectorXd& ComputeSe(const Eigen::VectorXd& mu);

    /**
     * \brief A utility of the SE vector, smoothed for the minimum.
     * \param mu amplitudes per pair
     * \param utility which utility
     * \param smoothing t of the smoothed minimum (MIN_SE only)
     * \return smin_t(SE), sum SE or sum log SE
     */
    double ComputeUtility(const Eigen::VectorXd& mu, CellFreeUtility utility, double smoothing);

    /**
     * \brief The utility and its gradient with respect to mu.
     * \param mu amplitudes per pair
     * \param utility which utility
     * \param smoothing t of the smoothed minimum (MIN_SE only)
     * \param[out] gradient per pair (resized if needed)
     * \return the utility, as ComputeUtility
     */
    double ComputeUtilityAndGradient(const Eigen::VectorXd& mu,
                                     CellFreeUtility utility,
                                     double smoothing,
                                     Eigen::VectorXd& gradient);

    /**
     * \brief Equal power allocation within the clusters (see EqualPowerAmplitudes).
     * \param scenario the scenario
     * \param estimates EstimateChannels(scenario)
     * \return M x K power coefficients, 0 outside the mask
     */
    static Eigen::MatrixXd EqualPowerAllocation(const CellFreeScenario& scenario,
                                                const CellFreeChannelEstimates& estimates);

    /**
     * \brief Per-AP transmit power of an allocation as a share of the budget,
     * N sum_k eta_mk gamma_mk (the feasible set asks for at most 1).
     * \param scenario the scenario (for N)
     * \param estimates EstimateChannels(scenario)
     * \param eta M x K power coefficients
     * \return M power shares
     */
    static Eigen::VectorXd ApPowerShare(const CellFreeScenario& scenario,
                                        const CellFreeChannelEstimates& estimates,
                                        const Eigen::MatrixXd& eta);

    /// What CheckAllocation finds.
    struct AllocationCheck
    {
        bool valid{false};     //!< M x K, finite and non-negative
        bool outside{false};   //!< some pair outside the serving clusters has power
        Eigen::VectorXd share; //!< ApPowerShare (when valid)
    };

    /**
     * \brief Everything Allocate checks in an algorithm's output, in one sweep over eta.
     * \param scenario the scenario (for N and the serving sets)
     * \param estimates EstimateChannels(scenario)
     * \param eta M x K power coefficients
     * \return validity, power outside the clusters, and the per-AP power shares
     */
    static AllocationCheck CheckAllocation(const CellFreeScenario& scenario,
                                           const CellFreeChannelEstimates& estimates,
                                           const Eigen::MatrixXd& eta);

    /**
     * \param scenario the scenario (its serving sets)
     * \param eta M x K power coefficients
     * \return whether some pair outside the serving clusters has non-zero power
     */
    static bool HasPowerOutsideClusters(const CellFreeScenario& scenario,
                                        const Eigen::MatrixXd& eta);

    /**
     * \brief Whether eta is in the feasible set: M x K, finite, non-negative, 0 outside the
     * serving mask and within every AP's budget.
     * \param scenario the scenario
     * \param estimates EstimateChannels(scenario)
     * \param eta M x K power coefficients
     * \param tolerance relative slack allowed on the budget (rounding)
     * \return true when feasible
     */
    static bool IsFeasible(const CellFreeScenario& scenario,
                           const CellFreeChannelEstimates& estimates,
                           const Eigen::MatrixXd& eta,
                           double tolerance);

  private:
    /// Fill m_signal, m_denominator and m_se for mu.
    void Forward(const Eigen::VectorXd& mu);

    /// dU/dSE_k for the SE in m_se, into m_weight; returns the utility.
    double UtilityWeights(CellFreeUtility utility, double smoothing);

    /// The signal and gradient coefficients a_k and b_k of the last Forward call.
    void GradientCoefficients();

    /// m_denominator = 1 + d beta^T m_apPower (the non-coherent term plus noise).
    void NonCoherentProduct();

    /// The sparse kernels' A per group for the weighted amplitudes in m_weighted.
    void GroupAmplitudes();

    /// \return the single-precision copy of beta (BuildSingleProducts), M x K grouped
    Eigen::Map<const Eigen::MatrixXf> BetaSingle() const;

    /**
     * \brief beta in single precision, built when the mode is first enabled.
     * \param largestGain the largest beta if known, else 0
     */
    void BuildSingleProducts(double largestGain);

    /// The pairs listed AP by AP (m_apOffset, m_apPairs, m_apPairUe), built once per problem.
    void BuildApMajorPairs();

    int m_numAps{0};                           //!< M
    int m_numUes{0};                           //!< K
    int m_numAntennas{1};                      //!< N
    bool m_full{true};                         //!< every AP serves every UE
    double m_coherentScale{0.0};               //!< c = rho_d N^2
    double m_nonCoherentScale{0.0};            //!< d = rho_d N
    double m_seScale{0.0};                     //!< xi (1 - tau_p/tau_c) / ln 2
    std::vector<int> m_order;                  //!< grouped position -> original UE index
    std::vector<std::pair<int, int>> m_groups; //!< (first column, size) of each pilot group
    std::vector<int> m_offset;                 //!< K + 1 offsets of each grouped UE's pairs
    std::vector<int> m_pairAp;                 //!< AP of each pair
    std::vector<int> m_pairUe;                 //!< scenario UE index of each pair
    std::vector<int> m_apOffset;               //!< M + 1 offsets of each AP's entries in m_apPairs
    std::vector<int> m_apPairs;                //!< the pairs AP by AP, each AP's in pair order
    std::vector<int> m_apPairUe;               //!< grouped UE of each entry of m_apPairs
    bool m_apMajorBuilt{false};                //!< the three above hold this problem's lists
    /// beta in grouped order (column-major), every AP serving every UE only
    Eigen::MatrixXd m_beta;
    const Eigen::MatrixXd* m_original{nullptr}; //!< the scenario's beta, UEs in their own order
    Eigen::VectorXd m_originalOrder;            //!< K values in the scenario's UE order (scratch)
    Eigen::VectorXd m_ratio;                    //!< sqrt(gamma)/beta per pair
    Eigen::VectorXd m_gamma;                    //!< gamma per pair
    Eigen::VectorXd m_epa;     //!< EPA power coefficient of each AP, 1 / (N sum_k D_mk gamma_mk)
    bool m_single{false};      //!< single-precision products in the sparse kernels
    bool m_singleInUse{false}; //!< m_single in the current evaluation (not in ComputeSe)
    double m_betaScale{1.0};   //!< max beta; the single-precision copies hold beta / m_betaScale
    /// beta / m_betaScale, grouped order, single precision (M x K column-major; grows only)
    std::vector<float, Eigen::aligned_allocator<float>> m_betaSingleStorage;
    bool m_betaSingleBuilt{false};        //!< m_betaSingleStorage holds this problem's copy
    std::vector<float> m_pairGroupBeta;   //!< per pair, beta_{m, i} / m_betaScale over its group
    std::vector<std::size_t> m_groupBase; //!< start of each group's pairs in m_pairGroupBeta
    Eigen::VectorXf m_apPowerSingle;      //!< m_apPower / its largest entry, single precision
    Eigen::VectorXf m_weightedSingle;     //!< one UE's m_weighted, scaled, single precision
    Eigen::VectorXf m_groupProductSingle; //!< a group's column, single precision
    Eigen::VectorXf m_productSingle;      //!< K (or M) results of a single-precision product
    Eigen::VectorXf m_coefficientSingle;  //!< b_k / max b, single precision
    Eigen::VectorXf m_pairProductSingle;  //!< one UE's pairs' results, single precision
    // Work buffers of the last Forward call.
    Eigen::VectorXd m_weighted;                      //!< mu .* ratio
    std::vector<Eigen::MatrixXd> m_balanceCoherent;  //!< balancing: c A(i, j)^2 per group
    Eigen::VectorXd m_balanceWeight;                 //!< balancing: v^2 in m_apPairs order
    Eigen::VectorXd m_apPower;                       //!< sum_k mu_mk^2
    Eigen::VectorXd m_signal;                        //!< c S_k^2
    Eigen::VectorXd m_denominator;                   //!< interference plus noise
    Eigen::VectorXd m_sinr;                          //!< SINR_k
    Eigen::VectorXd m_se;                            //!< SE_k
    Eigen::VectorXd m_weight;                        //!< dU/dSE_k
    std::vector<Eigen::MatrixXd> m_amplitude;        //!< A per group
    Eigen::VectorXd m_signalCoefficient;             //!< a_k: gradient weight of the desired signal
    Eigen::VectorXd m_interferenceCoefficient;       //!< b_k: gradient weight of the interference
    Eigen::VectorXd m_apWeight;                      //!< sum_k b_k beta_mk
    std::vector<Eigen::MatrixXd> m_groupCoefficient; //!< W per group
};

} // namespace ns3

#endif // CELL_FREE_LINK_MODEL_H
