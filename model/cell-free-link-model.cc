/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "cell-free-link-model.h"

#include "cell-free-link-kernel.h"
#include "cell-free-spectral-efficiency.h"

#include "ns3/assert.h"
#include "ns3/log.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("CellFreeLinkModel");

namespace
{

/// An M x K view of a pair vector when every AP serves every UE (column-major, grouped order).
using DenseView = Eigen::Map<const Eigen::MatrixXd, Eigen::Aligned16>;
/// The writable view.
using DenseViewMutable = Eigen::Map<Eigen::MatrixXd, Eigen::Aligned16>;

/// 1 / (N sum_k D_mk gamma_mk) per AP; an AP that serves nobody gets 0 (it transmits nothing).
Eigen::VectorXd
EqualPowerPerAp(const CellFreeScenario& scenario, const CellFreeChannelEstimates& estimates)
{
    if (scenario.serving.empty())
    {
        return (scenario.numAntennas * estimates.gamma.rowwise().sum()).cwiseInverse();
    }
    Eigen::VectorXd load = Eigen::VectorXd::Zero(scenario.NumAps());
    for (int k = 0; k < scenario.NumUes(); ++k)
    {
        for (const int m : scenario.serving[k])
        {
            load(m) += estimates.gamma(m, k);
        }
    }
    Eigen::VectorXd perAp(scenario.NumAps());
    for (int m = 0; m < scenario.NumAps(); ++m)
    {
        perAp(m) = load(m) > 0.0 ? 1.0 / (scenario.numAntennas * load(m)) : 0.0;
    }
    return perAp;
}

/// Values below this share of a vector's largest entry are flushed to zero before the
/// single-precision products: their products with beta would be subnormal (slow), and their
/// contribution is far below single precision anyway.
constexpr double kSingleFlush = 1e-15;

/**
 * \brief x / its largest magnitude in single precision, into out[0, x.size()), with the entries
 * below kSingleFlush of it flushed to zero.
 * \param x the values
 * \param out room for x.size() floats
 * \return the scale; 0 when x is all zero (out not written); NaN when x is not finite or its
 * largest magnitude is subnormal (out not written: the caller runs double precision)
 */
template <typename Source>
double
ScaleToSingle(const Source& x, float* out)
{
    const double largest =
        x.size() > 0 ? x.cwiseAbs().template maxCoeff<Eigen::PropagateNaN>() : 0.0;
    if (largest == 0.0)
    {
        return 0.0;
    }
    if (!(largest >= std::numeric_limits<double>::min()) || !std::isfinite(largest))
    {
        return std::numeric_limits<double>::quiet_NaN();
    }
    // A multiplication by the reciprocal, a cast, and the flush in single precision: each step
    // vectorises (a division or a select on the double values does not).
    Eigen::Map<Eigen::VectorXf> scaled(out, x.size());
    scaled = (x * (1.0 / largest)).template cast<float>();
    scaled = (scaled.array().abs() >= static_cast<float>(kSingleFlush))
                 .select(scaled.array(), 0.0F)
                 .matrix();
    return largest;
}

/**
 * \brief One of the single-precision M x K products (CellFreeSingleProductGeneric), with the
 * AVX2 + FMA build where the processor has it: at the city scale they are most of an SINR
 * balancing and of an APG iteration.
 * \param matrix B, column-major
 * \param rows its rows
 * \param cols its columns
 * \param transpose B^T x (else B x)
 * \param x the vector
 * \param[out] y the product
 */
void
SingleProduct(const float* matrix, long rows, long cols, bool transpose, const float* x, float* y)
{
    if (CellFreeLinkKernelAvx2FmaAvailable())
    {
        CellFreeSingleProductAvx2Fma(matrix, rows, cols, transpose, x, y);
    }
    else
    {
        CellFreeSingleProductGeneric(matrix, rows, cols, transpose, x, y);
    }
}

/**
 * \brief Whether UE k's column of eta has power outside its cluster: a non-zero entry once its
 * (validated) serving APs' entries are cleared.
 * \param eta M x K power coefficients
 * \param serving the UE's serving APs
 * \param k the UE
 * \param scratch room for the column (M; reused from column to column)
 * \return true when some AP outside the cluster gives it power (NaN counts as power)
 */
bool
ColumnHasPowerOutside(const Eigen::MatrixXd& eta,
                      const std::vector<int>& serving,
                      Eigen::Index k,
                      Eigen::ArrayXd& scratch)
{
    scratch = eta.col(k).array();
    for (const int m : serving)
    {
        scratch(m) = 0.0;
    }
    // The magnitudes sum to zero only when every one is zero, and to NaN when one is NaN: one
    // vectorised pass.
    return !(scratch.abs().sum() == 0.0);
}

} // namespace

CellFreeLinkModel::CellFreeLinkModel(const CellFreeScenario& scenario,
                                     const CellFreeChannelEstimates& estimates)
{
    Assign(scenario, estimates);
}

