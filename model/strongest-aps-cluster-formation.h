/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef STRONGEST_APS_CLUSTER_FORMATION_H
#define STRONGEST_APS_CLUSTER_FORMATION_H

#include "cell-free-cluster-formation.h"

namespace ns3
{

/**
 * \ingroup cell-free
 * \brief Each UE is served by its L strongest APs (largest beta_mk, ties to the lower index;
 * FormStrongestServingClusters).
 */
class StrongestApsClusterFormation : public CellFreeClusterFormation
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    CellFreeServingSets Form(const CellFreeScenario& scenario) const override;
    std::string GetName() const override;

  private:
    int m_clusterSize{10}; //!< L
};

} // namespace ns3

#endif // STRONGEST_APS_CLUSTER_FORMATION_H
