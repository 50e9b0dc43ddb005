/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef CELL_FREE_LARGE_SCALE_FADING_MODEL_H
#define CELL_FREE_LARGE_SCALE_FADING_MODEL_H

#include "cell-free-shadowing-model.h"

#include "ns3/node-container.h"
#include "ns3/object.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/vector.h"

#include <Eigen/Dense>
#include <vector>

namespace ns3
{

class MobilityModel;

/**
 * \ingroup cell-free
 * \brief Builds the large-scale fading matrix beta from AP and UE positions (doc/cell-free.rst
 * "Large-scale fading").
 *
 * beta_mk = 10^((PL_mk + z_mk)/10), where PL_mk is the gain in dB that any ns-3
 * PropagationLossModel returns between AP m and UE k (the three-slope model by default) and
 * z_mk is shadowing, applied only beyond ShadowingMinDistance as in [Ngo17]. With wrap-around
 * the area is the square [0, side]^2 and each UE is seen at the nearest of its 9 translated
 * copies, so that APs at the border see as much interference as those in the centre.
 */
class CellFreeLargeScaleFadingModel : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    CellFreeLargeScaleFadingModel();

    /**
     * \brief Compute beta from positions.
     * \param apPositions the M AP positions
     * \param uePositions the K UE positions
     * \return M x K linear gains; aborts with a message naming the link if the loss model
     *         returns a value that is not finite
     */
    Eigen::MatrixXd Compute(const std::vector<Vector>& apPositions,
                            const std::vector<Vector>& uePositions);

    /**
     * \brief Compute beta from positions with given shadowing, e.g. shadowing drawn once for
     * links whose path loss is refreshed as nodes move.
     * \param apPositions the M AP positions
     * \param uePositions the K UE positions
     * \param shadowingDb M x K shadowing (dB), as DrawShadowing returns
     * \return M x K linear gains
     */
    Eigen::MatrixXd Compute(const std::vector<Vector>& apPositions,
                            const std::vector<Vector>& uePositions,
                            const Eigen::MatrixXd& shadowingDb);

    /**
     * \brief Draw the shadowing of every link with the shadowing model and this model's
     * distances.
     * \param apPositions the M AP positions
     * \param uePositions the K UE positions
     * \return M x K shadowing values (dB); zero when the shadowing's Sigma is 0
     */
    Eigen::MatrixXd DrawShadowing(const std::vector<Vector>& apPositions,
                                  const std::vector<Vector>& uePositions);

    /**
     * \brief The positions of nodes that carry a MobilityModel.
     * \param nodes the nodes
     * \param role "AP" or "UE", for the message when a node has no MobilityModel
     * \return one position per node; aborts with a message if a node has no MobilityModel
     */
    static std::vector<Vector> GetPositions(const NodeContainer& nodes, const std::string& role);

    /**
     * \brief Compute beta from the positions of nodes that carry a MobilityModel.
     * \param aps the M AP nodes
     * \param ues the K UE nodes
     * \return M x K linear gains
     */
    Eigen::MatrixXd Compute(const NodeContainer& aps, const NodeContainer& ues);

    /**
     * \brief The position of b, or of its translated copy nearest to a when wrap-around is on.
     * \param a the reference position (an AP)
     * \param b the position to wrap (a UE)
     * \return the image of b used for the link
     */
    Vector GetNearestImage(const Vector& a, const Vector& b) const;

    /**
     * \brief Horizontal distance between a and the nearest image of b.
     * \param a a position
     * \param b a position
     * \return the distance (m)
     */
    double GetDistance(const Vector& a, const Vector& b) const;

    /// \return the propagation loss model in use
    Ptr<PropagationLossModel> GetPropagationLossModel();

    /// \return the shadowing model in use
    Ptr<CellFreeShadowingModel> GetShadowingModel();

    /**
     * \brief Assign fixed random variable stream numbers to the loss and shadowing models.
     * \param stream first stream index to use
     * \return the number of stream indices assigned
     */
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    /// Create the default loss and shadowing models where the attributes left them unset.
    void CreateMissingModels();

    Ptr<PropagationLossModel> m_lossModel;   //!< deterministic path loss
    Ptr<CellFreeShadowingModel> m_shadowing; //!< shadowing draws
    double m_wrapAroundSide{0.0};            //!< side of the square area (m); 0: no wrap-around
    double m_shadowingMinDistance{50.0};     //!< no shadowing at or below this distance (m)
    Ptr<MobilityModel> m_apProbe;            //!< carries an AP position to the loss model
    Ptr<MobilityModel> m_ueProbe;            //!< carries a UE image position to the loss model
};

} // namespace ns3

#endif // CELL_FREE_LARGE_SCALE_FADING_MODEL_H