void
CellFreeLinkModel::Assign(const CellFreeScenario& scenario,
                          const CellFreeChannelEstimates& estimates)
{
    m_numAps = scenario.NumAps();
    m_numUes = scenario.NumUes();
    m_numAntennas = scenario.numAntennas;
    m_full = scenario.serving.empty();
    m_coherentScale = scenario.rhoD * scenario.numAntennas * scenario.numAntennas;
    m_nonCoherentScale = scenario.rhoD * scenario.numAntennas;
    m_seScale = scenario.PreLogFactor() / std::log(2.0);
    m_original = &scenario.beta;
    m_single = false;
    m_singleInUse = false;
    m_betaSingleBuilt = false;
    m_apMajorBuilt = false;
    NS_ASSERT(m_full || static_cast<int>(scenario.serving.size()) == m_numUes);
    // The vectors are cleared, not freed: a model assigned problem after problem keeps its
    // storage (the M x K single-precision copy included), so that no call page-faults fresh
    // memory at the city scale.
    m_groups.clear();
    m_order.clear();
    for (const auto& group : estimates.pilotGroups)
    {
        if (!group.empty())
        {
            m_groups.emplace_back(static_cast<int>(m_order.size()), static_cast<int>(group.size()));
            m_order.insert(m_order.end(), group.begin(), group.end());
        }
    }
    NS_ASSERT(static_cast<int>(m_order.size()) == m_numUes);
    if (m_full)
    {
        m_beta.resize(m_numAps, m_numUes);
        for (int j = 0; j < m_numUes; ++j)
        {
            m_beta.col(j) = scenario.beta.col(m_order[j]);
        }
    }
    else
    {
        m_beta.resize(0, 0);
    }
    m_originalOrder.resize(m_numUes);
    m_offset.assign(1, 0);
    m_pairAp.clear();
    m_pairUe.clear();
    for (int j = 0; j < m_numUes; ++j)
    {
        const int k = m_order[j];
        if (m_full)
        {
            for (int m = 0; m < m_numAps; ++m)
            {
                m_pairAp.push_back(m);
            }
        }
        else
        {
            m_pairAp.insert(m_pairAp.end(), scenario.serving[k].begin(), scenario.serving[k].end());
        }
        m_pairUe.resize(m_pairAp.size(), k);
        m_offset.push_back(static_cast<int>(m_pairAp.size()));
    }
    m_ratio = ToPairs(estimates.sqrtGammaOverBeta);
    m_gamma = ToPairs(estimates.gamma);
    m_epa = EqualPowerPerAp(scenario, estimates);
    m_weighted.resize(NumPairs());
    m_apPower.resize(m_numAps);
    m_signal.resize(m_numUes);
    m_denominator.resize(m_numUes);
    m_sinr.resize(m_numUes);
    m_se.resize(m_numUes);
    m_weight.resize(m_numUes);
    m_apWeight.resize(m_numAps);
    m_signalCoefficient.resize(m_numUes);
    m_interferenceCoefficient.resize(m_numUes);
    m_amplitude.clear();
    m_groupCoefficient.clear();
    for (const auto& [first, size] : m_groups)
    {
        m_amplitude.emplace_back(size, size);
        m_groupCoefficient.emplace_back(size, size);
    }
}

CellFreeLinkModel&
CellFreeLinkModel::Reuse(std::unique_ptr<CellFreeLinkModel>& kept,
                         const CellFreeScenario& scenario,
                         const CellFreeChannelEstimates& estimates)
{
    if (kept)
    {
        kept->Assign(scenario, estimates);
    }
    else
    {
        kept = std::make_unique<CellFreeLinkModel>(scenario, estimates);
    }
    return *kept;
}

Eigen::Map<const Eigen::MatrixXf>
CellFreeLinkModel::BetaSingle() const
{
    return {m_betaSingleStorage.data(), m_numAps, m_numUes};
}

int
CellFreeLinkModel::NumAps() const
{
    return m_numAps;
}

int
CellFreeLinkModel::NumUes() const
{
    return m_numUes;
}

int
CellFreeLinkModel::NumPairs() const
{
    return static_cast<int>(m_pairAp.size());
}

bool
CellFreeLinkModel::IsFullService() const
{
    return m_full;
}

Eigen::VectorXd
CellFreeLinkModel::FromUeMajor(const Eigen::VectorXd& ueMajor) const
{
    NS_ASSERT(ueMajor.size() == NumPairs());
    // Where each UE's values start in UE order, from the cluster sizes.
    std::vector<int> start(m_numUes + 1, 0);
    for (int j = 0; j < m_numUes; ++j)
    {
        start[m_order[j] + 1] = m_offset[j + 1] - m_offset[j];
    }
    for (int k = 0; k < m_numUes; ++k)
    {
        start[k + 1] += start[k];
    }
    Eigen::VectorXd pairs(NumPairs());
    for (int j = 0; j < m_numUes; ++j)
    {
        pairs.segment(m_offset[j], m_offset[j + 1] - m_offset[j]) =
            ueMajor.segment(start[m_order[j]], m_offset[j + 1] - m_offset[j]);
    }
    return pairs;
}

Eigen::VectorXd
CellFreeLinkModel::ToPairs(const Eigen::MatrixXd& original) const
{
    NS_ASSERT(original.rows() == m_numAps && original.cols() == m_numUes);
    Eigen::VectorXd pairs(NumPairs());
    for (int j = 0; j < m_numUes; ++j)
    {
        const int k = m_order[j];
        if (m_full)
        {
            pairs.segment(m_offset[j], m_numAps) = original.col(k);
            continue;
        }
        for (int p = m_offset[j]; p < m_offset[j + 1]; ++p)
        {
            pairs(p) = original(m_pairAp[p], k);
        }
    }
    return pairs;
}

