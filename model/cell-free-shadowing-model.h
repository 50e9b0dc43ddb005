/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_SHADOWING_MODEL_H
#define CELL_FREE_SHADOWING_MODEL_H

#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/vector.h"

#include <Eigen/Dense>
#include <functional>
#include <vector>

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief Log-normal shadowing of every AP-UE link (doc/cell-free.rst "Large-scale fading").
 *
 * Uncorrelated: z_mk ~ N(0, sigma^2) i.i.d. Correlated ([Ngo17] sec. VI):
 * z_mk = sigma (sqrt(delta) a_m + sqrt(1 - delta) b_k), where a (over APs) and b (over UEs) are
 * standard normal with E[a_m a_m'] = 2^(-d(m,m')/d_decorr) and likewise for b. The correlated
 * vectors are drawn as R^(1/2) w with the symmetric square root of R, which stays valid when
 * wrap-around distances make R only positive semi-definite.
 */
class CellFreeShadowingModel : public Object
{
  public:
    /// Horizontal distance (m) between two positions, e.g. with wrap-around.
    using DistanceFunction = std::function<double(const Vector&, const Vector&)>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    CellFreeShadowingModel();

    /**
     * \brief Draw the shadowing of every link.
     * \param apPositions the M AP positions
     * \param uePositions the K UE positions
     * \param distance the distance used for the correlation
     * \return M x K shadowing values in dB
     */
    Eigen::MatrixXd Draw(const std::vector<Vector>& apPositions,
                         const std::vector<Vector>& uePositions,
                         const DistanceFunction& distance);

    /**
     * \return the standard deviation sigma in dB
     */
    double GetSigmaDb() const;

    /**
     * \brief Assign a fixed random variable stream number to the random variables used.
     * \param stream first stream index to use
     * \return the number of stream indices assigned
     */
    int64_t AssignStreams(int64_t stream);

  private:
    /**
     * \brief Draw a standard normal vector with covariance 2^(-d/d_decorr) between positions.
     * \param positions the positions
     * \param distance the distance function
     * \return one draw per position
     */
    Eigen::VectorXd DrawCorrelated(const std::vector<Vector>& positions,
                                   const DistanceFunction& distance);

    double m_sigmaDb{8.0};                 //!< standard deviation sigma_sh (dB)
    bool m_correlated{false};              //!< use the two-component correlated model
    double m_delta{0.5};                   //!< share delta of the AP component
    double m_decorrelationDistance{100.0}; //!< d_decorr (m)
    Ptr<NormalRandomVariable> m_normal;    //!< standard normal draws
};

} // namespace ns3

#endif // CELL_FREE_SHADOWING_MODEL_H