Eigen::MatrixXd
CellFreeLinkModel::FromPairs(const Eigen::VectorXd& pairs) const
{
    NS_ASSERT(pairs.size() == NumPairs());
    Eigen::MatrixXd original = Eigen::MatrixXd::Zero(m_numAps, m_numUes);
    for (int j = 0; j < m_numUes; ++j)
    {
        const int k = m_order[j];
        if (m_full)
        {
            original.col(k) = pairs.segment(m_offset[j], m_numAps);
            continue;
        }
        for (int p = m_offset[j]; p < m_offset[j + 1]; ++p)
        {
            original(m_pairAp[p], k) = pairs(p);
        }
    }
    return original;
}

Eigen::MatrixXd
CellFreeLinkModel::PowerFromPairs(const Eigen::VectorXd& mu) const
{
    NS_ASSERT(mu.size() == NumPairs());
    Eigen::MatrixXd eta = Eigen::MatrixXd::Zero(m_numAps, m_numUes);
    for (int j = 0; j < m_numUes; ++j)
    {
        const int k = m_order[j];
        for (int p = m_offset[j]; p < m_offset[j + 1]; ++p)
        {
            eta(m_pairAp[p], k) = (mu(p) * mu(p)) / m_gamma(p);
        }
    }
    return eta;
}

Eigen::VectorXd
CellFreeLinkModel::FromGrouped(const Eigen::VectorXd& groupedVector) const
{
    Eigen::VectorXd original(m_numUes);
    for (int j = 0; j < m_numUes; ++j)
    {
        original(m_order[j]) = groupedVector(j);
    }
    return original;
}

const Eigen::VectorXd&
CellFreeLinkModel::PairGamma() const
{
    return m_gamma;
}

const std::vector<int>&
CellFreeLinkModel::PairAp() const
{
    return m_pairAp;
}

const std::vector<int>&
CellFreeLinkModel::PairUe() const
{
    return m_pairUe;
}

Eigen::VectorXd
CellFreeLinkModel::EqualPowerAmplitudes() const
{
    Eigen::VectorXd mu(NumPairs());
    for (int p = 0, pairs = NumPairs(); p < pairs; ++p)
    {
        mu(p) = std::sqrt(m_epa(m_pairAp[p]) * m_gamma(p));
    }
    return mu;
}

void
CellFreeLinkModel::Project(Eigen::VectorXd& mu) const
{
    NS_ASSERT(mu.size() == NumPairs());
    const double radiusSquared = 1.0 / m_numAntennas;
    Eigen::ArrayXd normSquared = Eigen::ArrayXd::Zero(m_numAps);
    if (m_full)
    {
        // One column-major sweep clips at zero and accumulates the squared row norms.
        DenseViewMutable matrix(mu.data(), m_numAps, m_numUes);
        for (Eigen::Index k = 0; k < m_numUes; ++k)
        {
            auto column = matrix.col(k).array();
            column = column.max(0.0);
            normSquared += column.square();
        }
        if ((normSquared > radiusSquared).any())
        {
            const Eigen::ArrayXd scale =
                (normSquared > radiusSquared).select((radiusSquared / normSquared).sqrt(), 1.0);
            matrix = scale.matrix().asDiagonal() * matrix;
        }
        return;
    }
    for (int p = 0, pairs = NumPairs(); p < pairs; ++p)
    {
        const double value = std::max(mu(p), 0.0);
        mu(p) = value;
        normSquared(m_pairAp[p]) += value * value;
    }
    if ((normSquared > radiusSquared).any())
    {
        const Eigen::ArrayXd scale =
            (normSquared > radiusSquared).select((radiusSquared / normSquared).sqrt(), 1.0);
        for (int p = 0, pairs = NumPairs(); p < pairs; ++p)
        {
            mu(p) *= scale(m_pairAp[p]);
        }
    }
}

void
CellFreeLinkModel::SetSinglePrecisionProducts(bool enable, long minEntries, double largestGain)
{
    m_single = enable && !m_full && static_cast<long>(m_numAps) * m_numUes >= minEntries;
    if (m_single && !m_betaSingleBuilt)
    {
        BuildSingleProducts(largestGain);
        // A served pair whose gain the copy flushes (below 1e-20 of the largest) would lose its
        // UE's signal: such a problem keeps double precision.
        for (int j = 0; j < m_numUes && m_single; ++j)
        {
            for (int p = m_offset[j]; p < m_offset[j + 1] && m_single; ++p)
            {
                m_single = BetaSingle()(m_pairAp[p], j) > 0.0F;
            }
        }
        if (!m_single)
        {
            m_betaSingleBuilt = false;
            m_pairGroupBeta.clear();
        }
    }
}

bool
CellFreeLinkModel::UsesSinglePrecisionProducts() const
{
    return m_single; // never set when every AP serves every UE
}

void
CellFreeLinkModel::BuildSingleProducts(double largestGain)
{
    // Scaled by the largest beta so that the single-precision values (beta spans about 1e-17
    // to 1e-7) stay far from the underflow range.
    const Eigen::MatrixXd& beta = *m_original;
    const double largest = largestGain > 0.0 ? largestGain
                           : beta.size() > 0 ? beta.maxCoeff()
                                             : 0.0;
    m_betaScale = (largest > 0.0 && std::isfinite(largest)) ? largest : 1.0;
    // beta below 1e-20 of the largest reaches any UE some 120 dB under the noise; flushed so that
    // products stay out of the subnormal range. One pass, column by column in grouped order.
    const auto entries = static_cast<std::size_t>(m_numAps) * m_numUes;
    if (m_betaSingleStorage.size() < entries)
    {
        m_betaSingleStorage.clear();
        m_betaSingleStorage.shrink_to_fit();
        m_betaSingleStorage.resize(entries + entries / 4);
    }
    m_betaSingleBuilt = true;
    Eigen::Map<Eigen::MatrixXf> betaSingle(m_betaSingleStorage.data(), m_numAps, m_numUes);
    const double inverse = 1.0 / m_betaScale;
    // The product and the cast vectorise, and the flush is a second pass over the floats in
    // cache; the select on the double values with the cast inside ran scalar and cost half of
    // this function. (The flush compares the rounded float with float(1e-20), where the double
    // test compared beta with 1e-20 of the largest: they differ within a float's rounding of
    // that threshold, 200 dB under the strongest gain.)
    const float flush = static_cast<float>(1e-20);
    for (int j = 0; j < m_numUes; ++j)
    {
        auto column = betaSingle.col(j);
        column = (beta.col(m_order[j]) * inverse).cast<float>();
        column = (column.array() >= flush).select(column.array(), 0.0F).matrix();
    }
    // Each pair's row of its group's block, gathered straight from the copy: only the served
    // APs' rows, where transposing whole groups read every AP's.
    m_pairGroupBeta.clear();
    m_groupBase.clear();
    std::size_t total = 0;
    for (const auto& [first, size] : m_groups)
    {
        total += static_cast<std::size_t>(size) * (m_offset[first + size] - m_offset[first]);
    }
    m_pairGroupBeta.resize(total);
    std::size_t next = 0;
    for (const auto& [first, size] : m_groups)
    {
        m_groupBase.push_back(next);
        const float* block = betaSingle.col(first).data();
        for (int p = m_offset[first]; p < m_offset[first + size]; ++p)
        {
            const float* row = block + m_pairAp[p];
            for (int i = 0; i < size; ++i)
            {
                m_pairGroupBeta[next + i] = row[static_cast<std::size_t>(i) * m_numAps];
            }
            next += size;
        }
    }
    m_apPowerSingle.resize(m_numAps);
    m_productSingle.resize(std::max(m_numAps, m_numUes));
    m_coefficientSingle.resize(m_numUes);
    int widest = 0;
    for (int j = 0; j < m_numUes; ++j)
    {
        widest = std::max(widest, m_offset[j + 1] - m_offset[j]);
    }
    m_pairProductSingle.resize(widest);
    m_weightedSingle.resize(widest);
    int largestGroup = 0;
    for (const auto& [first, size] : m_groups)
    {
        largestGroup = std::max(largestGroup, size);
    }
    m_groupProductSingle.resize(largestGroup);
}

void
CellFreeLinkModel::BuildApMajorPairs()
{
    if (m_apMajorBuilt)
    {
        return;
    }
    m_apMajorBuilt = true;
    // A counting sort of the pairs by AP; pairs are visited in order, so each AP's stay in it.
    m_apOffset.assign(m_numAps + 1, 0);
    for (const int m : m_pairAp)
    {
        ++m_apOffset[m + 1];
    }
    for (int m = 0; m < m_numAps; ++m)
    {
        m_apOffset[m + 1] += m_apOffset[m];
    }
    m_apPairs.resize(m_pairAp.size());
    m_apPairUe.resize(m_pairAp.size());
    std::vector<int> fill(m_apOffset.begin(), m_apOffset.end() - 1);
    for (int j = 0; j < m_numUes; ++j)
    {
        for (int p = m_offset[j]; p < m_offset[j + 1]; ++p)
        {
            const int slot = fill[m_pairAp[p]]++;
            m_apPairs[slot] = p;
            m_apPairUe[slot] = j;
        }
    }
}

void
CellFreeLinkModel::NonCoherentProduct()
{
    // The non-coherent term: every AP's power reaches every UE, one M x K product.
    if (m_full)
    {
        m_denominator.noalias() = m_beta.transpose() * m_apPower;
    }
    else
    {
        const double scale =
            m_singleInUse ? ScaleToSingle(m_apPower, m_apPowerSingle.data()) : -1.0;
        if (scale > 0.0)
        {
            SingleProduct(BetaSingle().data(),
                          m_numAps,
                          m_numUes,
                          true,
                          m_apPowerSingle.data(),
                          m_productSingle.data());
            m_denominator = m_productSingle.head(m_numUes).cast<double>() * (scale * m_betaScale);
        }
        else
        {
            // The scenario's own beta, UEs in their order, regrouped after the product.
            m_originalOrder.noalias() = m_original->transpose() * m_apPower;
            for (int j = 0; j < m_numUes; ++j)
            {
                m_denominator(j) = m_originalOrder(m_order[j]);
            }
        }
    }
    m_denominator = m_denominator * m_nonCoherentScale;
    m_denominator.array() += 1.0;
}

void
CellFreeLinkModel::GroupAmplitudes()
{
    for (std::size_t g = 0; g < m_groups.size(); ++g)
    {
        const auto [first, size] = m_groups[g];
        Eigen::MatrixXd& amplitude = m_amplitude[g];
        if (m_full)
        {
            // Coefficient-wise products: pilot groups are small, where GEMM's set-up cost
            // dominates.
            const DenseView weighted(m_weighted.data(), m_numAps, m_numUes);
            amplitude.noalias() = m_beta.middleCols(first, size)
                                      .transpose()
                                      .lazyProduct(weighted.middleCols(first, size));
            continue;
        }
        const float* block = m_singleInUse ? m_pairGroupBeta.data() + m_groupBase[g] : nullptr;
        for (int j = 0; j < size; ++j)
        {
            const int begin = m_offset[first + j];
            const int count = m_offset[first + j + 1] - begin;
            // The single-precision copy scales each UE by its own largest amplitude, so that
            // what is flushed is negligible for that UE itself.
            const double scale = m_singleInUse ? ScaleToSingle(m_weighted.segment(begin, count),
                                                               m_weightedSingle.data())
                                               : std::numeric_limits<double>::quiet_NaN();
            if (scale == 0.0)
            {
                amplitude.col(j).setZero();
            }
            else if (scale > 0.0)
            {
                // The same sums as one product: the UE's pairs' copies of their group's beta
                // are contiguous, a size x (its pairs) matrix.
                m_groupProductSingle.head(size).noalias() =
                    Eigen::Map<const Eigen::MatrixXf>(block, size, count) *
                    m_weightedSingle.head(count);
                amplitude.col(j) =
                    m_groupProductSingle.head(size).cast<double>() * (scale * m_betaScale);
            }
            else
            {
                // amplitude(i, j) = sum over the APs serving j of beta_{m, i} mu_mj r_mj.
                amplitude.col(j).setZero();
                for (int p = begin; p < begin + count; ++p)
                {
                    const double weighted = m_weighted(p);
                    const int m = m_pairAp[p];
                    for (int i = 0; i < size; ++i)
                    {
                        amplitude(i, j) += weighted * (*m_original)(m, m_order[first + i]);
                    }
                }
            }
            if (block != nullptr)
            {
                block += static_cast<std::size_t>(size) * count;
            }
        }
    }
}

void
CellFreeLinkModel::Forward(const Eigen::VectorXd& mu)
{
    NS_ASSERT(mu.size() == NumPairs());
    if (m_full)
    {
        const DenseView muMatrix(mu.data(), m_numAps, m_numUes);
        const DenseView ratio(m_ratio.data(), m_numAps, m_numUes);
        DenseViewMutable weighted(m_weighted.data(), m_numAps, m_numUes);
        weighted.noalias() = muMatrix.cwiseProduct(ratio);
        m_apPower.noalias() = muMatrix.cwiseAbs2().rowwise().sum();
    }
    else
    {
        m_weighted.noalias() = mu.cwiseProduct(m_ratio);
        m_apPower.setZero();
        for (int p = 0, pairs = NumPairs(); p < pairs; ++p)
        {
            m_apPower(m_pairAp[p]) += mu(p) * mu(p);
        }
    }
    NonCoherentProduct();
    GroupAmplitudes();
    for (std::size_t g = 0; g < m_groups.size(); ++g)
    {
        const auto [first, size] = m_groups[g];
        const Eigen::MatrixXd& amplitude = m_amplitude[g];
        for (int i = 0; i < size; ++i)
        {
            double interference = 0.0;
            for (int j = 0; j < size; ++j)
            {
                interference += (j == i) ? 0.0 : amplitude(i, j) * amplitude(i, j);
            }
            m_signal(first + i) = m_coherentScale * amplitude(i, i) * amplitude(i, i);
            m_denominator(first + i) += m_coherentScale * interference;
        }
    }
    m_sinr = m_signal.array() / m_denominator.array();
    m_se = m_seScale * m_sinr.array().log1p();
}

Eigen::VectorXd
CellFreeLinkModel::BalancedAmplitudes(const Eigen::VectorXd& directions,
                                      int maxIterations,
                                      int* iterations)
{
    NS_ASSERT(directions.size() == NumPairs());
    // With the single-precision products when they are on: each iteration is one M x K product,
    // and where the UEs are far apart (the city scale) the iteration converges slowly and runs
    // to its cap. The stopping test then asks for 1e-6, above single precision's rounding.
    m_singleInUse = m_single;
    const double stopChange = m_singleInUse ? 1e-6 : 1e-9;
    // Unit directions v per UE and their initial powers q (grouped order).
    Eigen::VectorXd v = directions.cwiseMax(0.0);
    Eigen::VectorXd q(m_numUes);
    for (int j = 0; j < m_numUes; ++j)
    {
        const auto segment = v.segment(m_offset[j], m_offset[j + 1] - m_offset[j]);
        q(j) = segment.squaredNorm();
        if (q(j) > 0.0)
        {
            v.segment(m_offset[j], m_offset[j + 1] - m_offset[j]) /= std::sqrt(q(j));
        }
    }
    // A(k, k') at the directions: A(k, k) is the signal amplitude per unit sqrt(q_k), A(k, k')
    // the contamination of k by k' per unit sqrt(q_k').
    m_weighted.noalias() = v.cwiseProduct(m_ratio);
    GroupAmplitudes();
    Eigen::VectorXd gain(m_numUes);
    for (std::size_t g = 0; g < m_groups.size(); ++g)
    {
        const auto [first, size] = m_groups[g];
        for (int i = 0; i < size; ++i)
        {
            gain(first + i) = m_coherentScale * m_amplitude[g](i, i) * m_amplitude[g](i, i);
        }
    }
    // The coherent interference at fixed directions: C(i, j) = (c A(i, j)) A(i, j) off the
    // diagonal, formed once (the loop below adds C(i, j) q_j in the order the per-term sum did,
    // so the result is the same to the bit, a column of C at a time).
    m_balanceCoherent.resize(m_groups.size());
    for (std::size_t g = 0; g < m_groups.size(); ++g)
    {
        const Eigen::MatrixXd& amplitude = m_amplitude[g];
        m_balanceCoherent[g] = (m_coherentScale * amplitude.array()) * amplitude.array();
        m_balanceCoherent[g].diagonal().setZero();
    }
    // N sum_k v_mk^2 x_k per AP, the budget share of per-UE powers x: gathered AP by AP (each
    // AP's pairs in pair order, the order of a scatter over the pairs, so again to the bit),
    // where a scatter-add chains its loads and stores through memory.
    BuildApMajorPairs();
    m_balanceWeight.resize(NumPairs());
    for (int i = 0, pairs = NumPairs(); i < pairs; ++i)
    {
        const double direction = v(m_apPairs[i]);
        m_balanceWeight(i) = direction * direction;
    }
    // Four APs' sums side by side: each is a chain of dependent additions (about 20 at the city
    // scale), which one at a time ran at the adder's latency; each sum keeps its own order.
    auto budgetShare = [&](const Eigen::VectorXd& x) {
        constexpr int kLanes = 4;
        const double* weight = m_balanceWeight.data();
        const int* ue = m_apPairUe.data();
        const int* apOffset = m_apOffset.data();
        int m = 0;
        for (; m + kLanes <= m_numAps; m += kLanes)
        {
            double power[kLanes] = {};
            int common = apOffset[m + 1] - apOffset[m];
            for (int lane = 1; lane < kLanes; ++lane)
            {
                common = std::min(common, apOffset[m + lane + 1] - apOffset[m + lane]);
            }
            for (int t = 0; t < common; ++t)
            {
                for (int lane = 0; lane < kLanes; ++lane)
                {
                    const int i = apOffset[m + lane] + t;
                    power[lane] += weight[i] * x(ue[i]);
                }
            }
            for (int lane = 0; lane < kLanes; ++lane)
            {
                for (int i = apOffset[m + lane] + common; i < apOffset[m + lane + 1]; ++i)
                {
                    power[lane] += weight[i] * x(ue[i]);
                }
                m_apPower(m + lane) = power[lane];
            }
        }
        for (; m < m_numAps; ++m)
        {
            double power = 0.0;
            for (int i = apOffset[m]; i < apOffset[m + 1]; ++i)
            {
                power += weight[i] * x(ue[i]);
            }
            m_apPower(m) = power;
        }
        return m_numAntennas * m_apPower.maxCoeff();
    };
    Eigen::VectorXd next(m_numUes);
    int iteration = 0;
    budgetShare(q);
    while (iteration < maxIterations)
    {
        ++iteration;
        // m_apPower holds the per-AP power of q: from the start, then from the last iteration's
        // normalisation (the budget shares are linear in the powers).
        NonCoherentProduct();
        for (std::size_t g = 0; g < m_groups.size(); ++g)
        {
            const auto [first, size] = m_groups[g];
            auto denominator = m_denominator.segment(first, size);
            for (int j = 0; j < size; ++j)
            {
                denominator += m_balanceCoherent[g].col(j) * q(first + j);
            }
        }
        next = (gain.array() > 0.0).select(m_denominator.array() / gain.array(), 0.0);
        const double norm = budgetShare(next);
        if (!(norm > 0.0) || !std::isfinite(norm))
        {
            break;
        }
        next /= norm;
        m_apPower /= norm;
        const double change = (next - q).cwiseAbs().maxCoeff();
        q.swap(next);
        if (change <= stopChange * q.maxCoeff())
        {
            break;
        }
    }
    Eigen::VectorXd mu(NumPairs());
    for (int j = 0; j < m_numUes; ++j)
    {
        const double amplitude = std::sqrt(std::max(q(j), 0.0));
        for (int p = m_offset[j]; p < m_offset[j + 1]; ++p)
        {
            mu(p) = amplitude * v(p);
        }
    }
    Project(mu);
    if (iterations != nullptr)
    {
        *iterations = iteration;
    }
    return mu;
}

const Eigen::VectorXd&
CellFreeLinkModel::ComputeSinr(const Eigen::VectorXd& mu)
{
    m_singleInUse = false;
    Forward(mu);
    return m_sinr;
}

const Eigen::VectorXd&
CellFreeLinkModel::ComputeSe(const Eigen::VectorXd& mu)
{
    m_singleInUse = false;
    Forward(mu);
    return m_se;
}

double
CellFreeLinkModel::UtilityWeights(CellFreeUtility utility, double smoothing)
{
    switch (utility)
    {
    case CellFreeUtility::SUM_SE:
        m_weight.setOnes();
        return m_se.sum();
    case CellFreeUtility::PROPORTIONAL_FAIRNESS:
        m_weight = m_se.cwiseInverse();
        return m_se.array().log().sum();
    case CellFreeUtility::MIN_SE: {
        // Softmin weights of smin_t; the minimum is factored out against overflow.
        const double minimum = m_se.minCoeff();
        m_weight = (-smoothing * (m_se.array() - minimum)).exp();
        const double sum = m_weight.sum();
        m_weight /= sum;
        return minimum - std::log(sum) / smoothing;
    }
    }
    return 0.0;
}

double
CellFreeLinkModel::ComputeUtility(const Eigen::VectorXd& mu,
                                  CellFreeUtility utility,
                                  double smoothing)
{
    if (m_numUes == 0)
    {
        return 0.0;
    }
    m_singleInUse = m_single;
    Forward(mu);
    return UtilityWeights(utility, smoothing);
}

void
CellFreeLinkModel::GradientCoefficients()
{
    // SE_k = s ln(1 + num/den) = s [ln(num + den) - ln(den)], so
    // dSE_k = s [dnum / T_k - dden num_k / (den_k T_k)], T_k = num_k + den_k.
    // Weighted by w_k = dU/dSE_k: a_k = w_k s / T_k on dnum, b_k = w_k s num_k/(den_k T_k) on dden.
    m_signalCoefficient = m_weight.array() * m_seScale / (m_signal.array() + m_denominator.array());
    m_interferenceCoefficient =
        m_signalCoefficient.array() * m_signal.array() / m_denominator.array();
    // Non-coherent part: dden_k/dmu_mj = 2 d beta_mk mu_mj, summed over k with b_k.
    const double largest =
        m_singleInUse ? ScaleToSingle(m_interferenceCoefficient, m_coefficientSingle.data()) : 0.0;
    if (m_full)
    {
        m_apWeight.noalias() = m_beta * m_interferenceCoefficient;
    }
    else if (largest > 0.0)
    {
        SingleProduct(BetaSingle().data(),
                      m_numAps,
                      m_numUes,
                      false,
                      m_coefficientSingle.data(),
                      m_productSingle.data());
        m_apWeight = m_productSingle.head(m_numAps).cast<double>() * (largest * m_betaScale);
    }
    else
    {
        for (int j = 0; j < m_numUes; ++j)
        {
            m_originalOrder(m_order[j]) = m_interferenceCoefficient(j);
        }
        m_apWeight.noalias() = *m_original * m_originalOrder;
    }
    // W(k, j) = b_k A(k, j) for k != j and W(j, j) = -a_j A(j, j), per pilot group.
    for (std::size_t g = 0; g < m_groups.size(); ++g)
    {
        const auto [first, size] = m_groups[g];
        const Eigen::MatrixXd& amplitude = m_amplitude[g];
        Eigen::MatrixXd& coefficient = m_groupCoefficient[g];
        for (int j = 0; j < size; ++j)
        {
            for (int i = 0; i < size; ++i)
            {
                coefficient(i, j) = (i == j)
                                        ? -m_signalCoefficient(first + j) * amplitude(j, j)
                                        : m_interferenceCoefficient(first + i) * amplitude(i, j);
            }
        }
    }
}

double
CellFreeLinkModel::ComputeUtilityAndGradient(const Eigen::VectorXd& mu,
                                             CellFreeUtility utility,
                                             double smoothing,
                                             Eigen::VectorXd& gradient)
{
    gradient.resize(NumPairs());
    if (m_numUes == 0)
    {
        return 0.0;
    }
    m_singleInUse = m_single;
    Forward(mu);
    const double value = UtilityWeights(utility, smoothing);
    GradientCoefficients();
    // dU/dmu_mj = -2 d (sum_k b_k beta_mk) mu_mj - 2 c r_mj [beta_G W]_mj.
    if (m_full)
    {
        const DenseView muMatrix(mu.data(), m_numAps, m_numUes);
        const DenseView ratio(m_ratio.data(), m_numAps, m_numUes);
        DenseViewMutable grad(gradient.data(), m_numAps, m_numUes);
        grad.noalias() = (-2.0 * m_nonCoherentScale) * (m_apWeight.asDiagonal() * muMatrix);
        for (std::size_t g = 0; g < m_groups.size(); ++g)
        {
            const auto [first, size] = m_groups[g];
            grad.middleCols(first, size).noalias() -=
                (2.0 * m_coherentScale) * m_beta.middleCols(first, size)
                                              .lazyProduct(m_groupCoefficient[g])
                                              .cwiseProduct(ratio.middleCols(first, size));
        }
        return value;
    }
    for (int p = 0, pairs = NumPairs(); p < pairs; ++p)
    {
        gradient(p) = (-2.0 * m_nonCoherentScale) * m_apWeight(m_pairAp[p]) * mu(p);
    }
    for (std::size_t g = 0; g < m_groups.size(); ++g)
    {
        const auto [first, size] = m_groups[g];
        const Eigen::MatrixXd& coefficient = m_groupCoefficient[g];
        const float* block = m_singleInUse ? m_pairGroupBeta.data() + m_groupBase[g] : nullptr;
        for (int j = 0; j < size; ++j)
        {
            const int begin = m_offset[first + j];
            const int count = m_offset[first + j + 1] - begin;
            // Column j scaled by its own largest entry (its entries differ in sign, so the
            // products may cancel: the result is accurate relative to the column's scale).
            const double largest =
                m_singleInUse ? ScaleToSingle(coefficient.col(j), m_groupProductSingle.data())
                              : std::numeric_limits<double>::quiet_NaN();
            if (largest > 0.0)
            {
                m_pairProductSingle.head(count).noalias() =
                    Eigen::Map<const Eigen::MatrixXf>(block, size, count).transpose() *
                    m_groupProductSingle.head(size);
                gradient.segment(begin, count).array() -=
                    (2.0 * m_coherentScale * largest * m_betaScale) *
                    m_ratio.segment(begin, count).array() *
                    m_pairProductSingle.head(count).cast<double>().array();
            }
            else if (!(largest == 0.0))
            {
                for (int p = begin; p < begin + count; ++p)
                {
                    const int m = m_pairAp[p];
                    double dot = 0.0;
                    for (int i = 0; i < size; ++i)
                    {
                        dot += (*m_original)(m, m_order[first + i]) * coefficient(i, j);
                    }
                    gradient(p) -= (2.0 * m_coherentScale) * m_ratio(p) * dot;
                }
            }
            if (block != nullptr)
            {
                block += static_cast<std::size_t>(size) * count;
            }
        }
    }
    return value;
}

Eigen::MatrixXd
CellFreeLinkModel::EqualPowerAllocation(const CellFreeScenario& scenario,
                                        const CellFreeChannelEstimates& estimates)
{
    const Eigen::VectorXd perAp = EqualPowerPerAp(scenario, estimates);
    if (scenario.serving.empty())
    {
        return perAp.replicate(1, scenario.NumUes());
    }
    Eigen::MatrixXd eta = Eigen::MatrixXd::Zero(scenario.NumAps(), scenario.NumUes());
    for (int k = 0; k < scenario.NumUes(); ++k)
    {
        for (const int m : scenario.serving[k])
        {
            eta(m, k) = perAp(m);
        }
    }
    return eta;
}

Eigen::VectorXd
CellFreeLinkModel::ApPowerShare(const CellFreeScenario& scenario,
                                const CellFreeChannelEstimates& estimates,
                                const Eigen::MatrixXd& eta)
{
    Eigen::ArrayXd load = Eigen::ArrayXd::Zero(eta.rows());
    for (Eigen::Index k = 0; k < eta.cols(); ++k)
    {
        load += eta.col(k).array() * estimates.gamma.col(k).array();
    }
    return scenario.numAntennas * load.matrix();
}

CellFreeLinkModel::AllocationCheck
CellFreeLinkModel::CheckAllocation(const CellFreeScenario& scenario,
                                   const CellFreeChannelEstimates& estimates,
                                   const Eigen::MatrixXd& eta)
{
    AllocationCheck check;
    if (eta.rows() != scenario.NumAps() || eta.cols() != scenario.NumUes())
    {
        return check;
    }
    if (eta.rows() == 0)
    {
        // No AP (never a valid scenario): nothing to check, and no minimum of an empty column.
        check.valid = true;
        check.share = Eigen::VectorXd(0);
        return check;
    }
    // Column by column, so that eta and gamma are read once (ApPowerShare's sums, same order).
    const bool clusters = !scenario.serving.empty();
    Eigen::ArrayXd load = Eigen::ArrayXd::Zero(eta.rows());
    Eigen::ArrayXd scratch(eta.rows());
    for (Eigen::Index k = 0; k < eta.cols(); ++k)
    {
        const auto column = eta.col(k).array();
        // A NaN or an infinity makes the sum NaN or infinite, so a finite sum and a non-negative
        // (plain, vectorised) minimum say the column is valid; the exact test decides otherwise
        // (NaN fails both of its comparisons).
        const double sum = column.sum();
        if (!(std::isfinite(sum) && column.minCoeff() >= 0.0) &&
            !((column >= 0.0).all() && (column < std::numeric_limits<double>::infinity()).all()))
        {
            return check;
        }
        if (!clusters)
        {
            load += column * estimates.gamma.col(k).array();
            continue;
        }
        // With clusters gamma is read at the served pairs only: the others add exact zeros
        // unless power lies outside the clusters, which is then reported.
        if (!check.outside)
        {
            check.outside = ColumnHasPowerOutside(eta, scenario.serving[k], k, scratch);
        }
        if (check.outside)
        {
            load += column * estimates.gamma.col(k).array();
            continue;
        }
        for (const int m : scenario.serving[k])
        {
            load(m) += eta(m, k) * estimates.gamma(m, k);
        }
    }
    check.valid = true;
    check.share = scenario.numAntennas * load.matrix();
    return check;
}

bool
CellFreeLinkModel::HasPowerOutsideClusters(const CellFreeScenario& scenario,
                                           const Eigen::MatrixXd& eta)
{
    if (scenario.serving.empty())
    {
        return false;
    }
    Eigen::ArrayXd scratch(eta.rows());
    for (int k = 0; k < scenario.NumUes(); ++k)
    {
        if (ColumnHasPowerOutside(eta, scenario.serving[k], k, scratch))
        {
            return true;
        }
    }
    return false;
}

bool
CellFreeLinkModel::IsFeasible(const CellFreeScenario& scenario,
                              const CellFreeChannelEstimates& estimates,
                              const Eigen::MatrixXd& eta,
                              double tolerance)
{
    const AllocationCheck check = CheckAllocation(scenario, estimates, eta);
    return check.valid && !check.outside && (check.share.array() <= 1.0 + tolerance).all();
}

} // namespace ns3
